"""Finding the learner's code in what they typed or pasted (```py blocks or bare code)."""

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


def code_from_input(text: str) -> str:
    """Code typed into a box or option: a pasted fenced block is unwrapped, else as is."""
    return fenced_code(text) or text
