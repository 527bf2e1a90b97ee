"""Guild ownership across sharded processes: Discord's formula, and the daily desk obeys it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.core.ports import DailySchedule
from bot.discord_app.client import ShardedTutorBot, TutorBot, build_bot
from bot.discord_app.cogs import feature_cogs
from bot.discord_app.daily_desk import DailyDesk
from bot.discord_app.sharding import client_owner, owner, shard_of
from bot.settings import load_settings
from bot.storage.memory import MemoryProgressStore
from bot.storage.memory_daily import MemoryDailyStore

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


class Services:
    engine = None
    executor = None


class NoLessons:
    def lessons(self) -> list:
        return []


def guild_on(shard: int, count: int, start: int = 81_000_000_000_000_000) -> int:
    guild_id = start
    while shard_of(guild_id, count) != shard:
        guild_id += 1 << 22
    return guild_id


def test_shard_of_is_discords_formula() -> None:
    assert shard_of(41771983423143937, 1) == 0
    assert shard_of(175928847299117063, 16) == (175928847299117063 >> 22) % 16
    assert [shard_of(n << 22, 3) for n in range(6)] == [0, 1, 2, 0, 1, 2]


def test_owner_without_shards_owns_everything() -> None:
    assert owner(None, None)(guild_on(1, 2)) is True
    assert owner(2, None)(guild_on(1, 2)) is True  # a process that runs every shard
    mine = owner(4, [1, 3])
    assert [mine(guild_on(s, 4)) for s in range(4)] == [False, True, False, True]


async def test_the_bot_class_follows_the_settings() -> None:
    plain = build_bot(Services(), load_settings({}, None), cogs=feature_cogs)
    sharded = build_bot(
        Services(),
        load_settings({"STEPWISE_SHARD_COUNT": "2", "STEPWISE_SHARD_IDS": "1"}, None),
        cogs=feature_cogs,
    )
    try:
        assert type(plain) is TutorBot and client_owner(plain)(guild_on(0, 2))
        assert isinstance(sharded, ShardedTutorBot)
        assert (sharded.shard_count, sharded.shard_ids) == (2, [1])
        assert not client_owner(sharded)(guild_on(0, 2)) and client_owner(sharded)(guild_on(1, 2))
    finally:
        await plain.close()
        await sharded.close()


@pytest.mark.parametrize("serves", ["0", "1"])
async def test_the_daily_desk_leaves_other_shards_guilds_alone(serves: str) -> None:
    """A due slot in a guild of shard 0: only shard 0's process handles it (here, with no
    questions to pick, by noting the slot as missed)."""
    progress = MemoryProgressStore(Clock())
    store = MemoryDailyStore(progress, Clock())
    guild = guild_on(0, 2)
    slot = NOW - timedelta(minutes=1)
    await store.save_schedule(
        DailySchedule(guild, 1, time(11, 59), "UTC", handled_through=slot - timedelta(days=1))
    )
    bot = build_bot(
        Services(),
        load_settings({"STEPWISE_SHARD_COUNT": "2", "STEPWISE_SHARD_IDS": serves}, None),
        cogs=feature_cogs,
    )
    desk = DailyDesk(bot, store, engine=NoLessons(), clock=Clock())  # type: ignore[arg-type]
    try:
        await desk.tick()
        handled = (await store.get_schedule(guild)).handled_through
        missed = await store.missed(guild)
        if serves == "1":
            assert handled == slot - timedelta(days=1) and missed == []
        else:
            assert handled == slot and [m.slot for m in missed] == [slot]
        assert await store.latest_post(guild) is None
    finally:
        await bot.close()
