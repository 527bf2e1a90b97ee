"""The mode-progress port: where each learner stands in each learning mode of each lesson.

One row per learner, lesson and mode (items done, right and wrong, where to resume, last
visit) and one event per item answered. Memory, SQLite and PostgreSQL implement `ModeStore`
alike (`tests/contract/test_mode_store.py`). Guided steps, practice and test keep their own
richer records (`ProgressStore`); their rows here carry the counts the lesson card shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.core.ports.progress import LearnerId


@dataclass(frozen=True)
class ModeProgress:
    learner: LearnerId
    lesson_id: str
    mode: str  # a mode id: "steps", "concepts", ... "scenario"
    position: int  # index of the item to show next (resume point), 0-based
    done: tuple[str, ...]  # ids of items finished, first finish first
    right: int
    wrong: int
    started_at: datetime
    last_visit: datetime
    state: dict[str, Any] = field(default_factory=dict, hash=False)  # mode's own resume data
    # (JSON-safe: str/int/float/bool/list/dict), e.g. a case's decision index


@dataclass(frozen=True)
class ModeEvent:
    """One item answered (`correct` None where there is no right answer, e.g. a flip)."""

    learner: LearnerId
    lesson_id: str
    mode: str
    item: str
    correct: bool | None
    at: datetime
    detail: str = ""  # e.g. the rating of a flashcard, the choice made


class ModeStore(Protocol):
    """Per-mode progress. Every method commits before it returns."""

    async def get_mode(
        self, learner: LearnerId, lesson_id: str, mode: str
    ) -> ModeProgress | None: ...

    async def save_mode(self, progress: ModeProgress, event: ModeEvent | None = None) -> None:
        """Insert or replace the row, and append `event` in the same commit."""
        ...

    async def modes(self, learner: LearnerId, lesson_id: str | None = None) -> list[ModeProgress]:
        """The learner's rows, by lesson then mode id."""
        ...

    async def mode_events(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[ModeEvent]:
        """Oldest first."""
        ...

    async def export_modes(self, learner: LearnerId) -> dict[str, Any]: ...

    async def forget_modes(self, learner: LearnerId) -> None: ...
