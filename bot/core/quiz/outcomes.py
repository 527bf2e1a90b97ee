"""Typed results of the question engine (practice, tests): what an adapter renders, never how.

Frozen values carrying the content objects themselves, so adapters never look anything up
again. No emoji, colours or markup live here."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.content import Difficulty, Lesson, Question

# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class AnswerFeedback:
    """Everything shown after a practice answer: verdict first, then the teaching."""

    question: Question  # as shown: options in the delivered order
    choice: int  # position among the shown options
    correct: bool
    mode: str = "practice"
    repeated: bool = False  # the question was already answered in this delivery: unchanged
    pool_covered: bool = False  # this answer was the lesson's last question not yet answered

    @property
    def correct_index(self) -> int:
        return self.question.correct_index

    @property
    def explanation(self) -> tuple[str, ...]:
        return self.question.explanation

    @property
    def mistakes(self) -> tuple[str, ...]:
        return self.question.mistakes

    @property
    def hint(self) -> str:
        return self.question.hint

    @property
    def quick_check(self) -> str:
        return self.question.quick_check


@dataclass(frozen=True)
class TestSession:
    """A test in progress. Rebuilt from its id and the stored answers, so it survives restarts."""

    id: str
    lesson: Lesson
    questions: tuple[Question, ...]
    answers: dict[str, int] = field(default_factory=dict, hash=False)  # question id → choice

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.id in self.answers)

    @property
    def next_question(self) -> Question | None:
        return next((q for q in self.questions if q.id not in self.answers), None)

    @property
    def next_number(self) -> int:
        """1-based position of `next_question` ("Question 3 of 10")."""
        return self.answered + 1

    @property
    def finished(self) -> bool:
        return self.next_question is None


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    choice: int | None  # None: left unanswered

    @property
    def correct(self) -> bool:
        return self.choice is not None and self.choice == self.question.correct_index


@dataclass(frozen=True)
class DifficultyScore:
    difficulty: Difficulty
    correct: int
    total: int


@dataclass(frozen=True)
class TestReport:
    session_id: str
    lesson: Lesson
    score: int
    total: int
    items: tuple[ReviewItem, ...]  # every question, in the order asked
    by_difficulty: tuple[DifficultyScore, ...]

    @property
    def misses(self) -> tuple[ReviewItem, ...]:
        """Answered wrongly: reviewed with the right answer. Unanswered questions count as
        misses in the score but are not revealed, so a retake still tests them."""
        return tuple(item for item in self.items if item.choice is not None and not item.correct)

    @property
    def unanswered(self) -> int:
        return sum(1 for item in self.items if item.choice is None)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


@dataclass(frozen=True)
class QuizStats:
    answered: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        """Share of correct answers, None before the first answer."""
        return self.correct / self.answered if self.answered else None
