"""`TutorBot`: the discord.py client, built from injected services (no globals).

Only non-privileged intents: slash commands and buttons need none, and Discord delivers
message content in DMs with the bot without the message-content intent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

import discord
from discord.ext import commands

from bot.core.lessons import TutorEngine
from bot.core.ports import CodeExecutor
from bot.discord_app.components import BrowseButton, PostRunButton, RetryButton, StepButton
from bot.discord_app.contexts import ANY_INSTALL, EVERYWHERE
from bot.discord_app.endpoints import apply_endpoints
from bot.discord_app.errors import StepwiseTree
from bot.discord_app.flow import LessonFlow
from bot.settings import Settings

log = logging.getLogger(__name__)


class Services(Protocol):
    """What the bot is handed by the composition root (`bot.app.open_services`)."""

    @property
    def engine(self) -> TutorEngine: ...

    @property
    def executor(self) -> CodeExecutor: ...


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.dm_messages = True  # DM study sessions (content arrives without the privileged intent)
    return wanted


INSECURE_STATUS = "⚠ insecure-dev: learner code is NOT sandboxed"


def insecure_warning(settings: Settings) -> discord.CustomActivity | None:
    """In insecure-dev mode the bot's status says so to everyone, on every start."""
    if settings.sandbox_mode != "insecure-dev":
        return None
    return discord.CustomActivity(name=INSECURE_STATUS)


class TutorBot(commands.Bot):
    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        cogs: Callable[[TutorBot], list[commands.Cog]],
        guild_ready_timeout: float = 2.0,
        **sharding: Any,
    ) -> None:
        """`cogs` builds the features this bot loads in `setup_hook` (normally
        `bot.discord_app.cogs.feature_cogs`); passed in so the cogs, which know the bot,
        are not also known by it."""
        # Stepwise never joins voice: don't warn at every start that voice libs are missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=StepwiseTree,
            allowed_contexts=EVERYWHERE,  # the default; server-only commands say so
            allowed_installs=ANY_INSTALL,
            guild_ready_timeout=guild_ready_timeout,
            max_messages=None,
            chunk_guilds_at_startup=False,
            activity=insecure_warning(settings),
            **sharding,  # shard_count / shard_ids for ShardedTutorBot
        )
        self.services = services
        self.settings = settings
        self.cog_factory = cogs
        self.flow = LessonFlow(services.engine, services.executor)
        self.connect_task: asyncio.Task[None] | None = None
        self._restore_endpoints: Callable[[], None] | None = None

    async def login(self, token: str) -> None:
        """Log in through `DISCORD_API_BASE` / `DISCORD_GATEWAY_URL` when they are set."""
        if self._restore_endpoints is None:
            self._restore_endpoints = apply_endpoints(
                self.settings.api_base, self.settings.gateway_url
            )
        await super().login(token)

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            if self._restore_endpoints is not None:
                self._restore_endpoints()
                self._restore_endpoints = None

    async def setup_hook(self) -> None:
        for cog in self.cog_factory(self):
            await self.add_cog(cog)
        self.add_dynamic_items(StepButton, BrowseButton, PostRunButton, RetryButton)

    async def on_ready(self) -> None:
        log.info("connected as %s (%s guilds)", self.user, len(self.guilds))

    async def process_commands(self, message: discord.Message) -> None:
        """No prefix commands: everything is a slash command, button or DM code block."""


class ShardedTutorBot(TutorBot, commands.AutoShardedBot):
    """`TutorBot` serving only some shards (`STEPWISE_SHARD_COUNT` / `STEPWISE_SHARD_IDS`).

    discord.py opens them one after another, 5 s apart after the first (Discord's
    IDENTIFY rate limit); each guild's events then arrive only at its shard's process.
    """

    async def close(self) -> None:
        """Also when login never happened (a rejected token): discord.py's sharded close
        assumes its setup ran and fails on its missing event queue."""
        try:
            await super().close()
        except AttributeError:
            if hasattr(self, "_AutoShardedClient__queue"):
                raise


def build_bot(
    services: Services,
    settings: Settings,
    *,
    cogs: Callable[[TutorBot], list[commands.Cog]],
    guild_ready_timeout: float = 2.0,
) -> TutorBot:
    """A `ShardedTutorBot` when the settings name shards, else a plain `TutorBot`."""
    if settings.shard_count is None:
        return TutorBot(services, settings, cogs=cogs, guild_ready_timeout=guild_ready_timeout)
    return ShardedTutorBot(
        services,
        settings,
        cogs=cogs,
        guild_ready_timeout=guild_ready_timeout,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
    )
