"""Fixtures: a loopback fake Discord and the real Stepwise bot connected to it.

The bot is started through `bot.discord_app.runner.start_bot` — the code path
`stepwise run` uses — with real services from `bot.app.open_services` (real content, a
temporary SQLite database, a real code executor). Each test fails if discord.py or the bot
logged an ERROR (discord.py swallows exceptions raised in callbacks) or if the gateway
connection died.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot.app import Services, open_services
from bot.discord_app.client import TutorBot
from bot.discord_app.runner import start_bot, stop_bot
from bot.settings import Settings, load_settings

from .fake_discord import FakeDiscord

REPO = Path(__file__).resolve().parents[2]
GUILD_READY_TIMEOUT = 0.05  # READY waits this long for more guilds (default 2 s)


class ErrorLog(logging.Handler):
    """Collects ERROR records from discord.py and the bot."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.expected = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def expect(self, count: int = 1) -> None:
        """This test provokes `count` logged errors on purpose."""
        self.expected += count

    def lines(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()} {r.exc_text or ''}" for r in self.records]


@pytest.fixture
def error_log() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    loggers = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    assert len(handler.records) == handler.expected, "errors were logged:\n" + "\n".join(
        handler.lines()
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
    assert not server.unknown_routes, [f"{r.method} {r.path}" for r in server.unknown_routes]
    assert not server.rejected, [
        f"{r.method} {r.path}: {problems}" for r, problems in server.rejected
    ]
    unguarded = server.unguarded_sends()
    assert not unguarded, [f"{r.method} {r.path} {r.json}" for r in unguarded]


def e2e_settings(fake: FakeDiscord, tmp_path: Path, **extra: str) -> Settings:
    env = {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.base_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "STEPWISE_DB": str(tmp_path / "stepwise.db"),
        "STEPWISE_CONTENT": str(REPO / "content"),
        "STEPWISE_SANDBOX": "strict",  # the real sandbox: e2e runs learner code as production does
        "STEPWISE_EXEC_TIMEOUT": "10",
        **extra,
    }
    return load_settings(env, dotenv=None)


@pytest.fixture
def settings(fake: FakeDiscord, tmp_path: Path) -> Settings:
    return e2e_settings(fake, tmp_path)


class BotRunner:
    """Starts and stops the real bot; `restart()` keeps the database and the fake."""

    def __init__(self, fake: FakeDiscord, settings: Settings) -> None:
        self.fake = fake
        self.settings = settings
        self.bot: TutorBot | None = None
        self.services: Services | None = None
        self._stack: AsyncExitStack | None = None

    async def start(self) -> TutorBot:
        self._stack = AsyncExitStack()
        self.services = await self._stack.enter_async_context(open_services(self.settings))
        self.bot = await start_bot(
            self.settings, self.services, guild_ready_timeout=GUILD_READY_TIMEOUT
        )
        assert self.bot.connect_task is not None
        self.fake.watch(self.bot.connect_task)
        await self.fake.wait_connected()
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            task = self.bot.connect_task
            if task is not None:
                self.fake.unwatch(task)
                if task.done() and not task.cancelled() and task.exception() is not None:
                    raise AssertionError(f"gateway connection died: {task.exception()!r}")
            await stop_bot(self.bot)
            self.bot = None
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def restart(self) -> TutorBot:
        await self.stop()
        return await self.start()


@pytest.fixture
async def runner(
    fake: FakeDiscord, settings: Settings, error_log: ErrorLog
) -> AsyncIterator[BotRunner]:
    bot_runner = BotRunner(fake, settings)
    await bot_runner.start()
    try:
        yield bot_runner
    finally:
        await bot_runner.stop()


@pytest.fixture
def services(runner: BotRunner) -> Services:
    assert runner.services is not None
    return runner.services
