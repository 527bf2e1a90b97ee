"""SQLite daily answers arrive in bursts and are written in batches; once-only still holds."""

from __future__ import annotations

import asyncio
import random

import pytest
from test_daily_store import GUILD, answer, new_post, schedule  # same contract fixtures

from bot.core.ports import DailyAnswer
from bot.storage.records import StoreClosedError, utc_text
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_answers import AnswerBatcher
from bot.storage.sqlite_daily import SQLiteDailyStore


@pytest.fixture
async def sqlite_stores(tmp_path, clock):
    async with SQLiteProgressStore.open(tmp_path / "daily.db", clock=clock) as progress:
        yield progress, SQLiteDailyStore(progress, clock)


async def test_a_burst_over_two_posts_keeps_every_first_answer(sqlite_stores):
    _, daily = sqlite_stores
    await daily.save_schedule(schedule())
    posts = [await daily.create_post(new_post(q)) for q in ("q1", "q2")]
    early = answer(posts[0].id, 0, 3)
    await daily.record_answer(GUILD, early, "Early")  # stored before the burst
    rng = random.Random(5)
    clicks = [answer(rng.choice(posts).id, rng.randrange(30), rng.randrange(4)) for _ in range(150)]
    results = await asyncio.gather(*(daily.record_answer(GUILD, a, "M") for a in clicks))
    first: dict[tuple[int, str], DailyAnswer] = {(early.post_id, early.learner): early}
    for click, (stored, created) in zip(clicks, results, strict=True):
        key = (click.post_id, click.learner)
        assert created == (key not in first)
        first.setdefault(key, click)
        assert stored == first[key]
    for post in posts:
        mine = [a for a in first.values() if a.post_id == post.id]
        assert await daily.answer_count(post.id) == len(mine)
    assert await daily.get_answer(early.post_id, early.learner) == early


async def test_a_bad_answer_fails_alone(sqlite_stores):
    _, daily = sqlite_stores
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    clicks = [answer(post.id, m, m % 4) for m in range(20)]
    clicks.insert(7, answer(post.id + 999, 99, 0))  # no such post: its foreign key fails
    results = await asyncio.gather(
        *(daily.record_answer(GUILD, a) for a in clicks), return_exceptions=True
    )
    failed = [r for r in results if isinstance(r, BaseException)]
    assert len(failed) == 1 and results[7] is failed[0]
    assert all(created for r in results if r is not failed[0] for _, created in [r])
    assert await daily.answer_count(post.id) == 20


async def test_concurrent_clicks_share_write_jobs(sqlite_stores, clock):
    progress, daily = sqlite_stores
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    jobs = []

    async def write(job):
        jobs.append(job)
        return await progress.run_write(job)

    batcher = AnswerBatcher(write)
    seen = utc_text(clock.now())
    clicks = [answer(post.id, m, m % 4) for m in range(200)]
    results = await asyncio.gather(*(batcher.record(GUILD, a, "", seen) for a in clicks))
    assert all(created for _, created in results)
    assert await daily.answer_count(post.id) == 200
    assert len(jobs) < 10  # one job per batch, not one per click


async def test_an_answer_after_closing_fails_clearly(tmp_path, clock):
    async with SQLiteProgressStore.open(tmp_path / "daily.db", clock=clock) as progress:
        daily = SQLiteDailyStore(progress, clock)
        await daily.save_schedule(schedule())
        post = await daily.create_post(new_post())
    with pytest.raises(StoreClosedError):
        await daily.record_answer(GUILD, answer(post.id, 1, 0))
