"""Admission by expected wait: the pure rules, with no clock, no asyncio and no processes.

A run is admitted while its expected wait — the runs queued ahead of it times the recent
time a run holds a slot, divided by the slots — stays under a deadline; past the deadline
(or past a hard cap on queued runs) it is refused with an estimate of when a retry would be
admitted. `FixedCount` is the policy it replaced (N slots and a queue of 4 × N), kept as
the benchmarks' baseline. `AdmissionQueue` (admission_queue.py) applies either one.

Runs that have used a short `budget` of CPU (or slept a second) are *long*: they leave
their slot (and the sandbox lowers their priority) so that a room of spinning programs
cannot hold every slot; at most `long_room` of them ride outside the slots, later ones
keep theirs (and their priority).
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass

from bot.core.ports import about

DEADLINE = 10.0  # seconds of expected wait before a run is refused
QUEUE_CAP = 2_000  # queued runs (job descriptions only) before a run is refused anyway
NOTICE_AFTER = 1.0  # expected wait from which the learner is told they are queued
BUDGET = 0.03  # CPU seconds after which a run is long (a step's learner child: ~3 ms)
PRIOR = 0.025  # seconds a run holds a slot, until a run was measured (~10 ms on 2 cores)
WEIGHT = 0.1  # weight of the newest measurement in the moving average
GAPS = 32  # slot hand-overs whose median sets the pace under load


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
    """How long a run holds a slot, recently.

    `value` is a moving average of the time from a run's start to its slot's release.
    Runs measured while few ran at once held their slot shorter than they will in a burst
    (they shared the cores with fewer), so while runs queue the time between two slot
    hand-overs is measured too: the median of the last ones (`gap`; a median, because one
    stall would otherwise count `slots` times) × slots is the hold time the machine really
    sustains. The estimate is the larger of the two, so an announced wait errs long.
    """

    def __init__(self, prior: float = PRIOR, weight: float = WEIGHT) -> None:
        self.value = prior
        self.weight = weight
        self.samples = 0
        self.gaps: deque[float] = deque(maxlen=GAPS)

    def add(self, seconds: float) -> None:
        """A run left its slot after `seconds`."""
        seconds = max(0.0, seconds)
        if self.samples == 0:
            self.value = seconds
        else:
            self.value += self.weight * (seconds - self.value)
        self.samples += 1

    def add_gap(self, seconds: float) -> None:
        """While runs queued, a slot was handed over `seconds` after the previous one."""
        self.gaps.append(max(0.0, seconds))

    @property
    def gap(self) -> float | None:
        return statistics.median(self.gaps) if self.gaps else None

    def per_run(self, slots: int) -> float:
        """Seconds a run holds one of `slots` slots, as far as the queue is concerned."""
        gap = self.gap
        return self.value if gap is None else max(self.value, gap * slots)


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

    def decide(
        self, queued: int, free: int, per_run: float, refused_ahead: int = 0
    ) -> Admit | Refuse:
        """Admit or refuse a new run, with `queued` runs waiting and `free` slots free.

        `refused_ahead` runs were refused a moment ago and told to come back before this
        one would be: its retry time counts them as queued ahead of it, so a refused crowd
        is told to come back one after the other, not all in the same second."""
        wait = expected_wait(queued, free, self.slots, per_run)
        if queued >= self.queue_cap:
            over = queued + refused_ahead - self.queue_cap + 1
            return Refuse(max(1.0, over * per_run / self.slots), "queue cap")
        if wait > self.deadline:
            later = expected_wait(queued + refused_ahead, free, self.slots, per_run)
            return Refuse(max(1.0, later - self.deadline), "deadline")
        waits = queued > 0 and queued >= free  # someone is ahead of it in the queue
        return Admit(queued, wait, notify=waits and wait >= self.notice_after)


@dataclass(frozen=True)
class FixedCount:
    """The policy this replaced: `slots` runs, `queue_limit` waiting, the rest refused."""

    slots: int
    queue_limit: int | None = None  # None: 4 × slots
    budget: float = math.inf  # never demotes a run
    room_for_long: int = 0

    def decide(
        self, queued: int, free: int, per_run: float, refused_ahead: int = 0
    ) -> Admit | Refuse:
        limit = 4 * self.slots if self.queue_limit is None else self.queue_limit
        if free == 0 and queued >= limit:
            return Refuse(max(1.0, expected_wait(queued, 0, self.slots, per_run)), "queue cap")
        return Admit(queued, expected_wait(queued, free, self.slots, per_run), notify=False)
