"""The code box's prefill never makes Discord wait on a slow database."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.core.content import load_catalog
from bot.core.lessons import TutorEngine
from bot.core.ports import RunResult, RunStatus, SystemClock
from bot.discord_app.prefill import Prefills
from bot.executor.fake import FakeExecutor
from bot.storage.memory import MemoryProgressStore

CONTENT = Path(__file__).resolve().parents[2] / "content"
LESSON = "what-is-mlops"


class SlowDisk(MemoryProgressStore):
    """The real in-memory store behind a disk that answers reads only when released."""

    def __init__(self) -> None:
        super().__init__()
        self.released = asyncio.Event()
        self.released.set()

    async def attempts(self, *args, **kwargs):
        await self.released.wait()
        return await super().attempts(*args, **kwargs)


def engine_with(store: MemoryProgressStore) -> TutorEngine:
    executor = FakeExecutor(lambda job: RunResult(RunStatus.OK))
    return TutorEngine(load_catalog(CONTENT), executor, store, SystemClock())


async def test_prefill_is_the_starter_then_the_remembered_attempt():
    engine = engine_with(MemoryProgressStore())
    prefills = Prefills(engine)
    await engine.start("discord:1", LESSON)
    starter = engine.lesson(LESSON).step(1).starter
    assert await prefills.code_for("discord:1", LESSON) == starter
    prefills.remember("discord:1", LESSON, "x = 1")
    assert await prefills.code_for("discord:1", LESSON) == "x = 1"
    prefills.forget("discord:1", LESSON)
    assert await prefills.code_for("discord:1", LESSON) == starter


async def test_a_slow_read_opens_the_box_empty_and_fills_the_memory_later():
    store = SlowDisk()
    engine = engine_with(store)
    await engine.start("discord:1", LESSON)
    store.released.clear()
    prefills = Prefills(engine, deadline=0.05)

    assert await prefills.code_for("discord:1", LESSON) == ""

    store.released.set()
    for _ in range(100):
        await asyncio.sleep(0.01)
        if ("discord:1", LESSON) in prefills._known:
            break
    assert await prefills.code_for("discord:1", LESSON) == engine.lesson(LESSON).step(1).starter


async def test_warming_reads_in_the_background_and_never_overwrites_a_fresher_attempt():
    store = SlowDisk()
    engine = engine_with(store)
    await engine.start("discord:1", LESSON)
    prefills = Prefills(engine)

    store.released.clear()
    prefills.warm("discord:1", LESSON)  # returns at once; the read waits for the disk
    prefills.remember("discord:1", LESSON, "x = 2")  # the learner submitted meanwhile
    store.released.set()
    await asyncio.gather(*prefills._background)
    assert await prefills.code_for("discord:1", LESSON) == "x = 2"

    prefills.forget("discord:1", LESSON)
    prefills.warm("discord:1", LESSON)
    await asyncio.gather(*prefills._background)
    store.released.clear()  # the disk is stuck now, yet the box is prefilled at once
    assert await prefills.code_for("discord:1", LESSON) == engine.lesson(LESSON).step(1).starter
