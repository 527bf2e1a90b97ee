"""Shared machinery for the MLOps track's step tests.

Each test module names its lesson (`LESSON_ID`) and lists right and wrong submissions per
step; `judge` runs one as step N of that lesson in the real sandbox (after the reference
solutions of steps 1..N-1, as `stepwise content check` does) and returns what the learner
would read first.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.content import Lesson, load_catalog
from bot.core.lessons import build_job
from bot.core.ports import RunResult, RunStatus
from bot.executor.sandbox import SandboxExecutor

CONTENT = Path(__file__).resolve().parents[3] / "content"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    status: RunStatus
    message: str  # the first thing to fix: a failed check's message or the error's
    result: RunResult


def first_message(result: RunResult) -> str:
    if result.status is not RunStatus.OK:
        return result.error.friendly if result.error else result.detail
    failed = result.failed_checks
    return failed[0].message if failed else ""


@pytest.fixture(scope="module")
def lesson(request: pytest.FixtureRequest) -> Lesson:
    found = load_catalog(CONTENT).get(request.module.LESSON_ID)
    assert found is not None, f"content/lessons has no lesson {request.module.LESSON_ID!r}"
    return found


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield executor


Judge = Callable[[int, str], Awaitable[Verdict]]


@pytest.fixture
def judge(sandbox: SandboxExecutor, lesson: Lesson) -> Judge:
    async def run(step: int, code: str) -> Verdict:
        result = await sandbox.run(build_job(lesson, step, code))
        return Verdict(result.passed, result.status, first_message(result), result)

    return run
