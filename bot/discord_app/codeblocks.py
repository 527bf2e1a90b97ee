"""Finding the learner's code in a DM message: the fenced block, and only that.

The code box and `/run code:` are never unwrapped: what was typed there is the code."""

from __future__ import annotations

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
