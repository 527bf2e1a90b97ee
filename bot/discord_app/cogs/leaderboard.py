"""/leaderboard [daily|lessons]: ranked from the database, ten per page, with paging buttons.

Names come from the member cache or the display name stored when the member last
answered; the bot never fetches members one at a time (a 2,000-member board would take
minutes of API calls). Daily rows show correct answers and one streak, the daily streak
(quiz days in a row, one grace day), computed by `standing.py` exactly as /progress does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.ports import DailyStore, TutorError
from bot.discord_app.contexts import server_only
from bot.discord_app.escape import plain
from bot.discord_app.options import BoardKind
from bot.discord_app.quiz_components import BOARD_ITEMS, board_buttons
from bot.discord_app.quiz_render import BoardRow, leaderboard_reply
from bot.discord_app.render import Reply
from bot.discord_app.replies import edit, learner_id, send
from bot.discord_app.standing import daily_standings

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

PAGE_SIZE = 10


def display_name(guild: discord.Guild | None, learner: str, stored: str) -> str:
    """Cached member name, else the stored one, else a neutral label. Never an API call."""
    _, _, raw_id = learner.partition(":")
    member = guild.get_member(int(raw_id)) if guild and raw_id.isdigit() else None
    if member is not None:
        return member.display_name
    return stored or f"member …{raw_id[-4:]}"


class LeaderboardCog(commands.Cog):
    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        self.store: DailyStore = bot.services.daily  # type: ignore[attr-defined]
        self.clock = bot.services.clock  # type: ignore[attr-defined]

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*BOARD_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*BOARD_ITEMS)

    @app_commands.command(name="leaderboard", description="Top members of this server")
    @app_commands.describe(board="Daily quiz answers or lesson progress")
    @server_only
    async def leaderboard(
        self, interaction: discord.Interaction, board: BoardKind = "daily"
    ) -> None:
        assert interaction.guild_id is not None
        user = interaction.user
        await self.store.remember_member(
            interaction.guild_id, learner_id(user), getattr(user, "display_name", "")
        )
        reply, view = await self.page(interaction, board, 0)
        await send(interaction, reply, view=view, ephemeral=True)

    async def on_board_page(self, interaction: discord.Interaction, kind: str, page: int) -> None:
        reply, view = await self.page(interaction, kind, page)
        await edit(interaction, reply, view=view)

    async def post_board(self, interaction: discord.Interaction, kind: str, page: int) -> None:
        """Post to channel: the page, in public, once per cooldown per member."""
        self.bot.flow.post_cooldown.take(interaction.user.id)
        reply, _ = await self.page(interaction, kind, page)
        name = plain(getattr(interaction.user, "display_name", ""))
        shared = Reply(content=f"{name} shared the leaderboard:", embeds=reply.embeds)
        await send(interaction, shared, ephemeral=False)

    async def page(self, interaction: discord.Interaction, kind: str, page: int):
        guild_id = interaction.guild_id
        if guild_id is None:
            raise TutorError("Leaderboards belong to a server; use this command there.")
        if kind == "lessons":
            total = await self.store.lesson_leaderboard_size(guild_id)
            pages = max(1, -(-total // PAGE_SIZE))
            page = min(page, pages - 1)
            rows = await self._lesson_rows(interaction.guild, guild_id, page)
            title = "🏆 Lessons leaderboard"
        else:
            total = await self.store.leaderboard_size(guild_id)
            pages = max(1, -(-total // PAGE_SIZE))
            page = min(page, pages - 1)
            rows = await self._daily_rows(interaction.guild, guild_id, page)
            title = "🏆 Daily quiz leaderboard"
        view = board_buttons(kind, page, pages)
        return leaderboard_reply(title, rows, page, pages), view

    async def _daily_rows(
        self, guild: discord.Guild | None, guild_id: int, page: int
    ) -> list[BoardRow]:
        scores = await self.store.leaderboard(guild_id, PAGE_SIZE, page * PAGE_SIZE)
        learners = [s.learner for s in scores]
        standings = await daily_standings(self.store, self.clock, guild_id, learners)
        return [
            BoardRow(
                rank=rank,
                name=display_name(guild, score.learner, score.display_name),
                score=standings[score.learner].score,
                extra=standings[score.learner].streak_text,
            )
            for rank, score in enumerate(scores, start=page * PAGE_SIZE + 1)
        ]

    async def _lesson_rows(
        self, guild: discord.Guild | None, guild_id: int, page: int
    ) -> list[BoardRow]:
        scores = await self.store.lesson_leaderboard(guild_id, PAGE_SIZE, page * PAGE_SIZE)
        return [
            BoardRow(
                rank=rank,
                name=display_name(guild, s.learner, s.display_name),
                score=f"{s.lessons_completed} lesson(s) completed",
                extra=f"{s.steps_done} steps solved",
            )
            for rank, s in enumerate(scores, start=page * PAGE_SIZE + 1)
        ]
