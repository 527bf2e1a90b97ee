"""`PictureWorker`: the `PictureRenderer` port. Draws off the event loop, caches by facts.

Two ways to draw, measured side by side in `benchmarks/bench_pictures.py`:

- `process` (the default): a long-lived child process (`bot.pictures.child`) started with a
  bare environment, so the bot's token never reaches it. It draws on another core and the
  bot's event loop only moves bytes through a pipe.
- `thread`: one worker thread in the bot; no extra process, but matplotlib's C rendering
  holds the GIL, so the loop's lag grows with every picture in flight.

Either way drawing is serialised (matplotlib's font cache is not meant for concurrent use),
identical facts in flight share one drawing, and finished pictures stay in an LRU cache.
"""

from __future__ import annotations

import asyncio
import pickle
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.core.ports import DailyStatsFacts, ProgressFacts
from bot.pictures.frames import HEADER

CACHE_SIZE = 256
ROOT = Path(__file__).resolve().parents[2]  # where `bot` is importable from


class PictureError(RuntimeError):
    """The drawing process failed or died; the message says how."""


class PictureWorker:
    def __init__(self, cache_size: int = CACHE_SIZE, mode: str = "process") -> None:
        if mode not in ("process", "thread"):
            raise ValueError(f"mode must be 'process' or 'thread', not {mode!r}")
        self.mode = mode
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self._pending: dict[Hashable, asyncio.Future[bytes]] = {}
        self._size = cache_size
        self._pool: ThreadPoolExecutor | None = None
        self._child: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()
        self._config_dir: tempfile.TemporaryDirectory[str] | None = None
        self.drawn = 0  # pictures actually drawn (not served from the cache)

    async def progress_card(self, facts: ProgressFacts) -> bytes:
        return await self._render(("progress", facts))

    async def daily_chart(self, facts: DailyStatsFacts) -> bytes:
        return await self._render(("daily", facts))

    async def _render(self, key: tuple[str, Any]) -> bytes:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pending = self._pending.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.ensure_future(self._draw(*key))
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

    async def _draw(self, kind: str, facts: Any) -> bytes:
        if self.mode == "thread":
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, _draw_here, kind, facts)
        async with self._lock:  # one request on the pipe at a time
            return await self._ask_child(pickle.dumps((kind, facts)))

    async def _start_child(self) -> asyncio.subprocess.Process:
        if self._child is None or self._child.returncode is not None:
            if self._config_dir is None:
                self._config_dir = tempfile.TemporaryDirectory(prefix="stepwise-mpl-")
            env = {  # nothing of the bot's environment: no token, no settings
                "PYTHONPATH": str(ROOT),
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": self._config_dir.name,
            }
            self._child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.pictures.child",
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                env=env, cwd=self._config_dir.name,
            )  # fmt: skip
        return self._child

    async def _ask_child(self, request: bytes) -> bytes:
        child = await self._start_child()
        assert child.stdin is not None and child.stdout is not None
        try:
            child.stdin.write(HEADER.pack(len(request)) + request)
            await child.stdin.drain()
            (size,) = HEADER.unpack(await child.stdout.readexactly(HEADER.size))
            answer = await child.stdout.readexactly(size)
        except (BrokenPipeError, ConnectionResetError, asyncio.IncompleteReadError) as error:
            await self._stop_child()
            raise PictureError(f"the drawing process stopped: {error!r}") from None
        if answer[:1] != b"O":
            raise PictureError(answer[1:].decode(errors="replace"))
        return answer[1:]

    async def _stop_child(self) -> None:
        child, self._child = self._child, None
        if child is None or child.returncode is not None:
            return
        if child.stdin is not None:
            child.stdin.close()
        try:
            await asyncio.wait_for(child.wait(), 5)
        except TimeoutError:
            child.kill()
            await child.wait()

    async def aclose(self) -> None:
        await self._stop_child()
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, wait=True)
        if self._config_dir is not None:
            self._config_dir.cleanup()
            self._config_dir = None


def _draw_here(kind: str, facts: Any) -> bytes:
    """Thread mode: matplotlib is imported in the worker thread on the first picture."""
    from bot.pictures import drawing

    return drawing.progress_png(facts) if kind == "progress" else drawing.daily_png(facts)
