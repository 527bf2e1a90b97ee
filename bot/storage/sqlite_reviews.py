"""`SQLiteReviewStore`: review cards, their history and reminders in the progress store's file.

Rides on `SQLiteProgressStore`'s connection and worker like the daily store (one writer per
file). Schema in `migrations/0003_reviews.sql`; a learner's rows cascade from `learners`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.core.ports import Clock, LearnerId, ReminderSetting, ReviewCard, ReviewEvent, SystemClock
from bot.storage.records import check_learner, parse_utc, utc_text
from bot.storage.review_records import build_review_export, normal_card, normal_event
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_answers import TOUCH_LEARNER

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]

_CARD = (
    "SELECT learner_id, kind, lesson_id, item, source, due, created_at, state, stability,"
    " difficulty, last_review, reviews FROM review_cards"
)
_REMINDER = "SELECT learner_id, enabled, time, timezone, last_sent, note FROM reminders"


class SQLiteReviewStore:
    def __init__(self, database: SQLiteProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()

    async def _fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        async def job(conn: aiosqlite.Connection) -> list[Any]:
            return list(await conn.execute_fetchall(sql, params))

        return await self._db.run_read(job)

    async def _touch(self, conn: aiosqlite.Connection, learner: LearnerId) -> None:
        await conn.execute(TOUCH_LEARNER, (learner, "", utc_text(self._clock.now())))

    # ------------------------------------------------------------------ cards

    async def get_card(self, learner: LearnerId, key: str) -> ReviewCard | None:
        rows = await self._fetch(f"{_CARD} WHERE learner_id = ? AND card_key = ?", (learner, key))
        return _card(rows[0]) if rows else None

    async def save_card(self, card: ReviewCard, event: ReviewEvent | None = None) -> None:
        c = normal_card(card)
        e = None if event is None else normal_event(event)
        last = None if c.last_review is None else utc_text(c.last_review)
        row = (
            *(c.learner, c.key, c.kind, c.lesson_id, c.item, c.source, utc_text(c.due)),
            *(utc_text(c.created_at), c.state, c.stability, c.difficulty, last, c.reviews),
        )

        async def job(conn: aiosqlite.Connection) -> None:
            await self._touch(conn, c.learner)
            await conn.execute(
                "INSERT OR REPLACE INTO review_cards (learner_id, card_key, kind, lesson_id, item,"
                " source, due, created_at, state, stability, difficulty, last_review, reviews)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            if e is not None:
                await conn.execute(
                    "INSERT INTO review_events (learner_id, card_key, rating, at, next_due)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (e.learner, e.card_key, e.rating, utc_text(e.at), utc_text(e.next_due)),
                )

        await self._db.run_write(job)

    async def cards(self, learner: LearnerId) -> list[ReviewCard]:
        sql = f"{_CARD} WHERE learner_id = ? ORDER BY due, created_at, card_key"
        return [_card(row) for row in await self._fetch(sql, (learner,))]

    async def events(self, learner: LearnerId) -> list[ReviewEvent]:
        sql = (
            "SELECT learner_id, card_key, rating, at, next_due FROM review_events"
            " WHERE learner_id = ? ORDER BY at, id"
        )
        rows = await self._fetch(sql, (learner,))
        return [ReviewEvent(r[0], r[1], r[2], parse_utc(r[3]), parse_utc(r[4])) for r in rows]

    async def learners_with_due(self, now: datetime) -> list[LearnerId]:
        sql = "SELECT DISTINCT learner_id FROM review_cards WHERE due <= ? ORDER BY learner_id"
        return [row[0] for row in await self._fetch(sql, (utc_text(now),))]

    # ------------------------------------------------------------------ reminders

    async def save_reminder(self, setting: ReminderSetting) -> None:
        s = setting
        check_learner(s.learner)
        last = None if s.last_sent is None else s.last_sent.isoformat()

        async def job(conn: aiosqlite.Connection) -> None:
            await self._touch(conn, s.learner)
            await conn.execute(
                "INSERT OR REPLACE INTO reminders (learner_id, enabled, time, timezone, last_sent,"
                " note) VALUES (?, ?, ?, ?, ?, ?)",
                (s.learner, int(s.enabled), s.time, s.timezone, last, s.note),
            )

        await self._db.run_write(job)

    async def get_reminder(self, learner: LearnerId) -> ReminderSetting | None:
        rows = await self._fetch(f"{_REMINDER} WHERE learner_id = ?", (learner,))
        return _reminder(rows[0]) if rows else None

    async def enabled_reminders(self) -> list[ReminderSetting]:
        rows = await self._fetch(f"{_REMINDER} WHERE enabled = 1 ORDER BY learner_id")
        return [_reminder(row) for row in rows]

    async def claim_reminder(self, learner: LearnerId, day: date) -> bool:
        async def job(conn: aiosqlite.Connection) -> bool:
            cursor = await conn.execute(
                "UPDATE reminders SET last_sent = ? WHERE learner_id = ? AND enabled = 1"
                " AND (last_sent IS NULL OR last_sent < ?)",
                (day.isoformat(), learner, day.isoformat()),
            )
            return cursor.rowcount == 1

        return bool(await self._db.run_write(job))

    # ------------------------------------------------------------------ the learner's data

    async def export_reviews(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        reminder = await self.get_reminder(learner)
        return build_review_export(await self.cards(learner), await self.events(learner), reminder)

    async def forget_reviews(self, learner: LearnerId) -> None:
        async def job(conn: aiosqlite.Connection) -> None:
            for table in ("review_cards", "review_events", "reminders"):
                await conn.execute(f"DELETE FROM {table} WHERE learner_id = ?", (learner,))

        await self._db.run_write(job)


def _card(row: Any) -> ReviewCard:
    return ReviewCard(
        learner=row[0], kind=row[1], lesson_id=row[2], item=row[3], source=row[4],
        due=parse_utc(row[5]), created_at=parse_utc(row[6]), state=row[7], stability=row[8],
        difficulty=row[9], last_review=None if row[10] is None else parse_utc(row[10]),
        reviews=row[11],
    )  # fmt: skip


def _reminder(row: Any) -> ReminderSetting:
    last = None if row[4] is None else date.fromisoformat(row[4])
    return ReminderSetting(row[0], bool(row[1]), row[2], row[3], last, row[5])
