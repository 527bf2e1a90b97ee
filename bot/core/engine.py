"""`TutorEngine`: the rules of a lesson, the same for Discord and the terminal.

An adapter turns one user action into one engine call and renders the typed outcome
(`bot.core.outcomes`). The engine touches the world only through its ports: it runs code
through a `CodeExecutor`, remembers through a `ProgressStore`, and asks a `Clock` for the
time. It holds no per-learner state of its own except which learners have a submission
running, so any number of adapters can share one engine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from bot.core import quiz
from bot.core.errors import (
    EvaluationInProgress,
    InvalidChoice,
    LessonComplete,
    NoActiveLesson,
    NoMoreHints,
    SolutionLocked,
    TutorError,
    UnknownLesson,
    UnknownQuestion,
    UnknownTestSession,
)
from bot.core.models import Difficulty, Lesson, Question
from bot.core.outcomes import (
    AnswerFeedback,
    Hint,
    LessonStatus,
    ProgressSummary,
    QuizStats,
    Solution,
    StepView,
    Submission,
    TestReport,
    TestSession,
)
from bot.core.ports import (
    Answer,
    Attempt,
    Clock,
    CodeExecutor,
    LearnerId,
    LessonProgress,
    Program,
    ProgressStore,
    RunJob,
    RunResult,
    StepState,
)
from bot.core.streaks import compute_streak

SUBMISSION_NAME = "your code"  # what tracebacks call the learner's new program
MODES = ("practice", "test", "daily")


class LessonCatalog(Protocol):
    """What the engine needs from `bot.core.content.Catalog`."""

    @property
    def lessons(self) -> Iterable[Lesson]: ...

    def get(self, lesson_id: str) -> Lesson | None: ...


def _steps_done(progress: LessonProgress, total: int) -> int:
    """Steps behind the learner (passed or skipped); a revealed solution alone is not done."""
    return min(progress.current_step - 1, total)


def _summary_line(result: RunResult) -> str:
    if result.passed:
        return "passed"
    if result.error is not None:
        return result.error.friendly or f"{result.error.type}: {result.error.message}"
    if result.detail:
        return result.detail
    failed = result.failed_checks
    return failed[0].message if failed else str(result.status)


def build_job(
    lesson: Lesson, step_number: int, code: str, earlier: Sequence[str] | None = None
) -> RunJob:
    """The job that checks `code` as step `step_number` of `lesson`.

    `earlier` is the code of steps 1..N-1, run first in the same namespace; by default the
    reference solutions (what `stepwise check` and `stepwise content check` use).
    """
    if earlier is None:
        earlier = [lesson.step(i).solution for i in range(1, step_number)]
    programs = [Program(name=f"step {i}", code=c) for i, c in enumerate(earlier, start=1)]
    programs.append(Program(name=SUBMISSION_NAME, code=code))
    return RunJob(
        programs=tuple(programs),
        checks=lesson.step(step_number).checks,
        packages=lesson.packages,
    )


class TutorEngine:
    def __init__(
        self, catalog: LessonCatalog, executor: CodeExecutor, store: ProgressStore, clock: Clock
    ) -> None:
        self.catalog = catalog
        self.executor = executor
        self.store = store
        self.clock = clock
        self._evaluating: set[LearnerId] = set()

    # ------------------------------------------------------------------ lookups

    def lessons(self) -> list[Lesson]:
        return list(self.catalog.lessons)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id, or UnknownLesson listing the ids that exist."""
        try:
            lesson = self.catalog.get(lesson_id)
        except KeyError:
            lesson = None
        if lesson is None:
            raise UnknownLesson(lesson_id, [known.id for known in self.catalog.lessons])
        return lesson

    def _question(self, lesson: Lesson, question_id: str) -> Question:
        question = lesson.question(question_id)
        if question is None:
            raise UnknownQuestion(lesson.id, question_id)
        return question

    # ------------------------------------------------------------------ progress plumbing

    def _fresh(self, learner: LearnerId, lesson: Lesson) -> LessonProgress:
        now = self.clock.now()
        return LessonProgress(
            learner=learner,
            lesson_id=lesson.id,
            current_step=1,
            steps=tuple(StepState() for _ in lesson.steps),
            started_at=now,
            updated_at=now,
        )

    @staticmethod
    def _fit(progress: LessonProgress, lesson: Lesson) -> LessonProgress:
        """Stored progress reshaped to the lesson as it is now (authors add/remove steps)."""
        total = len(lesson.steps)
        steps = progress.steps[:total] + tuple(
            StepState() for _ in range(total - len(progress.steps))
        )
        current = min(max(progress.current_step, 1), total + 1)
        if steps == progress.steps and current == progress.current_step:
            return progress
        return dataclasses.replace(progress, steps=steps, current_step=current)

    async def _progress(
        self, learner: LearnerId, lesson: Lesson, display_name: str = ""
    ) -> LessonProgress:
        """The learner's progress in `lesson`, starting it (and the learner) if needed."""
        progress = await self.store.get_progress(learner, lesson.id)
        if progress is None:
            await self.store.ensure_learner(learner, display_name)
            progress = self._fresh(learner, lesson)
            await self.store.save_progress(progress)
            return progress
        return self._fit(progress, lesson)

    async def _active(self, learner: LearnerId) -> Lesson:
        candidates = [p for p in await self.store.list_progress(learner) if not p.completed]
        for progress in sorted(candidates, key=lambda p: p.updated_at, reverse=True):
            try:
                return self.lesson(progress.lesson_id)
            except UnknownLesson:
                continue  # progress in a lesson that was removed from the catalog
        raise NoActiveLesson()

    async def _resolve(
        self, learner: LearnerId, lesson_id: str | None
    ) -> tuple[Lesson, LessonProgress]:
        lesson = self.lesson(lesson_id) if lesson_id else await self._active(learner)
        return lesson, await self._progress(learner, lesson)

    async def _save(
        self, progress: LessonProgress, step_index: int, state: StepState, **changes: object
    ) -> LessonProgress:
        steps = list(progress.steps)
        steps[step_index - 1] = state
        updated = dataclasses.replace(
            progress, steps=tuple(steps), updated_at=self.clock.now(), **changes
        )
        await self.store.save_progress(updated)
        return updated

    async def _record_activity(self, learner: LearnerId, at: datetime) -> None:
        await self.store.record_activity(learner, at.date())

    async def _view(
        self, lesson: Lesson, progress: LessonProgress, last_passed: bool | None = None
    ) -> StepView:
        total = len(lesson.steps)
        completed = progress.completed or progress.current_step > total
        if last_passed is None:
            attempts = await self.store.attempts(progress.learner, lesson.id)
            last_passed = attempts[-1].passed if attempts else None
        if completed:
            return StepView(
                lesson=lesson,
                step=None,
                number=total + 1,
                total=total,
                done=_steps_done(progress, total),
                is_first=False,
                completed=True,
                last_passed=last_passed,
            )
        number = progress.current_step
        state = progress.steps[number - 1]
        step = lesson.step(number)
        unlocked = state.failed_attempts >= lesson.solution_after_failures
        return StepView(
            lesson=lesson,
            step=step,
            number=number,
            total=total,
            done=_steps_done(progress, total),
            is_first=number == 1 and state == StepState(),
            failed_attempts=state.failed_attempts,
            hints_shown=state.hints_shown,
            hints_total=len(step.hints),
            solution_available=unlocked or state.solution_revealed,
            solution_revealed=state.solution_revealed,
            completed=False,
            last_passed=last_passed,
        )

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
        return await self._view(lesson, progress, last_passed=None)

    @staticmethod
    def _earlier_code(lesson: Lesson, progress: LessonProgress, upto: int) -> list[str]:
        """Accepted code of steps before `upto`; a skipped step contributes its reference."""
        codes = []
        for index in range(1, upto):
            accepted = progress.steps[index - 1].accepted_code
            codes.append(lesson.step(index).solution if accepted is None else accepted)
        return codes

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

    def is_evaluating(self, learner: LearnerId) -> bool:
        return learner in self._evaluating

    async def _submit(self, learner: LearnerId, lesson_id: str | None, code: str) -> Submission:
        lesson, progress = await self._resolve(learner, lesson_id)
        if progress.completed or progress.current_step > len(lesson.steps):
            raise LessonComplete(lesson.id)
        number = progress.current_step
        earlier = self._earlier_code(lesson, progress, number)
        result = await self.executor.run(build_job(lesson, number, code, earlier))

        now = self.clock.now()
        await self.store.record_attempt(
            Attempt(
                learner=learner,
                lesson_id=lesson.id,
                step=number,
                code=code,
                status=str(result.status),
                passed=result.passed,
                summary=_summary_line(result),
                at=now,
            )
        )
        await self._record_activity(learner, now)

        state = progress.steps[number - 1]
        if result.passed:
            finished = number == len(lesson.steps)
            progress = await self._save(
                progress,
                number,
                dataclasses.replace(state, accepted_code=code),
                current_step=number + 1,
                completed_at=now if finished else progress.completed_at,
            )
            view = await self._view(lesson, progress, last_passed=True)
            return Submission(
                result=result, passed=True, step_number=number, view=view, completed=finished
            )

        failed = state.failed_attempts + 1
        progress = await self._save(
            progress, number, dataclasses.replace(state, failed_attempts=failed)
        )
        view = await self._view(lesson, progress, last_passed=False)
        return Submission(
            result=result,
            passed=False,
            step_number=number,
            view=view,
            solution_unlocked=failed == lesson.solution_after_failures
            and not state.solution_revealed,
            hint_suggested=state.hints_shown < len(lesson.step(number).hints),
        )

    def _open_step(self, lesson: Lesson, progress: LessonProgress) -> int:
        if progress.completed or progress.current_step > len(lesson.steps):
            raise LessonComplete(lesson.id)
        return progress.current_step

    async def hint(self, learner: LearnerId, lesson_id: str | None = None) -> Hint:
        """The next unseen hint of the current step, one at a time."""
        lesson, progress = await self._resolve(learner, lesson_id)
        number = self._open_step(lesson, progress)
        step, state = lesson.step(number), progress.steps[number - 1]
        if state.hints_shown >= len(step.hints):
            raise NoMoreHints(len(step.hints))
        shown = state.hints_shown + 1
        await self._save(progress, number, dataclasses.replace(state, hints_shown=shown))
        return Hint(
            step_number=number, number=shown, total=len(step.hints), text=step.hints[shown - 1]
        )

    async def solution(
        self, learner: LearnerId, lesson_id: str | None = None, give_up: bool = False
    ) -> Solution:
        """The reference solution, once unlocked by failed attempts or an explicit give-up."""
        lesson, progress = await self._resolve(learner, lesson_id)
        number = self._open_step(lesson, progress)
        state = progress.steps[number - 1]
        remaining = lesson.solution_after_failures - state.failed_attempts
        unlocked = remaining <= 0 or state.solution_revealed
        if not unlocked and not give_up:
            raise SolutionLocked(remaining)
        gave_up = state.gave_up or not unlocked
        await self._save(
            progress, number, dataclasses.replace(state, solution_revealed=True, gave_up=gave_up)
        )
        return Solution(step_number=number, code=lesson.step(number).solution, gave_up=not unlocked)

    async def skip(self, learner: LearnerId, lesson_id: str | None = None) -> StepView:
        """Give up on the current step and move on; later steps build on its reference code."""
        lesson, progress = await self._resolve(learner, lesson_id)
        number = self._open_step(lesson, progress)
        state = progress.steps[number - 1]
        finished = number == len(lesson.steps)
        now = self.clock.now()
        progress = await self._save(
            progress,
            number,
            dataclasses.replace(state, gave_up=True),
            current_step=number + 1,
            completed_at=now if finished else progress.completed_at,
        )
        await self._record_activity(learner, now)
        return await self._view(lesson, progress, last_passed=None)

    async def last_code(self, learner: LearnerId, lesson_id: str | None = None) -> str:
        """What to prefill an editor with: the latest attempt at this step, or its starter."""
        lesson, progress = await self._resolve(learner, lesson_id)
        number = self._open_step(lesson, progress)
        attempts = await self.store.attempts(learner, lesson.id, number)
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
            progress = self._fit(progress, lesson)
            completed = progress.completed or progress.current_step > total
            statuses.append(
                LessonStatus(
                    lesson,
                    _steps_done(progress, total),
                    total,
                    True,
                    completed,
                    progress.current_step,
                )
            )
        answers = await self.store.answers(learner)
        quiz_stats = QuizStats(answered=len(answers), correct=sum(1 for a in answers if a.correct))
        streak = compute_streak(await self.store.activity_days(learner), self.clock.now().date())
        return ProgressSummary(learner, tuple(statuses), quiz_stats, streak)

    # ------------------------------------------------------------------ practice

    async def practice_question(
        self,
        learner: LearnerId,
        lesson_id: str | None = None,
        difficulty: Difficulty | str | None = None,
    ) -> Question:
        """Next practice question: missed ones first, then the least seen."""
        lesson = self.lesson(lesson_id) if lesson_id else await self._active(learner)
        pool = [q for q in lesson.questions if difficulty is None or q.difficulty == difficulty]
        if not pool:
            wanted = f"{difficulty} " if difficulty else ""
            raise TutorError(f"Lesson '{lesson.id}' has no {wanted}questions to practise.")
        history = sorted(await self.store.answers(learner, lesson.id), key=lambda a: a.at)
        question = quiz.next_practice_question(pool, history)
        assert question is not None  # pool is not empty
        return question

    async def answer(
        self,
        learner: LearnerId,
        lesson_id: str,
        question_id: str,
        choice: int,
        mode: str = "practice",
        session: str = "",
    ) -> AnswerFeedback:
        """Record an answer and return the verdict with the question's teaching material."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        lesson = self.lesson(lesson_id)
        question = self._question(lesson, question_id)
        if not 0 <= choice < len(question.options):
            raise InvalidChoice(choice, len(question.options))
        now = self.clock.now()
        await self.store.ensure_learner(learner)
        correct = choice == question.correct_index
        await self.store.record_answer(
            Answer(
                learner=learner,
                lesson_id=lesson.id,
                question_id=question.id,
                choice=choice,
                correct=correct,
                mode=mode,
                at=now,
                session=session,
            )
        )
        await self._record_activity(learner, now)
        return AnswerFeedback(question=question, choice=choice, correct=correct, mode=mode)

    # ------------------------------------------------------------------ test mode

    def _session_id(self, learner: LearnerId) -> str:
        stamp = int(self.clock.now().timestamp() * 1_000_000)
        return f"t{stamp:x}"

    async def start_test(
        self, learner: LearnerId, lesson_id: str, session_id: str | None = None
    ) -> TestSession:
        """A new test: up to 10 questions balanced over difficulties, drawn from the id."""
        lesson = self.lesson(lesson_id)
        if not lesson.questions:
            raise TutorError(f"Lesson '{lesson.id}' has no questions to test you on.")
        await self.store.ensure_learner(learner)
        session = session_id or self._session_id(learner)
        questions = quiz.draw_test(lesson.questions, seed=f"{lesson.id}:{session}")
        return TestSession(id=session, lesson=lesson, questions=tuple(questions))

    async def test_session(
        self, learner: LearnerId, lesson_id: str, session_id: str
    ) -> TestSession:
        """Rebuild a test from its id and the learner's stored answers (after a restart)."""
        if not session_id:
            raise UnknownTestSession(session_id)
        lesson = self.lesson(lesson_id)
        questions = quiz.draw_test(lesson.questions, seed=f"{lesson.id}:{session_id}")
        choices: dict[str, int] = {}
        for stored in await self.store.answers(learner, lesson.id, mode="test"):
            if stored.session == session_id:
                choices.setdefault(stored.question_id, stored.choice)  # first answer counts
        return TestSession(
            id=session_id, lesson=lesson, questions=tuple(questions), answers=choices
        )

    async def answer_test(
        self, learner: LearnerId, lesson_id: str, session_id: str, question_id: str, choice: int
    ) -> TestSession:
        """Record a test answer without feedback; answering the same question twice is a no-op."""
        session = await self.test_session(learner, lesson_id, session_id)
        if not any(q.id == question_id for q in session.questions):
            raise UnknownQuestion(lesson_id, question_id)
        if question_id not in session.answers:
            await self.answer(learner, lesson_id, question_id, choice, "test", session_id)
            session = dataclasses.replace(session, answers={**session.answers, question_id: choice})
        return session

    async def finish_test(self, learner: LearnerId, lesson_id: str, session_id: str) -> TestReport:
        """Score the test; unanswered questions count as misses and appear in the review."""
        session = await self.test_session(learner, lesson_id, session_id)
        items = quiz.review(session.questions, session.answers)
        return TestReport(
            session_id=session.id,
            lesson=session.lesson,
            score=sum(1 for item in items if item.correct),
            total=len(items),
            items=items,
            by_difficulty=quiz.score_by_difficulty(items),
        )
