"""How much of each learning mode a lesson must offer before it ships.

Not enforced when a file loads (a lesson is written a mode at a time and must still load
meanwhile); `stepwise content check` reports what `mode_shortfalls` finds, per lesson.
"""

from __future__ import annotations

from bot.core.content.models import Lesson

# At least this many, per lesson (the `modes:` key -> count); fill: one per coding step.
AMOUNTS = {"concepts": 5, "flashcards": 12, "predict": 5, "fix": 3, "cases": 2}
_WHAT = {
    "concepts": "concept card",
    "flashcards": "flashcard",
    "predict": "predict item",
    "fix": "fix item",
    "cases": "case",
}


def mode_shortfalls(lesson: Lesson) -> tuple[tuple[str, str], ...]:
    """(field path, message) for each amount `lesson` falls short of, in `modes:` order."""
    modes = lesson.modes
    found: list[tuple[str, str]] = []
    for key, minimum in AMOUNTS.items():
        have = len(getattr(modes, key))
        if have < minimum:
            what = _WHAT[key] + ("" if have == 1 else "s")
            found.append((f"modes › {key}", f"{have} {what}; a lesson needs {minimum}"))
    filled = {item.step for item in modes.fill}
    missing = [step.index for step in lesson.steps if step.index not in filled]
    if missing:
        steps = ", ".join(map(str, missing))
        found.append(("modes › fill", f"no fill item for step {steps}; each coding step needs one"))
    if modes.cheatsheet is None:
        found.append(("modes › cheatsheet", "no cheat sheet; a lesson needs one"))
    return tuple(found)
