"""/lessons, /lesson start|continue|hint|solution|reset, /submit, and DM pasted code."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app import render
from bot.discord_app.options import LessonName
from bot.discord_app.replies import acknowledge, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class LessonsCog(commands.Cog):
    lesson = app_commands.Group(name="lesson", description="Work through a hands-on lesson")

    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        self.flow = bot.flow
        self.engine = bot.flow.engine

    @app_commands.command(
        name="lessons", description="Browse the lessons and your progress in each"
    )
    async def lessons(self, interaction: discord.Interaction) -> None:
        await acknowledge(interaction)
        summary = await self.engine.summary(learner_id(interaction.user))
        await send(interaction, render.lessons_reply(self.engine.lessons(), summary))

    @lesson.command(name="start", description="Start a lesson, or pick up where you left off")
    @app_commands.describe(lesson="Lesson id or title")
    async def start(self, interaction: discord.Interaction, lesson: LessonName) -> None:
        learn = self.bot.get_cog("LearnCog")  # the lesson card's chooser, under the step
        chooser = learn.chooser(interaction.user.id, lesson) if learn else None  # type: ignore[attr-defined]
        await self.flow.start(interaction, lesson, chooser)

    @lesson.command(name="continue", description="Show the step you are working on")
    async def continue_(self, interaction: discord.Interaction) -> None:
        await self.flow.show_current(interaction)

    @lesson.command(name="hint", description="Get the next hint for your current step")
    async def hint(self, interaction: discord.Interaction) -> None:
        await self.flow.hint(interaction)

    @lesson.command(name="solution", description="Show the solution (after a few tries)")
    @app_commands.describe(give_up="See it now, before it unlocks (recorded as a give-up)")
    async def solution(self, interaction: discord.Interaction, give_up: bool = False) -> None:
        await self.flow.solution(interaction, None, give_up)

    @lesson.command(name="reset", description="Start a lesson over from step 1")
    @app_commands.describe(lesson="Lesson to reset (default: the one you are on)")
    async def reset(
        self, interaction: discord.Interaction, lesson: LessonName | None = None
    ) -> None:
        await self.flow.reset(interaction, lesson)

    @app_commands.command(name="submit", description="Submit code for your current step")
    async def submit(self, interaction: discord.Interaction) -> None:
        await self.flow.open_code_box(interaction)

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.flow.on_modal(interaction)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None and not message.author.bot:
            await self.flow.on_direct_message(message)
