"""Guided lessons: `TutorEngine`, the pure rules over a learner's progress, and typed outcomes.

Belongs here: starting, submitting, hints, solutions, progress summaries. Not here:
question selection (`quiz`), the daily quiz (`daily`), rendering of any kind.
"""

from __future__ import annotations

from bot.core.lessons.engine import TutorEngine
from bot.core.lessons.outcomes import (
    Hint,
    LessonStatus,
    ProgressSummary,
    Solution,
    StepView,
    Submission,
    Tally,
    TrackStatus,
)
from bot.core.lessons.source import SourceText, clean_source, decode_source
from bot.core.lessons.state import build_job

__all__ = [
    "Hint",
    "LessonStatus",
    "ProgressSummary",
    "Solution",
    "SourceText",
    "StepView",
    "Submission",
    "Tally",
    "TrackStatus",
    "TutorEngine",
    "build_job",
    "clean_source",
    "decode_source",
]
