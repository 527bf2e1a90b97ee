"""/progress [member]: lessons done, quiz accuracy and streak, with a progress card picture
(its facts also in words, for screen readers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.pictures import learner_progress
from bot.discord_app import render
from bot.discord_app.picture_replies import with_progress_card
from bot.discord_app.replies import acknowledge, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class ProgressCog(commands.Cog):
    def __init__(self, bot: TutorBot) -> None:
        self.engine = bot.flow.engine
        self.reviews = getattr(bot.services, "reviews", None)
        self.pictures = getattr(bot.services, "pictures", None)

    @app_commands.command(
        name="progress", description="Lessons completed, quiz accuracy and streak"
    )
    @app_commands.describe(member="Whose progress to show (default: yours)")
    async def progress(
        self, interaction: discord.Interaction, member: discord.User | None = None
    ) -> None:
        who = member or interaction.user
        await acknowledge(interaction)
        learner = learner_id(who)
        summary = await self.engine.summary(learner)
        reply = render.progress_reply(summary, who.display_name)
        reviews = self.reviews if who.id == interaction.user.id else None  # yours only
        facts = await learner_progress(self.engine, reviews, learner, who.display_name)
        reply = await with_progress_card(reply, self.pictures, facts)
        await send(interaction, reply)
