"""/help: what the bot does and how to use it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.render import COLOUR_INFO, Reply
from bot.discord_app.replies import send

COMMANDS = (
    ("/lessons", "browse the lessons and your progress"),
    ("/learn <lesson>", "a lesson's card: choose one of ten ways to learn it"),
    ("/lesson start <lesson>", "start a lesson or pick up where you left off"),
    ("/lesson continue", "show the step you are on"),
    ("/submit", "open a code box for your current step (prefilled with your last try)"),
    ("/lesson hint", "a hint for your step, one at a time"),
    ("/lesson solution", "the solution, once you have tried a few times"),
    ("/lesson reset [lesson]", "start a lesson over"),
    ("/progress [member]", "lessons done, quiz accuracy and streak"),
    ("/run [code]", "run any Python code in the sandbox"),
    ("/quiz practice · /quiz test", "practice questions, or a 10-question test"),
    ("/leaderboard", "the server's daily-quiz and lesson leaders"),
    ("/mydata export · /mydata delete", "see or erase everything stored about you"),
)


def help_embed() -> discord.Embed:
    embed = discord.Embed(
        title="Stepwise — learn by doing",
        description="\n".join(f"`{name}` — {what}" for name, what in COMMANDS),
        colour=COLOUR_INFO,
    )
    embed.add_field(
        name="Studying in DMs",
        value="Message the bot privately and paste your code in a ```py block (or just "
        "the code): it is checked against your current step. `input()` is not supported. "
        "In servers and group DMs, replies about your work are only visible to you.",
        inline=False,
    )
    return embed


class HelpCog(commands.Cog):
    @app_commands.command(name="help", description="How to use Stepwise")
    async def help(self, interaction: discord.Interaction) -> None:
        await send(interaction, Reply(embeds=(help_embed(),)))
