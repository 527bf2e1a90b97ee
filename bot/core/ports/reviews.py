"""The review port: spaced-review cards, their history, and the learners' reminder settings.

A card is one thing a learner got wrong or struggled with (a question, a coding step),
carrying the FSRS memory state that decides when it is due again. `ReviewStore` keeps
cards, every review of them, and reminder settings; memory, SQLite and PostgreSQL
implement it alike (`tests/contract/test_review_store.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from bot.core.ports.progress import LearnerId

QUESTION = "question"
STEP = "step"
FLASHCARD = "flashcard"  # a lesson's flashcard, rated by the learner (the flashcards mode)


@dataclass(frozen=True)
class ReviewCard:
    learner: LearnerId
    kind: str  # QUESTION | STEP | FLASHCARD
    lesson_id: str
    item: str  # question id, the step number as text, or the flashcard id
    source: str  # what made it: "practice" | "test" | "daily" | "step" | "flashcards"
    due: datetime
    created_at: datetime
    state: int = 1  # fsrs.State value (1 learning, 2 review, 3 relearning)
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reviews: int = 0

    @property
    def key(self) -> str:
        """Unique per learner: one card per question or step."""
        return f"{self.kind}:{self.lesson_id}:{self.item}"


@dataclass(frozen=True)
class ReviewEvent:
    """One review of a card: the rating (fsrs.Rating value 1-4) and the due date it set."""

    learner: LearnerId
    card_key: str
    rating: int
    at: datetime
    next_due: datetime


@dataclass(frozen=True)
class ReminderSetting:
    learner: LearnerId
    enabled: bool
    time: str  # "HH:MM", wall clock in `timezone`
    timezone: str  # IANA name
    last_sent: date | None = None  # the learner's local day of the last reminder claimed
    note: str = ""  # why reminders were switched off by the bot (e.g. DMs closed)


class ReviewStore(Protocol):
    """Cards, their history and reminder settings. Every method commits before it returns."""

    async def get_card(self, learner: LearnerId, key: str) -> ReviewCard | None: ...

    async def save_card(self, card: ReviewCard, event: ReviewEvent | None = None) -> None:
        """Insert or replace the card, and append `event` to its history in the same commit."""
        ...

    async def cards(self, learner: LearnerId) -> list[ReviewCard]:
        """All the learner's cards, soonest due first."""
        ...

    async def events(self, learner: LearnerId) -> list[ReviewEvent]: ...

    async def learners_with_due(self, now: datetime) -> list[LearnerId]: ...

    async def save_reminder(self, setting: ReminderSetting) -> None: ...

    async def get_reminder(self, learner: LearnerId) -> ReminderSetting | None: ...

    async def enabled_reminders(self) -> list[ReminderSetting]: ...

    async def claim_reminder(self, learner: LearnerId, day: date) -> bool:
        """Mark `day`'s reminder as sent unless it already was; True only for the one caller
        that claimed it (so a restart or a second process never sends it twice)."""
        ...

    async def export_reviews(self, learner: LearnerId) -> dict[str, Any]: ...

    async def forget_reviews(self, learner: LearnerId) -> None: ...
