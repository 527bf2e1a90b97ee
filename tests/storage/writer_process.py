"""A separate process that writes answers through `SQLiteProgressStore` (used by tests).

    python writer_process.py DB PREFIX COUNT [TASKS]

TASKS learners `PREFIX-<n>` answer concurrently until COUNT answers are committed in all
(COUNT 0: forever). After every committed answer it prints the running total, flushed,
so a parent that kills this process knows a lower bound of what was committed. Each
learner also saves lesson progress every 10 answers, so multi-statement transactions are
in flight when the kill lands.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from bot.core.ports import Answer, LessonProgress, StepState
from bot.storage import SQLiteProgressStore


async def main(path: str, prefix: str, count: int, tasks: int) -> None:
    issued = committed = 0
    async with SQLiteProgressStore.open(path) as store:

        async def learner(n: int) -> None:
            nonlocal issued, committed
            who = f"{prefix}-{n}"
            i = 0
            while count == 0 or issued < count:
                issued += 1
                now = datetime.now(UTC)
                await store.record_answer(Answer(who, "l", f"q{i}", i % 4, True, "test", now))
                committed += 1
                print(committed, flush=True)
                i += 1
                if i % 10 == 0:
                    steps = tuple(StepState(f"x = {k}") for k in range(i % 7 + 1))
                    await store.save_progress(LessonProgress(who, "l", 2, steps, now, now))

        await asyncio.gather(*(learner(n) for n in range(tasks)))


if __name__ == "__main__":
    db, prefix, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
    asyncio.run(main(db, prefix, total, int(sys.argv[4]) if len(sys.argv) > 4 else 4))
