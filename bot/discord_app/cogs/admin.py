"""/content reload: authors edit lessons on disk, an admin makes them live without a restart.

Only the bot's owner (or team) and server administrators may reload; that is checked here
in code, because server admins can override a command's default permissions. One broken
file blocks no other: every valid lesson goes live, each broken file is reported with its
located problems, and a lesson that was live from a now-broken file stays live as it was.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.content import Catalog, ContentError, keep_live, load_catalog

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000
NOT_ALLOWED = "Only the bot owner or a server administrator can reload content."


async def may_manage_content(bot: commands.Bot, interaction: discord.Interaction) -> bool:
    user = interaction.user
    if isinstance(user, discord.Member) and user.guild_permissions.administrator:
        return True
    return await bot.is_owner(user)


def problems_reply(error: ContentError, content_path: Path) -> str:
    """Every problem that fits in one message, then a pointer to the full list."""
    count = len(error.problems)
    head = (
        f"Content NOT reloaded: {count} problem{'s' if count != 1 else ''} in {content_path}. "
        "The previous lessons stay live.\n"
    )
    footer = "\n…and {n} more: run `stepwise content check` to see them all."
    lines: list[str] = []
    for index, problem in enumerate(error.problems):
        line = f"• {problem}"
        shown = head + "\n".join([*lines, line])
        rest = count - index - 1
        if len(shown) + (len(footer.format(n=rest)) if rest else 0) > MESSAGE_LIMIT:
            return head + "\n".join(lines) + footer.format(n=count - index)
        lines.append(line)
    return head + "\n".join(lines)


def reloaded_reply(old: Catalog, new: Catalog) -> str:
    before = {lesson.id for lesson in old.lessons}
    after = {lesson.id for lesson in new.lessons}
    parts = [f"Reloaded {len(new.lessons)} lesson{'s' if len(new.lessons) != 1 else ''}."]
    if added := sorted(after - before):
        parts.append("Added: " + ", ".join(added) + ".")
    if removed := sorted(before - after):
        parts.append("Removed: " + ", ".join(removed) + ".")
    text = " ".join(parts)
    if new.broken:
        files = len(new.broken_files)
        text += (
            f"\nLeft out {files} broken file{'s' if files != 1 else ''} (a lesson that was live "
            "from it stays live as it was):\n" + "\n".join(f"• {p}" for p in new.broken)
        )
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 60] + "\n…run `stepwise content check` to see them all."
    return text


class AdminCog(commands.Cog):
    content = app_commands.Group(
        name="content",
        description="Manage lesson content",
        default_permissions=discord.Permissions(administrator=True),
    )

    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        self.engine = bot.flow.engine
        self.content_path = bot.settings.content_path

    @content.command(name="reload", description="Reload lessons from disk (admins only)")
    async def reload(self, interaction: discord.Interaction) -> None:
        if not await may_manage_content(self.bot, interaction):
            await interaction.response.send_message(NOT_ALLOWED, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        old = self.engine.catalog
        user = interaction.user.id
        try:
            loaded = await asyncio.to_thread(load_catalog, self.content_path, partial=True)
        except ContentError as error:
            log.warning("content reload by %s rejected: %d problem(s)", user, len(error.problems))
            reply = problems_reply(error, self.content_path)
            await interaction.followup.send(reply, ephemeral=True)
            return
        except OSError as error:
            log.warning("content reload by %s failed: %s", user, error)
            reply = f"Content NOT reloaded: cannot read {error.filename}: {error.strerror}."
            await interaction.followup.send(reply, ephemeral=True)
            return
        new = keep_live(old, loaded)
        for problem in new.broken:
            log.warning("content reload by %s: lesson file left out: %s", user, problem)
        self.engine.replace_catalog(new)
        log.info("content reloaded by %s: %d lesson(s)", user, len(new.lessons))
        await interaction.followup.send(reloaded_reply(old, new), ephemeral=True)
