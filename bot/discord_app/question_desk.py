"""The question bank's moving parts between clicks: forms waiting for Save (`Drafts`) and
suggestions on their way through review (`ReviewDesk`).

A form's text waits in memory between the form and Save: after a restart its buttons say
so instead of guessing (the store only ever holds questions that passed the rules). With
sharded processes a guild's interactions all reach the same process, so memory is enough.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass

import discord

from bot.core.ports import BankQuestion, BankStatus, QuestionBankStore, TutorError
from bot.core.quiz import Checked, Draft, question_of
from bot.discord_app import question_components as ui
from bot.discord_app.member_text import member_question
from bot.discord_app.replies import NO_MENTIONS

log = logging.getLogger(__name__)

EXPIRED = "This form is no longer open (the bot restarted or it was saved). Start again."
DRAFT_TTL = 3600.0  # seconds a form's text waits for Save
MAX_DRAFTS = 2000
FOLLOW_UP_WINDOW = 14 * 60.0  # Discord lets a reply's token follow up for 15 minutes
NOT_LISTED = "waiting for a moderator (they see it in /question list)"


@dataclass
class DraftState:
    mode: str  # suggest | add | edit | review
    owner_id: int
    guild_id: int
    draft: Draft
    entry_id: int | None = None
    checked: Checked | None = None
    born: float = 0.0
    notify: bool = False  # the author allows a DM with the review's outcome


class Drafts:
    """Forms waiting for Save, oldest dropped first (at most `MAX_DRAFTS`, one hour each)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, DraftState] = OrderedDict()

    def open(
        self,
        owner_id: int,
        guild_id: int,
        mode: str,
        draft: Draft,
        entry_id: int | None = None,
        notify: bool = False,
    ) -> str:
        now = time.monotonic()
        while self._items and (
            len(self._items) >= MAX_DRAFTS
            or next(iter(self._items.values())).born < now - DRAFT_TTL
        ):
            self._items.popitem(last=False)
        token = secrets.token_hex(6)
        state = DraftState(mode, owner_id, guild_id, draft, entry_id, None, now, notify)
        self._items[token] = state
        return token

    def get(self, token: str, user_id: int) -> DraftState:
        state = self._items.get(token)
        if state is None:
            raise TutorError(EXPIRED)
        if state.owner_id != user_id:
            raise TutorError("This form belongs to someone else.")
        return state

    def close(self, token: str) -> None:
        self._items.pop(token, None)


class ReviewDesk:
    """Posts suggestions to the review channel, keeps that message true, tells the author."""

    def __init__(self, bot: discord.Client, bank: QuestionBankStore) -> None:
        self.bot = bot
        self.bank = bank
        self._authors: dict[int, tuple[discord.Interaction, float]] = {}
        self.follow_up_window = FOLLOW_UP_WINDOW

    def remember_author(self, entry_id: int, interaction: discord.Interaction) -> None:
        self._authors[entry_id] = (interaction, time.monotonic())

    async def post(self, entry: BankQuestion) -> str:
        """Send the suggestion with Approve / Edit / Reject; says where it now waits."""
        settings = await self.bank.get_settings(entry.guild_id)
        if settings.review_channel_id is None:
            return NOT_LISTED
        channel = self.bot.get_partial_messageable(
            settings.review_channel_id, guild_id=entry.guild_id
        )
        reply = ui.review_reply(entry, member_question(question_of(entry)))
        try:
            message = await channel.send(
                embeds=list(reply.embeds),
                view=ui.review_buttons(entry.id),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as error:
            log.warning("question #%s: cannot post for review: %s", entry.id, error)
            return NOT_LISTED
        await self.bank.set_review_message(entry.guild_id, entry.id, channel.id, message.id)
        return "waiting for a moderator's review"

    async def refresh(self, entry: BankQuestion, note: str = "") -> None:
        """Edit the suggestion's review message to match the stored question."""
        if entry.review_channel_id is None or entry.review_message_id is None:
            return
        channel = self.bot.get_partial_messageable(entry.review_channel_id, guild_id=entry.guild_id)
        message = channel.get_partial_message(entry.review_message_id)
        reply = ui.review_reply(entry, member_question(question_of(entry)), note)
        decided = entry.status is not BankStatus.SUGGESTED
        try:
            await message.edit(
                embeds=list(reply.embeds),
                view=ui.review_buttons(entry.id, decided),
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as error:
            log.warning("question #%s: cannot edit its review message: %s", entry.id, error)

    async def tell_author(self, entry: BankQuestion, server: str = "") -> None:
        """An ephemeral follow-up to the author's Save while Discord still allows one;
        else a DM, only if the author asked for one (`dm_me`)."""
        outcome = {
            BankStatus.APPROVED: "was approved: it can now be asked in the daily quiz",
            BankStatus.REJECTED: "was not accepted this time",
        }.get(entry.status, f"is now {entry.status.value}")
        text = f"Your suggestion #{entry.id} {outcome}."
        waiting = self._authors.pop(entry.id, None)
        if waiting is not None and time.monotonic() - waiting[1] <= self.follow_up_window:
            try:
                await waiting[0].followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
                return
            except discord.HTTPException as error:
                log.info("question #%s: follow-up failed: %s", entry.id, error)
        user_id = entry.author.removeprefix("discord:")
        if not entry.notify or not user_id.isdigit():
            return
        where = f" (in {server})" if server else ""
        try:
            channel = await self.bot.create_dm(discord.Object(int(user_id)))
            await channel.send(f"{text[:-1]}{where}.", allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as error:  # DMs closed: nothing else to try
            log.info("question #%s: author's DM failed: %s", entry.id, error)
