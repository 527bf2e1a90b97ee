"""content check's runner: never more runs in flight than its width, and a busy refusal
waits and tries again instead of failing an author's check."""

from __future__ import annotations

import asyncio

import pytest

from bot.cli import parallel_runs
from bot.cli.parallel_runs import ParallelRuns
from bot.core.ports import ExecutorBusy, Program, RunJob
from bot.executor.fake import verdict

JOB = RunJob(programs=(Program("p", "pass"),))


class Counting:
    def __init__(self, busy_first: int = 0) -> None:
        self.in_flight = self.most = self.calls = 0
        self.busy_left = busy_first

    async def run(self, job: RunJob):
        self.calls += 1
        if self.busy_left:
            self.busy_left -= 1
            raise ExecutorBusy(retry_after=0)
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        self.in_flight -= 1
        return verdict(True)

    async def aclose(self) -> None:
        pass


async def test_no_more_runs_in_flight_than_the_width():
    inner = Counting()
    runner = ParallelRuns(inner, width=3)
    results = await asyncio.gather(*(runner.run(JOB) for _ in range(20)))
    assert all(r.passed for r in results) and runner.runs == 20
    assert inner.most == 3


async def test_busy_refusals_are_retried(monkeypatch):
    monkeypatch.setattr(parallel_runs, "BUSY_WAIT", 0)
    inner = Counting(busy_first=4)
    assert (await ParallelRuns(inner, width=1).run(JOB)).passed
    assert inner.calls == 5


async def test_a_sandbox_that_stays_busy_is_reported(monkeypatch):
    monkeypatch.setattr(parallel_runs, "BUSY_WAIT", 0)
    inner = Counting(busy_first=10_000)
    with pytest.raises(ExecutorBusy):
        await ParallelRuns(inner, width=1).run(JOB)
    assert inner.calls == parallel_runs.BUSY_TRIES
