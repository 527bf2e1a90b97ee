"""/progress [member]: lessons done, answers by kind (practice, tests, daily quiz), streak,
a line per learning mode started, with a progress card picture (its facts also in words,
for screen readers).

The daily figures come from `standing.py`, the same function /leaderboard uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.pictures import learner_progress
from bot.core.ports import DailyAnswer
from bot.discord_app import learn_render, render
from bot.discord_app.picture_replies import with_progress_card
from bot.discord_app.replies import acknowledge, learner_id, send
from bot.discord_app.standing import daily_standings

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class ProgressCog(commands.Cog):
    def __init__(self, bot: TutorBot) -> None:
        self.engine = bot.flow.engine
        self.daily = getattr(bot.services, "daily", None)
        self.clock = getattr(bot.services, "clock", None)
        self.reviews = getattr(bot.services, "reviews", None)
        self.pictures = getattr(bot.services, "pictures", None)
        self.modes = getattr(bot.services, "modes", None)  # the learning modes' lines

    async def daily_line(
        self, interaction: discord.Interaction, learner: str, answers: list[DailyAnswer]
    ) -> str:
        """The daily-quiz standing: this server's, as /leaderboard shows it; in a DM, the
        answers over every server (streaks belong to a server's schedule)."""
        if self.daily is None:
            return ""
        if interaction.guild_id is not None and self.clock is not None:
            found = await daily_standings(self.daily, self.clock, interaction.guild_id, [learner])
            standing = found[learner]
            return f"{standing.score} · {standing.streak_text} (this server)"
        right = sum(1 for a in answers if a.correct)
        return f"{right} correct / {len(answers)} (all servers)"

    async def mode_lines(self, learner: str) -> str:
        """A line per learning mode started, under each lesson that has one ("" if none)."""
        if self.modes is None:
            return ""
        started = dict.fromkeys(row.lesson_id for row in await self.modes.store.modes(learner))
        lessons = [lesson for lesson in self.engine.lessons() if lesson.id in started]
        found = [(lesson, await self.modes.lines(learner, lesson.id)) for lesson in lessons]
        return learn_render.progress_field(found)

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
        answers = await self.daily.learner_answers(learner) if self.daily else []
        # A daily answer is a day of study too: the study streak reads the same answers.
        summary = await self.engine.summary(learner, also_active={a.at.date() for a in answers})
        daily = await self.daily_line(interaction, learner, answers)
        reply = render.progress_reply(summary, who.display_name, daily)
        modes = await self.mode_lines(learner)
        if modes:
            reply.embeds[0].add_field(name="Learning modes", value=modes, inline=False)
        reviews = self.reviews if who.id == interaction.user.id else None  # yours only
        facts = await learner_progress(self.engine, reviews, learner, who.display_name)
        reply = await with_progress_card(reply, self.pictures, facts)
        await send(interaction, reply)
