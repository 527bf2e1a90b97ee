"""Practice and test mode: `QuestionEngine`, which question comes next, how a test is scored.

Belongs here: question selection and scoring rules and their typed outcomes. Not here:
the daily quiz's schedule (`daily`) or how questions are shown.
"""

from __future__ import annotations

from bot.core.quiz.engine import LessonCatalog, QuestionEngine
from bot.core.quiz.locks import LearnerLocks
from bot.core.quiz.outcomes import AnswerFeedback, QuizStats, TestReport

__all__ = [
    "AnswerFeedback",
    "LearnerLocks",
    "LessonCatalog",
    "QuestionEngine",
    "QuizStats",
    "TestReport",
]
