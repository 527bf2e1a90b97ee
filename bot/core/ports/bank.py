"""What the per-server question bank keeps: the values that cross the `QuestionBankStore` port.

A question is kept as `body`, the JSON of the mapping a lesson file would hold for it
(`bot.core.quiz.bank` reads it back through the lesson rules), so the store never needs to
know what makes a question valid. Authors and reviewers are `LearnerId`s ("discord:1234").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.core.ports.progress import LearnerId


class BankStatus(StrEnum):
    SUGGESTED = "suggested"  # written by a member, waiting for a moderator
    APPROVED = "approved"  # in the daily quiz's pool (source: server or both)
    REJECTED = "rejected"
    RETIRED = "retired"  # was approved; no longer asked


class DailySource(StrEnum):
    """Where a server's daily quiz draws its questions from."""

    LESSONS = "lessons"
    SERVER = "server"
    BOTH = "both"


@dataclass(frozen=True)
class NewBankQuestion:
    guild_id: int
    body: str  # JSON of the question's lesson-format mapping
    tags: tuple[str, ...]
    author: LearnerId
    author_name: str  # display name when written, for "suggested by …"; "" credits nobody
    status: BankStatus
    at: datetime
    notify: bool = False  # the author allowed a DM with the review's outcome


@dataclass(frozen=True)
class BankQuestion:
    guild_id: int
    id: int  # per store, shown to moderators as #id
    body: str
    tags: tuple[str, ...]
    author: LearnerId
    author_name: str
    status: BankStatus
    created_at: datetime
    updated_at: datetime
    reviewer: LearnerId | None = None
    review_channel_id: int | None = None  # where its review message is (suggestions)
    review_message_id: int | None = None
    notify: bool = False


@dataclass(frozen=True)
class BankSettings:
    guild_id: int
    review_channel_id: int | None = None
    daily_source: DailySource = DailySource.LESSONS


class QuestionBankStore(Protocol):
    """Every write commits before it returns; status changes are compare-and-set, so two
    moderators clicking at once cannot both decide a suggestion."""

    async def add_question(
        self, new: NewBankQuestion, max_open: int | None = None
    ) -> BankQuestion | None:
        """Store it; None (nothing stored) if `max_open` is set and the author already has
        that many suggestions waiting. Checked and written in one transaction."""
        ...

    async def add_questions(self, new: list[NewBankQuestion]) -> list[BankQuestion]:
        """All of them in one transaction (an import): all stored, or none."""
        ...

    async def get_question(self, guild_id: int, question_id: int) -> BankQuestion | None: ...

    async def update_question(
        self, guild_id: int, question_id: int, body: str, tags: tuple[str, ...], at: datetime
    ) -> BankQuestion | None: ...

    async def set_status(
        self,
        guild_id: int,
        question_id: int,
        status: BankStatus,
        *,
        reviewer: LearnerId,
        at: datetime,
        only_from: tuple[BankStatus, ...],
    ) -> BankQuestion | None:
        """Change the status if it is one of `only_from`; None if it was not (or no such id)."""
        ...

    async def set_review_message(
        self, guild_id: int, question_id: int, channel_id: int, message_id: int
    ) -> None: ...

    async def list_questions(
        self,
        guild_id: int,
        status: BankStatus | None = None,
        tag: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[BankQuestion]:
        """Newest first (by id)."""
        ...

    async def count_questions(
        self, guild_id: int, status: BankStatus | None = None, tag: str | None = None
    ) -> int: ...

    async def open_suggestions(self, guild_id: int, author: LearnerId) -> int: ...

    async def get_settings(self, guild_id: int) -> BankSettings: ...

    async def save_settings(self, settings: BankSettings) -> None: ...
