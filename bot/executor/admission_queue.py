"""`AdmissionQueue`: slots, a FIFO of waiting runs, and an admission policy deciding who
may wait (admission.py). An executor wraps each run in `await queue.run(work)`.

It measures how long each run holds a slot (with an injectable clock, so tests freeze
time), tells the submitter when a run is queued for a while (`bot.core.ports.queue`), and
lets a run that turned out long leave its slot (`Lease.demote`) so the runs behind it keep
moving. Only job descriptions wait here: nothing is encoded or spawned before a slot.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.core.ports import ExecutorBusy, QueueNotice, notify
from bot.executor.admission import FixedCount, Policy, Refuse, ServiceTime

T = TypeVar("T")


class Lease:
    """One admitted run's hold on a slot, from the moment it starts until it ends."""

    def __init__(self, queue: AdmissionQueue) -> None:
        self.queue = queue
        self.started = queue.clock()
        self.in_slot = True
        self.ended = False

    def demote(self) -> bool:
        """The run is long (the sandbox has lowered its priority): give its slot to the
        next run if there is room for long runs outside the slots. True if it left it."""
        if self.ended or not self.in_slot or self.queue.long >= self.queue.policy.room_for_long:
            return False
        self.in_slot = False
        self.queue.long += 1
        self.queue.demoted += 1
        self.queue.free_slot(self.queue.clock() - self.started)
        return True

    def end(self) -> None:
        if self.ended:
            return
        self.ended = True
        if self.in_slot:
            self.queue.free_slot(self.queue.clock() - self.started)
        else:
            self.queue.long -= 1


class AdmissionQueue:
    def __init__(
        self,
        policy: Policy | FixedCount,
        clock: Callable[[], float] = time.monotonic,
        service: ServiceTime | None = None,
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.service = service or ServiceTime()
        self.busy = 0  # runs holding a slot
        self.long = 0  # long runs that left their slot
        self.refused = 0  # runs turned away, since the start
        self.demoted = 0  # runs that left their slot as long, since the start
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._handed_over: float | None = None  # when a queued run last got a slot
        self._comebacks: list[float] = []  # heap: when refused runs were told to retry

    @property
    def queued(self) -> int:
        return len(self._waiting)

    @property
    def free(self) -> int:
        return max(0, self.policy.slots - self.busy)

    async def run(self, work: Callable[[Lease], Awaitable[T]]) -> T:
        """Run `work` once it has a slot; ExecutorBusy (with `retry_after`) if refused."""
        per_run = self.service.per_run(self.policy.slots)
        now = self.clock()
        while self._comebacks and self._comebacks[0] <= now:
            heapq.heappop(self._comebacks)  # refused runs now due back: they count no more
        decision = self.policy.decide(self.queued, self.free, per_run, len(self._comebacks))
        if isinstance(decision, Refuse):
            self.refused += 1
            heapq.heappush(self._comebacks, now + decision.retry_after)
            raise ExecutorBusy(decision.message, retry_after=decision.retry_after)
        if decision.notify:
            notify(QueueNotice(decision.ahead, decision.wait))
        if self.free and not self._waiting:
            self.busy += 1
        else:
            await self._wait_for_slot()
        lease = Lease(self)
        try:
            return await work(lease)
        finally:
            lease.end()

    async def _wait_for_slot(self) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.free_slot(None)  # handed a slot just as it was cancelled: pass it on
            elif future in self._waiting:  # (a slot handed out meanwhile skipped it)
                self._waiting.remove(future)
            raise

    def free_slot(self, held: float | None) -> None:
        """A run left its slot after `held` seconds: hand the slot to the next waiting run."""
        if held is not None:
            self.service.add(held)
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_result(None)  # the slot passes on: `busy` stays the same
                now = self.clock()
                if self._handed_over is not None:
                    self.service.add_gap(now - self._handed_over)
                self._handed_over = now
                return
        self._handed_over = None  # nobody waits: the next hand-over starts a new burst
        self.busy -= 1
