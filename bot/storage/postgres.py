"""`PostgresProgressStore`: the `ProgressStore` on a shared PostgreSQL server through asyncpg.

For communities that run several bot processes (see docs/scaling.md). A pool of
connections serves concurrent learners; every method is one statement (atomic by itself)
or one transaction, so a multi-row change is all or nothing. Each write first makes sure
the learner row exists, in the same transaction, like the SQLite store.
Schema in `migrations_pg/`; same tables and behaviour as SQLite (tests/contract runs on both).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import asyncpg

from bot.core.ports import (
    Answer,
    Attempt,
    Clock,
    Learner,
    LearnerId,
    LessonProgress,
    StepState,
    SystemClock,
)
from bot.storage.postgres_schema import DEFAULT_POOL_SIZE, create_pool, redact_url
from bot.storage.records import (
    Opener,
    StoreClosedError,
    build_export,
    check_day,
    check_learner,
    normal_answer,
    normal_attempt,
    normal_progress,
    utc,
)

TOUCH_LEARNER = (
    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, '', $2)"
    " ON CONFLICT (id) DO NOTHING"
)
_UPSERT_LEARNER = (
    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id)"
    " DO UPDATE SET display_name = excluded.display_name"
    " WHERE excluded.display_name <> '' AND excluded.display_name <> learners.display_name"
)
_PROGRESS_COLUMNS = (
    "SELECT p.learner_id, p.lesson_id, p.current_step, p.started_at, p.updated_at,"
    " p.completed_at, s.step, s.accepted_code, s.failed_attempts, s.hints_shown,"
    " s.solution_revealed, s.gave_up, s.skipped"
    " FROM lesson_progress AS p LEFT JOIN step_state AS s USING (learner_id, lesson_id)"
)
# Text is ordered byte-wise (COLLATE "C") so the order matches SQLite's whatever the
# database's locale is.
_PROGRESS_ORDER = ' ORDER BY p.started_at, p.lesson_id COLLATE "C", s.step'
_ATTEMPT_COLUMNS = (
    "SELECT learner_id, lesson_id, step, code, status, passed, summary, at FROM attempts"
)
_ANSWER_COLUMNS = (
    "SELECT learner_id, lesson_id, question_id, choice, correct, mode, at, session, option_order"
    " FROM answers"
)


class PostgresProgressStore:
    """Progress kept in PostgreSQL. Open with `PostgresProgressStore.open(url)`."""

    def __init__(self, pool: asyncpg.Pool, url: str, clock: Clock) -> None:
        self.url = redact_url(url)  # for messages: never the password
        self.pool = pool
        self._clock = clock
        self._closed = False

    @classmethod
    def open(
        cls, url: str, *, clock: Clock | None = None, pool_size: int = DEFAULT_POOL_SIZE
    ) -> Opener[PostgresProgressStore]:
        """Connect, migrate to the latest schema, open the pool.

        Raises `SchemaError` (one line, no password) when the server cannot be used.
        """

        async def factory() -> PostgresProgressStore:
            pool = await create_pool(url, pool_size)
            return cls(pool, url, clock or SystemClock())

        return Opener(factory)

    async def __aenter__(self) -> PostgresProgressStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Wait for calls in progress, then close every connection. Safe to call twice."""
        if not self._closed:
            self._closed = True
            await self.pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection (for the daily store sharing this pool)."""
        if self._closed:
            raise StoreClosedError("the progress store is closed")
        async with self.pool.acquire() as conn:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.connection() as conn, conn.transaction():
            yield conn

    async def fetch(self, sql: str, *params: Any) -> list[asyncpg.Record]:
        async with self.connection() as conn:
            return await conn.fetch(sql, *params)

    async def execute(self, sql: str, *params: Any) -> str:
        async with self.connection() as conn:
            return await conn.execute(sql, *params)

    def now(self) -> Any:
        return utc(self._clock.now(), "clock.now()")

    # ------------------------------------------------------------------ learners

    async def ensure_learner(self, learner: LearnerId, display_name: str = "") -> Learner:
        check_learner(learner)
        async with self.transaction() as conn:
            await conn.execute(_UPSERT_LEARNER, learner, display_name, self.now())
            row = await conn.fetchrow(
                "SELECT id, display_name, created_at FROM learners WHERE id = $1", learner
            )
        return Learner(row[0], row[1], row[2])

    # ------------------------------------------------------------------ progress

    async def get_progress(self, learner: LearnerId, lesson_id: str) -> LessonProgress | None:
        sql = f"{_PROGRESS_COLUMNS} WHERE p.learner_id = $1 AND p.lesson_id = $2 ORDER BY s.step"
        found = _progress_from_rows(await self.fetch(sql, learner, lesson_id))
        return found[0] if found else None

    async def save_progress(self, progress: LessonProgress) -> None:
        p = normal_progress(progress)
        key = (p.learner, p.lesson_id)
        steps = [
            (*key, number, s.accepted_code, s.failed_attempts, s.hints_shown,
             bool(s.solution_revealed), bool(s.gave_up), bool(s.skipped))
            for number, s in enumerate(p.steps, start=1)
        ]  # fmt: skip
        async with self.transaction() as conn:
            await conn.execute(TOUCH_LEARNER, p.learner, self.now())
            await conn.execute(
                "INSERT INTO lesson_progress (learner_id, lesson_id, current_step, started_at,"
                " updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6)"
                " ON CONFLICT (learner_id, lesson_id) DO UPDATE SET"
                " current_step = excluded.current_step, started_at = excluded.started_at,"
                " updated_at = excluded.updated_at, completed_at = excluded.completed_at",
                *key, p.current_step, p.started_at, p.updated_at, p.completed_at,
            )  # fmt: skip
            await conn.execute(
                "DELETE FROM step_state WHERE learner_id = $1 AND lesson_id = $2", *key
            )
            if steps:
                await conn.executemany(
                    "INSERT INTO step_state (learner_id, lesson_id, step, accepted_code,"
                    " failed_attempts, hints_shown, solution_revealed, gave_up, skipped)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    steps,
                )

    async def list_progress(self, learner: LearnerId) -> list[LessonProgress]:
        sql = f"{_PROGRESS_COLUMNS} WHERE p.learner_id = $1{_PROGRESS_ORDER}"
        return _progress_from_rows(await self.fetch(sql, learner))

    async def delete_progress(self, learner: LearnerId, lesson_id: str) -> None:
        await self.execute(
            "DELETE FROM lesson_progress WHERE learner_id = $1 AND lesson_id = $2",
            learner,
            lesson_id,
        )

    # ------------------------------------------------------------------ attempts and answers

    async def record_attempt(self, attempt: Attempt) -> None:
        a = normal_attempt(attempt)
        async with self.transaction() as conn:
            await conn.execute(TOUCH_LEARNER, a.learner, self.now())
            await conn.execute(
                "INSERT INTO attempts (learner_id, lesson_id, step, code, status, passed,"
                " summary, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                a.learner, a.lesson_id, a.step, a.code, a.status, bool(a.passed), a.summary, a.at,
            )  # fmt: skip

    async def attempts(
        self, learner: LearnerId, lesson_id: str, step: int | None = None
    ) -> list[Attempt]:
        sql = f"{_ATTEMPT_COLUMNS} WHERE learner_id = $1 AND lesson_id = $2"
        params: tuple[Any, ...] = (learner, lesson_id)
        if step is not None:
            sql, params = sql + " AND step = $3", (*params, step)
        return [_attempt(row) for row in await self.fetch(sql + " ORDER BY at, id", *params)]

    async def record_answer(self, answer: Answer) -> None:
        a = normal_answer(answer)
        async with self.transaction() as conn:
            await conn.execute(TOUCH_LEARNER, a.learner, self.now())
            await conn.execute(
                "INSERT INTO answers (learner_id, lesson_id, question_id, choice, correct, mode,"
                " session, at, option_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                a.learner, a.lesson_id, a.question_id, a.choice, bool(a.correct), a.mode,
                a.session, a.at, ",".join(map(str, a.order)),
            )  # fmt: skip

    async def answers(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[Answer]:
        sql = f"{_ANSWER_COLUMNS} WHERE learner_id = $1"
        params: list[Any] = [learner]
        if lesson_id is not None:
            params.append(lesson_id)
            sql += f" AND lesson_id = ${len(params)}"
        if mode is not None:
            params.append(mode)
            sql += f" AND mode = ${len(params)}"
        return [_answer(row) for row in await self.fetch(sql + " ORDER BY at, id", *params)]

    # ------------------------------------------------------------------ activity

    async def record_activity(self, learner: LearnerId, day: date) -> None:
        check_learner(learner)
        check_day(day)
        async with self.transaction() as conn:
            await conn.execute(TOUCH_LEARNER, learner, self.now())
            await conn.execute(
                "INSERT INTO activity_days (learner_id, day) VALUES ($1, $2)"
                " ON CONFLICT DO NOTHING",
                learner,
                day,
            )

    async def activity_days(self, learner: LearnerId) -> list[date]:
        sql = "SELECT day FROM activity_days WHERE learner_id = $1 ORDER BY day"
        return [row[0] for row in await self.fetch(sql, learner)]

    # ------------------------------------------------------------------ whole learner

    async def export_learner(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        exported_at = self._clock.now()
        async with (
            self.connection() as conn,
            conn.transaction(isolation="repeatable_read", readonly=True),  # one snapshot
        ):
            person = await conn.fetchrow(
                "SELECT id, display_name, created_at FROM learners WHERE id = $1", learner
            )
            progress = await conn.fetch(
                f"{_PROGRESS_COLUMNS} WHERE p.learner_id = $1{_PROGRESS_ORDER}", learner
            )
            attempts = await conn.fetch(
                f"{_ATTEMPT_COLUMNS} WHERE learner_id = $1 ORDER BY at, id", learner
            )
            answers = await conn.fetch(
                f"{_ANSWER_COLUMNS} WHERE learner_id = $1 ORDER BY at, id", learner
            )
            days = await conn.fetch(
                "SELECT day FROM activity_days WHERE learner_id = $1 ORDER BY day", learner
            )
        return build_export(
            learner,
            None if person is None else Learner(person[0], person[1], person[2]),
            _progress_from_rows(progress),
            [_attempt(r) for r in attempts],
            [_answer(r) for r in answers],
            [r[0] for r in days],
            exported_at=exported_at,
        )

    async def delete_learner(self, learner: LearnerId) -> None:
        """One DELETE; every table cascades from `learners`, all in one transaction."""
        await self.execute("DELETE FROM learners WHERE id = $1", learner)


def _progress_from_rows(rows: list[Any]) -> list[LessonProgress]:
    """Rows of `_PROGRESS_COLUMNS`, grouped by lesson and ordered by step."""
    grouped: dict[tuple[str, str], tuple[Any, list[StepState]]] = {}
    for row in rows:
        _, steps = grouped.setdefault((row[0], row[1]), (row, []))
        if row[6] is not None:
            steps.append(StepState(row[7], row[8], row[9], row[10], row[11], row[12]))
    return [
        LessonProgress(head[0], head[1], head[2], tuple(steps), head[3], head[4], head[5])
        for head, steps in grouped.values()
    ]


def _attempt(row: Any) -> Attempt:
    return Attempt(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


def _answer(row: Any) -> Answer:
    order = tuple(int(i) for i in row[8].split(",")) if row[8] else ()
    return Answer(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], order)
