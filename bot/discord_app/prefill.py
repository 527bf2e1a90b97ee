"""What the code box is prefilled with, without making Discord wait.

The code box must be Discord's first answer to a click, within 3 s, so its prefill (the
learner's last attempt at the step) cannot wait behind a busy database. It is remembered
when the learner submits through Discord, and read in the background whenever a step is
shown; otherwise it is read with a deadline, and if the database is slow the box opens
empty while the read finishes in the background and fills the memory for next time.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from bot.core.lessons import TutorEngine

log = logging.getLogger(__name__)

DEADLINE_SECONDS = 1.5  # the longest a read may take: room in Discord's 3 s for the network
ANSWER_BY_SECONDS = 2.0  # after the interaction was created; the rest is for the network
MIN_WAIT_SECONDS = 0.1
MEMORY_SIZE = 5000  # learners × lessons remembered (each at most 4,000 chars)

Key = tuple[str, str]  # (learner, lesson id)


class Prefills:
    def __init__(self, engine: TutorEngine, deadline: float = DEADLINE_SECONDS) -> None:
        self.engine = engine
        self.deadline = deadline
        self._known: OrderedDict[Key, str] = OrderedDict()
        self._background: set[asyncio.Task[str]] = set()

    def remember(self, learner: str, lesson_id: str, code: str) -> None:
        """The learner's latest attempt at their current step is `code`."""
        key = (learner, lesson_id)
        self._known[key] = code
        self._known.move_to_end(key)
        while len(self._known) > MEMORY_SIZE:
            self._known.popitem(last=False)

    def forget(self, learner: str, lesson_id: str) -> None:
        """The current step changed (a pass, a reset): the next prefill comes from the engine."""
        self._known.pop((learner, lesson_id), None)

    def budget(self, age: float) -> float:
        """How long a read may take for an interaction created `age` seconds ago (clock skew
        between Discord and this host is bounded by the clamp)."""
        return min(self.deadline, max(MIN_WAIT_SECONDS, ANSWER_BY_SECONDS - age))

    def warm(self, learner: str, lesson_id: str) -> None:
        """Read the prefill in the background now (a step was just shown), so pressing
        Submit code later needs no database read at all."""
        key = (learner, lesson_id)
        if key not in self._known:
            self._in_background(key, asyncio.create_task(self.engine.last_code(*key)))

    def _in_background(self, key: Key, read: asyncio.Task[str]) -> None:
        self._background.add(read)
        read.add_done_callback(lambda task: self._finish(key, task))

    async def code_for(self, learner: str, lesson_id: str, age: float = 0.0) -> str:
        """The last attempt (or the starter), or "" if the engine can't say in time."""
        key = (learner, lesson_id)
        if key in self._known:
            self._known.move_to_end(key)
            return self._known[key]
        read = asyncio.create_task(self.engine.last_code(learner, lesson_id))
        done, _ = await asyncio.wait({read}, timeout=self.budget(age))
        if read in done:
            code = read.result()  # domain errors (lesson complete...) propagate
            self.remember(learner, lesson_id, code)
            return code
        log.info("prefill for %s/%s not read in time; the box opens empty", *key)
        self._in_background(key, read)
        return ""

    def _finish(self, key: Key, task: asyncio.Task[str]) -> None:
        self._background.discard(task)
        # A fresher value (remembered from a submission meanwhile) wins over this read.
        if not task.cancelled() and task.exception() is None and key not in self._known:
            self.remember(*key, task.result())
