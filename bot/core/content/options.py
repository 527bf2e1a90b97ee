"""An answer option, shared by questions and by the learning modes' quick checks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False
    pinned: bool = False  # keeps its written place when options are shuffled ("All of the above")


def option_letter(index: int) -> str:
    """A–E labels used on buttons and in explanations."""
    return "ABCDE"[index]
