"""The long-lived checker workers: one verdict per job, replaced when they die or overrun.

Benign learner programs only; what goes wrong here is the checker process itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import pytest

from bot.core.checks import Check
from bot.core.ports import Program, RunJob, RunStatus
from bot.executor.sandbox import SandboxExecutor


def job(code: str, *checks: Check) -> RunJob:
    return RunJob((Program("your code", code),), checks=checks)


def equals(name: str, value: object) -> Check:
    return Check("equals", {"name": name, "value": value})


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as f:
                kids = [int(p) for p in f.read().split()]
        except OSError:
            continue
        found += kids
        todo += kids
    return found


def workers(server: int) -> list[int]:
    out = []
    for pid in descendants(server):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() == "stepwise-check":
                    out.append(pid)
        except OSError:
            continue
    return out


async def wait_until_dead(pids: list[int]) -> None:
    """SIGKILL is asynchronous: on a busy machine a killed process takes a moment to end."""
    for _ in range(500):
        alive = []
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                alive.append(pid)
        if not alive:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"killed workers still running: {alive}")


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=3.0) as executor:
        yield executor


async def test_concurrent_jobs_each_get_their_own_verdict(sandbox: SandboxExecutor) -> None:
    jobs = [job(f"x = {i}", equals("x", i if i % 3 else -1)) for i in range(12)]
    results = await asyncio.gather(*(sandbox.run(j) for j in jobs))
    assert [r.passed for r in results] == [i % 3 != 0 for i in range(12)]
    assert all(r.status is RunStatus.OK and len(r.checks) == 1 for r in results)


async def test_a_few_workers_serve_many_jobs(sandbox: SandboxExecutor) -> None:
    for i in range(6):
        assert (await sandbox.run(job(f"x = {i}", equals("x", i)))).passed
    assert sandbox.server_pid is not None
    assert 1 <= len(workers(sandbox.server_pid)) <= 2


async def test_killed_workers_are_replaced(sandbox: SandboxExecutor) -> None:
    assert (await sandbox.run(job("x = 1", equals("x", 1)))).passed
    assert sandbox.server_pid is not None
    before = workers(sandbox.server_pid)
    assert before
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    await wait_until_dead(before)
    result = await sandbox.run(job("x = 2", equals("x", 2)))
    assert result.passed
    after = workers(sandbox.server_pid)
    assert after and not set(after) & set(before)


async def test_a_verdict_that_never_ends_fails_its_checks_only(sandbox: SandboxExecutor) -> None:
    endless = Check("expr", {"expr": "sum(range(10**12)) > 0"}, message="never decided")
    stuck = await sandbox.run(job("x = 1", endless))
    assert stuck.status is RunStatus.OK and not stuck.passed
    assert stuck.checks and not stuck.checks[0].passed
    assert (await sandbox.run(job("x = 3", equals("x", 3)))).passed
