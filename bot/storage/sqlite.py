"""`SQLiteProgressStore`: the `ProgressStore` on one SQLite file through aiosqlite.

Every method is one job for the `ConnectionWorker`, which owns the connection and commits
queued writes together (see `sqlite_worker`). Each write job first makes sure the learner
row exists, so callers never need to call `ensure_learner` before writing.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import aiosqlite

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
from bot.storage.records import (
    Opener,
    build_export,
    check_day,
    check_learner,
    normal_answer,
    normal_attempt,
    normal_progress,
    parse_utc,
    utc_text,
)
from bot.storage.sqlite_schema import (
    DEFAULT_BUSY_TIMEOUT_MS,
    DEFAULT_SYNCHRONOUS,
    SchemaError,
    connection_pragmas,
    prepare,
)
from bot.storage.sqlite_worker import ConnectionWorker, Job, Statement, Write

_ENSURE = "INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) "
_TOUCH_LEARNER = "INSERT INTO learners (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
_UPSERT_LEARNER = _ENSURE + (
    "DO UPDATE SET display_name = excluded.display_name "
    "WHERE excluded.display_name != '' AND excluded.display_name != learners.display_name"
)
_PROGRESS_COLUMNS = (
    "SELECT p.learner_id, p.lesson_id, p.current_step, p.started_at, p.updated_at,"
    " p.completed_at, s.step, s.accepted_code, s.failed_attempts, s.hints_shown,"
    " s.solution_revealed, s.gave_up, s.skipped"
    " FROM lesson_progress AS p LEFT JOIN step_state AS s USING (learner_id, lesson_id)"
)
_ATTEMPT_COLUMNS = (
    "SELECT learner_id, lesson_id, step, code, status, passed, summary, at FROM attempts"
)
_ANSWER_COLUMNS = (
    "SELECT learner_id, lesson_id, question_id, choice, correct, mode, at, session, option_order"
    " FROM answers"
)


class SQLiteProgressStore:
    """Progress kept in a SQLite file. Open with `SQLiteProgressStore.open(path)`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path, clock: Clock) -> None:
        self.path = path
        self._clock = clock
        self._worker = ConnectionWorker(conn, _TOUCH_LEARNER, name=f"sqlite-store {path}")
        self._write = self._worker.write
        self._read = self._worker.read

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        clock: Clock | None = None,
        synchronous: str = DEFAULT_SYNCHRONOUS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Opener[SQLiteProgressStore]:
        """Create the folder and file if needed, migrate to the latest schema, connect.

        Raises `SchemaError` (or its `SchemaTooNewError`) when the file cannot be used.
        """
        db_path = Path(path)
        pragmas = connection_pragmas(synchronous, busy_timeout_ms)

        async def factory() -> SQLiteProgressStore:
            try:
                await asyncio.to_thread(prepare, db_path, synchronous, busy_timeout_ms)
            except sqlite3.DatabaseError as exc:
                raise SchemaError(f"{db_path}: cannot open as a Stepwise database: {exc}") from exc
            conn = await aiosqlite.connect(db_path, isolation_level=None)
            try:
                for pragma in pragmas:
                    await conn.execute(pragma)
            except BaseException:
                await conn.close()
                raise
            return cls(conn, db_path, clock or SystemClock())

        return Opener(factory)

    async def __aenter__(self) -> SQLiteProgressStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Finish every queued job, then close the connection. Safe to call twice."""
        await self._worker.aclose()

    # ------------------------------------------------------------------ learners

    def _now(self) -> str:
        return utc_text(self._clock.now(), "clock.now()")

    def _write_rows(self, learner: LearnerId, *statements: tuple[str, tuple[Any, ...]]) -> Write:
        """A write of one row per statement that needs `learner`'s row to exist."""
        rows = tuple(Statement(sql, (params,)) for sql, params in statements)
        return Write(rows, learner=check_learner(learner), created_at=self._now())

    async def ensure_learner(self, learner: LearnerId, display_name: str = "") -> Learner:
        check_learner(learner)
        upsert = Statement(_UPSERT_LEARNER, ((learner, display_name, self._now()),))
        await self._write(Write((upsert,)))
        sql = "SELECT id, display_name, created_at FROM learners WHERE id = ?"
        rows = await self._fetch(sql, (learner,))
        if not rows:  # deleted by another process between the two calls
            return await self.ensure_learner(learner, display_name)
        (found,) = rows
        return Learner(found[0], found[1], parse_utc(found[2]))

    # ------------------------------------------------------------------ progress

    async def get_progress(self, learner: LearnerId, lesson_id: str) -> LessonProgress | None:
        sql = f"{_PROGRESS_COLUMNS} WHERE p.learner_id = ? AND p.lesson_id = ? ORDER BY s.step"
        rows = await self._fetch(sql, (learner, lesson_id))
        found = _progress_from_rows(rows)
        return found[0] if found else None

    async def save_progress(self, progress: LessonProgress) -> None:
        p = normal_progress(progress)
        key = (p.learner, p.lesson_id)
        completed = None if p.completed_at is None else utc_text(p.completed_at)
        head = (*key, p.current_step, utc_text(p.started_at), utc_text(p.updated_at), completed)
        steps = tuple(
            (*key, number, s.accepted_code, s.failed_attempts, s.hints_shown,
             int(s.solution_revealed), int(s.gave_up), int(s.skipped))
            for number, s in enumerate(p.steps, start=1)
        )  # fmt: skip
        statements = (
            Statement(
                "INSERT INTO lesson_progress (learner_id, lesson_id, current_step, started_at,"
                " updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (learner_id, lesson_id) DO UPDATE SET"
                " current_step = excluded.current_step, started_at = excluded.started_at,"
                " updated_at = excluded.updated_at, completed_at = excluded.completed_at",
                (head,),
            ),
            Statement("DELETE FROM step_state WHERE learner_id = ? AND lesson_id = ?", (key,)),
            Statement(
                "INSERT INTO step_state (learner_id, lesson_id, step, accepted_code,"
                " failed_attempts, hints_shown, solution_revealed, gave_up, skipped)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                steps,
            ),
        )
        await self._write(Write(statements, learner=p.learner, created_at=self._now()))

    async def list_progress(self, learner: LearnerId) -> list[LessonProgress]:
        sql = (
            f"{_PROGRESS_COLUMNS} WHERE p.learner_id = ? ORDER BY p.started_at, p.lesson_id, s.step"
        )
        return _progress_from_rows(await self._fetch(sql, (learner,)))

    async def delete_progress(self, learner: LearnerId, lesson_id: str) -> None:
        sql = "DELETE FROM lesson_progress WHERE learner_id = ? AND lesson_id = ?"
        await self._write(Write((Statement(sql, ((learner, lesson_id),)),)))

    # ------------------------------------------------------------------ attempts and answers

    async def record_attempt(self, attempt: Attempt) -> None:
        a = normal_attempt(attempt)
        sql = (
            "INSERT INTO attempts (learner_id, lesson_id, step, code, status, passed, summary, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        params = (a.learner, a.lesson_id, a.step, a.code, a.status, int(a.passed), a.summary)
        await self._write(self._write_rows(a.learner, (sql, (*params, utc_text(a.at)))))

    async def attempts(
        self, learner: LearnerId, lesson_id: str, step: int | None = None
    ) -> list[Attempt]:
        sql = f"{_ATTEMPT_COLUMNS} WHERE learner_id = ? AND lesson_id = ?"
        params: tuple[Any, ...] = (learner, lesson_id)
        if step is not None:
            sql, params = sql + " AND step = ?", (*params, step)
        return [_attempt(row) for row in await self._fetch(sql + " ORDER BY at, id", params)]

    async def record_answer(self, answer: Answer) -> None:
        a = normal_answer(answer)
        sql = (
            "INSERT INTO answers (learner_id, lesson_id, question_id, choice, correct, mode,"
            " session, at, option_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        params = (a.learner, a.lesson_id, a.question_id, a.choice, int(a.correct), a.mode)
        order = ",".join(map(str, a.order))
        row = (*params, a.session, utc_text(a.at), order)
        await self._write(self._write_rows(a.learner, (sql, row)))

    async def answers(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[Answer]:
        sql = f"{_ANSWER_COLUMNS} WHERE learner_id = ?"
        params: tuple[Any, ...] = (learner,)
        if lesson_id is not None:
            sql, params = sql + " AND lesson_id = ?", (*params, lesson_id)
        if mode is not None:
            sql, params = sql + " AND mode = ?", (*params, mode)
        return [_answer(row) for row in await self._fetch(sql + " ORDER BY at, id", params)]

    # ------------------------------------------------------------------ activity

    async def record_activity(self, learner: LearnerId, day: date) -> None:
        check_day(day)
        sql = "INSERT INTO activity_days (learner_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING"
        await self._write(self._write_rows(learner, (sql, (learner, day.isoformat()))))

    async def activity_days(self, learner: LearnerId) -> list[date]:
        sql = "SELECT day FROM activity_days WHERE learner_id = ? ORDER BY day"
        return [date.fromisoformat(row[0]) for row in await self._fetch(sql, (learner,))]

    # ------------------------------------------------------------------ whole learner

    async def export_learner(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        exported_at = self._clock.now()

        async def job(conn: aiosqlite.Connection) -> dict[str, Any]:
            def fetch(sql: str) -> Awaitable[Iterable[sqlite3.Row]]:
                return conn.execute_fetchall(sql, (learner,))

            await conn.execute("BEGIN")  # one snapshot for every table
            try:
                people = await fetch(
                    "SELECT id, display_name, created_at FROM learners WHERE id = ?"
                )
                progress = await fetch(
                    f"{_PROGRESS_COLUMNS} WHERE p.learner_id = ?"
                    " ORDER BY p.started_at, p.lesson_id, s.step"
                )
                attempts = await fetch(f"{_ATTEMPT_COLUMNS} WHERE learner_id = ? ORDER BY at, id")
                answers = await fetch(f"{_ANSWER_COLUMNS} WHERE learner_id = ? ORDER BY at, id")
                days = await fetch(
                    "SELECT day FROM activity_days WHERE learner_id = ? ORDER BY day"
                )
            finally:
                await conn.execute("COMMIT")
            person = next((Learner(r[0], r[1], parse_utc(r[2])) for r in people), None)
            return build_export(
                learner,
                person,
                _progress_from_rows(progress),
                [_attempt(r) for r in attempts],
                [_answer(r) for r in answers],
                [date.fromisoformat(r[0]) for r in days],
                exported_at=exported_at,
            )

        return await self._read(job)

    async def delete_learner(self, learner: LearnerId) -> None:
        """One DELETE; every table cascades from `learners`, all in one transaction."""
        delete = Statement("DELETE FROM learners WHERE id = ?", ((learner,),))
        await self._write(Write((delete,), forgets=learner))

    # ------------------------------------------------------------------ maintenance

    async def run_write(self, work: Write | Job) -> Any:
        """Commit `work` on this store's connection, grouped with other writes.

        For sibling stores sharing the file (the daily quiz store): a `Job` is an async
        function of the aiosqlite connection, run inside the write transaction; it must
        not delete learner rows (use `delete_learner`).
        """
        return await self._write(work)

    async def run_read(self, job: Job) -> Any:
        """Run `job(conn)` on this store's connection, outside any write transaction."""
        return await self._read(job)

    async def _fetch(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        async def job(conn: aiosqlite.Connection) -> list[Any]:
            return list(await conn.execute_fetchall(sql, params))

        return await self._read(job)


def _progress_from_rows(rows: Iterable[Any]) -> list[LessonProgress]:
    """Rows of `_PROGRESS_COLUMNS`, grouped by lesson and ordered by step."""
    grouped: dict[tuple[str, str], tuple[Any, list[StepState]]] = {}
    for row in rows:
        _, steps = grouped.setdefault((row[0], row[1]), (row, []))
        if row[6] is not None:
            steps.append(
                StepState(row[7], row[8], row[9], bool(row[10]), bool(row[11]), bool(row[12]))
            )
    return [
        LessonProgress(
            learner=head[0],
            lesson_id=head[1],
            current_step=head[2],
            steps=tuple(steps),
            started_at=parse_utc(head[3]),
            updated_at=parse_utc(head[4]),
            completed_at=None if head[5] is None else parse_utc(head[5]),
        )
        for head, steps in grouped.values()
    ]


def _attempt(row: Any) -> Attempt:
    return Attempt(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], parse_utc(row[7]))


def _answer(row: Any) -> Answer:
    order = tuple(int(i) for i in row[8].split(",")) if row[8] else ()
    return Answer(
        row[0], row[1], row[2], row[3], bool(row[4]), row[5], parse_utc(row[6]), row[7], order
    )
