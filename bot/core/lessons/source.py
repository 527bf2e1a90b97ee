"""Learner code made into text Python and every store can take, with a note per repair.

Code arrives as bytes (a file, a pipe) or as text that may still carry what the bytes were
(a terminal's `surrogateescape` leaves undecodable bytes as lone surrogates; a Discord
payload can hold a NUL). Neither may reach the store (SQLite's UTF-8 refuses surrogates)
or the compiler (which refuses NULs with a misleading "too deeply nested"). Each such
character becomes U+FFFD and the learner is told where: line and column, 1-based.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
MAX_NOTES = 3  # a binary file would otherwise bring thousands of notes
_BAD = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class SourceText:
    text: str
    notes: tuple[str, ...] = ()


def decode_source(data: bytes) -> SourceText:
    """Any bytes as UTF-8 text; each byte that is not UTF-8 is replaced and noted."""
    return clean_source(data.decode("utf-8", errors="surrogateescape"))


def clean_source(text: str) -> SourceText:
    """`text` without NULs or lone surrogates; one note per replaced character (first few)."""
    if "\x00" not in text and _encodable(text):
        return SourceText(text)  # the common case: no regex over the whole text
    notes: list[str] = []
    for match in itertools.islice(_BAD.finditer(text), MAX_NOTES):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        notes.append(f"line {line}, column {column}: {_what(match.group())}")
    found = len(_BAD.findall(text))
    if found > MAX_NOTES:
        notes.append(f"... and {found - MAX_NOTES} more such characters")
    notes.append(
        f"Each was replaced with {REPLACEMENT!r}; save your code as UTF-8 text to keep it."
    )
    return SourceText(_BAD.sub(REPLACEMENT, text), tuple(notes))


def _encodable(text: str) -> bool:
    """No lone surrogate: isascii() is O(1) in CPython, encoding is a fast C loop."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _what(char: str) -> str:
    point = ord(char)
    if point == 0:
        return "a NUL character (code 0), which Python code cannot contain"
    if 0xDC80 <= point <= 0xDCFF:  # surrogateescape's stand-in for one undecodable byte
        return f"the byte 0x{point - 0xDC00:02X} is not UTF-8 text"
    return f"a lone surrogate U+{point:04X}, which is not a character"
