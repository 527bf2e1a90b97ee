"""The store port: what the engine persists about learners, and the clock it asks for the time.

`ProgressStore` keeps what learners did; `Clock` tells the time so tests can freeze it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

# --------------------------------------------------------------------------- store

LearnerId = str  # "platform:id", e.g. "discord:1234" or "local:alice"


SOLVED, SOLVED_AFTER_SOLUTION, SKIPPED = "solved", "solved_after_solution", "skipped"


@dataclass(frozen=True)
class StepState:
    accepted_code: str | None = None  # the learner's passing submission
    failed_attempts: int = 0
    hints_shown: int = 0
    solution_revealed: bool = False
    gave_up: bool = False  # asked for the solution before it unlocked
    skipped: bool = False  # moved past without solving (until it is solved later)

    @property
    def solved(self) -> bool:
        return self.accepted_code is not None

    @property
    def outcome(self) -> str | None:
        """SOLVED, SOLVED_AFTER_SOLUTION, SKIPPED, or None while the step is open."""
        if self.accepted_code is not None:
            return SOLVED_AFTER_SOLUTION if self.solution_revealed else SOLVED
        return SKIPPED if self.skipped else None


@dataclass(frozen=True)
class LessonProgress:
    learner: LearnerId
    lesson_id: str
    current_step: int  # 1-based; len(steps) + 1 once complete
    steps: tuple[StepState, ...]
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None

    @property
    def completed(self) -> bool:
        """Every step solved (a skipped step keeps the lesson open)."""
        return self.completed_at is not None

    @property
    def steps_solved(self) -> int:
        return sum(1 for s in self.steps if s.solved)


@dataclass(frozen=True)
class Attempt:
    learner: LearnerId
    lesson_id: str
    step: int
    code: str
    status: str  # RunStatus value
    passed: bool
    summary: str  # first failing message or "passed"
    at: datetime


@dataclass(frozen=True)
class Answer:
    learner: LearnerId
    lesson_id: str
    question_id: str
    choice: int  # option index as written in the lesson
    correct: bool
    mode: str  # "practice" | "test" | "daily"
    at: datetime
    session: str = ""  # groups a test run's answers
    order: tuple[int, ...] = ()  # the options as shown: position -> index as written; () as written


@dataclass(frozen=True)
class Learner:
    id: LearnerId
    display_name: str = ""
    created_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


class ProgressStore(Protocol):
    """Everything the engine persists. Every method commits before it returns."""

    async def ensure_learner(self, learner: LearnerId, display_name: str = "") -> Learner: ...

    async def get_progress(self, learner: LearnerId, lesson_id: str) -> LessonProgress | None: ...

    async def save_progress(self, progress: LessonProgress) -> None: ...

    async def list_progress(self, learner: LearnerId) -> list[LessonProgress]: ...

    async def delete_progress(self, learner: LearnerId, lesson_id: str) -> None: ...

    async def record_attempt(self, attempt: Attempt) -> None: ...

    async def attempts(
        self, learner: LearnerId, lesson_id: str, step: int | None = None
    ) -> list[Attempt]: ...

    async def record_answer(self, answer: Answer) -> None: ...

    async def answers(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[Answer]: ...

    async def record_activity(self, learner: LearnerId, day: date) -> None: ...

    async def activity_days(self, learner: LearnerId) -> list[date]: ...

    async def export_learner(self, learner: LearnerId) -> dict[str, Any]: ...

    async def delete_learner(self, learner: LearnerId) -> None: ...


# --------------------------------------------------------------------------- clock


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
