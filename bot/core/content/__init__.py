"""Lesson content: the frozen model of a lesson and loading it from YAML with located errors.

Belongs here: what a lesson file means (models, mode_models), how it is read and validated
(loader, fields, lesson_reader, check_fields, option_reader, mode_reader, case_reader), the
limits texts must fit, how much of each learning mode a lesson owes (mode_amounts). Not
here: evaluating checks (`checks`), learner progress (`lessons`, `quiz`), anything that
touches Discord or SQL.
"""

from __future__ import annotations

from bot.core.content.limits import ID_PATTERN
from bot.core.content.loader import (
    Catalog,
    keep_live,
    lesson_files,
    load_catalog,
    load_lesson_file,
)
from bot.core.content.mode_amounts import AMOUNTS as MODE_AMOUNTS
from bot.core.content.mode_amounts import mode_shortfalls
from bot.core.content.mode_models import (
    BLANK,
    Case,
    CaseOption,
    CheatSheet,
    ConceptCard,
    Decision,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    ModeContent,
    Pattern,
    PredictItem,
    QuickCheck,
    Term,
)
from bot.core.content.mode_reader import printed_text, same_output
from bot.core.content.models import Difficulty, Lesson, Option, Question, Step, option_letter
from bot.core.content.problems import ContentError, Problem
from bot.core.content.question_source import question_from_fields, questions_from_yaml
from bot.core.content.tracks import Track, next_in_track, tracks

__all__ = [
    "BLANK",
    "ID_PATTERN",
    "MODE_AMOUNTS",
    "Case",
    "CaseOption",
    "Catalog",
    "CheatSheet",
    "ConceptCard",
    "ContentError",
    "Decision",
    "Difficulty",
    "ExampleLine",
    "FillItem",
    "FixItem",
    "Flashcard",
    "Lesson",
    "ModeContent",
    "Option",
    "Pattern",
    "PredictItem",
    "Problem",
    "Question",
    "QuickCheck",
    "Step",
    "Term",
    "Track",
    "keep_live",
    "lesson_files",
    "load_catalog",
    "load_lesson_file",
    "mode_shortfalls",
    "next_in_track",
    "option_letter",
    "printed_text",
    "question_from_fields",
    "questions_from_yaml",
    "same_output",
    "tracks",
]
