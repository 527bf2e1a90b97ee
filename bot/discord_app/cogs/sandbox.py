"""/run: free-form Python through the sandbox; its limit is counted at submission
(`run_gate.py`), so opening a code box is never refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_app.options import clean_text

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


class SandboxCog(commands.Cog):
    def __init__(self, bot: TutorBot) -> None:
        self.flow = bot.flow

    @app_commands.command(name="run", description="Run Python code in the sandbox")
    @app_commands.describe(code="One line of code; leave empty to open a code box")
    async def run(self, interaction: discord.Interaction, code: str | None = None) -> None:
        if code is None or not code.strip():
            await self.flow.open_run_box(interaction)
            return
        await self.flow.run_free(interaction, clean_text(code))
