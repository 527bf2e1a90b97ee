"""Many sandbox runs at once, for `stepwise content check`: as many in flight as the
executor has runners, and a run the executor turns away as busy waits and tries again
(an author's check must not fail because the machine was busy)."""

from __future__ import annotations

import asyncio

from bot.core.ports import CodeExecutor, ExecutorBusy, RunJob, RunResult

DEFAULT_WIDTH = 4  # executors that do not say how many runs they take at once
BUSY_WAIT = 0.2  # seconds, when the executor gives no estimate
BUSY_TRIES = 50  # then the busy refusal stands: something else is hogging the sandbox


class ParallelRuns:
    """A `CodeExecutor` that bounds how many runs are in flight on the one it wraps."""

    def __init__(self, executor: CodeExecutor, width: int | None = None) -> None:
        self.executor = executor
        self.width = width or getattr(executor, "concurrency", None) or DEFAULT_WIDTH
        self._slots = asyncio.Semaphore(self.width)
        self.runs = 0

    async def run(self, job: RunJob) -> RunResult:
        async with self._slots:
            for _ in range(BUSY_TRIES - 1):
                try:
                    return await self._counted(job)
                except ExecutorBusy as busy:
                    await asyncio.sleep(busy.retry_after or BUSY_WAIT)
            return await self._counted(job)

    async def _counted(self, job: RunJob) -> RunResult:
        result = await self.executor.run(job)
        self.runs += 1
        return result

    async def aclose(self) -> None:
        await self.executor.aclose()
