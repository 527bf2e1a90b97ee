"""`ReminderDesk`: one DM a day to each learner who opted in and has reviews due.

The store is the source of truth: each tick reads who opted in, asks the core rules
(`reminder_day`) whether today's reminder is owed, and claims the day in the store before
sending. The claim is one conditional write, so a restart (or a second process) never
sends the same day twice, and a bot that was down at the learner's time sends on its
first tick after it. A learner whose DMs are closed (Discord error 50007) is switched off
with a note `/remind status` shows, not retried forever.
"""

from __future__ import annotations

import dataclasses
import logging

import discord

from bot.core.ports import ReminderSetting
from bot.core.reviews import ReviewDesk, reminder_day
from bot.discord_app.replies import NO_MENTIONS
from bot.discord_app.review_components import start_button
from bot.discord_app.review_render import reminder_dm

log = logging.getLogger(__name__)

CANNOT_DM = 50007  # Discord: "Cannot send messages to this user"
DMS_CLOSED_NOTE = (
    "I could not send you a DM (your DMs are closed to me), so I switched reminders off."
)


def discord_user_id(learner: str) -> int | None:
    platform, _, raw = learner.partition(":")
    return int(raw) if platform == "discord" and raw.isdigit() else None


class ReminderDesk:
    def __init__(self, bot: discord.Client, desk: ReviewDesk) -> None:
        self.bot = bot
        self.desk = desk
        self.store = desk.store
        self.clock = desk.clock

    async def tick(self) -> int:
        """Send every reminder owed now; returns how many were sent."""
        now = self.clock.now()
        settings = await self.store.enabled_reminders()
        if not settings:
            return 0
        with_due = set(await self.store.learners_with_due(now))
        sent = 0
        for setting in settings:
            if setting.learner not in with_due or discord_user_id(setting.learner) is None:
                continue
            day = reminder_day(setting, now)
            if day is None:
                continue
            due = (await self.desk.summary(setting.learner)).due
            if due == 0 or not await self.store.claim_reminder(setting.learner, day):
                continue
            sent += await self._send(setting, due)
        return sent

    async def _send(self, setting: ReminderSetting, due: int) -> int:
        user_id = discord_user_id(setting.learner)
        assert user_id is not None
        try:
            channel = await self.bot.create_dm(discord.Object(id=user_id))  # type: ignore[arg-type]
            reply = reminder_dm(due)
            # Not replies.send_to_channel: it hands discord.py MISSING as `reference`,
            # which DMChannel.send rejects (fix in replies.py when #21 lands).
            await channel.send(
                embeds=list(reply.embeds), view=start_button(), allowed_mentions=NO_MENTIONS
            )
        except discord.Forbidden as error:
            if error.code != CANNOT_DM:
                raise
            off = dataclasses.replace(setting, enabled=False, note=DMS_CLOSED_NOTE)
            await self.store.save_reminder(off)
            log.info("reminders for %s switched off: DMs closed", setting.learner)
            return 0
        except discord.HTTPException as error:  # already claimed: today's is lost, not repeated
            log.warning("reminder to %s not sent: %s", setting.learner, error)
            return 0
        return 1
