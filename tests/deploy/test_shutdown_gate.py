"""The evaluation gate: after SIGTERM no new run starts, running ones finish."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from bot.core.ports import ExecutorBusy, Program, RunJob, RunResult
from bot.executor.fake import FakeExecutor, verdict
from bot.shutdown import EvaluationGate, ShuttingDown, StopRequested, StopSignal

JOB = RunJob(programs=(Program("your code", "print(1)"),))


def held_executor() -> tuple[FakeExecutor, asyncio.Event]:
    """Runs block until the event is set, like a slow learner program."""
    release = asyncio.Event()

    async def handler(job: RunJob) -> RunResult:
        await release.wait()
        return verdict(True, stdout="1\n")

    return FakeExecutor(handler), release


async def started(gate: EvaluationGate, count: int) -> None:
    while gate.in_flight < count:
        await asyncio.sleep(0)


async def test_running_evaluations_finish_and_new_ones_are_refused() -> None:
    executor, release = held_executor()
    gate = EvaluationGate(executor)
    running = asyncio.create_task(gate.run(JOB))
    await started(gate, 1)

    drained = asyncio.create_task(gate.drain(timeout=30))
    await asyncio.sleep(0)
    with pytest.raises(ShuttingDown) as refused:
        await gate.run(JOB)
    assert isinstance(refused.value, ExecutorBusy)  # every surface renders it already
    assert not drained.done()

    release.set()
    assert (await running).stdout == "1\n"
    assert await drained == 0
    assert len(executor.jobs) == 1  # the refused run never reached the executor


async def test_drain_gives_up_after_its_bound() -> None:
    executor, release = held_executor()
    gate = EvaluationGate(executor)
    running = asyncio.create_task(gate.run(JOB))
    await started(gate, 1)
    assert await gate.drain(timeout=0.01) == 1
    release.set()
    await running
    assert gate.in_flight == 0


async def test_drain_with_nothing_running_returns_at_once() -> None:
    gate = EvaluationGate(FakeExecutor(lambda job: verdict(True)))
    assert (await gate.run(JOB)).passed
    assert await gate.drain(timeout=30) == 0
    assert not gate.is_open


async def test_a_failing_run_is_not_counted_as_in_flight() -> None:
    def explode(job: RunJob) -> RunResult:
        raise RuntimeError("worker died")

    gate = EvaluationGate(FakeExecutor(explode))
    with pytest.raises(RuntimeError):
        await gate.run(JOB)
    assert gate.in_flight == 0
    assert await gate.drain(timeout=30) == 0


async def test_sigterm_sets_the_stop_signal_instead_of_killing() -> None:
    async with StopSignal() as stop:
        forever = asyncio.get_running_loop().create_future()
        waiting = asyncio.create_task(stop.wait_or(forever))
        await asyncio.sleep(0)
        os.kill(os.getpid(), signal.SIGTERM)
        assert await waiting is True
        assert stop.received is signal.SIGTERM
        forever.cancel()


async def test_wait_or_returns_false_when_the_work_ends_first() -> None:
    async with StopSignal() as stop:
        assert await stop.wait_or(asyncio.sleep(0)) is False
        assert stop.received is None


async def test_a_stop_during_startup_cancels_the_start() -> None:
    never_connects = asyncio.get_running_loop().create_future()
    async with StopSignal() as stop:
        starting = asyncio.create_task(stop.unless_stopped(never_connects))
        await asyncio.sleep(0)
        stop.trigger(signal.SIGTERM)
        with pytest.raises(StopRequested):
            await starting
    assert never_connects.cancelled()


async def test_callbacks_run_as_soon_as_the_signal_arrives() -> None:
    gate = EvaluationGate(FakeExecutor(lambda job: verdict(True)))
    async with StopSignal() as stop:
        stop.on_stop(gate.close)
        stop.trigger(signal.SIGINT)
        assert not gate.is_open
        with pytest.raises(ShuttingDown):
            await gate.run(JOB)


async def test_a_second_signal_stops_without_waiting() -> None:
    executor, _never_released = held_executor()
    gate = EvaluationGate(executor)
    cleaned_up = []

    async def serve() -> None:
        async with StopSignal() as stop:
            stop.on_stop(gate.close)
            running = asyncio.create_task(gate.run(JOB))
            await started(gate, 1)
            try:
                await stop.wait()
                await gate.drain(timeout=3600)  # a run that would never finish
            finally:
                cleaned_up.append(stop.forced)  # cleanup (closing the db) still runs
                running.cancel()

    serving = asyncio.create_task(serve())
    while gate.in_flight < 1:
        await asyncio.sleep(0)
    os.kill(os.getpid(), signal.SIGTERM)
    while gate.is_open:  # the first signal has been handled: draining
        await asyncio.sleep(0)
    os.kill(os.getpid(), signal.SIGTERM)
    with pytest.raises(asyncio.CancelledError):
        await serving
    assert cleaned_up == [True]
