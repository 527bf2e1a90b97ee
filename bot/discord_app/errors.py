"""Turning failures into replies: friendly text for known problems, an error id otherwise.

Known problems (a `TutorError`, a busy executor, a cooldown) are the learner's business and
get an ephemeral sentence. Anything else is a bug: it is logged with a short error id, and
the learner sees that id so a moderator can find the log line. discord.py swallows errors
raised in buttons and modals, so those paths call `report` themselves.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.ports import ExecutorBusy, ExecutorUnavailable, TutorError
from bot.discord_app import render
from bot.discord_app.replies import NO_MENTIONS, send
from bot.discord_app.waiting import busy_text
from bot.discord_app.way_on import way_on

log = logging.getLogger(__name__)

UNAVAILABLE = "Running code is switched off on this bot right now (the sandbox is unavailable)."


def unwrap(error: BaseException) -> BaseException:
    """The exception a command raised, not discord.py's wrapper around it."""
    while True:
        if isinstance(error, app_commands.CommandInvokeError | commands.CommandInvokeError):
            error = error.original
        elif isinstance(error, app_commands.TransformerError) and isinstance(
            error.__cause__, TutorError
        ):
            error = error.__cause__  # an option refused with a sentence (`options.py`)
        else:
            return error


def explain(error: BaseException) -> str | None:
    """The sentence to show for an expected problem, or None for a bug."""
    if isinstance(error, TutorError):
        return error.message
    if isinstance(error, ExecutorBusy):
        return busy_text(error.retry_after)
    if isinstance(error, ExecutorUnavailable):
        return UNAVAILABLE
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can use this again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.CheckFailure | app_commands.TransformerError):
        return str(error) or "You can't use that here."
    return None


def describe_bug(error: BaseException, where: str) -> str:
    """Log an unexpected exception and return the sentence that quotes its error id."""
    error_id = secrets.token_hex(4)
    log.error("unexpected error %s in %s", error_id, where, exc_info=error)
    return f"Something went wrong on our side (error id `{error_id}`). Please try again."


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """Tell the user what went wrong, however far the interaction got, with the way on."""
    error = unwrap(error)
    where = _where(interaction)
    view = None
    if found := way_on(error, interaction.user.id):
        text, view = found
    else:
        text = explain(error) or describe_bug(error, where)
    try:
        await send(interaction, render.notice(text), view=view, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message for %s", where)


async def guarded(interaction: discord.Interaction, action: Awaitable[object]) -> None:
    """Run a button/modal action; failures are reported instead of swallowed by discord.py."""
    try:
        await action
    except Exception as error:  # every failure must reach the user
        await report(interaction, error)


async def report_in_channel(
    channel: discord.abc.Messageable, error: BaseException, where: str, owner_id: int
) -> None:
    if found := way_on(error, owner_id):
        text, view = found
        await channel.send(text, view=view or discord.utils.MISSING, allowed_mentions=NO_MENTIONS)
        return
    text = explain(error) or describe_bug(error, where)
    await channel.send(text, allowed_mentions=NO_MENTIONS)


def _where(interaction: discord.Interaction) -> str:
    command = interaction.command.qualified_name if interaction.command else None
    if command:
        return f"/{command}"
    data = interaction.data or {}
    return str(data.get("custom_id") or interaction.type.name)


class StepwiseTree(app_commands.CommandTree):
    """The command tree with the global error handler."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await report(interaction, error)
