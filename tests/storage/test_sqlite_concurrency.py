"""Many writers at once: tasks in this process and other processes on the same file."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest

from bot.core.ports import Answer
from bot.storage import SQLiteProgressStore


def answer(learner: str, question: str) -> Answer:
    return Answer(learner, "l", question, 1, True, "practice", datetime.now(UTC))


def count(path, prefix: str) -> int:
    with sqlite3.connect(path) as conn:
        sql = "SELECT count(*) FROM answers WHERE learner_id LIKE ?"
        return conn.execute(sql, (prefix + "-%",)).fetchone()[0]


async def test_two_processes_and_local_tasks_write_at_once(tmp_path, start_writer):
    path = tmp_path / "shared.db"  # new file: both children also race to migrate it
    writers = [start_writer(path, name, 300, tasks=4) for name in ("proc-a", "proc-b")]
    async with SQLiteProgressStore.open(path) as store:

        async def local(n: int) -> None:
            for i in range(25):
                await store.record_answer(answer(f"here-{n}", f"q{i}"))

        await asyncio.gather(*(local(n) for n in range(8)))
    for proc in writers:
        out, err = await asyncio.to_thread(proc.communicate)
        assert proc.returncode == 0, err
        assert out.split()[-1] == "300"
    assert (count(path, "proc-a"), count(path, "proc-b"), count(path, "here")) == (300, 300, 200)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_one_failing_write_does_not_fail_the_writes_grouped_with_it(tmp_path):
    async with SQLiteProgressStore.open(tmp_path / "s.db") as store:

        async def broken(conn):
            await conn.execute("INSERT INTO no_such_table VALUES (1)")

        results = await asyncio.gather(
            *(store.record_answer(answer("local:a", f"q{i}")) for i in range(10)),
            store.run_write(broken),
            *(store.record_answer(answer("local:b", f"q{i}")) for i in range(10)),
            return_exceptions=True,
        )
        assert isinstance(results[10], sqlite3.OperationalError)
        assert [r for i, r in enumerate(results) if i != 10] == [None] * 20
        assert len(await store.answers("local:a")) == len(await store.answers("local:b")) == 10


async def test_a_learner_deleted_by_another_process_is_recreated_on_the_next_write(tmp_path):
    path = tmp_path / "s.db"
    async with SQLiteProgressStore.open(path) as store:
        await store.record_answer(answer("local:a", "q1"))  # the store now knows local:a
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("PRAGMA foreign_keys = ON")
        other.execute("DELETE FROM learners WHERE id = 'local:a'")
        other.close()
        await store.record_answer(answer("local:a", "q2"))
        assert [a.question_id for a in await store.answers("local:a")] == ["q2"]


async def test_cancelled_callers_leave_the_store_usable(tmp_path):
    async with SQLiteProgressStore.open(tmp_path / "s.db") as store:
        tasks = [
            asyncio.create_task(store.record_answer(answer("local:a", f"q{i}"))) for i in range(40)
        ]
        await asyncio.sleep(0)
        for task in tasks[::2]:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await store.record_answer(answer("local:a", "after"))
        stored = {a.question_id for a in await store.answers("local:a")}
    kept = {f"q{i}" for i in range(1, 40, 2)}
    assert kept | {"after"} <= stored  # every write whose caller waited is there


@pytest.mark.parametrize("synchronous", ["NORMAL", "FULL"])
async def test_the_synchronous_mode_is_a_choice_between_two(tmp_path, synchronous):
    async with SQLiteProgressStore.open(tmp_path / "s.db", synchronous=synchronous) as store:

        async def mode(conn):
            return next(iter(await conn.execute_fetchall("PRAGMA synchronous")))[0]

        assert await store.run_read(mode) == {"NORMAL": 1, "FULL": 2}[synchronous]
    with pytest.raises(ValueError, match="synchronous must be one of"):
        SQLiteProgressStore.open(tmp_path / "s.db", synchronous="OFF")
