"""`PictureWorker`: the `PictureRenderer` port. Draws in one worker thread, caches by facts.

A thread rather than a process: drawing needs no isolation, a child process would inherit
the bot's environment (and its token), and the measured event-loop lag with one drawing
thread stays far under the 50 ms budget (docs/benchmarks.md, `bench_pictures.py`). One
thread also serialises matplotlib, whose font cache is not meant for concurrent use.
Identical facts in flight share one drawing; finished pictures are kept in an LRU cache.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.core.ports import DailyStatsFacts, ProgressFacts

CACHE_SIZE = 256


class PictureWorker:
    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._pending: dict[Hashable, asyncio.Future[bytes]] = {}
        self._size = cache_size
        self.drawn = 0  # pictures actually drawn (not served from the cache)

    async def progress_card(self, facts: ProgressFacts) -> bytes:
        return await self._render(("progress", facts), _draw_progress, facts)

    async def daily_chart(self, facts: DailyStatsFacts) -> bytes:
        return await self._render(("daily", facts), _draw_daily, facts)

    async def _render(self, key: Hashable, draw: Callable[[Any], bytes], facts: Any) -> bytes:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, draw, facts)
        self._pending[key] = future
        try:
            png = await asyncio.shield(future)
        finally:
            self._pending.pop(key, None)
        self.drawn += 1
        self._cache[key] = png
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return png

    async def aclose(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True)


# matplotlib is imported in the worker thread on the first picture, so commands that draw
# nothing never pay for importing it.


def _draw_progress(facts: ProgressFacts) -> bytes:
    from bot.pictures import drawing

    return drawing.progress_png(facts)


def _draw_daily(facts: DailyStatsFacts) -> bytes:
    from bot.pictures import drawing

    return drawing.daily_png(facts)
