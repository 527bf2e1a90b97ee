"""`SQLiteModeStore`: per-mode progress and answered items in the progress store's file.

Rides on `SQLiteProgressStore`'s connection and worker like the review store (one writer
per file). Schema in `migrations/0007_modes.sql`; a learner's rows cascade from `learners`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite

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
from bot.storage.records import check_learner, parse_utc, utc_text
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_answers import TOUCH_LEARNER

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]

_ROW = (
    "SELECT learner_id, lesson_id, mode, position, done, right_answers, wrong_answers,"
    " started_at, last_visit, state FROM mode_progress"
)
_EVENT = "SELECT learner_id, lesson_id, mode, item, correct, at, detail FROM mode_events"


class SQLiteModeStore:
    def __init__(self, database: SQLiteProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()

    async def _fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        async def job(conn: aiosqlite.Connection) -> list[Any]:
            return list(await conn.execute_fetchall(sql, params))

        return await self._db.run_read(job)

    async def get_mode(self, learner: LearnerId, lesson_id: str, mode: str) -> ModeProgress | None:
        where = " WHERE learner_id = ? AND lesson_id = ? AND mode = ?"
        rows = await self._fetch(_ROW + where, (learner, lesson_id, mode))
        return _progress(rows[0]) if rows else None

    async def save_mode(self, progress: ModeProgress, event: ModeEvent | None = None) -> None:
        p = normal_progress(progress)
        e = None if event is None else normal_event(event)
        row = (
            *(p.learner, p.lesson_id, p.mode, p.position, encode_done(p.done), p.right, p.wrong),
            *(utc_text(p.started_at), utc_text(p.last_visit), encode_state(p.state)),
        )

        async def job(conn: aiosqlite.Connection) -> None:
            await conn.execute(TOUCH_LEARNER, (p.learner, "", utc_text(self._clock.now())))
            await conn.execute(
                "INSERT OR REPLACE INTO mode_progress (learner_id, lesson_id, mode, position,"
                " done, right_answers, wrong_answers, started_at, last_visit, state)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            if e is not None:
                if e.learner != p.learner:
                    await conn.execute(TOUCH_LEARNER, (e.learner, "", utc_text(self._clock.now())))
                correct = None if e.correct is None else int(e.correct)
                await conn.execute(
                    "INSERT INTO mode_events (learner_id, lesson_id, mode, item, correct, at,"
                    " detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (e.learner, e.lesson_id, e.mode, e.item, correct, utc_text(e.at), e.detail),
                )

        await self._db.run_write(job)

    async def modes(self, learner: LearnerId, lesson_id: str | None = None) -> list[ModeProgress]:
        if lesson_id is None:
            rows = await self._fetch(
                f"{_ROW} WHERE learner_id = ? ORDER BY lesson_id, mode", (learner,)
            )
        else:
            sql = f"{_ROW} WHERE learner_id = ? AND lesson_id = ? ORDER BY mode"
            rows = await self._fetch(sql, (learner, lesson_id))
        return [_progress(row) for row in rows]

    async def mode_events(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[ModeEvent]:
        sql, params = f"{_EVENT} WHERE learner_id = ?", [learner]
        if lesson_id is not None:
            sql, params = sql + " AND lesson_id = ?", [*params, lesson_id]
        if mode is not None:
            sql, params = sql + " AND mode = ?", [*params, mode]
        rows = await self._fetch(sql + " ORDER BY at, id", tuple(params))
        return [_event(row) for row in rows]

    async def export_modes(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        return build_mode_export(await self.modes(learner), await self.mode_events(learner))

    async def forget_modes(self, learner: LearnerId) -> None:
        async def job(conn: aiosqlite.Connection) -> None:
            for table in ("mode_progress", "mode_events"):
                await conn.execute(f"DELETE FROM {table} WHERE learner_id = ?", (learner,))

        await self._db.run_write(job)


def _progress(row: Any) -> ModeProgress:
    return ModeProgress(
        learner=row[0], lesson_id=row[1], mode=row[2], position=row[3], done=decode_done(row[4]),
        right=row[5], wrong=row[6], started_at=parse_utc(row[7]), last_visit=parse_utc(row[8]),
        state=decode_state(row[9]),
    )  # fmt: skip


def _event(row: Any) -> ModeEvent:
    correct = None if row[4] is None else bool(row[4])
    return ModeEvent(row[0], row[1], row[2], row[3], correct, parse_utc(row[5]), row[6])
