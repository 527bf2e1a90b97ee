"""How many answers per second the progress store records durably, beside raw sqlite3.

Every row is its own committed write (one `record_answer` call, or one INSERT + COMMIT for
the raw baseline), with the store's pragmas (WAL, synchronous as given). Rows:

- raw sqlite3: one connection, BEGIN IMMEDIATE / INSERT / COMMIT per answer (the floor).
- store, sequential: one task awaiting `record_answer` after another.
- store, N tasks: N learners answering at once; the store's group commit shares fsyncs.

Usage: python benchmarks/bench_store.py [--answers 3000] [--tasks 1,8,32]
       [--synchronous FULL,NORMAL] [--write docs/benchmarks-store.md]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable without installing

from bot.core.ports import Answer
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_admin import table_counts
from bot.storage.sqlite_schema import connect, connection_pragmas, prepare

TARGET_PER_SECOND = 2000


def answer(learner: int, i: int) -> Answer:
    return Answer(
        learner=f"bench:{learner}",
        lesson_id="what-is-mlops",
        question_id=f"q{i % 10}",
        choice=i % 4,
        correct=i % 3 == 0,
        mode="practice",
        at=datetime.now(UTC),
        session="bench",
    )


def bench_raw(path: Path, count: int, synchronous: str) -> float:
    """The same INSERTs the store runs (learner upsert + answer), straight through sqlite3."""
    prepare(path, synchronous)
    conn = connect(path, synchronous)
    now = datetime.now(UTC).isoformat()
    start = time.perf_counter()
    for i in range(count):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO learners (id, display_name, created_at) VALUES (?, '', ?)"
            " ON CONFLICT (id) DO NOTHING",
            ("bench:raw", now),
        )
        conn.execute(
            "INSERT INTO answers (learner_id, lesson_id, question_id, choice, correct, mode,"
            " session, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            ("bench:raw", "what-is-mlops", f"q{i % 10}", i % 4, i % 3 == 0, "practice", "", now),
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    rows = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    conn.close()
    assert rows == count, (rows, count)
    return count / elapsed


async def bench_aiosqlite(path: Path, count: int, synchronous: str) -> float:
    """The answer INSERT alone through aiosqlite, one awaited autocommit at a time: the
    floor for the store's sequential row (one thread hop plus one commit per answer)."""
    prepare(path, synchronous)
    now = datetime.now(UTC).isoformat()
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        for pragma in connection_pragmas(synchronous):
            await conn.execute(pragma)
        await conn.execute(
            "INSERT INTO learners (id, display_name, created_at) VALUES (?, '', ?)",
            ("bench:aio", now),
        )
        sql = (
            "INSERT INTO answers (learner_id, lesson_id, question_id, choice, correct, mode,"
            " session, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        start = time.perf_counter()
        for i in range(count):
            row = ("bench:aio", "what-is-mlops", f"q{i % 10}", i % 4, i % 3 == 0, "practice")
            await conn.execute(sql, (*row, "", now))
        elapsed = time.perf_counter() - start
    return count / elapsed


async def bench_store(path: Path, count: int, tasks: int, synchronous: str) -> float:
    async with SQLiteProgressStore.open(path, synchronous=synchronous) as store:
        per_task = count // tasks

        async def learner(n: int) -> None:
            for i in range(per_task):
                await store.record_answer(answer(n, i))

        start = time.perf_counter()
        await asyncio.gather(*(learner(n) for n in range(tasks)))
        elapsed = time.perf_counter() - start
    stored = table_counts(path)["answers"]
    assert stored == per_task * tasks, (stored, per_task * tasks)
    return per_task * tasks / elapsed


def run(
    count: int, task_counts: list[int], modes: list[str], repeat: int
) -> list[tuple[str, str, float]]:
    """(synchronous mode, writer, median answers/s over `repeat` runs); raw first per mode.

    Rows of one mode are interleaved round by round, so a burst of load from elsewhere on
    the machine hits the baseline and the store alike.
    """
    samples: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        base = Path(folder)
        for mode in modes:
            for round_number in range(repeat):
                raw = bench_raw(base / f"raw-{mode}-{round_number}.db", count, mode)
                samples.setdefault((mode, "raw sqlite3, one commit per insert"), []).append(raw)
                aio_db = base / f"aio-{mode}-{round_number}.db"
                aio = asyncio.run(bench_aiosqlite(aio_db, count, mode))
                samples.setdefault((mode, "aiosqlite alone, one awaited insert"), []).append(aio)
                for tasks in task_counts:
                    db = base / f"store-{mode}-{tasks}-{round_number}.db"
                    rate = asyncio.run(bench_store(db, count, tasks, mode))
                    label = (
                        "store, sequential" if tasks == 1 else f"store, {tasks} concurrent learners"
                    )
                    samples.setdefault((mode, label), []).append(rate)
    return [(mode, label, statistics.median(rates)) for (mode, label), rates in samples.items()]


def table(results: list[tuple[str, str, float]]) -> str:
    lines = [
        "| synchronous | writer | answers/s | vs raw | target |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    baseline: dict[str, float] = {}
    for mode, label, rate in results:
        raw = baseline.setdefault(mode, rate)
        verdict = "met" if rate >= TARGET_PER_SECOND else "missed"
        lines.append(f"| {mode} | {label} | {rate:,.0f} | {rate / raw:.2f}x | {verdict} |")
    return "\n".join(lines)


def setup_line(count: int, repeat: int) -> str:
    return (
        f"{count} answers per run, each its own commit, median of {repeat} runs; WAL;"
        f" SQLite {sqlite3.sqlite_version}, Python {platform.python_version()},"
        f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start;"
        f" target >= {TARGET_PER_SECOND:,}/s"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=3000, help="answers per measured row")
    parser.add_argument("--tasks", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--synchronous", default="FULL,NORMAL", help="modes to measure")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median is shown")
    parser.add_argument("--write", type=Path, help="also write the results into this Markdown file")
    args = parser.parse_args(argv)
    task_counts = [int(t) for t in args.tasks.split(",") if t.strip()]
    modes = [m.strip().upper() for m in args.synchronous.split(",") if m.strip()]
    results = run(args.answers, task_counts, modes, args.repeat)
    text = f"{setup_line(args.answers, args.repeat)}\n\n{table(results)}"
    print(text)
    if args.write:
        args.write.write_text(
            REPORT.format(
                command=" ".join(["python benchmarks/bench_store.py", *argv]), results=text
            ),
            encoding="utf-8",
        )
        print(f"\nwrote {args.write}")
    return 0


REPORT = """# Progress store benchmark

Produced by `{command}`.
Numbers vary with the disk's fsync latency and whatever else the machine is doing (the
load average is shown), so compare rows of one run, not runs.

{results}

- **raw sqlite3** is the baseline: one answer committed at a time with the same two
  statements (learner row, answer row) and pragmas, no asyncio, no thread hop. With `FULL`
  it measures the disk's fsync rate.
- **aiosqlite alone**: the answer INSERT through aiosqlite, one awaited autocommit at a
  time, nothing else: the floor for the store's sequential row, which is the same one
  thread hop plus one commit per answer (the learner row is known, so no transaction).
- **store, sequential**: one task awaiting `record_answer` after another. It cannot beat
  aiosqlite alone; with `FULL` it is bound by one fsync per answer plus the hop.
- **store, N concurrent learners**: what a busy Discord server does. The store's worker
  commits every write waiting in its queue in one transaction (group commit) and answers
  each caller after that COMMIT, so N learners share one fsync.
- `FULL` (the default) survives power loss; `NORMAL` in WAL mode survives a killed process
  (kill -9, OOM) but may lose the last commits on power loss. See docs/storage.md.
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
