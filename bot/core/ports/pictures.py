"""The picture port: the facts a progress card or a daily-stats chart shows, and the
renderer that turns them into a PNG (matplotlib, off the event loop, in `bot/pictures`).

The facts are plain frozen values, so a renderer can cache by them and the alt text
(`bot.core.pictures`) states exactly what the picture shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class TrackProgress:
    track: str
    lessons_done: int
    lessons_total: int
    steps_done: int
    steps_total: int


@dataclass(frozen=True)
class DayRate:
    """Answers on one day and how many were right."""

    day: date
    answers: int
    correct: int

    @property
    def rate(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class ProgressFacts:
    name: str
    as_of: date
    tracks: tuple[TrackProgress, ...]
    streak: int
    days: tuple[DayRate, ...]  # the last 30 days, oldest first, days without answers too
    reviews_due: int


@dataclass(frozen=True)
class OptionCount:
    letter: str
    count: int
    correct: bool


@dataclass(frozen=True)
class DailyStatsFacts:
    title: str  # the question's id or a short prompt
    options: tuple[OptionCount, ...]
    days: tuple[DayRate, ...]  # recent quiz days in the guild, oldest first


class PictureRenderer(Protocol):
    """Facts → PNG bytes, without blocking the caller's event loop."""

    async def progress_card(self, facts: ProgressFacts) -> bytes: ...

    async def daily_chart(self, facts: DailyStatsFacts) -> bytes: ...
