"""`SQLiteQuestionBank`: the question bank in the same SQLite file as the progress store.

Rides on `SQLiteProgressStore`'s single writer like the daily store: counting an author's
open suggestions and adding one happen in the same write transaction, and one writer per
file means no other write can slip in between. Schema in `migrations/0003_question_bank.sql`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import aiosqlite

from bot.core.ports import (
    BankQuestion,
    BankSettings,
    BankStatus,
    DailySource,
    LearnerId,
    NewBankQuestion,
)
from bot.storage.records import check_learner, parse_utc, utc_text
from bot.storage.sqlite import SQLiteProgressStore

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]

_COLUMNS = (
    "SELECT id, guild_id, body, tags, author_id, author_name, status, created_at, updated_at,"
    " reviewer_id, review_channel_id, review_message_id, notify FROM bank_questions"
)
_INSERT = (
    "INSERT INTO bank_questions (guild_id, body, tags, author_id, author_name, status,"
    " created_at, updated_at, notify) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_OPEN = (
    "SELECT count(*) FROM bank_questions WHERE guild_id = ? AND author_id = ?"
    " AND status = 'suggested'"
)


def tags_text(tags: tuple[str, ...] | list[str]) -> str:
    return "," + "".join(f"{tag}," for tag in tags)


def tags_of(text: str) -> tuple[str, ...]:
    return tuple(tag for tag in text.split(",") if tag)


def _params(new: NewBankQuestion) -> tuple[Any, ...]:
    check_learner(new.author)
    at = utc_text(new.at)
    return (
        new.guild_id, new.body, tags_text(new.tags), new.author, new.author_name,
        BankStatus(new.status).value, at, at, int(new.notify),
    )  # fmt: skip


def _filter(guild_id: int, status: BankStatus | None, tag: str | None) -> tuple[str, list[Any]]:
    sql, params = " WHERE guild_id = ?", [guild_id]
    if status is not None:
        sql += " AND status = ?"
        params.append(BankStatus(status).value)
    if tag is not None:
        sql += " AND instr(tags, ?) > 0"
        params.append(f",{tag},")
    return sql, params


class SQLiteQuestionBank:
    def __init__(self, database: SQLiteProgressStore) -> None:
        self._db = database

    async def _fetch(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        async def job(conn: aiosqlite.Connection) -> list[Any]:
            return list(await conn.execute_fetchall(sql, tuple(params)))

        return await self._db.run_read(job)

    async def _execute(self, sql: str, params: tuple[Any, ...]) -> int:
        async def job(conn: aiosqlite.Connection) -> int:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

        return await self._db.run_write(job)

    async def add_question(
        self, new: NewBankQuestion, max_open: int | None = None
    ) -> BankQuestion | None:
        params = _params(new)

        async def job(conn: aiosqlite.Connection) -> int | None:
            if max_open is not None:
                rows = await conn.execute_fetchall(_OPEN, (new.guild_id, new.author))
                if next(iter(rows))[0] >= max_open:
                    return None
            cursor = await conn.execute(_INSERT, params)
            return cursor.lastrowid

        new_id = await self._db.run_write(job)
        return None if new_id is None else await self.get_question(new.guild_id, new_id)

    async def add_questions(self, new: list[NewBankQuestion]) -> list[BankQuestion]:
        rows = [_params(item) for item in new]

        async def job(conn: aiosqlite.Connection) -> list[int]:
            ids = []
            for params in rows:
                cursor = await conn.execute(_INSERT, params)
                ids.append(cursor.lastrowid)
            return ids

        ids = await self._db.run_write(job)
        found = [
            await self.get_question(item.guild_id, i) for item, i in zip(new, ids, strict=True)
        ]
        return [entry for entry in found if entry is not None]

    async def get_question(self, guild_id: int, question_id: int) -> BankQuestion | None:
        rows = await self._fetch(
            f"{_COLUMNS} WHERE guild_id = ? AND id = ?", (guild_id, question_id)
        )
        return entry_from_row(rows[0]) if rows else None

    async def update_question(
        self, guild_id: int, question_id: int, body: str, tags: tuple[str, ...], at: datetime
    ) -> BankQuestion | None:
        await self._execute(
            "UPDATE bank_questions SET body = ?, tags = ?, updated_at = ?"
            " WHERE guild_id = ? AND id = ?",
            (body, tags_text(tags), utc_text(at), guild_id, question_id),
        )
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
        allowed = [BankStatus(s).value for s in only_from] or [""]
        marks = ", ".join("?" for _ in allowed)
        changed = await self._execute(
            "UPDATE bank_questions SET status = ?, reviewer_id = ?, updated_at = ?"
            f" WHERE guild_id = ? AND id = ? AND status IN ({marks})",
            (BankStatus(status).value, check_learner(reviewer), utc_text(at), guild_id,
             question_id, *allowed),
        )  # fmt: skip
        return await self.get_question(guild_id, question_id) if changed == 1 else None

    async def set_review_message(
        self, guild_id: int, question_id: int, channel_id: int, message_id: int
    ) -> None:
        await self._execute(
            "UPDATE bank_questions SET review_channel_id = ?, review_message_id = ?"
            " WHERE guild_id = ? AND id = ?",
            (channel_id, message_id, guild_id, question_id),
        )

    async def list_questions(
        self,
        guild_id: int,
        status: BankStatus | None = None,
        tag: str | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[BankQuestion]:
        where, params = _filter(guild_id, status, tag)
        rows = await self._fetch(
            f"{_COLUMNS}{where} ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset]
        )
        return [entry_from_row(row) for row in rows]

    async def count_questions(
        self, guild_id: int, status: BankStatus | None = None, tag: str | None = None
    ) -> int:
        where, params = _filter(guild_id, status, tag)
        rows = await self._fetch(f"SELECT count(*) FROM bank_questions{where}", params)
        return int(rows[0][0])

    async def open_suggestions(self, guild_id: int, author: LearnerId) -> int:
        return int((await self._fetch(_OPEN, (guild_id, author)))[0][0])

    async def get_settings(self, guild_id: int) -> BankSettings:
        rows = await self._fetch(
            "SELECT review_channel_id, daily_source FROM bank_settings WHERE guild_id = ?",
            (guild_id,),
        )
        if not rows:
            return BankSettings(guild_id)
        return BankSettings(guild_id, rows[0][0], DailySource(rows[0][1]))

    async def save_settings(self, settings: BankSettings) -> None:
        await self._execute(
            "INSERT INTO bank_settings (guild_id, review_channel_id, daily_source)"
            " VALUES (?, ?, ?) ON CONFLICT (guild_id) DO UPDATE SET"
            " review_channel_id = excluded.review_channel_id,"
            " daily_source = excluded.daily_source",
            (
                settings.guild_id,
                settings.review_channel_id,
                DailySource(settings.daily_source).value,
            ),
        )


def entry_from_row(row: Any, when: Callable[[Any], datetime] = parse_utc) -> BankQuestion:
    """A `bank_questions` row (the column order of both stores' SELECT) as a BankQuestion;
    `when` reads a stored timestamp (ISO text here, a timestamptz in PostgreSQL)."""
    return BankQuestion(
        guild_id=row[1],
        id=row[0],
        body=row[2],
        tags=tags_of(row[3]),
        author=row[4],
        author_name=row[5],
        status=BankStatus(row[6]),
        created_at=when(row[7]),
        updated_at=when(row[8]),
        reviewer=row[9],
        review_channel_id=row[10],
        review_message_id=row[11],
        notify=bool(row[12]),
    )
