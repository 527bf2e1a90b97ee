"""How many answers per second the progress store records durably, beside raw sqlite3.

Every row is its own committed write (one `record_answer` call, or one INSERT + COMMIT for
the raw baseline), with the store's pragmas (WAL, synchronous as given). Rows:

- raw sqlite3: one connection, BEGIN IMMEDIATE / INSERT / COMMIT per answer (the floor).
- store, sequential: one task awaiting `record_answer` after another.
- store, N tasks: N learners answering at once; the store's group commit shares fsyncs.

Usage: python benchmarks/bench_store.py [--answers 3000] [--tasks 1,8,32]
       [--synchronous FULL|NORMAL] [--write docs/benchmarks-store.md]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable without installing

from bot.core.ports import Answer
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_admin import table_counts
from bot.storage.sqlite_schema import connect, prepare

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


def run(count: int, task_counts: list[int], synchronous: str) -> list[tuple[str, float]]:
    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=".") as folder:
        base = Path(folder)
        results.append(
            ("raw sqlite3, 1 commit per insert", bench_raw(base / "raw.db", count, synchronous))
        )
        for tasks in task_counts:
            rate = asyncio.run(bench_store(base / f"store{tasks}.db", count, tasks, synchronous))
            label = "store, sequential" if tasks == 1 else f"store, {tasks} concurrent tasks"
            results.append((label, rate))
    return results


def table(results: list[tuple[str, float]], count: int, synchronous: str) -> str:
    lines = [
        f"answers per run: {count}; PRAGMA synchronous={synchronous}, journal_mode=WAL;"
        f" sqlite {sqlite3.sqlite_version}; Python {platform.python_version()};"
        f" target >= {TARGET_PER_SECOND}/s",
        "",
        "| writer | answers/s | vs raw | target |",
        "| --- | ---: | ---: | --- |",
    ]
    raw = results[0][1]
    for label, rate in results:
        verdict = "met" if rate >= TARGET_PER_SECOND else "MISSED"
        lines.append(f"| {label} | {rate:,.0f} | {rate / raw:.2f}x | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=3000, help="answers per measured row")
    parser.add_argument("--tasks", default="1,8,32", help="comma-separated concurrency levels")
    parser.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"])
    parser.add_argument("--write", type=Path, help="also write the table into this Markdown file")
    args = parser.parse_args(argv)
    task_counts = [int(t) for t in args.tasks.split(",") if t.strip()]
    results = run(args.answers, task_counts, args.synchronous)
    text = table(results, args.answers, args.synchronous)
    print(text)
    if args.write:
        args.write.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
