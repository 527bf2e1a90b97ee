"""100 progress cards rendered concurrently: does the event loop stay responsive?

Rows, side by side in one run, each rendering `--cards` distinct cards (no cache hits):

- baseline, on the loop: each coroutine draws its card right in the event loop (what the
  bot must not do);
- worker thread: `PictureWorker(mode="thread")` (one drawing thread in this process);
- worker process: `PictureWorker(mode="process")`, as the bot uses it (one drawing child);
- cached: the same cards again through the process worker (every one a cache hit).

Event-loop lag is sampled by a task that asks to wake every 5 ms and records how late it
woke; the target is lag p99 < 50 ms with 100 concurrent renders. A warm-up card is drawn
first so matplotlib's import and font cache are not counted.

Usage: python benchmarks/bench_pictures.py [--cards 100] [--write docs/benchmarks-pictures.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable without installing

from bot.core.ports import DayRate, ProgressFacts, TrackProgress  # noqa: E402
from bot.pictures import PictureWorker, drawing  # noqa: E402

TARGET_LAG_P99_MS = 50.0
TICK = 0.005


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if values else 0


def card(n: int) -> ProgressFacts:
    today = date(2025, 3, 30)
    days = tuple(
        DayRate(today - timedelta(days=29 - i), (i + n) % 5, (i + n) % 3) for i in range(30)
    )
    tracks = (TrackProgress("mlops", n % 6, 6, n % 30, 30), TrackProgress("python", 1, 4, 7, 16))
    return ProgressFacts(f"learner {n}", today, tracks, n % 40, days, n % 9)


async def measure(render: Callable[[ProgressFacts], Awaitable[bytes]], cards: int, offset: int):
    lags: list[float] = []
    stop = asyncio.Event()

    async def sampler() -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            expected = loop.time() + TICK
            await asyncio.sleep(TICK)
            lags.append(max(0.0, loop.time() - expected) * 1000)

    probe = asyncio.create_task(sampler())
    await asyncio.sleep(0.05)
    started = time.perf_counter()
    sizes = await asyncio.gather(*(render(card(offset + i)) for i in range(cards)))
    wall = time.perf_counter() - started
    stop.set()
    await probe
    assert all(len(png) > 10_000 for png in sizes)
    return wall, lags


async def main(cards: int) -> list[tuple[str, float, list[float]]]:
    thread = PictureWorker(cache_size=cards * 2, mode="thread")
    worker = PictureWorker(cache_size=cards * 2, mode="process")
    for warm in (thread, worker):  # imports matplotlib, loads fonts: not counted
        await warm.progress_card(card(-1))
    drawing.progress_png(card(-2))

    async def on_loop(facts: ProgressFacts) -> bytes:
        await asyncio.sleep(0)
        return drawing.progress_png(facts)

    rows = []
    rows.append(("baseline: drawn on the event loop", *await measure(on_loop, cards, 10_000)))
    rows.append(("worker thread", *await measure(thread.progress_card, cards, 20_000)))
    rows.append(("worker process (the bot's)", *await measure(worker.progress_card, cards, 0)))
    rows.append(("same cards again (cache hits)", *await measure(worker.progress_card, cards, 0)))
    await thread.aclose()
    await worker.aclose()
    return rows


def table(rows, cards: int) -> str:
    lines = [
        f"{cards} progress cards rendered concurrently; lag sampled every {TICK * 1000:.0f} ms.",
        "",
        "| row | wall time | cards/s | lag p50 | lag p99 | lag max | lag p99 < 50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, wall, lags in rows:
        p99 = pct(lags, 99)
        verdict = "yes" if p99 < TARGET_LAG_P99_MS else "no"
        lines.append(
            f"| {name} | {wall:.2f} s | {cards / wall:.0f} | {pct(lags, 50):.1f} ms | "
            f"{p99:.1f} ms | {max(lags or [0]):.1f} ms | {verdict} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args()
    result = table(asyncio.run(main(args.cards)), args.cards)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    conditions = (
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load} "
        "at the end (other sessions share this machine: rows of one run compare, runs do not)."
    )
    print(result)
    print()
    print(conditions)
    if args.write:
        command = f"`python3 benchmarks/bench_pictures.py --write {args.write}`"
        text = f"# Benchmark: progress pictures (#13)\n\n{command}\n\n{result}\n\n{conditions}\n"
        args.write.write_text(text, encoding="utf-8")
