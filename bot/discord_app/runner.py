"""Starting, syncing and stopping the bot: the code path `stepwise run` and the tests share."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from pathlib import Path

import discord

from bot.discord_app.client import Services, TutorBot, build_bot
from bot.discord_app.cogs import feature_cogs
from bot.settings import Settings

log = logging.getLogger(__name__)


class StartupError(Exception):
    """Start-up cannot continue; the message is one line for the operator."""


# --------------------------------------------------------------------------- command sync


def hash_file(settings: Settings) -> Path:
    """Where the last synced command tree's hash is kept: next to the database."""
    return settings.db_path.with_name(settings.db_path.name + ".commands.json")


def tree_hash(bot: TutorBot, guild: discord.abc.Snowflake | None) -> str:
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands(guild=guild)]
    canonical = json.dumps(sorted(payload, key=lambda c: c["name"]), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def sync_commands(bot: TutorBot, *, force: bool = False) -> bool:
    """Sync the command tree if it changed since the last sync (or always with `force`).

    With `DEV_GUILD_ID` the commands go to that one server, where changes show instantly.
    Returns whether a sync happened.
    """
    guild = discord.Object(bot.settings.dev_guild_id) if bot.settings.dev_guild_id else None
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    scope = f"{bot.application_id}:{guild.id if guild else 'global'}"
    digest = tree_hash(bot, guild)
    path = hash_file(bot.settings)
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not force and known.get(scope) == digest:
        log.info("slash commands unchanged; not syncing (%s)", scope)
        return False
    synced = await bot.tree.sync(guild=guild)
    known[scope] = digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=2), encoding="utf-8")
    log.info("synced %d slash commands (%s)", len(synced), scope)
    return True


# --------------------------------------------------------------------------- lifecycle


async def login(bot: TutorBot) -> None:
    try:
        await bot.login(bot.settings.require_token())
    except discord.LoginFailure:
        raise StartupError(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again "
            "from the Developer Portal"
        ) from None
    except (discord.HTTPException, OSError) as error:
        raise StartupError(f"cannot reach Discord: {type(error).__name__}: {error}") from None


async def start_bot(
    settings: Settings,
    services: Services,
    *,
    guild_ready_timeout: float = 2.0,
    sync: bool = True,
) -> TutorBot:
    """Log in, sync commands if they changed, connect; return once the bot is READY.

    `bot.connect_task` is the running gateway connection: await it to run until the bot
    stops, and watch it to notice a dead gateway. Call `stop_bot` when done.
    """
    bot = build_bot(services, settings, cogs=feature_cogs, guild_ready_timeout=guild_ready_timeout)
    try:
        await login(bot)
        if sync:
            await sync_commands(bot)
        bot.connect_task = asyncio.create_task(bot.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.create_task(bot.wait_until_ready())
        await asyncio.wait({ready, bot.connect_task}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            error = bot.connect_task.exception()
            if isinstance(error, discord.ConnectionClosed) and error.code == 4004:
                raise StartupError("Discord rejected DISCORD_TOKEN at the gateway (4004)")
            raise StartupError(f"gateway connection failed: {type(error).__name__}: {error}")
    except BaseException:
        await stop_bot(bot)
        raise
    return bot


async def stop_bot(bot: TutorBot) -> None:
    await bot.close()
    if bot.connect_task is not None and not bot.connect_task.done():
        bot.connect_task.cancel()
    if bot.connect_task is not None:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await bot.connect_task


async def run_bot(settings: Settings, services: Services) -> None:
    """`stepwise run`: serve until the gateway connection ends or the task is cancelled."""
    bot = await start_bot(settings, services)
    try:
        assert bot.connect_task is not None
        await bot.connect_task
    finally:
        await stop_bot(bot)
