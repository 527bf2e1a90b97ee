"""`PostgresQuestionBank`: the question bank in the same PostgreSQL database as the progress store.

Several bot processes may add suggestions at once, so the open-suggestion limit is checked
under a transaction-level advisory lock on (guild, author): the count and the insert are
one step for every process. A status change is `UPDATE ... WHERE status IN (...)`, so of
two moderators deciding the same suggestion one wins. Schema in `migrations_pg/0003`.
"""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

from bot.core.ports import (
    BankQuestion,
    BankSettings,
    BankStatus,
    DailySource,
    LearnerId,
    NewBankQuestion,
)
from bot.storage.bank_sqlite import entry_from_row, tags_text
from bot.storage.postgres import PostgresProgressStore
from bot.storage.records import check_learner, utc

_COLUMNS = (
    "SELECT id, guild_id, body, tags, author_id, author_name, status, created_at, updated_at,"
    " reviewer_id, review_channel_id, review_message_id, notify FROM bank_questions"
)
_INSERT = (
    "INSERT INTO bank_questions (guild_id, body, tags, author_id, author_name, status,"
    " created_at, updated_at, notify) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id"
)
_OPEN = (
    "SELECT count(*) FROM bank_questions WHERE guild_id = $1 AND author_id = $2"
    " AND status = 'suggested'"
)
_LOCK = 0x5142  # first key of the advisory lock ("QB"); the second is the author's hash


def _params(new: NewBankQuestion) -> tuple[Any, ...]:
    check_learner(new.author)
    return (
        new.guild_id, new.body, tags_text(new.tags), new.author, new.author_name,
        BankStatus(new.status).value, utc(new.at), bool(new.notify),
    )  # fmt: skip


def _filter(guild_id: int, status: BankStatus | None, tag: str | None) -> tuple[str, list[Any]]:
    sql, params = " WHERE guild_id = $1", [guild_id]
    if status is not None:
        params.append(BankStatus(status).value)
        sql += f" AND status = ${len(params)}"
    if tag is not None:
        params.append(f",{tag},")
        sql += f" AND strpos(tags, ${len(params)}) > 0"
    return sql, params


class PostgresQuestionBank:
    def __init__(self, database: PostgresProgressStore) -> None:
        self._db = database

    async def add_question(
        self, new: NewBankQuestion, max_open: int | None = None
    ) -> BankQuestion | None:
        params = _params(new)
        async with self._db.transaction() as conn:
            if max_open is not None:
                key = zlib.crc32(f"{new.guild_id}:{new.author}".encode()) - 2**31
                await conn.execute("SELECT pg_advisory_xact_lock($1, $2)", _LOCK, key)
                if await conn.fetchval(_OPEN, new.guild_id, new.author) >= max_open:
                    return None
            new_id = await conn.fetchval(_INSERT, *params)
        return await self.get_question(new.guild_id, new_id)

    async def add_questions(self, new: list[NewBankQuestion]) -> list[BankQuestion]:
        rows = [_params(item) for item in new]
        async with self._db.transaction() as conn:
            ids = [await conn.fetchval(_INSERT, *params) for params in rows]
        found = [await self.get_question(n.guild_id, i) for n, i in zip(new, ids, strict=True)]
        return [entry for entry in found if entry is not None]

    async def get_question(self, guild_id: int, question_id: int) -> BankQuestion | None:
        rows = await self._db.fetch(
            f"{_COLUMNS} WHERE guild_id = $1 AND id = $2", guild_id, question_id
        )
        return entry_from_row(rows[0], utc) if rows else None

    async def update_question(
        self, guild_id: int, question_id: int, body: str, tags: tuple[str, ...], at: datetime
    ) -> BankQuestion | None:
        await self._db.execute(
            "UPDATE bank_questions SET body = $3, tags = $4, updated_at = $5"
            " WHERE guild_id = $1 AND id = $2",
            guild_id, question_id, body, tags_text(tags), utc(at),
        )  # fmt: skip
        return await self.get_question(guild_id, question_id)

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
        done = await self._db.execute(
            "UPDATE bank_questions SET status = $3, reviewer_id = $4, updated_at = $5"
            " WHERE guild_id = $1 AND id = $2 AND status = ANY($6::text[])",
            guild_id, question_id, BankStatus(status).value, check_learner(reviewer), utc(at),
            [BankStatus(s).value for s in only_from],
        )  # fmt: skip
        if done != "UPDATE 1":
            return None
        return await self.get_question(guild_id, question_id)

    async def set_review_message(
        self, guild_id: int, question_id: int, channel_id: int, message_id: int
    ) -> None:
        await self._db.execute(
            "UPDATE bank_questions SET review_channel_id = $3, review_message_id = $4"
            " WHERE guild_id = $1 AND id = $2",
            guild_id, question_id, channel_id, message_id,
        )  # fmt: skip

    async def list_questions(
        self,
        guild_id: int,
        status: BankStatus | None = None,
        tag: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[BankQuestion]:
        where, params = _filter(guild_id, status, tag)
        n = len(params)
        rows = await self._db.fetch(
            f"{_COLUMNS}{where} ORDER BY id DESC LIMIT ${n + 1} OFFSET ${n + 2}",
            *params,
            limit,
            offset,
        )
        return [entry_from_row(row, utc) for row in rows]

    async def count_questions(
        self, guild_id: int, status: BankStatus | None = None, tag: str | None = None
    ) -> int:
        where, params = _filter(guild_id, status, tag)
        rows = await self._db.fetch(f"SELECT count(*) FROM bank_questions{where}", *params)
        return int(rows[0][0])

    async def open_suggestions(self, guild_id: int, author: LearnerId) -> int:
        return int((await self._db.fetch(_OPEN, guild_id, author))[0][0])

    async def get_settings(self, guild_id: int) -> BankSettings:
        rows = await self._db.fetch(
            "SELECT review_channel_id, daily_source FROM bank_settings WHERE guild_id = $1",
            guild_id,
        )
        if not rows:
            return BankSettings(guild_id)
        return BankSettings(guild_id, rows[0][0], DailySource(rows[0][1]))

    async def save_settings(self, settings: BankSettings) -> None:
        await self._db.execute(
            "INSERT INTO bank_settings (guild_id, review_channel_id, daily_source)"
            " VALUES ($1, $2, $3) ON CONFLICT (guild_id) DO UPDATE SET"
            " review_channel_id = excluded.review_channel_id,"
            " daily_source = excluded.daily_source",
            settings.guild_id,
            settings.review_channel_id,
            DailySource(settings.daily_source).value,
        )
