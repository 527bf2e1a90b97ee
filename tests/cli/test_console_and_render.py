"""Line input and verdict text, without a subprocess."""

from __future__ import annotations

import io

import pytest

from bot.cli.console import Console, parse_choice
from bot.cli.render_text import clip_output, verdict_text
from bot.core.checks import CheckResult
from bot.core.ports import ErrorInfo, RunResult, RunStatus


def console(text: str) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(io.StringIO(text), out, interactive=False), out


async def test_blocks_end_at_a_blank_line_and_commands_stand_alone():
    con, out = console("\n\nx = 1\ny = 2\n\n:hint\nprint(x)\n")
    assert await con.read_block() == "x = 1\ny = 2\n"
    assert await con.read_block() == ":hint"
    assert await con.read_block() == "print(x)\n"  # end of input submits what was typed
    assert await con.read_block() is None
    assert out.getvalue() == ""  # no prompts when not interactive


async def test_a_colon_inside_code_is_code():
    con, _ = console("d = {'a': 1}\n:not a command here\n\n")
    assert await con.read_block() == "d = {'a': 1}\n:not a command here\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a", 0), ("B", 1), (" c. ", 2), ("4", 3), ("e", None), ("5", None), ("0", None), ("", None)],
)
def test_parse_choice(text, expected):
    assert parse_choice(text, 4) == expected


def test_long_output_is_clipped_for_the_terminal():
    shown, hidden = clip_output("\n".join(str(i) for i in range(100)) + "\n")
    assert shown.splitlines()[-1] == "39" and hidden == 60
    shown, hidden = clip_output("x" * 500)
    assert len(shown) == 200 and shown.endswith("…") and hidden == 0


def test_verdict_text_lists_checks_output_and_the_located_error():
    result = RunResult(
        status=RunStatus.RUNTIME_ERROR,
        stdout="hello\n",
        error=ErrorInfo(
            type="NameError",
            message="name 'x' is not defined",
            friendly="x is used before it is created",
            program="your code",
            line=3,
        ),
        checks=(CheckResult("defined", False, "definition is not defined"),),
        duration_ms=12.4,
    )
    text = verdict_text(result)
    assert "did not finish (runtime error)  (ran in 12 ms)" in text
    assert "✗ definition is not defined" in text
    assert "  | hello" in text
    assert "Error on line 3: x is used before it is created" in text
    assert "NameError: name 'x' is not defined" in text
