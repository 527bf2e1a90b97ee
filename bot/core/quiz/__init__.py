"""Practice and test mode: `QuestionEngine`, which question comes next, how a test is scored.

Belongs here: question selection and scoring rules, their typed outcomes, and the
question-quality lint every question source shares (`lint`). Not here:
the daily quiz's schedule (`daily`) or how questions are shown.
"""

from __future__ import annotations

from bot.core.quiz.engine import LessonCatalog, QuestionEngine
from bot.core.quiz.lint import (
    BankReport,
    Finding,
    Printed,
    Rule,
    lint_bank,
    lint_question,
    output_findings,
)
from bot.core.quiz.locks import LearnerLocks
from bot.core.quiz.outcomes import AnswerFeedback, QuizStats, TestReport

__all__ = [
    "AnswerFeedback",
    "BankReport",
    "Finding",
    "LearnerLocks",
    "LessonCatalog",
    "Printed",
    "QuestionEngine",
    "QuizStats",
    "Rule",
    "TestReport",
    "lint_bank",
    "lint_question",
    "output_findings",
]
