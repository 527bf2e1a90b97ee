"""Admission by expected wait: the pure rules, with no clock, no asyncio and no processes.

A run is admitted while its expected wait — the runs queued ahead of it times the recent
time a run holds a slot, divided by the slots — stays under a deadline; past the deadline
(or past a hard cap on queued runs) it is refused with an estimate of when a retry would be
admitted. `FixedCount` is the policy it replaced (N slots and a queue of 4 × N), kept as
the benchmarks' baseline. `AdmissionQueue` (admission_queue.py) applies either one.

Runs that are still going after a short `budget` are *long*: they leave their slot (and
are reniced by the sandbox) so that a room of spinning programs cannot hold every slot;
at most `long_room` of them ride outside the slots, later ones keep theirs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.core.queue_notice import about

DEADLINE = 10.0  # seconds of expected wait before a run is refused
QUEUE_CAP = 2_000  # queued runs (job descriptions only) before a run is refused anyway
NOTICE_AFTER = 1.0  # expected wait from which the learner is told they are queued
BUDGET = 0.1  # seconds in flight after which a run counts as long (a step: ~5–20 ms)
PRIOR = 0.025  # seconds a run holds a slot, until a run was measured (~10 ms on 2 cores)
WEIGHT = 0.1  # weight of the newest measurement in the moving average


@dataclass(frozen=True)
class Admit:
    ahead: int  # runs queued before this one (0: it starts now)
    wait: float  # expected seconds before it starts
    notify: bool  # worth telling the learner ("queued — N ahead of you")


@dataclass(frozen=True)
class Refuse:
    retry_after: float  # seconds after which a retry is expected to be admitted
    reason: str  # "deadline" or "queue cap" (logs, benchmarks)

    @property
    def message(self) -> str:
        return busy_message(self.retry_after)


def busy_message(retry_after: float | None) -> str:
    """What `ExecutorBusy` says: the one sentence every surface can show as is."""
    when = f"in {about(retry_after)}" if retry_after is not None else "in a moment"
    return f"every sandbox runner is busy — try again {when}"


def expected_wait(ahead: int, free: int, slots: int, per_run: float) -> float:
    """Seconds until a run with `ahead` runs queued before it gets one of `slots` slots,
    `free` of which are free now, when a run holds a slot `per_run` seconds."""
    if ahead < free:
        return 0.0
    return (ahead - free + 1) * per_run / max(slots, 1)


class ServiceTime:
    """The recent time a run holds a slot: an exponential moving average of measurements."""

    def __init__(self, prior: float = PRIOR, weight: float = WEIGHT) -> None:
        self.value = prior
        self.weight = weight
        self.samples = 0

    def add(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        self.value = (
            seconds if self.samples == 0 else self.value + self.weight * (seconds - self.value)
        )
        self.samples += 1


@dataclass(frozen=True)
class Policy:
    """Admission by expected wait (see the module docstring); the default policy."""

    slots: int
    deadline: float = DEADLINE
    queue_cap: int = QUEUE_CAP
    notice_after: float = NOTICE_AFTER
    budget: float = BUDGET
    long_room: int | None = None  # None: 5 × slots

    @property
    def room_for_long(self) -> int:
        return 5 * self.slots if self.long_room is None else self.long_room

    def decide(self, queued: int, free: int, per_run: float) -> Admit | Refuse:
        """Admit or refuse a new run, with `queued` runs waiting and `free` slots free."""
        wait = expected_wait(queued, free, self.slots, per_run)
        if queued >= self.queue_cap:
            over = queued - self.queue_cap + 1
            return Refuse(max(1.0, over * per_run / self.slots), "queue cap")
        if wait > self.deadline:
            return Refuse(max(1.0, wait - self.deadline), "deadline")
        waits = queued > 0 and queued >= free  # someone is ahead of it in the queue
        return Admit(queued, wait, notify=waits and wait >= self.notice_after)


@dataclass(frozen=True)
class FixedCount:
    """The policy this replaced: `slots` runs, `queue_limit` waiting, the rest refused."""

    slots: int
    queue_limit: int | None = None  # None: 4 × slots
    budget: float = math.inf  # never demotes a run
    room_for_long: int = 0

    def decide(self, queued: int, free: int, per_run: float) -> Admit | Refuse:
        limit = 4 * self.slots if self.queue_limit is None else self.queue_limit
        if free == 0 and queued >= limit:
            return Refuse(max(1.0, expected_wait(queued, 0, self.slots, per_run)), "queue cap")
        return Admit(queued, expected_wait(queued, free, self.slots, per_run), notify=False)
