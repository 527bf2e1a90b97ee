"""Where each slash command is offered: every command declares it, and Discord enforces it.

discord.py merges a command's contexts over the tree's defaults field by field, so
`guild_only()` alone leaves the DM flags of the tree's default on. `SERVER_ONLY` states
every flag. Commands that need a server's data or channels (the daily quiz, the
leaderboard) are offered in servers where the bot is installed; everything about a
learner's own work is offered everywhere, including group DMs, where the bot is present
only as a user-installed app and answers through the interaction alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from discord import app_commands

T = TypeVar("T")

EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
ANY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
IN_SERVERS = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
SERVER_INSTALL = app_commands.AppInstallationType(guild=True, user=False)


def server_only(func: T) -> T:
    """Offer a command only in servers that installed the bot (all flags stated)."""
    contexts: Callable[[T], T] = app_commands.allowed_contexts(
        guilds=True, dms=False, private_channels=False
    )
    installs: Callable[[T], T] = app_commands.allowed_installs(guilds=True, users=False)
    return installs(contexts(func))
