"""/progress [member]: lessons done, quiz accuracy and streak."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app import render
from bot.discord_app.replies import acknowledge, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class ProgressCog(commands.Cog):
    def __init__(self, bot: TutorBot) -> None:
        self.engine = bot.flow.engine

    @app_commands.command(
        name="progress", description="Lessons completed, quiz accuracy and streak"
    )
    @app_commands.describe(member="Whose progress to show (default: yours)")
    async def progress(
        self, interaction: discord.Interaction, member: discord.User | None = None
    ) -> None:
        who = member or interaction.user
        await acknowledge(interaction)
        summary = await self.engine.summary(learner_id(who))
        await send(interaction, render.progress_reply(summary, who.display_name))
