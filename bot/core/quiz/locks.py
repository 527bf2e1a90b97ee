"""One learner's changes happen one at a time.

A hint, a reset, a skip, the recording of a verdict and a practice answer each read what
is stored, decide, and write; two of them interleaved would both read the old state
(twenty Hint clicks would reveal hint 1 twenty times, two clicks would answer a question
twice). Running code is not held under the lock: only the read-decide-write after it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class LearnerLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, learner: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(learner, asyncio.Lock())
        self._users[learner] = self._users.get(learner, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[learner] -= 1
            if not self._users[learner]:  # nobody waits: forget it (no growth per learner)
                del self._users[learner]
                del self._locks[learner]
