"""`FakeExecutor`: a `CodeExecutor` that answers from a function instead of running code.

Shipped next to the real executors (like httpx's `MockTransport`) so engine and adapter
tests can script verdicts without processes. It never runs the code it is given.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from bot.core.checks import CheckResult
from bot.core.ports import RunJob, RunResult, RunStatus

Handler = Callable[[RunJob], RunResult | Awaitable[RunResult]]


class FakeExecutor:
    """Calls `handler(job)` for each run (sync or async) and remembers every job it saw."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.jobs: list[RunJob] = []
        self.closed = False

    async def run(self, job: RunJob) -> RunResult:
        if self.closed:
            raise RuntimeError("FakeExecutor is closed")
        self.jobs.append(job)
        result = self._handler(job)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def aclose(self) -> None:
        self.closed = True

    async def __aenter__(self) -> FakeExecutor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def verdict(passed: bool, message: str = "", stdout: str = "") -> RunResult:
    """A clean run whose single check passed or failed: the common case in tests."""
    text = message or ("ok" if passed else "check failed")
    return RunResult(
        status=RunStatus.OK,
        stdout=stdout,
        checks=(CheckResult(kind="expr", passed=passed, message=text),),
    )
