"""How long `stepwise content check` takes for a whole catalogue, before and after it
proved the learning modes, side by side in one run over one sandbox.

Usage: python benchmarks/bench_content_check.py [--content PATH] [--rounds 3] [--write FILE]

Rows, interleaved round by round so a busy spell on the machine hits all of them:
- before: what the check ran until issue 18: each step's reference and an empty submission,
  then the question bank's proven outputs, one lesson after the other;
- after, modes left out: the same work with lessons checked in parallel;
- after: the check now, every lesson's predict, fix and fill items run too, all in parallel.
Sandbox start-up is left out (the same for every row). Timing only; no test asserts it.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable without installing

from bot.app import open_executor
from bot.cli.content_cmd import LessonCheck, check_lesson, check_steps, warm_packages
from bot.cli.content_quality import check_bank
from bot.cli.mode_runs import run_count
from bot.cli.parallel_runs import ParallelRuns
from bot.core.content import Catalog, Lesson, ModeContent, load_catalog
from bot.core.ports import CodeExecutor
from bot.settings import load_settings

SHIPPED = Path(__file__).resolve().parents[1] / "content"


async def before(executor: CodeExecutor, catalog: Catalog) -> int:
    """The check as it was: one lesson at a time, no mode items."""
    runs = 0
    for lesson in catalog.lessons:
        outcome = LessonCheck(lesson)
        await check_steps(executor, lesson, outcome, report=False)
        outcome.bank = await check_bank(executor, lesson)
        if not outcome.ok:
            raise SystemExit(f"{lesson.id} does not pass: {outcome.problems}")
        runs += 2 * len(lesson.steps) + sum(q.output_of_code for q in lesson.questions)
    return runs


def without_modes(lesson: Lesson) -> Lesson:
    return dataclasses.replace(lesson, modes=ModeContent())


async def parallel(executor: CodeExecutor, lessons: list[Lesson]) -> int:
    results = await asyncio.gather(*(check_lesson(executor, x, report=False) for x in lessons))
    bad = [r.lesson.id for r in results if not r.ok]
    if bad:
        raise SystemExit(f"lessons with problems: {', '.join(bad)}; fix them before timing")
    return sum(
        2 * len(x.steps) + sum(q.output_of_code for q in x.questions) + run_count(x)
        for x in lessons
    )


Row = tuple[str, Callable[[], Awaitable[int]]]


async def measure(catalog: Catalog, rounds: int) -> list[tuple[str, float, int]]:
    raw = await open_executor(load_settings())
    runner = ParallelRuns(raw)
    try:
        await warm_packages(runner, catalog)
        lessons = list(catalog.lessons)
        rows: list[Row] = [
            ("before: steps + question banks, one lesson at a time", lambda: before(raw, catalog)),
            (
                "after, modes left out: the same, lessons in parallel",
                lambda: parallel(runner, [without_modes(x) for x in lessons]),
            ),
            (
                "after: steps + banks + every mode item, in parallel (content check now)",
                lambda: parallel(runner, lessons),
            ),
        ]
        await rows[-1][1]()  # warm-up round, not counted
        times: dict[str, list[float]] = {name: [] for name, _ in rows}
        counts: dict[str, int] = {}
        for _ in range(rounds):
            for name, action in rows:
                start = time.perf_counter()
                counts[name] = await action()
                times[name].append(time.perf_counter() - start)
        return [(name, statistics.median(times[name]), counts[name]) for name, _ in rows]
    finally:
        await runner.aclose()


def report(
    results: list[tuple[str, float, int]], catalog: Catalog, rounds: int, where: str
) -> list[str]:
    items = sum(run_count(x) for x in catalog.lessons)
    load = os.getloadavg()
    lines = [
        "## Content check of the whole catalogue (`benchmarks/bench_content_check.py`)",
        "",
        f"{len(catalog.lessons)} lessons from `{where}` ({items} sandbox runs of mode items), "
        f"median of {rounds} interleaved rounds after a warm-up; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, load average (1/5/15 min) after "
        f"the run: {', '.join(f'{x:.1f}' for x in load)}.",
        "",
        "| check | wall | sandbox runs | runs/s |",
        "|---|---:|---:|---:|",
    ]
    for name, wall, runs in results:
        lines.append(f"| {name} | {wall * 1000:.0f} ms | {runs} | {runs / wall:.0f} |")
    if load[0] > (os.cpu_count() or 1):
        lines += [
            "",
            "The machine was busy (load average above the CPU count: other sessions were "
            "running), so wall times include waiting for a core; compare rows of one run.",
        ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=SHIPPED)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--write", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()
    catalog = load_catalog(args.content)
    results = asyncio.run(measure(catalog, max(1, args.rounds)))
    lines = report(results, catalog, args.rounds, str(args.content))
    print("\n".join(lines))
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
