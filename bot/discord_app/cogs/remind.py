"""/remind on [time] [timezone] | off | status, and the loop that sends the reminders.

Nothing is sent to a learner who has not run `/remind on`. The loop ticks often and asks
the store what is owed (`ReminderDesk`); `tasks.loop(time=...)` would not catch up after
downtime, and per-learner times would need one loop each.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.ports import ReminderSetting
from bot.core.reviews import (
    DEFAULT_TIME,
    DEFAULT_TIMEZONE,
    ReminderError,
    ReviewDesk,
    parse_time,
    parse_zone,
    zone_names,
)
from bot.discord_app.reminder_desk import ReminderDesk
from bot.discord_app.render import notice
from bot.discord_app.replies import learner_id, send
from bot.discord_app.review_render import reminder_status

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

log = logging.getLogger(__name__)

TICK_SECONDS = 15.0


class RemindCog(commands.GroupCog, group_name="remind", group_description="Review reminders"):
    def __init__(self, bot: TutorBot, desk: ReviewDesk) -> None:
        self.bot = bot
        self.desk = desk
        self.reminders = ReminderDesk(bot, desk)
        self.ticker = tasks.loop(seconds=TICK_SECONDS)(self._tick)
        self.ticker.before_loop(self._before_tick)
        super().__init__()

    async def cog_load(self) -> None:
        self.ticker.start()

    async def cog_unload(self) -> None:
        self.ticker.cancel()

    async def _before_tick(self) -> None:
        await self.bot.wait_until_ready()

    async def _tick(self) -> None:
        try:
            await self.reminders.tick()
        except Exception:  # the loop must survive one bad tick; the next one retries
            log.exception("review reminder tick failed")

    async def zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in zone_names(current)]

    @app_commands.command(name="on", description="One DM a day when reviews are due")
    @app_commands.describe(
        time="When, 24-hour HH:MM (default 18:00)", timezone="Your timezone, e.g. Europe/Berlin"
    )
    @app_commands.autocomplete(timezone=zone_autocomplete)
    async def on(
        self, interaction: discord.Interaction, time: str | None = None, timezone: str | None = None
    ) -> None:
        learner = learner_id(interaction.user)
        known = await self.desk.store.get_reminder(learner)
        try:
            at = parse_time(time) if time else (known.time if known else DEFAULT_TIME)
            zone = parse_zone(timezone) if timezone else (known.timezone if known else None)
        except ReminderError as error:
            await send(interaction, notice(str(error)))
            return
        zone = zone or DEFAULT_TIMEZONE
        setting = ReminderSetting(learner, True, at, zone, known.last_sent if known else None)
        await self.desk.store.save_reminder(setting)
        text = (
            f"Reminders on: one DM a day at {at} ({zone}) when reviews are due, with a button "
            "that starts them. `/remind off` stops them."
        )
        await send(interaction, notice(text))

    @app_commands.command(name="off", description="No more reminder DMs")
    async def off(self, interaction: discord.Interaction) -> None:
        learner = learner_id(interaction.user)
        known = await self.desk.store.get_reminder(learner)
        if known is not None:
            await self.desk.store.save_reminder(dataclasses.replace(known, enabled=False, note=""))
        await send(interaction, notice("Reminders off. `/remind on` turns them back on."))

    @app_commands.command(name="status", description="Whether and when reminders come")
    async def status(self, interaction: discord.Interaction) -> None:
        learner = learner_id(interaction.user)
        setting = await self.desk.store.get_reminder(learner)
        due = (await self.desk.summary(learner)).due
        await send(interaction, notice(reminder_status(setting, due)))
