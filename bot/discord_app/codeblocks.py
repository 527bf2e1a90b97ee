"""Finding the learner's code in a DM message: the fenced block, and only that.

The code box and `/run code:` are never unwrapped: what was typed there is the code. A DM
without a fence that parses as Python is taken as bare code (`bare_code`)."""

from __future__ import annotations

import ast
import re

# ```py / ```python / ```py3 / bare ``` blocks; the language tag is optional.
_FENCED = re.compile(
    r"```(?:(?:py|python|py3|python3)[ \t]*)?\n(.*?)```", re.DOTALL | re.IGNORECASE
)
_INLINE = re.compile(r"```(?:py|python)?[ \t]*(.*?)```", re.DOTALL | re.IGNORECASE)


def fenced_code(text: str) -> str | None:
    """The first fenced code block in a message, or None if there is none."""
    match = _FENCED.search(text) or _INLINE.search(text)
    if match is None:
        return None
    code = match.group(1)
    return code if code.strip() else None


_NOT_CODE = (ast.Name, ast.Constant, ast.Attribute)


def bare_code(text: str) -> str | None:
    """A message that is Python without a fence ("x = 1", "print(x)"), or None.

    Chat that happens to parse ("ok", "thanks", "3") is not code: a module made only of
    lone names and constants does nothing worth checking."""
    if not text.strip():
        return None
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    if all(isinstance(node, ast.Expr) and isinstance(node.value, _NOT_CODE) for node in tree.body):
        return None
    return text
