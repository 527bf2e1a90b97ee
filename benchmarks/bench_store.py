"""How many answers per second the progress store records durably, beside raw sqlite3.

Every row is its own committed write (one `record_answer` call, or one INSERT + COMMIT for
the raw baseline), with the store's pragmas (WAL, synchronous as given). Rows:

- raw sqlite3: one connection, BEGIN IMMEDIATE / INSERT / COMMIT per answer (the floor).
- store, sequential: one task awaiting `record_answer` after another.
- store, N tasks: N learners answering at once; the store's group commit shares fsyncs.
- PostgreSQL (with `--postgres`, default `auto`: a throwaway local cluster, fsync on): raw
  asyncpg beside the PostgreSQL store with the same concurrency levels, then a daily-quiz
  burst (2,000 members at once plus double clicks) through each store's `DailyStore`.

Usage: python benchmarks/bench_store.py [--answers 3000] [--tasks 1,8,32]
       [--synchronous FULL,NORMAL] [--postgres auto|URL|none] [--burst-members 2000]
       [--write docs/benchmarks-store.md]
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

import store_postgres_rows as pg

from bot.core.ports import Answer
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_admin import table_counts
from bot.storage.sqlite_schema import connect, connection_pragmas, prepare

TARGET_PER_SECOND = 2000
BURST_P99_TARGET_MS = 200.0
PG_MODE = "PostgreSQL 15, fsync on"


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


def run_postgres(
    cluster: object, url: str | None, count: int, task_counts: list[int], repeat: int
) -> list[tuple[str, str, float]]:
    """The same rows on PostgreSQL: raw asyncpg first, then the store; a fresh database each."""
    samples: dict[str, list[float]] = {}

    async def measure(round_number: int) -> None:
        async with pg.fresh_database(cluster, url, f"raw{round_number}") as target:
            rate = await pg.raw_asyncpg(target, count, answer)
            samples.setdefault("raw asyncpg, one transaction per answer", []).append(rate)
        for tasks in task_counts:
            async with pg.fresh_database(cluster, url, f"s{tasks}r{round_number}") as target:
                rate = await pg.postgres_store(target, count, tasks, answer)
            label = "store, sequential" if tasks == 1 else f"store, {tasks} concurrent learners"
            samples.setdefault(label, []).append(rate)

    for round_number in range(repeat):
        asyncio.run(measure(round_number))
    return [(PG_MODE, label, statistics.median(rates)) for label, rates in samples.items()]


def run_bursts(cluster: object, url: str | None, members: int) -> list[pg.Burst]:
    doubles = members // 10

    async def both() -> list[pg.Burst]:
        with tempfile.TemporaryDirectory(prefix="bench-burst-") as folder:
            lite = await pg.sqlite_burst(Path(folder) / "burst.db", members, doubles)
        if cluster is None and url is None:
            return [lite]
        async with pg.fresh_database(cluster, url, "burst") as target:
            return [lite, await pg.postgres_burst(target, members, doubles)]

    return asyncio.run(both())


def start_cluster(choice: str) -> tuple[object, str | None, str]:
    """(throwaway cluster or None, URL or None, a note for the report)."""
    if choice == "none":
        return None, None, "PostgreSQL rows skipped (--postgres none)"
    if choice != "auto":
        return None, choice, "PostgreSQL at the given URL"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from postgres_cluster import PostgresCluster, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None, None, "PostgreSQL rows skipped: no initdb/pg_ctl on this machine"
    cluster = PostgresCluster(bin_dir, fsync=True).start()
    return cluster, None, f"PostgreSQL: a throwaway local cluster ({bin_dir}), fsync on"


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
    parser.add_argument("--postgres", default="auto", help="auto (throwaway cluster), URL, none")
    parser.add_argument("--burst-members", type=int, default=2000, help="members in the burst")
    args = parser.parse_args(argv)
    task_counts = [int(t) for t in args.tasks.split(",") if t.strip()]
    modes = [m.strip().upper() for m in args.synchronous.split(",") if m.strip()]
    cluster, url, note = start_cluster(args.postgres)
    try:
        results = run(args.answers, task_counts, modes, args.repeat)
        if cluster is not None or url is not None:
            results += run_postgres(cluster, url, args.answers, task_counts, args.repeat)
        bursts = run_bursts(cluster, url, args.burst_members)
    finally:
        if cluster is not None:
            cluster.stop()  # type: ignore[attr-defined]
    text = (
        f"{setup_line(args.answers, args.repeat)}; {note}\n\n{table(results)}\n\n"
        f"Daily-quiz burst ({args.burst_members:,} members click one post at once, 10% of them"
        f" twice; ack = `record_answer` returned, i.e. committed):\n\n"
        f"{pg.burst_table(bursts, BURST_P99_TARGET_MS)}"
    )
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
- **PostgreSQL rows** run on a local server started for the run with fsync on (every
  commit durable, like `FULL`). **raw asyncpg** is their baseline: one connection, one
  transaction per answer. The store uses a pool (10 connections), so concurrent learners
  commit in parallel and the server's WAL flush groups their commits.
- **daily burst**: every member of a busy server clicks within the same instant, and a
  tenth click twice; "lost" counts members without a stored answer, "duplicated" members
  stored twice or told two different answers (both must be 0).
- `FULL` (the default) survives power loss; `NORMAL` in WAL mode survives a killed process
  (kill -9, OOM) but may lose the last commits on power loss. See docs/storage.md.
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
