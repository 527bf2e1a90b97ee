"""`MemoryProgressStore`: the `ProgressStore` contract kept in dicts, for fast unit tests.

It behaves exactly like `SQLiteProgressStore` (the contract tests in
`tests/contract/test_progress_store.py` run against both), so engine tests using it prove
something about the real thing. Nothing survives the process.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.ports import Answer, Attempt, Clock, Learner, LearnerId, LessonProgress, SystemClock
from bot.storage.records import (
    Opener,
    StoreClosedError,
    build_export,
    check_day,
    check_learner,
    normal_answer,
    normal_attempt,
    normal_progress,
    utc,
)


class MemoryProgressStore:
    """In-memory store. Use `async with MemoryProgressStore() as store` or plain construction."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock or SystemClock()
        self._closed = False
        self._learners: dict[LearnerId, Learner] = {}
        self._progress: dict[tuple[LearnerId, str], LessonProgress] = {}
        self._attempts: list[Attempt] = []
        self._answers: list[Answer] = []
        self._days: dict[LearnerId, set[date]] = {}

    @classmethod
    def open(cls, clock: Clock | None = None) -> Opener[MemoryProgressStore]:
        """Mirror of `SQLiteProgressStore.open`: `await` it or `async with` it."""

        async def factory() -> MemoryProgressStore:
            return cls(clock)

        return Opener(factory)

    async def __aenter__(self) -> MemoryProgressStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True

    def _live(self) -> None:
        if self._closed:
            raise StoreClosedError("the progress store is closed")

    def _touch_learner(self, learner: LearnerId, display_name: str = "") -> Learner:
        check_learner(learner)
        known = self._learners.get(learner)
        if known is None:
            known = Learner(learner, display_name, utc(self._clock.now(), "clock.now()"))
        elif display_name and display_name != known.display_name:
            known = Learner(learner, display_name, known.created_at)
        else:
            return known
        self._learners[learner] = known
        return known

    # ------------------------------------------------------------------ learners

    async def ensure_learner(self, learner: LearnerId, display_name: str = "") -> Learner:
        self._live()
        return self._touch_learner(learner, display_name)

    # ------------------------------------------------------------------ progress

    async def get_progress(self, learner: LearnerId, lesson_id: str) -> LessonProgress | None:
        self._live()
        return self._progress.get((learner, lesson_id))

    async def save_progress(self, progress: LessonProgress) -> None:
        self._live()
        progress = normal_progress(progress)
        self._touch_learner(progress.learner)
        self._progress[(progress.learner, progress.lesson_id)] = progress

    async def list_progress(self, learner: LearnerId) -> list[LessonProgress]:
        self._live()
        mine = [p for (who, _), p in self._progress.items() if who == learner]
        return sorted(mine, key=lambda p: (p.started_at, p.lesson_id))

    async def delete_progress(self, learner: LearnerId, lesson_id: str) -> None:
        self._live()
        self._progress.pop((learner, lesson_id), None)

    # ------------------------------------------------------------------ attempts

    async def record_attempt(self, attempt: Attempt) -> None:
        self._live()
        attempt = normal_attempt(attempt)
        self._touch_learner(attempt.learner)
        self._attempts.append(attempt)

    async def attempts(
        self, learner: LearnerId, lesson_id: str, step: int | None = None
    ) -> list[Attempt]:
        self._live()
        mine = [
            a
            for a in self._attempts
            if a.learner == learner and a.lesson_id == lesson_id and step in (None, a.step)
        ]
        return sorted(mine, key=lambda a: a.at)  # stable: ties keep insertion order

    # ------------------------------------------------------------------ answers

    async def record_answer(self, answer: Answer) -> None:
        self._live()
        answer = normal_answer(answer)
        self._touch_learner(answer.learner)
        self._answers.append(answer)

    async def answers(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[Answer]:
        self._live()
        mine = [
            a
            for a in self._answers
            if a.learner == learner and lesson_id in (None, a.lesson_id) and mode in (None, a.mode)
        ]
        return sorted(mine, key=lambda a: a.at)

    # ------------------------------------------------------------------ activity

    async def record_activity(self, learner: LearnerId, day: date) -> None:
        self._live()
        check_day(day)
        self._touch_learner(learner)
        self._days.setdefault(learner, set()).add(day)

    async def activity_days(self, learner: LearnerId) -> list[date]:
        self._live()
        return sorted(self._days.get(learner, ()))

    # ------------------------------------------------------------------ whole learner

    async def export_learner(self, learner: LearnerId) -> dict[str, Any]:
        self._live()
        check_learner(learner)
        return build_export(
            learner,
            self._learners.get(learner),
            await self.list_progress(learner),
            sorted((a for a in self._attempts if a.learner == learner), key=lambda a: a.at),
            await self.answers(learner),
            await self.activity_days(learner),
            exported_at=self._clock.now(),
        )

    async def delete_learner(self, learner: LearnerId) -> None:
        self._live()
        self._learners.pop(learner, None)
        self._progress = {k: p for k, p in self._progress.items() if k[0] != learner}
        self._attempts = [a for a in self._attempts if a.learner != learner]
        self._answers = [a for a in self._answers if a.learner != learner]
        self._days.pop(learner, None)
