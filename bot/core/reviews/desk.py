"""`ReviewDesk`: turns misses into review cards and serves the due ones, one at a time.

The engines call `note_answer` / `note_step` after they store an answer or finish a
step; the surfaces (`/review`, `stepwise review`) call `next_due` and `answer`. Cards
live in the `ReviewStore`; FSRS (`scheduling`) decides when each comes back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import Any, Protocol

from bot.core.content import Lesson
from bot.core.ports import (
    FLASHCARD,
    QUESTION,
    STEP,
    Answer,
    Clock,
    InvalidChoice,
    LearnerId,
    ReviewCard,
    ReviewStore,
    RunResult,
    StepState,
    TutorError,
)
from bot.core.reviews.outcomes import (
    DueFlashcard,
    DueQuestion,
    DueStep,
    NothingDue,
    ReviewResult,
    ReviewSummary,
)
from bot.core.reviews.scheduling import Grade, grade, new_card, review

CARD_KINDS = (QUESTION, STEP, FLASHCARD)
MANY_ATTEMPTS = 3  # a step passed after this many failed attempts becomes a card

StepChecker = Callable[[LearnerId, str, int, str], Awaitable[RunResult]]


class CatalogHolder(Protocol):
    """Anything with the current lessons (the engine: its catalog is replaced on reload)."""

    @property
    def catalog(self) -> Any: ...


class UnknownCard(TutorError):
    def __init__(self) -> None:
        super().__init__("That review card no longer exists; run the review again.")


class ReviewDesk:
    def __init__(
        self,
        lessons: CatalogHolder,
        store: ReviewStore,
        clock: Clock,
        check_step: StepChecker | None = None,
    ) -> None:
        self.lessons = lessons
        self.store = store
        self.clock = clock
        self.check_step = check_step

    def _lesson(self, lesson_id: str) -> Lesson | None:
        return self.lessons.catalog.get(lesson_id)

    # ------------------------------------------------------------------ making cards

    async def note_answer(self, answer: Answer) -> ReviewCard | None:
        """A stored practice/test/daily answer: a miss makes (or reschedules) a card; a right
        answer to a question that already has a card reviews it as Good."""
        key = f"{QUESTION}:{answer.lesson_id}:{answer.question_id}"
        card = await self.store.get_card(answer.learner, key)
        if card is None:
            if answer.correct:
                return None
            card = new_card(
                answer.learner, QUESTION, answer.lesson_id, answer.question_id, answer.mode,
                answer.at,
            )  # fmt: skip
        elif card.last_review is not None and answer.at <= card.last_review:
            return card  # an older answer replayed: already counted
        updated, event = review(card, grade(answer.correct), answer.at)
        await self.store.save_card(updated, event)
        return updated

    async def note_step(
        self, learner: LearnerId, lesson_id: str, number: int, state: StepState, at: datetime
    ) -> ReviewCard | None:
        """A finished step: one that needed the solution (Again) or many attempts (Hard)
        becomes a card; an easy pass makes none."""
        if state.solution_revealed or state.gave_up:
            rating = Grade.AGAIN
        elif state.failed_attempts >= MANY_ATTEMPTS:
            rating = Grade.HARD
        else:
            return None
        key = f"{STEP}:{lesson_id}:{number}"
        card = await self.store.get_card(learner, key)
        if card is None:
            card = new_card(learner, STEP, lesson_id, str(number), "step", at)
        updated, event = review(card, rating, at)
        await self.store.save_card(updated, event)
        return updated

    async def note_flashcard(
        self, learner: LearnerId, lesson_id: str, card_id: str, rating: Grade, at: datetime
    ) -> ReviewCard:
        """A flashcard rated in the flashcards mode: every rating schedules its card (one
        scheduler for every kind of card)."""
        key = f"{FLASHCARD}:{lesson_id}:{card_id}"
        card = await self.store.get_card(learner, key)
        if card is None:
            card = new_card(learner, FLASHCARD, lesson_id, card_id, "flashcards", at)
        elif card.last_review is not None and at <= card.last_review:
            return card  # the same rating replayed
        updated, event = review(card, rating, at)
        await self.store.save_card(updated, event)
        return updated

    # ------------------------------------------------------------------ serving cards

    def _servable(self, card: ReviewCard) -> bool:
        """Cards whose lesson, question or step was removed from the content are not served."""
        lesson = self._lesson(card.lesson_id)
        if lesson is None:
            return False
        if card.kind == QUESTION:
            return lesson.question(card.item) is not None
        if card.kind == FLASHCARD:
            return any(f.id == card.item for f in lesson.modes.flashcards)
        return card.item.isdigit() and 1 <= int(card.item) <= len(lesson.steps)

    async def _due(
        self, learner: LearnerId, now: datetime, kinds: Collection[str] = CARD_KINDS
    ) -> list[ReviewCard]:
        cards = await self.store.cards(learner)
        return [c for c in cards if c.due <= now and c.kind in kinds and self._servable(c)]

    async def summary(self, learner: LearnerId) -> ReviewSummary:
        now = self.clock.now()
        cards = [c for c in await self.store.cards(learner) if self._servable(c)]
        due = [c for c in cards if c.due <= now]
        later = [c.due for c in cards if c.due > now]
        return ReviewSummary(len(due), len(cards), min(later) if later else None)

    async def next_due(
        self, learner: LearnerId, kinds: Collection[str] = CARD_KINDS
    ) -> DueQuestion | DueStep | DueFlashcard | NothingDue:
        """The card that has waited longest, or when the next one is due; `kinds` limits
        the cards served to those a surface can show."""
        now = self.clock.now()
        due = await self._due(learner, now, kinds)
        if not due:
            summary = await self.summary(learner)
            return NothingDue(summary.next_due, summary.total)
        card = due[0]
        lesson = self._lesson(card.lesson_id)
        assert lesson is not None  # _servable
        if card.kind == QUESTION:
            question = lesson.question(card.item)
            assert question is not None
            return DueQuestion(card, lesson, question, len(due))
        if card.kind == FLASHCARD:
            flashcard = next(f for f in lesson.modes.flashcards if f.id == card.item)
            return DueFlashcard(card, lesson, flashcard, len(due))
        number = int(card.item)
        return DueStep(card, lesson, number, lesson.step(number), len(due))

    async def _card(self, learner: LearnerId, key: str) -> tuple[ReviewCard, Lesson]:
        card = await self.store.get_card(learner, key)
        if card is None or not self._servable(card):
            raise UnknownCard()
        lesson = self._lesson(card.lesson_id)
        assert lesson is not None
        return card, lesson

    async def answer(
        self,
        learner: LearnerId,
        key: str,
        choice: int,
        *,
        seconds: float | None = None,
        hinted: bool = False,
    ) -> ReviewResult:
        """Grade a question card's answer, reschedule it, return the teaching and next date."""
        card, lesson = await self._card(learner, key)
        question = lesson.question(card.item)
        if card.kind != QUESTION or question is None:
            raise UnknownCard()
        if not 0 <= choice < len(question.options):
            raise InvalidChoice(choice, len(question.options))
        correct = choice == question.correct_index
        rating = grade(correct, hinted=hinted, seconds=seconds)
        return await self._rate(card, lesson, rating, correct, question=question, choice=choice)

    async def answer_step(
        self, learner: LearnerId, key: str, code: str, *, seconds: float | None = None
    ) -> tuple[ReviewResult, RunResult]:
        """Check the learner's code for a step card in the sandbox, then reschedule it."""
        card, lesson = await self._card(learner, key)
        if card.kind != STEP or self.check_step is None:
            raise UnknownCard()
        run = await self.check_step(learner, lesson.id, int(card.item), code)
        rating = grade(run.passed, seconds=seconds)
        return await self._rate(card, lesson, rating, run.passed), run

    async def rate_flashcard(self, learner: LearnerId, key: str, rating: Grade) -> ReviewResult:
        """The learner's own rating of a due flashcard (after flipping it): Again is a miss."""
        card, lesson = await self._card(learner, key)
        if card.kind != FLASHCARD:
            raise UnknownCard()
        return await self._rate(card, lesson, Grade(rating), rating != Grade.AGAIN)

    async def _rate(
        self,
        card: ReviewCard,
        lesson: Lesson,
        rating: Grade,
        correct: bool,
        **shown: Any,
    ) -> ReviewResult:
        now = self.clock.now()
        updated, event = review(card, rating, now)
        await self.store.save_card(updated, event)
        remaining = len(await self._due(card.learner, now))
        return ReviewResult(
            card=updated,
            lesson=lesson,
            question=shown.get("question"),
            choice=shown.get("choice"),
            correct=correct,
            rating=int(rating),
            remaining=remaining,
        )

    # ------------------------------------------------------------------ the learner's data

    async def export(self, learner: LearnerId) -> dict[str, Any]:
        return await self.store.export_reviews(learner)

    async def forget(self, learner: LearnerId) -> None:
        await self.store.forget_reviews(learner)
