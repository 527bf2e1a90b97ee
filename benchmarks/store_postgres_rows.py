"""The PostgreSQL rows of `bench_store.py` and the daily-quiz burst through either store.

- raw asyncpg: one connection, each answer its own transaction (learner row + answer row):
  the PostgreSQL baseline, as raw sqlite3 is SQLite's.
- PostgreSQL store, N learners: `record_answer` from N tasks over the store's pool.
- daily burst: N members click one daily quiz at once (plus double clicks) through
  `DailyStore.record_answer`; latency of each ack, lost and duplicated answers.

`--postgres auto` starts a throwaway cluster (tests/postgres_cluster.py) with fsync ON,
so a commit is as durable as SQLite's `FULL`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import asyncpg

from bot.core.ports import Answer, DailyAnswer, DailySchedule, NewPost
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_daily import PostgresDailyStore
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_daily import SQLiteDailyStore

GUILD = 412_345_678_901_234_567


@asynccontextmanager
async def fresh_database(cluster: Any, url: str | None, name: str):
    """A new database in the throwaway cluster, or the given URL emptied first."""
    if cluster is not None:
        yield cluster.create_database(name)
        cluster.drop_database(name)
        return
    assert url is not None
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await conn.close()
    yield url


async def raw_asyncpg(url: str, count: int, make: Callable[[int, int], Answer]) -> float:
    async with PostgresProgressStore.open(url) as _migrated:
        pass
    conn = await asyncpg.connect(url)
    try:
        now = datetime.now(UTC)
        start = time.perf_counter()
        for i in range(count):
            a = make(0, i)
            async with conn.transaction():
                await conn.execute(
                    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, '', $2)"
                    " ON CONFLICT (id) DO NOTHING",
                    "bench:raw",
                    now,
                )
                await conn.execute(
                    "INSERT INTO answers (learner_id, lesson_id, question_id, choice, correct,"
                    " mode, session, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    "bench:raw", a.lesson_id, a.question_id, a.choice, a.correct, a.mode, "",
                    a.at,
                )  # fmt: skip
        return count / (time.perf_counter() - start)
    finally:
        await conn.close()


async def postgres_store(
    url: str, count: int, tasks: int, make: Callable[[int, int], Answer]
) -> float:
    async with PostgresProgressStore.open(url) as store:
        per_task = count // tasks

        async def learner(n: int) -> None:
            for i in range(per_task):
                await store.record_answer(make(n, i))

        start = time.perf_counter()
        await asyncio.gather(*(learner(n) for n in range(tasks)))
        elapsed = time.perf_counter() - start
        stored = (await store.fetch("SELECT count(*) FROM answers"))[0][0]
    assert stored == per_task * tasks, (stored, per_task * tasks)
    return per_task * tasks / elapsed


@dataclass(frozen=True)
class Burst:
    store: str
    clicks: int
    members: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    lost: int
    duplicated: int


async def _burst(name: str, progress: Any, daily: Any, members: int, doubles: int) -> Burst:
    now = datetime.now(UTC)
    await daily.save_schedule(DailySchedule(GUILD, 1, clock_time(9), "UTC", now))
    post = await daily.create_post(
        NewPost(GUILD, 1, "what-is-mlops", "q1", 1, date.today(), now, None, now)
    )
    learners = [f"discord:{100_000 + n}" for n in range(members)]
    clicks = [(learner, n % 4) for n, learner in enumerate(learners)]
    clicks += [(learners[n], (n + 1) % 4) for n in range(doubles)]  # second clicks
    latencies: list[float] = []
    first: dict[str, int] = {}

    async def one(learner: str, choice: int) -> tuple[DailyAnswer, bool]:
        started = time.perf_counter()
        answer = DailyAnswer(post.id, learner, choice, choice == 0, datetime.now(UTC))
        result = await daily.record_answer(GUILD, answer, learner)
        latencies.append((time.perf_counter() - started) * 1000)
        return result

    results = await asyncio.gather(*(one(*click) for click in clicks))
    created = 0
    for stored, new in results:
        created += new
        first.setdefault(stored.learner, stored.choice)
        assert first[stored.learner] == stored.choice  # every click told the same answer
    counted = await daily.answer_count(post.id)
    latencies.sort()
    return Burst(
        name,
        len(clicks),
        members,
        statistics.median(latencies),
        latencies[int(0.99 * (len(latencies) - 1))],
        latencies[-1],
        lost=max(0, members - counted),
        duplicated=max(0, created - members) + max(0, counted - members),
    )


async def postgres_burst(url: str, members: int, doubles: int) -> Burst:
    async with PostgresProgressStore.open(url) as progress:
        return await _burst("PostgreSQL", progress, PostgresDailyStore(progress), members, doubles)


async def sqlite_burst(path: Path, members: int, doubles: int) -> Burst:
    async with SQLiteProgressStore.open(path) as progress:
        return await _burst("SQLite (FULL)", progress, SQLiteDailyStore(progress), members, doubles)


def burst_table(bursts: list[Burst], target_ms: float) -> str:
    lines = [
        "| store | clicks (members + double clicks) | p50 ack ms | p99 ack ms | max ms"
        " | lost | duplicated | p99 target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for b in bursts:
        verdict = "met" if b.p99_ms <= target_ms and not b.lost and not b.duplicated else "missed"
        lines.append(
            f"| {b.store} | {b.clicks:,} ({b.members:,} + {b.clicks - b.members:,})"
            f" | {b.p50_ms:.1f} | {b.p99_ms:.1f} | {b.max_ms:.1f} | {b.lost} | {b.duplicated}"
            f" | <= {target_ms:.0f} ms {verdict} |"
        )
    return "\n".join(lines)
