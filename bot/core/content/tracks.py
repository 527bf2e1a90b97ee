"""Tracks: lessons grouped by their `track`, in the order a learner should take them.

A lesson names its track, its `position` in it (1 = first) and the lessons to finish
first (`prerequisites`). Within a track, numbered lessons come by position, unnumbered
ones after them in catalog order; tracks come in the order their first lesson appears.
Whether the ids and positions hold together is checked across the whole catalog here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.content.models import Lesson

UNNUMBERED = 1 << 30


@dataclass(frozen=True)
class Track:
    name: str
    lessons: tuple[Lesson, ...]  # the order to take them in


def tracks(lessons: Iterable[Lesson]) -> tuple[Track, ...]:
    groups: dict[str, list[Lesson]] = {}
    for lesson in lessons:
        groups.setdefault(lesson.track, []).append(lesson)
    return tuple(
        Track(name, tuple(sorted(group, key=lambda lesson: lesson.position or UNNUMBERED)))
        for name, group in groups.items()
    )


def next_in_track(lessons: Iterable[Lesson], lesson_id: str) -> Lesson | None:
    """The lesson after `lesson_id` in its track (None after the last, or if unknown)."""
    for track in tracks(lessons):
        ids = [lesson.id for lesson in track.lessons]
        if lesson_id in ids:
            index = ids.index(lesson_id) + 1
            return track.lessons[index] if index < len(ids) else None
    return None


def order_problems(lessons: Iterable[Lesson]) -> list[tuple[Lesson, tuple[str | int, ...], str]]:
    """(lesson, field path, message) for prerequisites that name no lesson or go round in a
    circle, and for two lessons of one track at the same position."""
    lessons = list(lessons)
    by_id = {lesson.id: lesson for lesson in lessons}
    found: list[tuple[Lesson, tuple[str | int, ...], str]] = []
    for lesson in lessons:
        for index, other in enumerate(lesson.prerequisites):
            if other not in by_id and other != lesson.id:
                found.append((lesson, ("prerequisites", index), f"no lesson has the id {other!r}"))
    seen: dict[tuple[str, int], Lesson] = {}
    for lesson in lessons:
        if not lesson.position:
            continue
        place = (lesson.track, lesson.position)
        if place in seen:
            message = (
                f"position {lesson.position} of track {lesson.track!r} is already "
                f"{seen[place].id!r}"
            )
            found.append((lesson, ("position",), message))
        else:
            seen[place] = lesson
    for lesson in lessons:
        if _reaches(lesson.id, lesson.id, by_id, set()):
            message = "the prerequisites go round in a circle back to this lesson"
            found.append((lesson, ("prerequisites",), message))
    return found


def _reaches(start: str, target: str, by_id: dict[str, Lesson], seen: set[str]) -> bool:
    lesson = by_id.get(start)
    for other in lesson.prerequisites if lesson else ():
        if other == target:
            return True
        if other not in seen:
            seen.add(other)
            if _reaches(other, target, by_id, seen):
                return True
    return False
