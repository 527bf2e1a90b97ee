"""Fixtures for the quiz and daily-quiz journeys: the real bot with a clock the test moves.

The clock is handed to `open_services` (the composition root), so the scheduler, the store
and the engine all see the same moved time; the scheduler's loop is made to look often.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import open_services
from bot.discord_app.runner import start_bot

from .conftest import GUILD_READY_TIMEOUT, BotRunner
from .fake_discord import FakeDiscord, FakeMessage

LESSON = "what-is-mlops"


@dataclass
class HandClock:
    """Time is outside the bot: the test moves it."""

    at: datetime = field(default_factory=lambda: datetime(2025, 3, 29, 7, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


class ClockedRunner(BotRunner):
    """`BotRunner` whose services use `clock`; the daily scheduler ticks every 20 ms."""

    def __init__(self, fake: FakeDiscord, settings, clock: HandClock) -> None:
        super().__init__(fake, settings)
        self.clock = clock

    async def start(self):
        self._stack = AsyncExitStack()
        self.services = await self._stack.enter_async_context(
            open_services(self.settings, clock=self.clock)
        )
        self.bot = await start_bot(
            self.settings, self.services, guild_ready_timeout=GUILD_READY_TIMEOUT
        )
        assert self.bot.connect_task is not None
        self.fake.watch(self.bot.connect_task)
        await self.fake.wait_connected()
        cog = self.bot.get_cog("DailyCog")
        cog.desk.count_interval = 0.05
        cog.ticker.change_interval(seconds=0.02)
        cog.ticker.restart()
        return self.bot

    @property
    def daily(self):
        return self.services.daily


@pytest.fixture
def clock() -> HandClock:
    return HandClock()


@pytest.fixture
async def quiz_bot(fake, settings, error_log, clock) -> AsyncIterator[ClockedRunner]:
    runner = ClockedRunner(fake, settings, clock)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()


def daily_posts(fake: FakeDiscord) -> list[FakeMessage]:
    """The bot's own channel posts (not replies to interactions) that are daily quizzes."""
    channel = fake.messages_in(fake.channel_id)
    return [m for m in channel if m.interaction_token is None and "Daily quiz" in m.text()]


async def setup_daily(fake: FakeDiscord, **options) -> FakeMessage:
    values = {"channel": fake.channel_id, "time": "09:00", "timezone": "Europe/Paris"}
    values.update(options)
    handle = await fake.slash("daily setup", values)
    return await handle.reply()


async def sent_posts(runner: ClockedRunner, count: int = 1, timeout: float = 10.0):
    """The open posts once `count` of them have their message id stored (sending is async)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        posts = [p for p in await runner.daily.open_posts() if p.message_id is not None]
        if len(posts) >= count:
            return posts
        if loop.time() > deadline:
            raise AssertionError(f"expected {count} sent daily posts, found {len(posts)}")
        await asyncio.sleep(0.02)
