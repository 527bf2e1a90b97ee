"""Typed results of the review desk: what an adapter shows, never how."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.content import Flashcard, Lesson, Question, Step
from bot.core.ports import ReviewCard


@dataclass(frozen=True)
class DueQuestion:
    """A question card to answer now; `remaining` counts the due cards including this one."""

    card: ReviewCard
    lesson: Lesson
    question: Question
    remaining: int


@dataclass(frozen=True)
class DueStep:
    """A coding step to redo now (its task, then the learner's code is checked again)."""

    card: ReviewCard
    lesson: Lesson
    step_number: int
    step: Step
    remaining: int


@dataclass(frozen=True)
class DueFlashcard:
    """A flashcard to recall now: show the term, flip to the meaning, then the learner rates
    how well they knew it (Again / Hard / Good / Easy, `ReviewDesk.rate_flashcard`)."""

    card: ReviewCard
    lesson: Lesson
    flashcard: Flashcard
    remaining: int


@dataclass(frozen=True)
class NothingDue:
    """No card is due; `next_due` says when the soonest one is (None: no cards at all)."""

    next_due: datetime | None
    cards: int


@dataclass(frozen=True)
class ReviewResult:
    """After one review: the verdict, the teaching, and when the card comes back."""

    card: ReviewCard
    lesson: Lesson
    question: Question | None
    choice: int | None
    correct: bool
    rating: int
    remaining: int  # cards still due after this one

    @property
    def next_due(self) -> datetime:
        return self.card.due

    @property
    def explanation(self) -> tuple[str, ...]:
        return self.question.explanation if self.question else ()


@dataclass(frozen=True)
class ReviewSummary:
    """What a reminder or a progress card says about reviews."""

    due: int
    total: int
    next_due: datetime | None


def days_until(due: datetime, now: datetime) -> int:
    """Whole days from `now` until `due`, rounded up (0 when already due)."""
    seconds = (due - now).total_seconds()
    return 0 if seconds <= 0 else int(-(-seconds // 86400))
