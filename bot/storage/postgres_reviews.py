"""`PostgresReviewStore`: review cards, history and reminders in the PostgreSQL database.

Shares `PostgresProgressStore`'s pool. Schema in `migrations_pg/0003_reviews.sql`. Several
bot processes may tick reminders at once: `claim_reminder` is one conditional UPDATE, so
exactly one of them wins a day.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.ports import Clock, LearnerId, ReminderSetting, ReviewCard, ReviewEvent, SystemClock
from bot.storage.postgres import PostgresProgressStore
from bot.storage.records import check_learner, utc
from bot.storage.review_records import build_review_export, normal_card, normal_event

_TOUCH = (
    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, '', $2)"
    " ON CONFLICT (id) DO NOTHING"
)
_CARD = (
    "SELECT learner_id, kind, lesson_id, item, source, due, created_at, state, stability,"
    " difficulty, last_review, reviews FROM review_cards"
)
_REMINDER = "SELECT learner_id, enabled, time, timezone, last_sent, note FROM reminders"


class PostgresReviewStore:
    def __init__(self, database: PostgresProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()

    def _now(self) -> datetime:
        return utc(self._clock.now(), "clock.now()")

    async def get_card(self, learner: LearnerId, key: str) -> ReviewCard | None:
        rows = await self._db.fetch(
            f"{_CARD} WHERE learner_id = $1 AND card_key = $2", learner, key
        )
        return _card(rows[0]) if rows else None

    async def save_card(self, card: ReviewCard, event: ReviewEvent | None = None) -> None:
        c = normal_card(card)
        e = None if event is None else normal_event(event)
        async with self._db.transaction() as conn:
            await conn.execute(_TOUCH, c.learner, self._now())
            await conn.execute(
                "INSERT INTO review_cards (learner_id, card_key, kind, lesson_id, item, source,"
                " due, created_at, state, stability, difficulty, last_review, reviews)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                " ON CONFLICT (learner_id, card_key) DO UPDATE SET kind = excluded.kind,"
                " lesson_id = excluded.lesson_id, item = excluded.item, source = excluded.source,"
                " due = excluded.due, created_at = excluded.created_at, state = excluded.state,"
                " stability = excluded.stability, difficulty = excluded.difficulty,"
                " last_review = excluded.last_review, reviews = excluded.reviews",
                c.learner, c.key, c.kind, c.lesson_id, c.item, c.source, c.due, c.created_at,
                c.state, c.stability, c.difficulty, c.last_review, c.reviews,
            )  # fmt: skip
            if e is not None:
                await conn.execute(
                    "INSERT INTO review_events (learner_id, card_key, rating, at, next_due)"
                    " VALUES ($1, $2, $3, $4, $5)",
                    e.learner, e.card_key, e.rating, e.at, e.next_due,
                )  # fmt: skip

    async def cards(self, learner: LearnerId) -> list[ReviewCard]:
        sql = f"{_CARD} WHERE learner_id = $1 ORDER BY due, created_at, card_key"
        return [_card(row) for row in await self._db.fetch(sql, learner)]

    async def events(self, learner: LearnerId) -> list[ReviewEvent]:
        sql = (
            "SELECT learner_id, card_key, rating, at, next_due FROM review_events"
            " WHERE learner_id = $1 ORDER BY at, id"
        )
        rows = await self._db.fetch(sql, learner)
        return [ReviewEvent(r[0], r[1], r[2], utc(r[3]), utc(r[4])) for r in rows]

    async def learners_with_due(self, now: datetime) -> list[LearnerId]:
        sql = "SELECT DISTINCT learner_id FROM review_cards WHERE due <= $1 ORDER BY learner_id"
        return [row[0] for row in await self._db.fetch(sql, utc(now))]

    async def save_reminder(self, setting: ReminderSetting) -> None:
        s = setting
        check_learner(s.learner)
        async with self._db.transaction() as conn:
            await conn.execute(_TOUCH, s.learner, self._now())
            await conn.execute(
                "INSERT INTO reminders (learner_id, enabled, time, timezone, last_sent, note)"
                " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (learner_id) DO UPDATE SET"
                " enabled = excluded.enabled, time = excluded.time,"
                " timezone = excluded.timezone, last_sent = excluded.last_sent,"
                " note = excluded.note",
                s.learner, s.enabled, s.time, s.timezone, s.last_sent, s.note,
            )  # fmt: skip

    async def get_reminder(self, learner: LearnerId) -> ReminderSetting | None:
        rows = await self._db.fetch(f"{_REMINDER} WHERE learner_id = $1", learner)
        return _reminder(rows[0]) if rows else None

    async def enabled_reminders(self) -> list[ReminderSetting]:
        rows = await self._db.fetch(f"{_REMINDER} WHERE enabled ORDER BY learner_id")
        return [_reminder(row) for row in rows]

    async def claim_reminder(self, learner: LearnerId, day: date) -> bool:
        status = await self._db.execute(
            "UPDATE reminders SET last_sent = $2 WHERE learner_id = $1 AND enabled"
            " AND (last_sent IS NULL OR last_sent < $2)",
            learner,
            day,
        )
        return status == "UPDATE 1"

    async def export_reviews(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        reminder = await self.get_reminder(learner)
        return build_review_export(await self.cards(learner), await self.events(learner), reminder)

    async def forget_reviews(self, learner: LearnerId) -> None:
        async with self._db.transaction() as conn:
            for table in ("review_cards", "review_events", "reminders"):
                await conn.execute(f"DELETE FROM {table} WHERE learner_id = $1", learner)


def _card(row: Any) -> ReviewCard:
    return ReviewCard(
        learner=row[0], kind=row[1], lesson_id=row[2], item=row[3], source=row[4],
        due=utc(row[5]), created_at=utc(row[6]), state=row[7], stability=row[8],
        difficulty=row[9], last_review=None if row[10] is None else utc(row[10]),
        reviews=row[11],
    )  # fmt: skip


def _reminder(row: Any) -> ReminderSetting:
    return ReminderSetting(row[0], bool(row[1]), row[2], row[3], row[4], row[5])
