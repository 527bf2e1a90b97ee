"""/mydata export and /mydata delete: a learner sees or erases everything stored about them.

Works in servers (ephemeral) and in the bot's DM. Deleting asks for `confirm: True` first,
because it cannot be undone.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.render import Attachment, Reply, notice
from bot.discord_app.replies import acknowledge, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class MyDataCog(commands.GroupCog, group_name="mydata", group_description="Your stored data"):
    def __init__(self, bot: TutorBot) -> None:
        self.engine = bot.flow.engine
        self.daily = getattr(bot.services, "daily", None)
        self.reviews = getattr(bot.services, "reviews", None)
        self.modes = getattr(bot.services, "mode_store", None)
        super().__init__()

    @app_commands.command(name="export", description="Everything Stepwise stored about you")
    async def export(self, interaction: discord.Interaction) -> None:
        await acknowledge(interaction)
        learner = learner_id(interaction.user)
        document = await self.engine.export_data(learner)
        if self.daily is not None:
            answers = await self.daily.learner_answers(learner)
            document["daily_answers"] = [
                {
                    "post_id": a.post_id,
                    "choice": a.choice,
                    "correct": a.correct,
                    "at": a.at.isoformat(),
                }
                for a in answers
            ]
        if self.reviews is not None:
            document.update(await self.reviews.export(learner))
        if self.modes is not None:  # "modes" and "mode_events": the learning modes
            document.update(await self.modes.export_modes(learner))
        data = json.dumps(document, indent=2, ensure_ascii=False, default=str).encode()
        reply = Reply(
            content="Here is everything Stepwise stored about you (JSON).",
            files=(Attachment("stepwise-data.json", data),),
        )
        await send(interaction, reply, ephemeral=True)

    @app_commands.command(name="delete", description="Erase your progress, attempts and answers")
    @app_commands.describe(confirm="True to erase everything now; it cannot be undone")
    async def delete(self, interaction: discord.Interaction, confirm: bool = False) -> None:
        if not confirm:
            text = (
                "This erases all your lesson progress, code attempts, quiz answers, streaks, "
                "review cards, reminders and progress in the learning modes. "
                "Run `/mydata delete confirm: True` to do it (`/mydata export` first keeps a copy)."
            )
            await send(interaction, notice(text), ephemeral=True)
            return
        await acknowledge(interaction)
        learner = learner_id(interaction.user)
        await self.engine.forget(learner)
        if self.reviews is not None:
            await self.reviews.forget(learner)
        if self.modes is not None:
            await self.modes.forget_modes(learner)
        await send(interaction, notice("Done: everything Stepwise stored about you is erased."))
