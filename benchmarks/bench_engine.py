"""What the tutor engine adds on top of running code: one submission, end to end.

Rows, each `--runs` submissions of the seed lesson's step 2 reference solution (so step 1
runs first, as for a learner):

- executor only: `executor.run(job)` straight through the sandbox (the baseline).
- engine, sandbox + SQLite: `engine.submit` as the bot does it (run, record the attempt,
  the activity day, the progress), learners reset between runs so every submit counts.
- engine, fake executor + SQLite: the engine's own cost plus durable writes, no code run.
- engine, fake executor + memory store: the engine's pure bookkeeping.

Each row also runs with `--learners` concurrent learners. Prints a table of median and p95
latency (ms) and submissions per second (timed work only; the resets between runs are not
counted).

Usage: python benchmarks/bench_engine.py [--runs 200] [--learners 1,8] [--write FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable without installing

from bot.app import open_executor
from bot.core.content import load_catalog
from bot.core.lessons import TutorEngine, build_job
from bot.core.ports import CodeExecutor, ProgressStore, SystemClock
from bot.executor.fake import FakeExecutor, verdict
from bot.settings import load_settings
from bot.storage import MemoryProgressStore, SQLiteProgressStore

LESSON = "what-is-mlops"


async def measure(
    learners: int, runs: int, one: Callable[[int], Awaitable[float]]
) -> tuple[list[float], float]:
    """Latencies (ms, as `one` timed them) of `runs` calls over `learners` tasks, and the
    total timed seconds per task on average (so set-up work is excluded from the rate)."""
    latencies: list[float] = []

    async def learner(index: int) -> None:
        for _ in range(index, runs, learners):
            latencies.append(await one(index))

    await asyncio.gather(*(learner(n) for n in range(learners)))
    return latencies, sum(latencies) / 1000 / learners


async def timed(call: Awaitable[object]) -> float:
    start = time.perf_counter()
    await call
    return (time.perf_counter() - start) * 1000


def row(name: str, learners: int, latencies: list[float], wall: float) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    per_second = len(ordered) / wall
    median = statistics.median(ordered)
    return f"| {name} | {learners} | {median:.1f} | {p95:.1f} | {per_second:.0f} |"


async def engine_rows(
    name: str, learners: int, runs: int, executor: CodeExecutor, store: ProgressStore
) -> str:
    catalog = load_catalog(Path(__file__).resolve().parents[1] / "content")
    lesson = catalog.get(LESSON)
    assert lesson is not None
    engine = TutorEngine(catalog, executor, store, SystemClock())
    first, second = lesson.step(1).solution, lesson.step(2).solution

    async def prepare(index: int) -> None:
        learner = f"bench:{index}"
        await engine.reset(learner, LESSON)
        await engine.submit(learner, LESSON, first)

    for index in range(learners):
        await prepare(index)

    async def one(index: int) -> float:
        learner = f"bench:{index}"
        elapsed = await timed(engine.submit(learner, LESSON, second))
        await prepare(index)  # back to step 2, untimed
        return elapsed

    latencies, wall = await measure(learners, runs, one)
    return row(name, learners, latencies, wall)


async def main(runs: int, learner_counts: list[int]) -> list[str]:
    settings = load_settings()
    catalog = load_catalog(Path(__file__).resolve().parents[1] / "content")
    lesson = catalog.get(LESSON)
    assert lesson is not None
    job = build_job(lesson, 2, lesson.step(2).solution)
    lines = [
        "| row | learners | median ms | p95 ms | submits/s |",
        "|---|---|---|---|---|",
    ]
    executor = await open_executor(settings)
    try:
        for learners in learner_counts:

            async def run_only(_: int) -> float:
                return await timed(executor.run(job))

            latencies, wall = await measure(learners, runs, run_only)
            lines.append(
                row(f"executor only ({type(executor).__name__})", learners, latencies, wall)
            )
            with tempfile.TemporaryDirectory() as tmp:
                async with SQLiteProgressStore.open(Path(tmp) / "bench.db") as store:
                    lines.append(
                        await engine_rows(
                            "engine.submit, sandbox + SQLite", learners, runs, executor, store
                        )
                    )
    finally:
        await executor.aclose()

    fake = FakeExecutor(lambda _job: verdict(True))
    for learners in learner_counts:
        with tempfile.TemporaryDirectory() as tmp:
            async with SQLiteProgressStore.open(Path(tmp) / "bench.db") as store:
                lines.append(
                    await engine_rows("engine.submit, fake + SQLite", learners, runs, fake, store)
                )
        lines.append(
            await engine_rows(
                "engine.submit, fake + memory", learners, runs, fake, MemoryProgressStore()
            )
        )
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--learners", default="1,8")
    parser.add_argument("--write", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    counts = [int(n) for n in args.learners.split(",")]
    table = "\n".join(asyncio.run(main(args.runs, counts)))
    print(table)
    if args.write:
        args.write.write_text(table + "\n", encoding="utf-8")
