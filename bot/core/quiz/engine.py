"""`QuestionEngine`: practice and test mode over a lesson's multiple-choice questions.

It needs no code executor, so the daily quiz and question-only surfaces can use it on its
own; `TutorEngine` extends it with the hands-on coding steps. Like the TutorEngine it
touches the world only through its ports (store, clock) and returns typed outcomes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from bot.core.content import Difficulty, Lesson, Question
from bot.core.ports import (
    Answer,
    Clock,
    InvalidChoice,
    LearnerId,
    NoActiveLesson,
    ProgressStore,
    TutorError,
    UnknownLesson,
    UnknownQuestion,
    UnknownTestSession,
)
from bot.core.quiz import selection as quiz
from bot.core.quiz import shuffle
from bot.core.quiz.adaptive import next_adaptive_question
from bot.core.quiz.locks import LearnerLocks
from bot.core.quiz.outcomes import AnswerFeedback, TestReport, TestSession

MODES = ("practice", "test", "daily")

AnswerListener = Callable[[Answer], Awaitable[object]]
log = logging.getLogger(__name__)


class LessonCatalog(Protocol):
    """What the engines need from `bot.core.content.Catalog`."""

    @property
    def lessons(self) -> Iterable[Lesson]: ...

    def get(self, lesson_id: str) -> Lesson | None: ...


class QuestionEngine:
    def __init__(self, catalog: LessonCatalog, store: ProgressStore, clock: Clock) -> None:
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self._locks = LearnerLocks()  # read-decide-write for one learner, one at a time
        self.answer_listeners: list[AnswerListener] = []  # e.g. the review desk

    async def notify_answer(self, answer: Answer) -> None:
        """Tell listeners about a stored answer; their failure never loses the answer."""
        for listen in self.answer_listeners:
            try:
                await listen(answer)
            except Exception:
                log.exception("answer listener failed for %s", answer.learner)

    def replace_catalog(self, catalog: LessonCatalog) -> None:
        """Serve freshly loaded lessons from now on (`/content reload`); progress is kept."""
        self.catalog = catalog

    # ------------------------------------------------------------------ the learner's data

    async def export_data(self, learner: LearnerId) -> dict:
        """Everything stored about the learner, as a JSON-able document (their right to see it)."""
        return await self.store.export_learner(learner)

    async def forget(self, learner: LearnerId) -> None:
        """Erase every row about the learner: progress, attempts, answers, streak days."""
        await self.store.delete_learner(learner)

    # ------------------------------------------------------------------ lookups

    def lessons(self) -> list[Lesson]:
        return list(self.catalog.lessons)

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson with this id, or UnknownLesson listing the ids that exist."""
        lesson = self.catalog.get(lesson_id)
        if lesson is None:
            raise UnknownLesson(lesson_id, [known.id for known in self.catalog.lessons])
        return lesson

    def _question(self, lesson: Lesson, question_id: str) -> Question:
        question = lesson.question(question_id)
        if question is None:
            raise UnknownQuestion(lesson.id, question_id)
        return question

    async def _active(self, learner: LearnerId) -> Lesson:
        """The learner's most recently touched lesson that is not finished."""
        candidates = [p for p in await self.store.list_progress(learner) if not p.completed]
        for progress in sorted(candidates, key=lambda p: p.updated_at, reverse=True):
            lesson = self.catalog.get(progress.lesson_id)
            if lesson is not None:  # progress may outlive a lesson removed from the catalog
                return lesson
        raise NoActiveLesson()

    # ------------------------------------------------------------------ practice

    async def practice_question(
        self,
        learner: LearnerId,
        lesson_id: str | None = None,
        difficulty: Difficulty | str | None = None,
        after: str | None = None,
        adaptive: bool = False,
    ) -> Question:
        """Next practice question, its options in a fresh order: unseen ones first, then
        missed ones, then the least seen.

        Pass the id of the question the session just showed as `after` so it does not come
        straight back. `answer(..., mode="practice")` rebuilds the same option order. With
        `adaptive` and no difficulty, the level follows the learner's record
        (`quiz.adaptive`: missed questions first, stepping up after successes).
        """
        lesson = self.lesson(lesson_id) if lesson_id else await self._active(learner)
        pool = self._pool(lesson, difficulty)
        history = sorted(await self.store.answers(learner, lesson.id), key=lambda a: a.at)
        if adaptive and difficulty is None:
            question = next_adaptive_question(pool, history, after)
        else:
            question = quiz.next_practice_question(pool, history, after)
        assert question is not None  # pool is not empty
        return shuffle.shown(question, self._practice_order(learner, question, history))

    def _pool(self, lesson: Lesson, difficulty: Difficulty | str | None) -> list[Question]:
        pool = [q for q in lesson.questions if difficulty is None or q.difficulty == difficulty]
        if not pool:
            wanted = f"{difficulty} " if difficulty else ""
            raise TutorError(f"Lesson '{lesson.id}' has no {wanted}questions to practise.")
        return pool

    async def practice_covered(
        self, learner: LearnerId, lesson_id: str, difficulty: Difficulty | str | None = None
    ) -> bool:
        """The learner has answered every question of this practice pool at least once."""
        lesson = self.lesson(lesson_id)
        history = await self.store.answers(learner, lesson.id)
        return quiz.pool_covered(self._pool(lesson, difficulty), history)

    @staticmethod
    def _practice_order(
        learner: LearnerId, question: Question, history: Iterable[Answer]
    ) -> shuffle.Order:
        """A new order per delivery: seeded by how often the learner has answered it."""
        deliveries = sum(1 for a in history if a.question_id == question.id)
        return shuffle.option_order(question, f"{learner}:{deliveries}")

    @staticmethod
    def _test_order(session: str, question: Question) -> shuffle.Order:
        return shuffle.option_order(question, f"test:{session}")

    async def answer(
        self,
        learner: LearnerId,
        lesson_id: str,
        question_id: str,
        choice: int,
        mode: str = "practice",
        session: str = "",
    ) -> AnswerFeedback:
        """Record an answer and return the verdict with the question's teaching material.

        `choice` is the position the learner picked among the options as they were shown
        (practice and test shuffle them; the daily quiz shows them as written). The stored
        answer keeps the option as written and the order shown.

        A practice question shown once (`session` names that delivery) takes one answer:
        a second one changes nothing and returns the first, marked `repeated`.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        lesson = self.lesson(lesson_id)
        question = self._question(lesson, question_id)
        if not 0 <= choice < len(question.options):
            raise InvalidChoice(choice, len(question.options))
        if mode != "practice" or not session:
            return await self._record_answer(learner, lesson, question, choice, mode, session)
        async with self._locks.hold(learner):
            for earlier in await self.store.answers(learner, lesson.id, mode="practice"):
                if earlier.session == session and earlier.question_id == question.id:
                    return AnswerFeedback(
                        shuffle.shown(question, earlier.order),
                        shuffle.to_shown(earlier.choice, earlier.order),
                        earlier.correct,
                        mode,
                        repeated=True,
                    )
            return await self._record_answer(learner, lesson, question, choice, mode, session)

    async def _record_answer(
        self,
        learner: LearnerId,
        lesson: Lesson,
        question: Question,
        choice: int,
        mode: str,
        session: str,
    ) -> AnswerFeedback:
        covered = False
        if mode == "practice":
            history = await self.store.answers(learner, lesson.id)
            order = self._practice_order(learner, question, history)
            others = [q for q in lesson.questions if q.id != question.id]
            covered = not any(a.question_id == question.id for a in history) and (
                quiz.pool_covered(others, history)
            )
        elif mode == "test":
            order = self._test_order(session, question)
        else:
            order = ()
        now = self.clock.now()
        await self.store.ensure_learner(learner)
        written = shuffle.to_written(choice, order)
        correct = written == question.correct_index
        stored = Answer(
            learner=learner,
            lesson_id=lesson.id,
            question_id=question.id,
            choice=written,
            correct=correct,
            mode=mode,
            at=now,
            session=session,
            order=order,
        )
        await self.store.record_answer(stored)
        await self.store.record_activity(learner, now.date())
        await self.notify_answer(stored)
        delivered = shuffle.shown(question, order)
        return AnswerFeedback(delivered, choice, correct, mode, pool_covered=covered)

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
        answers = await self.store.answers(learner, lesson.id)
        return TestSession(
            id=session, lesson=lesson, questions=self._draw(lesson, session, answers)
        )

    def _draw(self, lesson: Lesson, session: str, answers: list[Answer]) -> tuple[Question, ...]:
        """The session's questions, options shuffled, avoiding the previous test's questions
        where the bank allows (rebuilt the same from the same stored answers)."""
        tests = [a for a in answers if a.mode == "test"]
        earlier = [a.session for a in tests if a.session and a.session < session]
        previous = max(earlier, default=None)
        recent = frozenset(a.question_id for a in tests if a.session == previous)
        prefer = _unseen_or_missed(lesson, [a for a in answers if a.session != session], session)
        drawn = quiz.draw_test(
            lesson.questions, seed=f"{lesson.id}:{session}", recent=recent, prefer=prefer
        )
        return tuple(shuffle.shown(q, self._test_order(session, q)) for q in drawn)

    async def test_session(
        self, learner: LearnerId, lesson_id: str, session_id: str
    ) -> TestSession:
        """Rebuild a test from its id and the learner's stored answers (after a restart)."""
        if not session_id:
            raise UnknownTestSession(session_id)
        lesson = self.lesson(lesson_id)
        answers = await self.store.answers(learner, lesson.id)
        choices: dict[str, int] = {}  # question id -> position chosen among the shown options
        for stored in answers:
            if stored.mode == "test" and stored.session == session_id:
                shown_at = shuffle.to_shown(stored.choice, stored.order)
                choices.setdefault(stored.question_id, shown_at)  # first answer counts
        questions = self._draw(lesson, session_id, answers)
        return TestSession(id=session_id, lesson=lesson, questions=questions, answers=choices)

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


def _session_start(session: str) -> float | None:
    """The moment a session id made by `_session_id` names (µs since the epoch, in hex)."""
    try:
        return int(session.removeprefix("t"), 16) / 1_000_000 if session.startswith("t") else None
    except ValueError:
        return None


def _unseen_or_missed(lesson: Lesson, answers: Iterable[Answer], session: str) -> frozenset[str]:
    """Questions the learner had not answered, or got wrong the last time, before `session`
    began: what a test prefers to ask (only answers older than the session count, so the
    same session is drawn the same way when it is rebuilt after a restart)."""
    start = _session_start(session)
    last: dict[str, Answer] = {}
    for answer in sorted(answers, key=lambda a: a.at):
        if start is None or answer.at.timestamp() < start:
            last[answer.question_id] = answer
    return frozenset(q.id for q in lesson.questions if q.id not in last or not last[q.id].correct)
