"""Admission by expected wait, with a fake slow executor and a frozen clock (no timing)."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ports import (
    EvaluationInProgress,
    ExecutorBusy,
    Program,
    QueueNotice,
    RunJob,
    RunResult,
    about,
    listening,
)
from bot.executor.admission import Admit, FixedCount, Policy, Refuse, ServiceTime, expected_wait
from bot.executor.admission_queue import AdmissionQueue, Lease
from bot.executor.fake import verdict

from .helpers import PASSING, build_engine

LEARNER = "local:alice"


class FrozenClock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class SlowExecutor:
    """A `CodeExecutor` behind an `AdmissionQueue` whose runs end when the test says so."""

    def __init__(self, policy: Policy | FixedCount, per_run: float) -> None:
        self.clock = FrozenClock()
        self.queue = AdmissionQueue(policy, self.clock, ServiceTime(prior=per_run))
        self.gates: list[asyncio.Event] = []
        self.leases: list[Lease] = []
        self.started: list[RunJob] = []

    async def run(self, job: RunJob) -> RunResult:
        async def work(lease: Lease) -> RunResult:
            gate = asyncio.Event()
            self.gates.append(gate)
            self.leases.append(lease)
            self.started.append(job)
            await gate.wait()
            return verdict(True)

        return await self.queue.run(work)

    async def aclose(self) -> None:
        return None

    def finish(self, index: int, after: float) -> None:
        """Run `index` ends `after` seconds (on the frozen clock) after it started."""
        self.clock.now = self.leases[index].started + after
        self.gates[index].set()


def job(name: str = "x") -> RunJob:
    return RunJob(programs=(Program("your code", name),))


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def submit_all(executor: SlowExecutor, count: int) -> list[asyncio.Task[RunResult]]:
    tasks = [asyncio.create_task(executor.run(job(str(i)))) for i in range(count)]
    await settle()
    return tasks


# --------------------------------------------------------------------------- the rule


def test_expected_wait_is_the_queue_ahead_times_the_time_per_slot():
    assert expected_wait(ahead=0, free=1, slots=4, per_run=0.4) == 0.0
    assert expected_wait(ahead=3, free=4, slots=4, per_run=0.4) == 0.0
    assert expected_wait(ahead=0, free=0, slots=4, per_run=0.4) == pytest.approx(0.1)
    assert expected_wait(ahead=39, free=0, slots=4, per_run=0.4) == pytest.approx(4.0)


def test_the_wait_is_said_in_whole_seconds_rounded_up():
    assert about(0.2) == "about 1 s"
    assert about(11.01) == "about 12 s"
    refusal = Refuse(11.5, "deadline").message
    assert refusal == "every sandbox runner is busy — try again in about 12 s"


@given(
    slots=st.integers(1, 64),
    queued=st.integers(0, 100_000),
    free=st.integers(0, 64),
    per_run=st.floats(0.0, 30.0),
    deadline=st.floats(0.1, 600.0),
    cap=st.integers(1, 100_000),
    refused=st.integers(0, 100_000),
)
def test_no_run_is_admitted_past_the_deadline_or_the_cap(
    slots, queued, free, per_run, deadline, cap, refused
):
    free = min(free, slots)
    policy = Policy(slots, deadline=deadline, queue_cap=cap)
    decision = policy.decide(queued, free, per_run, refused)
    if isinstance(decision, Admit):
        assert decision.wait <= deadline and queued < cap and decision.ahead == queued
    else:
        assert decision.retry_after >= 1.0
        assert queued >= cap or expected_wait(queued, free, slots, per_run) > deadline


def test_a_moving_average_follows_the_recent_service_time():
    service = ServiceTime(prior=0.025, weight=0.5)
    service.add(0.2)  # the first measurement replaces the prior
    assert service.value == pytest.approx(0.2)
    service.add(0.4)
    assert service.value == pytest.approx(0.3)


def test_while_runs_queue_the_pace_of_hand_overs_corrects_a_too_short_hold_time():
    service = ServiceTime(prior=0.01)
    assert service.per_run(slots=4) == 0.01  # nothing queued yet: the hold time
    for _ in range(5):
        service.add_gap(0.02)  # in a burst a slot came free every 20 ms: 4 slots → 80 ms
    service.add_gap(2.0)  # one stall does not make every run look like 8 s
    assert service.per_run(slots=4) == pytest.approx(0.08)
    service.add(0.5)  # a long hold is not hidden by a quick pace
    assert service.per_run(slots=4) == pytest.approx(0.5)


async def test_a_burst_measures_the_time_between_hand_overs_on_the_frozen_clock():
    executor = SlowExecutor(Policy(1), per_run=0.01)
    tasks = await submit_all(executor, 5)
    for index in range(5):  # each run takes 0.1 s: a queued run gets the slot every 0.1 s
        executor.finish(index, after=0.1)
        await settle()
    await asyncio.gather(*tasks)
    assert list(executor.queue.service.gaps) == pytest.approx([0.1, 0.1, 0.1])
    assert executor.queue.service.per_run(1) == pytest.approx(0.1)


# --------------------------------------------------------------------------- the queue


async def test_admits_while_the_expected_wait_is_under_the_deadline_then_refuses_with_it():
    # One slot, a run holds it 1 s: the k-th queued run expects k + 1 s of wait.
    executor = SlowExecutor(Policy(1, deadline=10.0), per_run=1.0)
    tasks = await submit_all(executor, 11)
    assert len(executor.started) == 1 and executor.queue.queued == 10
    assert not any(task.done() for task in tasks)

    with pytest.raises(ExecutorBusy) as refused:
        await executor.run(job("one too many"))
    assert refused.value.retry_after == pytest.approx(1.0)
    assert "try again in about 1 s" in str(refused.value)

    # The running job takes 13 s: a run now holds the slot 13 s, so the 10 waiting runs
    # (one of which now runs) expect 10 × 13 s: a new run must wait ~130 s, 120 s too long.
    executor.finish(0, after=13.0)
    await settle()
    assert (await tasks[0]).passed and executor.queue.service.value == pytest.approx(13.0)
    with pytest.raises(ExecutorBusy) as refused:
        await executor.run(job("later"))
    assert refused.value.retry_after == pytest.approx(120.0)
    assert "about 120 s" in str(refused.value)
    assert executor.queue.refused == 2

    for index in range(1, 11):  # every admitted run is answered, in order
        executor.finish(index, after=0.01)
        await settle()
    assert all(result.passed for result in await asyncio.gather(*tasks))
    assert executor.started == [job(str(i)) for i in range(11)]
    assert executor.queue.busy == 0 and executor.queue.queued == 0


async def test_a_refused_crowd_is_told_to_come_back_one_after_the_other():
    # One slot, 1 s a run, a 3 s deadline: 3 wait, then each refusal is told a later time.
    executor = SlowExecutor(Policy(1, deadline=3.0), per_run=1.0)
    tasks = await submit_all(executor, 4)
    told = []
    for _ in range(3):
        with pytest.raises(ExecutorBusy) as refused:
            await executor.run(job())
        told.append(refused.value.retry_after)
    assert told == [1.0, 2.0, 3.0]  # not three people back in the same second
    executor.clock.now += 10  # they are all due back: a new refusal is told 1 s again
    with pytest.raises(ExecutorBusy) as refused:
        await executor.run(job())
    assert refused.value.retry_after == 1.0
    for index in range(4):
        executor.finish(index, after=1.0)
        await settle()
    await asyncio.gather(*tasks)


async def test_a_hard_cap_bounds_the_queue_whatever_the_wait():
    executor = SlowExecutor(Policy(1, deadline=1e6, queue_cap=3), per_run=0.001)
    tasks = await submit_all(executor, 4)
    assert executor.queue.queued == 3
    with pytest.raises(ExecutorBusy) as refused:
        await executor.run(job())
    assert refused.value.retry_after >= 1.0
    for index in range(4):
        executor.finish(index, after=0.001)
        await settle()
    await asyncio.gather(*tasks)


async def test_the_old_fixed_count_refuses_by_count_alone():
    executor = SlowExecutor(FixedCount(2), per_run=0.001)  # 2 slots + 8 queued
    tasks = await submit_all(executor, 10)
    with pytest.raises(ExecutorBusy):
        await executor.run(job())
    for index in range(10):
        executor.finish(index, after=0.001)
        await settle()
    await asyncio.gather(*tasks)


async def test_queued_runs_are_told_how_many_are_ahead_once_the_wait_passes_the_notice():
    executor = SlowExecutor(Policy(2, notice_after=1.0), per_run=1.0)
    notices: dict[int, list[QueueNotice]] = {}

    async def submit(index: int) -> RunResult:
        with listening(notices.setdefault(index, []).append):
            return await executor.run(job(str(index)))

    tasks = [asyncio.create_task(submit(i)) for i in range(6)]
    await settle()
    # Two start at once; the 1st queued expects 0.5 s (no notice), then 1 s, 1.5 s, 2 s.
    assert [len(notices[i]) for i in range(6)] == [0, 0, 0, 1, 1, 1]
    assert notices[3] == [QueueNotice(ahead=1, wait=1.0)]
    assert notices[5] == [QueueNotice(ahead=3, wait=2.0)]
    for index in range(6):
        executor.finish(index, after=1.0)
        await settle()
    await asyncio.gather(*tasks)


async def test_a_long_run_leaves_its_slot_up_to_the_room_for_long_runs():
    executor = SlowExecutor(Policy(2, long_room=1), per_run=0.01)
    tasks = await submit_all(executor, 4)
    assert len(executor.started) == 2
    assert executor.leases[0].demote()  # the first spinner rides outside the slots
    await settle()
    assert len(executor.started) == 3 and executor.queue.long == 1
    assert not executor.leases[1].demote()  # no more room: the second keeps its slot
    await settle()
    assert len(executor.started) == 3
    executor.finish(0, after=5.0)  # the demoted run ends: no slot to give back
    await settle()
    assert executor.queue.long == 0 and len(executor.started) == 3
    for index in (1, 2):
        executor.finish(index, after=0.01)
        await settle()
    executor.finish(3, after=0.01)
    await asyncio.gather(*tasks)
    assert executor.queue.busy == 0


async def test_a_cancelled_waiter_gives_up_its_place_without_leaking_a_slot():
    executor = SlowExecutor(Policy(1), per_run=0.01)
    tasks = await submit_all(executor, 3)
    tasks[1].cancel()
    await settle()
    assert executor.queue.queued == 1
    executor.finish(0, after=0.01)
    await settle()
    assert executor.started[-1] == job("2")
    executor.finish(1, after=0.01)
    await settle()
    assert (await tasks[2]).passed and executor.queue.busy == 0


# --------------------------------------------------------------------------- one per learner


async def test_a_second_submission_while_the_first_waits_is_not_queued_twice():
    slow = SlowExecutor(Policy(1), per_run=0.01)
    engine, *_ = build_engine()
    engine.executor = slow
    await engine.start("local:first", "demo")
    await engine.start(LEARNER, "demo")
    blocker = asyncio.create_task(engine.submit("local:first", "demo", PASSING))
    waiting = asyncio.create_task(engine.submit(LEARNER, "demo", PASSING))
    await settle()
    assert slow.queue.queued == 1  # the learner's run waits behind the blocker

    with pytest.raises(EvaluationInProgress) as second:
        await engine.submit(LEARNER, "demo", PASSING)
    assert "Still checking your last submission" in second.value.message
    assert slow.queue.queued == 1

    slow.finish(0, after=0.01)
    await settle()
    slow.finish(1, after=0.01)
    assert (await blocker).passed and (await waiting).passed
    assert len(slow.started) == 2
