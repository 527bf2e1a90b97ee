"""Stopping without losing a learner's run: SIGTERM closes the gate, drains, then exits.

`docker stop` (and a deploy) sends SIGTERM, waits `stop_grace_period`, then SIGKILLs. In
between, Stepwise should: refuse new evaluations with a "restarting" answer, let the ones
already in the sandbox finish and be reported, close the database cleanly, and exit 0.

- `EvaluationGate` wraps the real `CodeExecutor`: it counts runs in flight, and once
  closed answers new runs with `ShuttingDown` (an `ExecutorBusy`, so every surface already
  renders it as "try again in a moment").
- `StopSignal` turns SIGTERM/SIGINT into an event the serving coroutine waits on, instead
  of cancelling it mid-evaluation.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

from bot.core.ports import CodeExecutor, ExecutorBusy, RunJob, RunResult

log = logging.getLogger(__name__)

T = TypeVar("T")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
DRAIN_LIMIT = 25.0  # seconds; below compose's stop_grace_period (30 s) before SIGKILL

# discord.py runs every slash command, button, modal and event handler in its own task with
# one of these names. A finished run still has to be *reported* by its handler, so the
# drain waits for these tasks too, not only for the executor.
HANDLER_TASK_PREFIXES = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-modal-dispatch",
    "discord.py: ",
)


def drain_timeout(exec_timeout: float) -> float:
    """Long enough for a queued run plus a running one, never past the grace period."""
    return min(DRAIN_LIMIT, 2 * exec_timeout + 5)


async def wait_for_handlers(timeout: float) -> int:
    """Wait up to `timeout` s for discord.py's handler tasks to end; returns how many remain.

    New handlers may start meanwhile (a click during shutdown); with the gate closed they
    answer at once, so the loop converges.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        pending = [
            task
            for task in asyncio.all_tasks()
            if task is not asyncio.current_task()
            and task.get_name().startswith(HANDLER_TASK_PREFIXES)
        ]
        remaining = deadline - loop.time()
        if not pending or remaining <= 0:
            return len(pending)
        await asyncio.wait(pending, timeout=remaining)


class ShuttingDown(ExecutorBusy):
    """Stepwise is restarting: the run was not started; retrying in a minute will work."""


class StopRequested(Exception):
    """A stop signal arrived while `StopSignal.unless_stopped` was still waiting."""


class EvaluationGate:
    """A `CodeExecutor` that can stop admitting runs and wait for those in flight."""

    def __init__(self, executor: CodeExecutor) -> None:
        self._executor = executor
        self._open = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def is_open(self) -> bool:
        return self._open

    async def run(self, job: RunJob) -> RunResult:
        if not self._open:
            raise ShuttingDown("Stepwise is restarting — try again in a minute")
        self._in_flight += 1
        self._idle.clear()
        log.debug("evaluation started (%d running)", self._in_flight)
        try:
            return await self._executor.run(job)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    def close(self) -> None:
        """Admit no new runs; runs already started carry on."""
        self._open = False

    async def drain(self, timeout: float) -> int:
        """Close, then wait up to `timeout` seconds for runs in flight; returns how many
        were still running when the time ran out (0 on a clean drain)."""
        self.close()
        if self._in_flight:
            log.info(
                "waiting for %d running evaluation(s), at most %.0f s", self._in_flight, timeout
            )
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%d evaluation(s) still running after %.0f s", self._in_flight, timeout)
        return self._in_flight

    async def aclose(self) -> None:
        """The gate does not own the executor; whoever opened it closes it."""
        self.close()


class StopSignal:
    """`async with StopSignal() as stop:` ... `await stop.wait()`; SIGTERM/SIGINT set it.

    Handlers are installed on the running loop and removed on exit, so the default
    behaviour (KeyboardInterrupt) returns once the serving code has finished.
    """

    def __init__(self, signals: tuple[signal.Signals, ...] = STOP_SIGNALS) -> None:
        self._signals = signals
        self._event = asyncio.Event()
        self._callbacks: list[Callable[[], object]] = []
        self._owner: asyncio.Task[object] | None = None
        self.received: signal.Signals | None = None
        self.forced = False

    def on_stop(self, callback: Callable[[], object]) -> None:
        """Call `callback()` as soon as a signal arrives (e.g. `gate.close`), even while
        the serving code is still starting up."""
        self._callbacks.append(callback)
        if self.received is not None:
            callback()

    def trigger(self, sig: signal.Signals) -> None:
        """First signal: stop gracefully. A second one: stop now (cancel the serving task;
        its cleanup — closing the database — still runs)."""
        if self.received is None:
            log.info("received %s: finishing running evaluations, then stopping", sig.name)
            self.received = sig
            for callback in self._callbacks:
                callback()
        elif not self.forced and self._owner is not None:
            log.warning("received %s again: stopping without waiting", sig.name)
            self.forced = True
            self._owner.cancel()
        self._event.set()

    async def wait(self) -> None:
        await self._event.wait()

    async def wait_or(self, task: Awaitable[object]) -> bool:
        """Wait for a stop signal or for `task` to end; True when a signal came first.

        The task's own outcome is left to the caller (it is not awaited or cancelled).
        """
        stop = asyncio.ensure_future(self._event.wait())
        work = asyncio.ensure_future(task)
        try:
            await asyncio.wait({stop, work}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
        return self.received is not None

    async def unless_stopped(self, awaitable: Awaitable[T]) -> T:
        """Await `awaitable` (e.g. logging in), but cancel it and raise `StopRequested` if
        a stop signal arrives first: a bot stuck connecting still stops on SIGTERM."""
        work = asyncio.ensure_future(awaitable)
        if await self.wait_or(work):
            work.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await work
            raise StopRequested(f"stopped by {self.received.name if self.received else 'signal'}")
        return work.result()

    async def __aenter__(self) -> StopSignal:
        loop = asyncio.get_running_loop()
        self._owner = asyncio.current_task()
        for sig in self._signals:
            loop.add_signal_handler(sig, self.trigger, sig)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)


async def finish_running(gate: EvaluationGate, timeout: float) -> int:
    """Close the gate, then wait for running evaluations and for their handlers to reply,
    all within `timeout` seconds; returns how many were cut off (0 on a clean stop)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    runs_left = await gate.drain(timeout)
    handlers_left = await wait_for_handlers(max(0.0, deadline - loop.time()))
    if runs_left or handlers_left:
        log.warning("stopping with %d run(s), %d handler(s) unfinished", runs_left, handlers_left)
    else:
        log.info("all running evaluations finished")
    return max(runs_left, handlers_left)
