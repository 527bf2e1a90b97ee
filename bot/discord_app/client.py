"""`TutorBot`: the discord.py client, built from injected services (no globals).

Only non-privileged intents: slash commands and buttons need none, and Discord delivers
message content in DMs with the bot without the message-content intent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.engine import TutorEngine
from bot.core.ports import CodeExecutor
from bot.discord_app.cogs import feature_cogs
from bot.discord_app.components import RetryButton, StepButton
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
        self, services: Services, settings: Settings, *, guild_ready_timeout: float = 2.0
    ) -> None:
        # Stepwise never joins voice: don't warn at every start that voice libs are missing.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=StepwiseTree,
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            guild_ready_timeout=guild_ready_timeout,
            max_messages=None,
            chunk_guilds_at_startup=False,
            activity=insecure_warning(settings),
        )
        self.services = services
        self.settings = settings
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
        await super().close()
        if self._restore_endpoints is not None:
            self._restore_endpoints()
            self._restore_endpoints = None

    async def setup_hook(self) -> None:
        for cog in feature_cogs(self):
            await self.add_cog(cog)
        self.add_dynamic_items(StepButton, RetryButton)

    async def on_ready(self) -> None:
        log.info("connected as %s (%s guilds)", self.user, len(self.guilds))

    async def process_commands(self, message: discord.Message) -> None:
        """No prefix commands: everything is a slash command, button or DM code block."""
