"""`ConnectionWorker`: the one task that talks to an aiosqlite connection.

Callers hand it writes (declarative `Statement`s) and reads (async functions of the
connection) and await the result, so a cancelled caller can never leave a transaction
half-open. Why it is shaped like this — each aiosqlite call is a thread hop (~80 µs here),
and an fsync per commit dominates the rest:

- Group commit: writes waiting in the queue are committed together in one transaction
  (one fsync for many learners); each caller's `await` returns only after that COMMIT.
  Adjacent statements with the same SQL are sent as one `executemany` (one hop).
- A write names the learner row it needs; rows known to exist are not re-inserted, so a
  one-row write is a single autocommit statement. If another process deleted the learner
  meanwhile, the foreign key fails and the write is retried with the row re-created.
- If anything fails, the group is rolled back and each write is retried alone (with its
  learner row re-created), so one bad write cannot take the others down with it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.storage.records import StoreClosedError

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]  # runs on the worker's connection
MAX_GROUP = 256  # writes per group commit; bounds how long one transaction holds the lock


@dataclass(frozen=True)
class Statement:
    """One SQL statement and the parameter rows it runs with (usually exactly one)."""

    sql: str
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Write:
    """Statements committed atomically, after making sure `learner`'s row exists.

    `created_at` fills the learner row if it has to be created. `forgets` names a learner
    this write deletes: such a write is never grouped with others, so no other write's
    learner row is created before it and deleted by it.
    """

    statements: tuple[Statement, ...]
    learner: str | None = None
    created_at: str = ""
    forgets: str | None = None


@dataclass
class _Queued:
    work: Write | Job
    future: asyncio.Future[Any]


class ConnectionWorker:
    """Owns `conn` from construction until `aclose()` returns (which closes it).

    `touch_sql` inserts a learner row if missing; parameters `(learner, created_at)`.
    """

    def __init__(self, conn: aiosqlite.Connection, touch_sql: str, name: str = "store") -> None:
        self._conn = conn
        self._touch_sql = touch_sql
        self._known: set[str] = set()  # learner rows this connection saw committed
        self._writes: deque[_Queued] = deque()
        self._reads: deque[_Queued] = deque()
        self._wakeup = asyncio.Event()
        self._closing = False
        self._task = asyncio.create_task(self._work(), name=name)

    async def write(self, work: Write | Job) -> Any:
        """Commit `work`; returns once it is committed (raises if it could not be).

        A `Job` runs inside the group's transaction and its return value is returned; it
        must not delete learner rows (use a `Write` with `forgets` for that).
        """
        return await self._submit(self._writes, work)

    async def read(self, job: Job) -> Any:
        """Run `job` outside any write transaction (it may BEGIN/COMMIT its own snapshot)."""
        return await self._submit(self._reads, job)

    async def aclose(self) -> None:
        """Finish every queued job, then close the connection. Safe to call twice."""
        if not self._closing:
            self._closing = True
            self._wakeup.set()
        await asyncio.shield(self._task)

    def _submit(self, queue: deque[_Queued], work: Write | Job) -> asyncio.Future[Any]:
        if self._closing:
            raise StoreClosedError("the progress store is closed")
        future = asyncio.get_running_loop().create_future()
        queue.append(_Queued(work, future))
        self._wakeup.set()
        return future

    async def _work(self) -> None:
        try:
            while not (self._closing and not self._reads and not self._writes):
                await self._wakeup.wait()
                self._wakeup.clear()
                while self._reads or self._writes:
                    if self._reads:
                        await self._run_read(self._reads.popleft())
                    if self._writes:
                        await self._commit_group(self._next_group())
        finally:
            for queued in (*self._reads, *self._writes):
                _settle(queued.future, error=StoreClosedError("the progress store was closed"))
            await self._conn.close()

    def _next_group(self) -> list[_Queued]:
        group = [self._writes.popleft()]
        if _forgets(group[0]):
            return group
        while self._writes and len(group) < MAX_GROUP and not _forgets(self._writes[0]):
            group.append(self._writes.popleft())
        return group

    async def _run_read(self, queued: _Queued) -> None:
        job: Job = queued.work  # type: ignore[assignment]
        try:
            result = await job(self._conn)
        except Exception as exc:
            _settle(queued.future, error=exc)
        else:
            _settle(queued.future, result)

    async def _commit_group(self, group: list[_Queued]) -> None:
        try:
            results = await self._commit([queued.work for queued in group])
        except Exception:
            # Retry each alone, re-creating learner rows: another process may have deleted
            # one we thought existed, and a bad write must not fail the others.
            self._known.clear()
            for queued in group:
                try:
                    (result,) = await self._commit([queued.work])
                except Exception as exc:
                    _settle(queued.future, error=exc)
                else:
                    _settle(queued.future, result)
        else:
            for queued, result in zip(group, results, strict=True):
                _settle(queued.future, result)

    async def _commit(self, group: Sequence[Write | Job]) -> list[Any]:
        writes = [w for w in group if isinstance(w, Write)]
        touches = {w.learner: w.created_at for w in writes if w.learner}
        touches = {k: v for k, v in touches.items() if k not in self._known}
        if len(group) == 1 and writes and not touches and _single_row(writes[0]):
            statement = writes[0].statements[0]
            await self._conn.execute(statement.sql, statement.rows[0])  # autocommits
            self._remember(writes, touches)
            return [None]
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            if touches:
                await self._conn.executemany(self._touch_sql, list(touches.items()))
            results = []
            pending: list[Statement] = []
            for work in group:
                if isinstance(work, Write):
                    pending.extend(work.statements)
                    results.append(None)
                    continue
                await self._run_statements(pending)
                pending = []
                results.append(await work(self._conn))
            await self._run_statements(pending)
            await self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                await self._conn.execute("ROLLBACK")
            raise
        self._remember(writes, touches)
        return results

    async def _run_statements(self, statements: Sequence[Statement]) -> None:
        for statement in _merge_adjacent(statements):
            await self._conn.executemany(statement.sql, statement.rows)

    def _remember(self, writes: Sequence[Write], touched: dict[str, str]) -> None:
        self._known.update(touched)
        for write in writes:
            if write.forgets is not None:
                self._known.discard(write.forgets)


def _forgets(queued: _Queued) -> bool:
    return isinstance(queued.work, Write) and queued.work.forgets is not None


def _single_row(write: Write) -> bool:
    return len(write.statements) == 1 and len(write.statements[0].rows) == 1


def _merge_adjacent(statements: Sequence[Statement]) -> list[Statement]:
    """Consecutive statements with identical SQL become one statement with all their rows."""
    merged: list[Statement] = []
    for statement in statements:
        if merged and merged[-1].sql == statement.sql:
            merged[-1] = Statement(statement.sql, merged[-1].rows + statement.rows)
        else:
            merged.append(statement)
    return merged


def _settle(future: asyncio.Future[Any], result: Any = None, error: BaseException | None = None):
    if future.done():  # the caller was cancelled; the work ran anyway
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
