"""`ConnectionWorker`: the one task that talks to an aiosqlite connection.

Callers hand it jobs (async functions of the connection) and await the result, so a
cancelled caller can never leave a transaction half-open. Write jobs waiting in the queue
are committed together in one transaction (group commit: one fsync for many learners) and
each caller's `await` returns only after that COMMIT. If any job in a group fails, the
group is rolled back and its jobs are retried one transaction each, so one bad write
cannot take the others down with it. Reads run outside write transactions, in order.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.storage.records import StoreClosedError

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]
MAX_GROUP = 256  # writes per group commit; bounds how long one transaction holds the lock


@dataclass
class _Queued:
    job: Job
    future: asyncio.Future[Any]


class ConnectionWorker:
    """Owns `conn` from construction until `aclose()` returns (which closes it)."""

    def __init__(self, conn: aiosqlite.Connection, name: str = "sqlite-store") -> None:
        self._conn = conn
        self._writes: deque[_Queued] = deque()
        self._reads: deque[_Queued] = deque()
        self._wakeup = asyncio.Event()
        self._closing = False
        self._task = asyncio.create_task(self._work(), name=name)

    async def write(self, job: Job) -> Any:
        """Run `job` inside a write transaction; returns after it is committed."""
        return await self._submit(self._writes, job)

    async def read(self, job: Job) -> Any:
        """Run `job` outside any write transaction (a job may BEGIN/COMMIT a read snapshot)."""
        return await self._submit(self._reads, job)

    async def aclose(self) -> None:
        """Finish every queued job, then close the connection. Safe to call twice."""
        if not self._closing:
            self._closing = True
            self._wakeup.set()
        await asyncio.shield(self._task)

    def _submit(self, queue: deque[_Queued], job: Job) -> asyncio.Future[Any]:
        if self._closing:
            raise StoreClosedError("the progress store is closed")
        future = asyncio.get_running_loop().create_future()
        queue.append(_Queued(job, future))
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
                        size = min(MAX_GROUP, len(self._writes))
                        await self._commit_group([self._writes.popleft() for _ in range(size)])
        finally:
            for queued in (*self._reads, *self._writes):
                _settle(queued.future, error=StoreClosedError("the progress store was closed"))
            await self._conn.close()

    async def _run_read(self, read: _Queued) -> None:
        try:
            result = await read.job(self._conn)
        except Exception as exc:
            _settle(read.future, error=exc)
        else:
            _settle(read.future, result)

    async def _commit_group(self, group: list[_Queued]) -> None:
        if len(group) > 1:
            try:
                results = await self._transaction([queued.job for queued in group])
            except Exception:
                pass  # someone in the group failed: fall through to one transaction each
            else:
                for queued, result in zip(group, results, strict=True):
                    _settle(queued.future, result)
                return
        for queued in group:
            try:
                (result,) = await self._transaction([queued.job])
            except Exception as exc:
                _settle(queued.future, error=exc)
            else:
                _settle(queued.future, result)

    async def _transaction(self, jobs: list[Job]) -> list[Any]:
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            results = [await job(self._conn) for job in jobs]
            await self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                await self._conn.execute("ROLLBACK")
            raise
        return results


def _settle(future: asyncio.Future[Any], result: Any = None, error: BaseException | None = None):
    if future.done():  # the caller was cancelled; the job ran anyway
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
