"""`TutorEngine`: the rules of a lesson, the same for Discord and the terminal.

An adapter turns one user action into one engine call and renders the typed outcome
(`bot.core.lessons.outcomes`). The engine touches the world only through its ports: it runs code
through a `CodeExecutor`, remembers through a `ProgressStore`, and asks a `Clock` for the
time. It holds no per-learner state of its own except which learners have a submission
running, so any number of adapters can share one engine. Practice and test mode come from
`QuestionEngine`; the pure progress rules live in `bot.core.lessons.state`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.core.content import Lesson
from bot.core.daily import compute_streak
from bot.core.lessons import state as lesson_state
from bot.core.lessons.outcomes import (
    Hint,
    LessonStatus,
    ProgressSummary,
    Solution,
    StepView,
    Submission,
)
from bot.core.lessons.state import build_job
from bot.core.ports import (
    Attempt,
    Clock,
    CodeExecutor,
    EvaluationInProgress,
    LearnerId,
    LessonComplete,
    LessonProgress,
    NoMoreHints,
    ProgressStore,
    RunResult,
    SolutionLocked,
    StepState,
)
from bot.core.quiz import LessonCatalog, QuestionEngine, QuizStats

__all__ = ["LessonCatalog", "StepListener", "TutorEngine", "build_job"]

StepListener = Callable[[LearnerId, str, int, StepState, datetime], Awaitable[object]]
log = logging.getLogger(__name__)


class TutorEngine(QuestionEngine):
    def __init__(
        self, catalog: LessonCatalog, executor: CodeExecutor, store: ProgressStore, clock: Clock
    ) -> None:
        super().__init__(catalog, store, clock)
        self.executor = executor
        self._evaluating: set[LearnerId] = set()
        self.step_listeners: list[StepListener] = []  # e.g. the review desk

    async def _notify_step(
        self, learner: LearnerId, lesson_id: str, number: int, state: StepState
    ) -> None:
        """Tell listeners a step was finished or its solution shown; never fails the step."""
        for listen in self.step_listeners:
            try:
                await listen(learner, lesson_id, number, state, self.clock.now())
            except Exception:
                log.exception("step listener failed for %s", learner)

    async def check_step(
        self, learner: LearnerId, lesson_id: str, number: int, code: str
    ) -> RunResult:
        """Run `code` as step `number` on top of the learner's earlier code, recording
        nothing (a review of a step the learner already finished)."""
        lesson = self.lesson(lesson_id)
        stored = await self.store.get_progress(learner, lesson.id)
        earlier = None  # no progress (reset or erased): the reference solutions come first
        if stored is not None:
            earlier = lesson_state.earlier_code(lesson, lesson_state.fit(stored, lesson), number)
        return await self.executor.run(build_job(lesson, number, code, earlier))

    # ------------------------------------------------------------------ plumbing

    async def _progress(
        self, learner: LearnerId, lesson: Lesson, display_name: str = ""
    ) -> LessonProgress:
        """The learner's progress in `lesson`, starting it (and the learner) if needed."""
        progress = await self.store.get_progress(learner, lesson.id)
        if progress is None:
            await self.store.ensure_learner(learner, display_name)
            progress = lesson_state.fresh(learner, lesson, self.clock.now())
            await self.store.save_progress(progress)
            return progress
        return lesson_state.fit(progress, lesson)

    async def _resolve(
        self, learner: LearnerId, lesson_id: str | None
    ) -> tuple[Lesson, LessonProgress]:
        lesson = self.lesson(lesson_id) if lesson_id else await self._active(learner)
        return lesson, await self._progress(learner, lesson)

    async def _open_step(
        self, learner: LearnerId, lesson_id: str | None
    ) -> tuple[Lesson, LessonProgress, int, StepState]:
        """The lesson, progress, current step number and its state; LessonComplete if none."""
        lesson, progress = await self._resolve(learner, lesson_id)
        if lesson_state.is_complete(progress, lesson):
            raise LessonComplete(lesson.id)
        number = progress.current_step
        return lesson, progress, number, progress.steps[number - 1]

    async def _record(self, attempt: Attempt, progress: LessonProgress) -> None:
        """The attempt, the activity day and the new progress, written together: issued at
        once, a store that groups commits (SQLite) pays for one durable write, not three."""
        await asyncio.gather(
            self.store.record_attempt(attempt),
            self.store.record_activity(attempt.learner, attempt.at.date()),
            self.store.save_progress(progress),
        )

    async def _save(self, progress: LessonProgress) -> LessonProgress:
        await self.store.save_progress(progress)
        return progress

    async def _attempts_this_run(
        self, progress: LessonProgress, step: int | None = None
    ) -> list[Attempt]:
        """Attempts since the lesson was (re)started: a reset forgets the earlier ones."""
        attempts = await self.store.attempts(progress.learner, progress.lesson_id, step)
        return [a for a in attempts if a.at >= progress.started_at]

    async def _view(
        self, lesson: Lesson, progress: LessonProgress, last_passed: bool | None = None
    ) -> StepView:
        if last_passed is None:
            attempts = await self._attempts_this_run(progress)
            last_passed = attempts[-1].passed if attempts else None
        return lesson_state.step_view(lesson, progress, last_passed)

    # ------------------------------------------------------------------ lessons

    async def start(self, learner: LearnerId, lesson_id: str, display_name: str = "") -> StepView:
        """Start `lesson_id`, or resume it where the learner left off."""
        lesson = self.lesson(lesson_id)
        progress = await self._progress(learner, lesson, display_name)
        return await self._view(lesson, progress)

    async def current(self, learner: LearnerId, lesson_id: str | None = None) -> StepView:
        """The learner's position; without an id, in their most recently touched lesson."""
        lesson, progress = await self._resolve(learner, lesson_id)
        return await self._view(lesson, progress)

    async def reset(self, learner: LearnerId, lesson_id: str) -> StepView:
        """Forget the learner's progress in one lesson (attempt history stays) and restart."""
        lesson = self.lesson(lesson_id)
        await self.store.delete_progress(learner, lesson.id)
        progress = await self._progress(learner, lesson)
        return lesson_state.step_view(lesson, progress, last_passed=None)

    def is_evaluating(self, learner: LearnerId) -> bool:
        return learner in self._evaluating

    async def submit(self, learner: LearnerId, lesson_id: str | None, code: str) -> Submission:
        """Run `code` as the learner's current step; record it; advance on a pass.

        Only one evaluation per learner runs at a time (EvaluationInProgress otherwise).
        ExecutorBusy / ExecutorUnavailable propagate and are not counted as attempts.
        """
        if learner in self._evaluating:
            raise EvaluationInProgress()
        self._evaluating.add(learner)
        try:
            return await self._submit(learner, lesson_id, code)
        finally:
            self._evaluating.discard(learner)

    async def _submit(self, learner: LearnerId, lesson_id: str | None, code: str) -> Submission:
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        earlier = lesson_state.earlier_code(lesson, progress, number)
        result = await self.executor.run(build_job(lesson, number, code, earlier))

        now = self.clock.now()
        attempt = Attempt(
            learner=learner,
            lesson_id=lesson.id,
            step=number,
            code=code,
            status=str(result.status),
            passed=result.passed,
            summary=lesson_state.summary_line(result),
            at=now,
        )
        if result.passed:
            accepted = dataclasses.replace(state, accepted_code=code)
            progress = lesson_state.advanced(progress, lesson, accepted, now)
        else:
            failed = dataclasses.replace(state, failed_attempts=state.failed_attempts + 1)
            progress = lesson_state.with_step(progress, number, failed, now)
        await self._record(attempt, progress)
        if result.passed and not state.solution_revealed:  # a shown solution made its card
            await self._notify_step(learner, lesson.id, number, state)
        view = lesson_state.step_view(lesson, progress, last_passed=result.passed)
        if result.passed:
            return Submission(
                result=result, passed=True, step_number=number, view=view, completed=view.completed
            )
        return Submission(
            result=result,
            passed=False,
            step_number=number,
            view=view,
            solution_unlocked=view.failed_attempts == lesson.solution_after_failures
            and not state.solution_revealed,
            hint_suggested=state.hints_shown < len(lesson.step(number).hints),
        )

    async def hint(self, learner: LearnerId, lesson_id: str | None = None) -> Hint:
        """The next unseen hint of the current step, one at a time."""
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        hints = lesson.step(number).hints
        if state.hints_shown >= len(hints):
            raise NoMoreHints(len(hints))
        shown = state.hints_shown + 1
        await self._save(
            lesson_state.with_step(
                progress, number, dataclasses.replace(state, hints_shown=shown), self.clock.now()
            )
        )
        return Hint(step_number=number, number=shown, total=len(hints), text=hints[shown - 1])

    async def solution(
        self, learner: LearnerId, lesson_id: str | None = None, give_up: bool = False
    ) -> Solution:
        """The reference solution, once unlocked by failed attempts or an explicit give-up."""
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        remaining = lesson.solution_after_failures - state.failed_attempts
        unlocked = remaining <= 0 or state.solution_revealed
        if not unlocked and not give_up:
            raise SolutionLocked(remaining)
        revealed = dataclasses.replace(
            state, solution_revealed=True, gave_up=state.gave_up or not unlocked
        )
        await self._save(lesson_state.with_step(progress, number, revealed, self.clock.now()))
        if not state.solution_revealed:
            await self._notify_step(learner, lesson.id, number, revealed)
        return Solution(step_number=number, code=lesson.step(number).solution, gave_up=not unlocked)

    async def skip(self, learner: LearnerId, lesson_id: str | None = None) -> StepView:
        """Give up on the current step and move on; later steps build on its reference code."""
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        now = self.clock.now()
        skipped = dataclasses.replace(state, gave_up=True)
        progress = await self._save(lesson_state.advanced(progress, lesson, skipped, now))
        await self.store.record_activity(learner, now.date())
        if not state.solution_revealed:  # a revealed solution already made the card
            await self._notify_step(learner, lesson.id, number, skipped)
        return lesson_state.step_view(lesson, progress, last_passed=None)

    async def last_code(self, learner: LearnerId, lesson_id: str | None = None) -> str:
        """What to prefill an editor with: the latest attempt at this step, or its starter."""
        lesson, progress, number, _ = await self._open_step(learner, lesson_id)
        attempts = await self._attempts_this_run(progress, number)
        return attempts[-1].code if attempts else lesson.step(number).starter

    async def summary(self, learner: LearnerId) -> ProgressSummary:
        """Progress per lesson, quiz accuracy and the current streak."""
        stored = {p.lesson_id: p for p in await self.store.list_progress(learner)}
        statuses = []
        for lesson in self.catalog.lessons:
            total = len(lesson.steps)
            progress = stored.get(lesson.id)
            if progress is None:
                statuses.append(LessonStatus(lesson, 0, total, False, False, 1))
                continue
            progress = lesson_state.fit(progress, lesson)
            statuses.append(
                LessonStatus(
                    lesson=lesson,
                    done=lesson_state.steps_done(progress, total),
                    total=total,
                    started=True,
                    completed=lesson_state.is_complete(progress, lesson),
                    current_step=progress.current_step,
                )
            )
        answers = await self.store.answers(learner)
        quiz_stats = QuizStats(answered=len(answers), correct=sum(1 for a in answers if a.correct))
        streak = compute_streak(await self.store.activity_days(learner), self.clock.now().date())
        return ProgressSummary(learner, tuple(statuses), quiz_stats, streak)
