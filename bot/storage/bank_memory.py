"""`MemoryQuestionBank`: the `QuestionBankStore` contract in dicts, for fast tests.

`tests/contract/test_question_bank.py` runs the same suite over this, SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.ports import (
    BankQuestion,
    BankSettings,
    BankStatus,
    LearnerId,
    NewBankQuestion,
)
from bot.storage.records import check_learner, utc


class MemoryQuestionBank:
    def __init__(self) -> None:
        self._questions: dict[int, BankQuestion] = {}
        self._settings: dict[int, BankSettings] = {}
        self._next = 1

    def _make(self, new: NewBankQuestion) -> BankQuestion:
        check_learner(new.author)
        at = utc(new.at)
        entry = BankQuestion(
            guild_id=new.guild_id,
            id=self._next,
            body=new.body,
            tags=tuple(new.tags),
            author=new.author,
            author_name=new.author_name,
            status=BankStatus(new.status),
            created_at=at,
            updated_at=at,
            notify=bool(new.notify),
        )
        self._next += 1
        self._questions[entry.id] = entry
        return entry

    async def add_question(
        self, new: NewBankQuestion, max_open: int | None = None
    ) -> BankQuestion | None:
        if (
            max_open is not None
            and await self.open_suggestions(new.guild_id, new.author) >= max_open
        ):
            return None
        return self._make(new)

    async def add_questions(self, new: list[NewBankQuestion]) -> list[BankQuestion]:
        for item in new:
            check_learner(item.author)
            utc(item.at)
        return [self._make(item) for item in new]

    async def get_question(self, guild_id: int, question_id: int) -> BankQuestion | None:
        entry = self._questions.get(question_id)
        return entry if entry is not None and entry.guild_id == guild_id else None

    async def update_question(
        self, guild_id: int, question_id: int, body: str, tags: tuple[str, ...], at: datetime
    ) -> BankQuestion | None:
        entry = await self.get_question(guild_id, question_id)
        if entry is None:
            return None
        entry = replace(entry, body=body, tags=tuple(tags), updated_at=utc(at))
        self._questions[question_id] = entry
        return entry

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
        entry = await self.get_question(guild_id, question_id)
        if entry is None or entry.status not in only_from:
            return None
        entry = replace(
            entry, status=BankStatus(status), reviewer=check_learner(reviewer), updated_at=utc(at)
        )
        self._questions[question_id] = entry
        return entry

    async def set_review_message(
        self, guild_id: int, question_id: int, channel_id: int, message_id: int
    ) -> None:
        entry = await self.get_question(guild_id, question_id)
        if entry is not None:
            self._questions[question_id] = replace(
                entry, review_channel_id=channel_id, review_message_id=message_id
            )

    def _matching(
        self, guild_id: int, status: BankStatus | None, tag: str | None
    ) -> list[BankQuestion]:
        return [
            e
            for e in sorted(self._questions.values(), key=lambda e: -e.id)
            if e.guild_id == guild_id
            and (status is None or e.status == status)
            and (tag is None or tag in e.tags)
        ]

    async def list_questions(
        self,
        guild_id: int,
        status: BankStatus | None = None,
        tag: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[BankQuestion]:
        return self._matching(guild_id, status, tag)[offset : offset + limit]

    async def count_questions(
        self, guild_id: int, status: BankStatus | None = None, tag: str | None = None
    ) -> int:
        return len(self._matching(guild_id, status, tag))

    async def open_suggestions(self, guild_id: int, author: LearnerId) -> int:
        return sum(
            1
            for e in self._questions.values()
            if e.guild_id == guild_id and e.author == author and e.status == BankStatus.SUGGESTED
        )

    async def get_settings(self, guild_id: int) -> BankSettings:
        return self._settings.get(guild_id) or BankSettings(guild_id)

    async def save_settings(self, settings: BankSettings) -> None:
        self._settings[settings.guild_id] = settings
