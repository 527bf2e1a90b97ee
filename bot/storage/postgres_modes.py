"""`PostgresModeStore`: per-mode progress and answered items in the PostgreSQL database.

Shares `PostgresProgressStore`'s pool. Schema in `migrations_pg/0007_modes.sql`. A row and
its event are written in one transaction, so a crash never keeps one without the other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.ports import Clock, LearnerId, ModeEvent, ModeProgress, SystemClock
from bot.storage.mode_records import (
    build_mode_export,
    decode_done,
    decode_state,
    encode_done,
    encode_state,
    normal_event,
    normal_progress,
)
from bot.storage.postgres import PostgresProgressStore
from bot.storage.records import check_learner, utc

_TOUCH = (
    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, '', $2)"
    " ON CONFLICT (id) DO NOTHING"
)
_ROW = (
    "SELECT learner_id, lesson_id, mode, position, done, right_answers, wrong_answers,"
    " started_at, last_visit, state FROM mode_progress"
)
_EVENT = "SELECT learner_id, lesson_id, mode, item, correct, at, detail FROM mode_events"


class PostgresModeStore:
    def __init__(self, database: PostgresProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()

    def _now(self) -> datetime:
        return utc(self._clock.now(), "clock.now()")

    async def get_mode(self, learner: LearnerId, lesson_id: str, mode: str) -> ModeProgress | None:
        where = " WHERE learner_id = $1 AND lesson_id = $2 AND mode = $3"
        rows = await self._db.fetch(_ROW + where, learner, lesson_id, mode)
        return _progress(rows[0]) if rows else None

    async def save_mode(self, progress: ModeProgress, event: ModeEvent | None = None) -> None:
        p = normal_progress(progress)
        e = None if event is None else normal_event(event)
        async with self._db.transaction() as conn:
            await conn.execute(_TOUCH, p.learner, self._now())
            await conn.execute(
                "INSERT INTO mode_progress (learner_id, lesson_id, mode, position, done,"
                " right_answers, wrong_answers, started_at, last_visit, state)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                " ON CONFLICT (learner_id, lesson_id, mode) DO UPDATE SET"
                " position = excluded.position, done = excluded.done,"
                " right_answers = excluded.right_answers, wrong_answers = excluded.wrong_answers,"
                " started_at = excluded.started_at, last_visit = excluded.last_visit,"
                " state = excluded.state",
                p.learner, p.lesson_id, p.mode, p.position, encode_done(p.done), p.right,
                p.wrong, p.started_at, p.last_visit, encode_state(p.state),
            )  # fmt: skip
            if e is not None:
                if e.learner != p.learner:
                    await conn.execute(_TOUCH, e.learner, self._now())
                await conn.execute(
                    "INSERT INTO mode_events (learner_id, lesson_id, mode, item, correct, at,"
                    " detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    e.learner, e.lesson_id, e.mode, e.item, e.correct, e.at, e.detail,
                )  # fmt: skip

    async def modes(self, learner: LearnerId, lesson_id: str | None = None) -> list[ModeProgress]:
        order = ' ORDER BY lesson_id COLLATE "C", mode COLLATE "C"'
        if lesson_id is None:
            rows = await self._db.fetch(f"{_ROW} WHERE learner_id = $1{order}", learner)
        else:
            sql = f"{_ROW} WHERE learner_id = $1 AND lesson_id = $2{order}"
            rows = await self._db.fetch(sql, learner, lesson_id)
        return [_progress(row) for row in rows]

    async def mode_events(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[ModeEvent]:
        sql = (
            f"{_EVENT} WHERE learner_id = $1 AND ($2::text IS NULL OR lesson_id = $2)"
            " AND ($3::text IS NULL OR mode = $3) ORDER BY at, id"
        )
        rows = await self._db.fetch(sql, learner, lesson_id, mode)
        return [_event(row) for row in rows]

    async def export_modes(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        return build_mode_export(await self.modes(learner), await self.mode_events(learner))

    async def forget_modes(self, learner: LearnerId) -> None:
        async with self._db.transaction() as conn:
            for table in ("mode_progress", "mode_events"):
                await conn.execute(f"DELETE FROM {table} WHERE learner_id = $1", learner)


def _progress(row: Any) -> ModeProgress:
    return ModeProgress(
        learner=row[0], lesson_id=row[1], mode=row[2], position=row[3], done=decode_done(row[4]),
        right=row[5], wrong=row[6], started_at=utc(row[7]), last_visit=utc(row[8]),
        state=decode_state(row[9]),
    )  # fmt: skip


def _event(row: Any) -> ModeEvent:
    return ModeEvent(row[0], row[1], row[2], row[3], row[4], utc(row[5]), row[6])
