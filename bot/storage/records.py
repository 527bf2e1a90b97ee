"""What every `ProgressStore` shares: input validation, timestamp form, the export document.

Both stores normalise values the same way (UTC datetimes, validated ids) so the contract
tests can demand identical behaviour, and both build the export through `build_export` so
its keys cannot drift between them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, Generic, Protocol, TypeVar

from bot.core.ports import Answer, Attempt, Learner, LearnerId, LessonProgress, StepState

EXPORT_FORMAT = "stepwise.learner-export"
EXPORT_VERSION = 2  # 2: each step says its status ("solved", "skipped", ...)


class StoreClosedError(RuntimeError):
    """A store method was called after `aclose()`."""


class _Closable(Protocol):
    async def aclose(self) -> None: ...


StoreT = TypeVar("StoreT", bound=_Closable)


class Opener(Generic[StoreT]):
    """What `Store.open(...)` returns: `await` it, or use it as `async with ... as store`."""

    def __init__(self, factory: Callable[[], Awaitable[StoreT]]) -> None:
        self._factory = factory
        self._store: StoreT | None = None

    def __await__(self) -> Generator[Any, None, StoreT]:
        return self._open().__await__()

    async def _open(self) -> StoreT:
        return await self._factory()

    async def __aenter__(self) -> StoreT:
        self._store = await self._factory()
        return self._store

    async def __aexit__(self, *exc_info: object) -> None:
        if self._store is not None:
            await self._store.aclose()


def utc(value: datetime, what: str = "timestamp") -> datetime:
    """The same instant in UTC; naive datetimes are refused because their zone is a guess."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what}: expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what}: naive datetime {value.isoformat()} (give it a timezone)")
    return value.astimezone(UTC)


def utc_text(value: datetime, what: str = "timestamp") -> str:
    """ISO-8601 UTC with fixed microsecond width, so text order is time order."""
    return utc(value, what).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def check_learner(learner: LearnerId) -> LearnerId:
    if not isinstance(learner, str) or not learner.strip():
        raise ValueError(f"learner id must be a non-empty string like 'local:a', got {learner!r}")
    return learner


def check_day(day: date) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"activity day: expected a date, got {type(day).__name__}")
    return day


def normal_progress(progress: LessonProgress) -> LessonProgress:
    """Validated copy with UTC timestamps: what a store hands back later."""
    check_learner(progress.learner)
    if progress.current_step < 1:
        raise ValueError(f"current_step must be >= 1, got {progress.current_step}")
    completed = progress.completed_at
    return replace(
        progress,
        steps=tuple(progress.steps),
        started_at=utc(progress.started_at, "started_at"),
        updated_at=utc(progress.updated_at, "updated_at"),
        completed_at=None if completed is None else utc(completed, "completed_at"),
    )


def normal_attempt(attempt: Attempt) -> Attempt:
    check_learner(attempt.learner)
    return replace(attempt, status=str(attempt.status), at=utc(attempt.at, "attempt.at"))


def normal_answer(answer: Answer) -> Answer:
    check_learner(answer.learner)
    return replace(answer, order=tuple(answer.order), at=utc(answer.at, "answer.at"))


def _time(value: datetime | None) -> str | None:
    return None if value is None else utc_text(value)


def _step(number: int, state: StepState) -> dict[str, Any]:
    return {
        "step": number,
        "accepted_code": state.accepted_code,
        "failed_attempts": state.failed_attempts,
        "hints_shown": state.hints_shown,
        "solution_revealed": state.solution_revealed,
        "gave_up": state.gave_up,
        "skipped": state.skipped,
        "status": state.outcome or "open",
    }


def build_export(
    learner_id: LearnerId,
    learner: Learner | None,
    progress: Iterable[LessonProgress],
    attempts: Iterable[Attempt],
    answers: Iterable[Answer],
    days: Iterable[date],
    exported_at: datetime,
) -> dict[str, Any]:
    """The JSON-able document `export_learner` returns; keys are a stable, documented format.

    `learner` is None when the id is unknown; the lists are then empty.
    """
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utc_text(exported_at),
        "learner_id": learner_id,
        "learner": None
        if learner is None
        else {
            "id": learner.id,
            "display_name": learner.display_name,
            "created_at": _time(learner.created_at),
        },
        "progress": [
            {
                "lesson_id": p.lesson_id,
                "current_step": p.current_step,
                "started_at": _time(p.started_at),
                "updated_at": _time(p.updated_at),
                "completed_at": _time(p.completed_at),
                "steps": [_step(i, s) for i, s in enumerate(p.steps, start=1)],
            }
            for p in progress
        ],
        "attempts": [
            {
                "lesson_id": a.lesson_id,
                "step": a.step,
                "code": a.code,
                "status": a.status,
                "passed": a.passed,
                "summary": a.summary,
                "at": _time(a.at),
            }
            for a in attempts
        ],
        "answers": [
            {
                "lesson_id": a.lesson_id,
                "question_id": a.question_id,
                "choice": a.choice,
                "correct": a.correct,
                "mode": a.mode,
                "session": a.session,
                "option_order": list(a.order),
                "at": _time(a.at),
            }
            for a in answers
        ],
        "activity_days": [d.isoformat() for d in days],
    }
