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
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime

from bot.core.content import Lesson, next_in_track
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
from bot.core.lessons.source import clean_source
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
    RunStatus,
    SolutionLocked,
    StarterUnchanged,
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
        if lesson_state.is_finished(progress, lesson):  # skipped steps wait to be solved
            progress = await self._save(lesson_state.reopened(progress, lesson, self.clock.now()))
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
        if lesson_state.is_finished(progress, lesson) and not lesson_state.is_complete(
            progress, lesson
        ):  # back to the first skipped step: the lesson is complete when all are solved
            progress = await self._save(lesson_state.reopened(progress, lesson, self.clock.now()))
        return await self._view(lesson, progress)

    async def current(self, learner: LearnerId, lesson_id: str | None = None) -> StepView:
        """The learner's position; without an id, in their most recently touched lesson."""
        lesson, progress = await self._resolve(learner, lesson_id)
        return await self._view(lesson, progress)

    async def reset(self, learner: LearnerId, lesson_id: str) -> StepView:
        """Forget the learner's progress in one lesson (attempt history stays) and restart.

        The new run has a new version: a verdict still running for the old one changes
        nothing when it arrives."""
        lesson = self.lesson(lesson_id)
        async with self._locks.hold(learner):
            before = await self.store.get_progress(learner, lesson.id)
            await self.store.delete_progress(learner, lesson.id)
            await self.store.ensure_learner(learner)
            progress = lesson_state.restarted(learner, lesson, self.clock.now(), before)
            await self.store.save_progress(progress)
        return lesson_state.step_view(lesson, progress, last_passed=None)

    def is_evaluating(self, learner: LearnerId) -> bool:
        return learner in self._evaluating

    async def submit(
        self,
        learner: LearnerId,
        lesson_id: str | None,
        code: str,
        expected_version: str | None = None,
    ) -> Submission:
        """Run `code` as the learner's current step; record it; advance on a pass.

        Only one evaluation per learner runs at a time (EvaluationInProgress otherwise).
        ExecutorBusy / ExecutorUnavailable propagate and are not counted as attempts.
        `expected_version` is the lesson state the code was written for (a code box
        remembers it): if the lesson has moved on since, or moves on while the code runs,
        the submission is `stale` and changes nothing.
        """
        if learner in self._evaluating:
            raise EvaluationInProgress()
        self._evaluating.add(learner)
        try:
            return await self._submit(learner, lesson_id, code, expected_version)
        finally:
            self._evaluating.discard(learner)

    async def _stale(
        self, lesson: Lesson, learner: LearnerId, number: int, result: RunResult
    ) -> Submission:
        progress = await self.store.get_progress(learner, lesson.id)
        if progress is None:  # erased meanwhile: show a fresh start without writing one
            progress = lesson_state.fresh(learner, lesson, self.clock.now())
        view = await self._view(lesson, lesson_state.fit(progress, lesson))
        return Submission(result=result, passed=False, step_number=number, view=view, stale=True)

    async def _submit(
        self, learner: LearnerId, lesson_id: str | None, code: str, expected: str | None
    ) -> Submission:
        lesson, progress, number, _ = await self._open_step(learner, lesson_id)
        seen = lesson_state.version(progress)
        if expected and expected != seen:  # not run: the box was for an earlier state
            was = lesson_state.version_step(expected) or number
            return await self._stale(lesson, learner, was, RunResult(RunStatus.OK))
        source = clean_source(code)  # no NUL or undecodable byte reaches the runner or store
        code, notes = source.text, source.notes
        starter = lesson.step(number).starter
        if starter.strip() and code.split() == starter.split():
            raise StarterUnchanged(number)
        earlier = lesson_state.earlier_code(lesson, progress, number)
        result = await self.executor.run(build_job(lesson, number, code, earlier))
        async with self._locks.hold(learner):
            stored = await self.store.get_progress(learner, lesson.id)
            if stored is None or lesson_state.version(lesson_state.fit(stored, lesson)) != seen:
                return await self._stale(lesson, learner, number, result)
            progress = lesson_state.fit(stored, lesson)
            return await self._judge(learner, lesson, progress, number, code, result, notes)

    async def _judge(
        self,
        learner: LearnerId,
        lesson: Lesson,
        progress: LessonProgress,
        number: int,
        code: str,
        result: RunResult,
        notes: tuple[str, ...] = (),
    ) -> Submission:
        """Record the verdict against the progress as it is now (read under the lock)."""
        state = progress.steps[number - 1]
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
            following = next_in_track(self.catalog.lessons, lesson.id) if view.completed else None
            return Submission(
                result=result,
                passed=True,
                step_number=number,
                view=view,
                completed=view.finished,
                notes=notes,
                next_lesson=following,
            )
        return Submission(
            result=result,
            passed=False,
            step_number=number,
            view=view,
            solution_unlocked=view.failed_attempts == lesson.solution_after_failures
            and not state.solution_revealed,
            hint_suggested=state.hints_shown < len(lesson.step(number).hints),
            notes=notes,
        )

    async def hint(self, learner: LearnerId, lesson_id: str | None = None) -> Hint:
        """The next unseen hint of the current step, one per call however many race."""
        async with self._locks.hold(learner):
            return await self._hint(learner, lesson_id)

    async def _hint(self, learner: LearnerId, lesson_id: str | None) -> Hint:
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        hints = lesson.step(number).hints
        if state.hints_shown >= len(hints):
            raise NoMoreHints(len(hints), lesson.id)
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
        async with self._locks.hold(learner):
            return await self._solution(learner, lesson_id, give_up)

    async def _solution(self, learner: LearnerId, lesson_id: str | None, give_up: bool) -> Solution:
        lesson, progress, number, state = await self._open_step(learner, lesson_id)
        remaining = lesson.solution_after_failures - state.failed_attempts
        unlocked = remaining <= 0 or state.solution_revealed
        if not unlocked and not give_up:
            raise SolutionLocked(remaining, lesson.id)
        revealed = dataclasses.replace(
            state, solution_revealed=True, gave_up=state.gave_up or not unlocked
        )
        await self._save(lesson_state.with_step(progress, number, revealed, self.clock.now()))
        if not state.solution_revealed:
            await self._notify_step(learner, lesson.id, number, revealed)
        code = lesson.step(number).solution
        return Solution(step_number=number, code=code, gave_up=not unlocked, lesson_id=lesson.id)

    async def skip(self, learner: LearnerId, lesson_id: str | None = None) -> StepView:
        """Move on without solving the step (it stays open: the lesson is complete only when
        every step is solved); later steps build on its reference code."""
        async with self._locks.hold(learner):
            lesson, progress, number, state = await self._open_step(learner, lesson_id)
            now = self.clock.now()
            skipped = dataclasses.replace(state, skipped=True)
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

    async def last_submission(self, learner: LearnerId, lesson_id: str | None = None) -> str | None:
        """The learner's latest code for the current step, None if they sent none yet."""
        _, progress, number, _ = await self._open_step(learner, lesson_id)
        attempts = await self._attempts_this_run(progress, number)
        return attempts[-1].code if attempts else None

    async def summary(
        self, learner: LearnerId, also_active: Iterable[date] = ()
    ) -> ProgressSummary:
        """Progress per lesson, answers by mode and the study streak. `also_active` adds
        days of study recorded elsewhere (daily-quiz answers live in the daily store)."""
        stored = {p.lesson_id: p for p in await self.store.list_progress(learner)}
        statuses = []
        for lesson in self.catalog.lessons:
            total = len(lesson.steps)
            progress = stored.get(lesson.id)
            if progress is None:
                statuses.append(
                    LessonStatus(lesson, 0, total, False, False, 1, lesson_state.tally(None, total))
                )
                continue
            progress = lesson_state.fit(progress, lesson)
            counts = lesson_state.tally(progress, total)
            statuses.append(
                LessonStatus(
                    lesson=lesson,
                    done=counts.solved,
                    total=total,
                    started=True,
                    completed=lesson_state.is_complete(progress, lesson),
                    current_step=progress.current_step,
                    tally=counts,
                )
            )
        answers = await self.store.answers(learner)
        quiz_stats = QuizStats(answered=len(answers), correct=sum(1 for a in answers if a.correct))
        by_mode = tuple(
            (mode, QuizStats(len(picked), sum(1 for a in picked if a.correct)))
            for mode in ("practice", "test")
            for picked in [[a for a in answers if a.mode == mode]]
        )
        days = {*await self.store.activity_days(learner), *also_active}
        streak = compute_streak(sorted(days), self.clock.now().date())
        return ProgressSummary(learner, tuple(statuses), quiz_stats, streak, by_mode)
