"""Finding code in what a learner pasted."""

from __future__ import annotations

from bot.discord_app.codeblocks import fenced_code


def test_py_python_and_bare_fences():
    assert fenced_code("look:\n```py\nx = 1\n```") == "x = 1\n"
    assert fenced_code("```python\nprint(2)\n```\nthanks") == "print(2)\n"
    assert fenced_code("```\ny = 3\n```") == "y = 3\n"
    assert fenced_code("```print(4)```") == "print(4)"


def test_no_block_or_empty_block_is_not_code():
    assert fenced_code("just chatting about `x`") is None
    assert fenced_code("```py\n\n```") is None
