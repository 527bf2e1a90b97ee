"""/run's limit, counted where the cost is: at submission, not when a code box opens.

Opening a box costs nothing; running code costs a sandbox slot. So each member may have
one /run in flight and must leave `cooldown` seconds between submissions: twenty boxes
opened one by one and submitted together run once. (Lesson submissions have the engine's
own one-at-a-time rule; the executor's admission control, per learner, sits below both.)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.core.ports import TutorError

PRUNE_AT = 10_000  # members remembered before old submission times are forgotten


class RunRefused(TutorError):
    """A /run submission over the member's limit (a sentence that says which)."""


class RunGate:
    def __init__(self, cooldown: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.clock = clock
        self._running: set[int] = set()
        self._last: dict[int, float] = {}

    @contextmanager
    def admit(self, member_id: int) -> Iterator[None]:
        """Hold the member's one /run slot for the duration, or raise RunRefused."""
        now = self.clock()
        if member_id in self._running:
            raise RunRefused("Your previous /run is still running: wait for its result.")
        wait = self.cooldown - (now - self._last.get(member_id, -math.inf))
        if wait > 0:
            raise RunRefused(f"Slow down: you can run code again in {math.ceil(wait)} s.")
        self._running.add(member_id)
        self._last[member_id] = now
        if len(self._last) > PRUNE_AT:
            self._last = {m: t for m, t in self._last.items() if now - t < self.cooldown}
        try:
            yield
        finally:
            self._running.discard(member_id)
