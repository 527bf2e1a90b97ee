"""Practice and test mode: `QuestionEngine`, which question comes next, how a test is scored.

Belongs here: question selection and scoring rules, their typed outcomes, and the
question-quality lint every question source shares (`lint`), and the per-server question
bank's rules (`bank`, `bank_yaml`). Not here:
the daily quiz's schedule (`daily`) or how questions are shown.
"""

from __future__ import annotations

from bot.core.quiz.bank import (
    BANK_LESSON,
    MAX_OPEN_SUGGESTIONS,
    BankRuleError,
    Checked,
    Draft,
    body_of,
    check_draft,
    draft_of,
    entry_id,
    question_of,
)
from bot.core.quiz.bank_yaml import export_yaml, import_yaml
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
    "BANK_LESSON",
    "MAX_OPEN_SUGGESTIONS",
    "AnswerFeedback",
    "BankReport",
    "BankRuleError",
    "Checked",
    "Draft",
    "Finding",
    "LearnerLocks",
    "LessonCatalog",
    "Printed",
    "QuestionEngine",
    "QuizStats",
    "Rule",
    "TestReport",
    "body_of",
    "check_draft",
    "draft_of",
    "entry_id",
    "export_yaml",
    "import_yaml",
    "lint_bank",
    "lint_question",
    "output_findings",
    "question_of",
]
