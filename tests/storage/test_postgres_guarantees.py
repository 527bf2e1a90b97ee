"""What several bot processes sharing one PostgreSQL rely on, proved with separate pools.

Each `PostgresProgressStore.open` has its own pool, exactly like a second process would,
so these races go through the real server's locks and constraints.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import asyncpg
import pytest

from bot.core.ports import DailyAnswer, DailySchedule, NewPost
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_daily import PostgresDailyStore
from bot.storage.postgres_schema import load_pg_migrations
from bot.storage.sqlite_schema import SchemaTooNewError, load_migrations

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
GUILD = 81_234_567_890_123_456


def schedule() -> DailySchedule:
    return DailySchedule(GUILD, 200, time(9), "UTC", handled_through=T0)


def claim(slot: datetime, question: str = "q1") -> NewPost:
    return NewPost(GUILD, 200, "what-is-mlops", question, 1, date(2025, 3, 3), T0, None, slot)


def test_both_engines_have_the_same_schema_versions() -> None:
    assert [m.number for m in load_pg_migrations()] == [m.number for m in load_migrations()]


async def test_processes_starting_together_migrate_once(postgres_url) -> None:
    stores = await asyncio.gather(*(PostgresProgressStore.open(postgres_url) for _ in range(4)))
    try:
        rows = await stores[0].fetch("SELECT version FROM stepwise_schema")
        assert [r[0] for r in rows] == [len(load_pg_migrations())]
    finally:
        await asyncio.gather(*(s.aclose() for s in stores))


async def test_a_database_from_a_newer_stepwise_is_refused(postgres_url) -> None:
    async with PostgresProgressStore.open(postgres_url) as store:
        await store.execute("UPDATE stepwise_schema SET version = 99")
    with pytest.raises(SchemaTooNewError, match="version 99 is newer"):
        await PostgresProgressStore.open(postgres_url)


async def test_two_processes_claim_a_slot_once(postgres_url) -> None:
    async with (
        PostgresProgressStore.open(postgres_url) as one,
        PostgresProgressStore.open(postgres_url) as two,
    ):
        dailies = [PostgresDailyStore(one), PostgresDailyStore(two)]
        await dailies[0].save_schedule(schedule())
        slot = T0 + timedelta(hours=1)
        claims = await asyncio.gather(
            *(dailies[i % 2].create_post(claim(slot, f"q{i}")) for i in range(20))
        )
        won = [post for post in claims if post is not None]
        assert len(won) == 1
        assert (await dailies[1].get_schedule(GUILD)).handled_through == slot
        count = await one.fetch("SELECT count(*) FROM daily_posts WHERE slot = $1", slot)
        assert count[0][0] == 1


async def test_double_clicks_from_two_processes_store_one_answer(postgres_url) -> None:
    async with (
        PostgresProgressStore.open(postgres_url) as one,
        PostgresProgressStore.open(postgres_url) as two,
    ):
        dailies = [PostgresDailyStore(one), PostgresDailyStore(two)]
        await dailies[0].save_schedule(schedule())
        post = await dailies[0].create_post(claim(T0))
        assert post is not None

        async def click(member: int, attempt: int):
            answer = DailyAnswer(post.id, f"discord:{member}", attempt % 3, False, T0)
            return await dailies[attempt % 2].record_answer(GUILD, answer, f"m{member}")

        results = await asyncio.gather(*(click(m, a) for m in range(50) for a in range(4)))
        created = [stored for stored, new in results if new]
        assert len(created) == 50
        firsts = {stored.learner: stored.choice for stored in created}
        for stored, _ in results:  # every click was told the first answer
            assert stored.choice == firsts[stored.learner]
        assert await dailies[1].answer_count(post.id) == 50


async def test_a_failed_multi_row_change_leaves_nothing(postgres_url) -> None:
    """save_progress writes several rows in one transaction: all or none."""
    from bot.core.ports import LessonProgress, StepState

    async with PostgresProgressStore.open(postgres_url) as store:
        await store.execute(  # make the third step's insert fail
            "ALTER TABLE step_state ADD CONSTRAINT few_hints CHECK (hints_shown < 5)"
        )
        steps = (StepState("a"), StepState("b"), StepState(None, hints_shown=9))
        progress = LessonProgress("local:a", "lesson", 3, steps, T0, T0)
        with pytest.raises(asyncpg.CheckViolationError):
            await store.save_progress(progress)
        assert await store.get_progress("local:a", "lesson") is None
        assert await store.fetch("SELECT * FROM step_state") == []


async def test_one_bad_click_in_a_batch_fails_alone(postgres_url) -> None:
    async with PostgresProgressStore.open(postgres_url) as store:
        daily = PostgresDailyStore(store)
        await daily.save_schedule(schedule())
        post = await daily.create_post(claim(T0))
        good = [DailyAnswer(post.id, f"discord:{n}", 1, True, T0) for n in range(30)]
        bad = DailyAnswer(post.id + 999, "discord:99", 0, False, T0)  # no such post
        results = await asyncio.gather(
            *(daily.record_answer(GUILD, a) for a in [*good[:15], bad, *good[15:]]),
            return_exceptions=True,
        )
        assert isinstance(results[15], asyncpg.ForeignKeyViolationError)
        assert [r[1] for r in results if not isinstance(r, BaseException)] == [True] * 30
        assert await daily.answer_count(post.id) == 30


def test_postgres_tests_skip_locally_but_fail_on_ci_without_binaries() -> None:
    from pathlib import Path

    from postgres_cluster import when_missing

    assert when_missing(Path("/usr/lib/postgresql/15/bin"), {"CI": "true"}) is None
    action, reason = when_missing(None, {})
    assert action == "skip" and "install Debian's `postgresql` package" in reason
    assert when_missing(None, {"CI": "true"})[0] == "fail"
    assert when_missing(None, {"CI": "false"})[0] == "skip"
