"""Spaced reviews: cards made from misses, scheduled with FSRS, and the reminder rules.

Belongs here: which misses become cards, how an answer rates a card and when it is due
again (`scheduling`), serving the due ones (`ReviewDesk`), and when a learner's daily
reminder is owed (`reminders`). Not here: what the store keeps (`ports.reviews`), how a
card or reminder looks.
"""

from __future__ import annotations

from bot.core.reviews.desk import CARD_KINDS, MANY_ATTEMPTS, ReviewDesk, StepChecker, UnknownCard
from bot.core.reviews.outcomes import (
    DueFlashcard,
    DueQuestion,
    DueStep,
    NothingDue,
    ReviewResult,
    ReviewSummary,
    days_until,
)
from bot.core.reviews.reminders import (
    DEFAULT_TIME,
    DEFAULT_TIMEZONE,
    ReminderError,
    estimate_minutes,
    local_day,
    parse_time,
    parse_zone,
    reminder_day,
    reminder_text,
    zone_names,
)
from bot.core.reviews.scheduling import RATING_WORDS, Grade, grade, new_card, review

__all__ = [
    "CARD_KINDS",
    "DEFAULT_TIME",
    "DEFAULT_TIMEZONE",
    "MANY_ATTEMPTS",
    "RATING_WORDS",
    "DueFlashcard",
    "DueQuestion",
    "DueStep",
    "Grade",
    "NothingDue",
    "ReminderError",
    "ReviewDesk",
    "ReviewResult",
    "ReviewSummary",
    "StepChecker",
    "UnknownCard",
    "days_until",
    "estimate_minutes",
    "grade",
    "local_day",
    "new_card",
    "parse_time",
    "parse_zone",
    "reminder_day",
    "reminder_text",
    "review",
    "zone_names",
]
