"""/question suggest|add|edit|retire|list|setup|import|export and the review buttons.

A cog parses and routes; the rules are `bot.core.quiz.bank` (the lesson question rules and
the lint) and the store is the `QuestionBankStore`. Rights are checked here in code on
every command and button (Manage Server, or the daily quiz's moderator role), because
server admins can override `default_permissions`. A form's text waits in memory (`drafts`)
between the form and Save; after a restart the buttons say so instead of guessing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.ports import (
    BankQuestion,
    BankStatus,
    NewBankQuestion,
    TutorError,
)
from bot.core.quiz import (
    MAX_OPEN_SUGGESTIONS,
    BankRuleError,
    Draft,
    body_of,
    check_draft,
    draft_of,
    export_yaml,
    import_yaml,
    question_of,
)
from bot.core.quiz.bank import EDITABLE, RETIRABLE, check_move, open_limit_message
from bot.core.quiz.bank_yaml import MAX_IMPORT_BYTES
from bot.discord_app import question_components as ui
from bot.discord_app.cogs.daily import is_moderator
from bot.discord_app.contexts import IN_SERVERS, SERVER_INSTALL
from bot.discord_app.errors import guarded
from bot.discord_app.member_text import member_question, plain_name
from bot.discord_app.question_desk import EXPIRED, Drafts, DraftState, ReviewDesk
from bot.discord_app.render import Attachment, Reply, notice
from bot.discord_app.replies import edit, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

log = logging.getLogger(__name__)

NOT_MODERATOR = "Only moderators can do that (Manage Server, or the daily quiz's moderator role)."
Status = Literal["suggested", "approved", "rejected", "retired"]


class QuestionCog(commands.Cog):
    question = app_commands.Group(
        name="question",
        description="The server's own quiz questions",
        allowed_contexts=IN_SERVERS,  # a server's bank: never offered in DMs (contexts.py)
        allowed_installs=SERVER_INSTALL,
    )

    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        services = bot.services
        self.bank = services.questions  # type: ignore[attr-defined]
        self.daily = getattr(services, "daily", None)
        self.clock = services.clock  # type: ignore[attr-defined]
        self.drafts = Drafts()
        self.review = ReviewDesk(bot, self.bank)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*ui.ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*ui.ITEMS)

    # ------------------------------------------------------------------ rights and drafts

    async def is_moderator(self, interaction: discord.Interaction) -> bool:
        schedule = None
        if self.daily is not None and interaction.guild_id is not None:
            schedule = await self.daily.get_schedule(interaction.guild_id)
        return is_moderator(interaction, schedule)

    async def require_moderator(self, interaction: discord.Interaction) -> int:
        if interaction.guild_id is None or not await self.is_moderator(interaction):
            raise TutorError(NOT_MODERATOR)
        return interaction.guild_id

    def new_draft(
        self, interaction: discord.Interaction, mode: str, draft: Draft, entry_id: int | None = None
    ) -> str:
        assert interaction.guild_id is not None
        return self.drafts.open(interaction.user.id, interaction.guild_id, mode, draft, entry_id)

    def draft(self, interaction: discord.Interaction, token: str) -> DraftState:
        return self.drafts.get(token, interaction.user.id)

    async def open_form(self, interaction: discord.Interaction, token: str, title: str) -> None:
        state = self.drafts.get(token, interaction.user.id)
        modal = ui.question_form(ui.form_id(state.mode, token), state.draft, title)
        await interaction.response.send_modal(modal)

    # ------------------------------------------------------------------ commands

    @question.command(name="suggest", description="Suggest a question for the daily quiz")
    @app_commands.describe(dm_me="Send me a DM with the moderators' decision")
    async def suggest(self, interaction: discord.Interaction, dm_me: bool = False) -> None:
        assert interaction.guild_id is not None
        waiting = await self.bank.open_suggestions(
            interaction.guild_id, learner_id(interaction.user)
        )
        if waiting >= MAX_OPEN_SUGGESTIONS:
            await send(interaction, notice(open_limit_message()), ephemeral=True)
            return
        assert interaction.guild_id is not None
        token = self.drafts.open(
            interaction.user.id, interaction.guild_id, "suggest", Draft(), notify=dm_me
        )
        await self.open_form(interaction, token, "Suggest a question")

    @question.command(name="add", description="Add an approved question (moderators)")
    async def add(self, interaction: discord.Interaction) -> None:
        await self.require_moderator(interaction)
        token = self.new_draft(interaction, "add", Draft())
        await self.open_form(interaction, token, "Add a question")

    @question.command(name="edit", description="Edit a question of the bank (moderators)")
    @app_commands.describe(id="The question's number, as /question list shows it")
    async def edit_question(self, interaction: discord.Interaction, id: int) -> None:
        entry = await self.entry(interaction, id)
        self.movable(entry, EDITABLE, "edited")
        token = self.new_draft(interaction, "edit", draft_of(entry), entry.id)
        await self.open_form(interaction, token, f"Edit question #{entry.id}")

    @question.command(name="retire", description="Stop asking a question (moderators)")
    async def retire(self, interaction: discord.Interaction, id: int) -> None:
        entry = await self.entry(interaction, id)
        self.movable(entry, RETIRABLE, "retired")
        done = await self.bank.set_status(
            entry.guild_id, entry.id, BankStatus.RETIRED, reviewer=learner_id(interaction.user),
            at=self.clock.now(), only_from=RETIRABLE,
        )  # fmt: skip
        text = f"Question #{id} is retired: the daily quiz will not ask it again."
        await send(interaction, notice(text if done else "Nothing changed."), ephemeral=True)
        if done is not None:
            await self.review.refresh(done)

    @question.command(name="list", description="The server's questions (moderators)")
    async def list_questions(
        self, interaction: discord.Interaction, status: Status | None = None, tag: str | None = None
    ) -> None:
        await self.require_moderator(interaction)
        tag_key = (tag or "").strip().lower() or "-"
        if tag_key != "-" and not re.fullmatch(r"[a-z0-9-]{1,30}", tag_key):
            raise TutorError("A tag is lowercase letters, digits and '-', at most 30.")
        reply, view = await self.list_page(interaction.guild_id or 0, status or "all", tag_key, 0)
        await send(interaction, reply, view=view, ephemeral=True)

    @question.command(name="setup", description="Choose where suggestions are reviewed")
    @app_commands.describe(review_channel="Moderators review suggestions here")
    async def setup(
        self, interaction: discord.Interaction, review_channel: discord.TextChannel
    ) -> None:
        guild_id = await self.require_moderator(interaction)
        settings = await self.bank.get_settings(guild_id)
        await self.bank.save_settings(replace(settings, review_channel_id=review_channel.id))
        text = f"Suggestions will be posted in {review_channel.mention} for review."
        await send(interaction, notice(text), ephemeral=True)

    @question.command(name="import", description="Add questions from a YAML file (moderators)")
    @app_commands.describe(file="YAML in the lesson format: a `questions:` list")
    async def import_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        guild_id = await self.require_moderator(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        if file.size > MAX_IMPORT_BYTES:
            raise TutorError(
                f"{file.filename} is too large ({file.size:,} bytes, limit {MAX_IMPORT_BYTES:,})."
            )
        questions, problems = import_yaml(await file.read(), file.filename)
        if problems:
            lines = [str(p) for p in problems]
            reply = ui.problems_reply(lines, f"{len(lines)} problem(s); nothing was imported.")
            report = Attachment("import-problems.txt", "\n".join(lines).encode())
            await send(interaction, replace(reply, files=(report,)), ephemeral=True)
            return
        now, author = self.clock.now(), learner_id(interaction.user)
        stored = await self.bank.add_questions(  # no name: an importer is not their author
            [NewBankQuestion(guild_id, body_of(q), (), author, "", BankStatus.APPROVED, now)
             for q in questions]
        )  # fmt: skip
        ids = ", ".join(f"#{e.id}" for e in stored)
        text = f"Imported {len(stored)} question(s), approved: {ids}."
        await send(interaction, notice(text), ephemeral=True)

    @question.command(name="export", description="The bank as a YAML lesson file (moderators)")
    async def export(self, interaction: discord.Interaction) -> None:
        guild_id = await self.require_moderator(interaction)
        entries = await self.bank.list_questions(guild_id, BankStatus.APPROVED, limit=5000)
        questions = [question_of(e) for e in reversed(entries)]
        if not questions:
            raise TutorError("The bank has no approved questions to export yet.")
        data = export_yaml(questions).encode()
        text = f"{len(questions)} approved question(s). `stepwise content check` accepts this file."
        reply = Reply(embeds=notice(text).embeds, files=(Attachment("question-bank.yaml", data),))
        await send(interaction, reply, ephemeral=True)

    # ------------------------------------------------------------------ helpers

    async def entry(self, interaction: discord.Interaction, question_id: int) -> BankQuestion:
        guild_id = await self.require_moderator(interaction)
        entry = await self.bank.get_question(guild_id, question_id)
        if entry is None:
            raise TutorError(f"There is no question #{question_id} in this server's bank.")
        return entry

    @staticmethod
    def movable(entry: BankQuestion, allowed: tuple[BankStatus, ...], verb: str) -> None:
        try:
            check_move(entry, allowed, verb)
        except BankRuleError as error:
            raise TutorError(error.message) from None

    async def list_page(self, guild_id: int, status: str, tag: str, page: int):
        wanted = None if status == "all" else BankStatus(status)
        chosen = None if tag == "-" else tag
        total = await self.bank.count_questions(guild_id, wanted, chosen)
        pages = max(1, -(-total // ui.PAGE_SIZE))
        page = min(page, pages - 1)
        entries = await self.bank.list_questions(
            guild_id, wanted, chosen, limit=ui.PAGE_SIZE, offset=page * ui.PAGE_SIZE
        )
        prompts = {}
        for e in entries:
            try:
                prompts[e.id] = member_question(question_of(e)).prompt
            except BankRuleError:
                prompts[e.id] = "(no longer valid)"
        reply = ui.list_reply(entries, prompts, page, pages, total)
        return reply, ui.list_buttons(status, tag, page, pages)

    async def on_list_page(self, interaction, status: str, tag: str, page: int) -> None:
        guild_id = await self.require_moderator(interaction)
        reply, view = await self.list_page(guild_id, status, tag, page)
        await edit(interaction, reply, view=view)

    # ------------------------------------------------------------------ forms

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        values = ui.form_values(data)  # type: ignore[arg-type]
        if match := ui.FORM.match(custom_id):
            await guarded(interaction, self.on_form(interaction, match["ref"], values))
        elif match := ui.DETAILS.match(custom_id):
            await guarded(interaction, self.on_details(interaction, match["token"], values))

    async def on_form(self, interaction: discord.Interaction, token: str, values: dict) -> None:
        state = self.draft(interaction, token)
        keys = ("prompt", "code", "options", "explanation", "hint")
        state.draft = replace(state.draft, **{k: values.get(k, "") for k in keys})
        await self.judge(interaction, token, state)

    async def on_details(self, interaction: discord.Interaction, token: str, values: dict) -> None:
        state = self.draft(interaction, token)
        keys = ("difficulty", "tags", "mistakes")
        state.draft = replace(state.draft, **{k: values.get(k, "") for k in keys})
        await self.judge(interaction, token, state)

    async def judge(self, interaction: discord.Interaction, token: str, state: DraftState) -> None:
        """The rules over the form; a preview to save, or every problem (nothing saved)."""
        state.checked = checked = check_draft(state.draft)
        if not checked.ok:
            reply = ui.problems_reply(checked.problems, "Nothing was saved. Edit keeps your text.")
            await send(interaction, reply, view=ui.draft_buttons(token, False), ephemeral=True)
            return
        if state.mode == "review":  # a moderator editing a suggestion: saved at once
            await self.save(interaction, token, state)
            return
        assert checked.question is not None
        note = {
            "suggest": "This is how members will see it. Save sends it to the moderators.",
            "add": "This is how members will see it. Save adds it to the bank, approved.",
            "edit": "This is how members will see it. Save replaces the question.",
        }[state.mode]
        reply = ui.preview_reply(member_question(checked.question), checked.warnings, note)
        await send(interaction, reply, view=ui.draft_buttons(token), ephemeral=True)

    async def on_draft(self, interaction: discord.Interaction, token: str, action: str) -> None:
        state = self.draft(interaction, token)
        if action == "edit":
            await self.open_form(interaction, token, "Edit the question")
        elif action == "details":
            await interaction.response.send_modal(ui.details_form(token, state.draft))
        elif action == "discard":
            self.drafts.close(token)
            await edit(interaction, notice("Discarded: nothing was saved."), view=None)
        else:
            await self.save(interaction, token, state)

    async def save(self, interaction: discord.Interaction, token: str, state: DraftState) -> None:
        checked = state.checked
        if checked is None or checked.question is None:
            raise TutorError(EXPIRED)
        body, now, me = body_of(checked.question), self.clock.now(), learner_id(interaction.user)
        if state.mode in ("edit", "review"):
            assert state.entry_id is not None
            await self.require_moderator(interaction)  # rights may have changed since the form
            entry = await self.bank.update_question(
                state.guild_id, state.entry_id, body, checked.tags, now
            )
            if entry is None:
                raise TutorError("That question no longer exists.")
            self.drafts.close(token)
            await self.review.refresh(entry)
            await self.finish(interaction, f"Question #{entry.id} is updated.")
            return
        suggest = state.mode == "suggest"
        if not suggest:
            await self.require_moderator(interaction)
        name = getattr(interaction.user, "display_name", "") or ""
        status = BankStatus.SUGGESTED if suggest else BankStatus.APPROVED
        new = NewBankQuestion(
            state.guild_id, body, checked.tags, me, name, status, now, suggest and state.notify
        )
        entry = await self.bank.add_question(new, MAX_OPEN_SUGGESTIONS if suggest else None)
        if entry is None:
            raise TutorError(open_limit_message())
        self.drafts.close(token)
        if not suggest:
            await self.finish(interaction, f"Saved as question #{entry.id}, approved.")
            return
        self.review.remember_author(entry.id, interaction)
        where = await self.review.post(entry)
        await self.finish(interaction, f"Thanks! Suggestion #{entry.id} is {where}.")

    async def finish(self, interaction: discord.Interaction, text: str) -> None:
        if interaction.type is discord.InteractionType.component:
            await edit(interaction, notice(text), view=None)
        else:
            await send(interaction, notice(text), ephemeral=True)

    # ------------------------------------------------------------------ review

    async def on_review(self, interaction: discord.Interaction, entry_id: int, action: str) -> None:
        if not await self.is_moderator(interaction):
            await send(interaction, notice(NOT_MODERATOR), ephemeral=True)
            return
        entry = await self.entry(interaction, entry_id)
        if action == "edit":
            self.movable(entry, EDITABLE, "edited")
            token = self.new_draft(interaction, "review", draft_of(entry), entry.id)
            await self.open_form(interaction, token, f"Edit suggestion #{entry.id}")
            return
        status = BankStatus.APPROVED if action == "approve" else BankStatus.REJECTED
        decided = await self.bank.set_status(
            entry.guild_id, entry.id, status, reviewer=learner_id(interaction.user),
            at=self.clock.now(), only_from=(BankStatus.SUGGESTED,),
        )  # fmt: skip
        if decided is None:
            text = f"Suggestion #{entry.id} was already {entry.status.value}."
            await send(interaction, notice(text), ephemeral=True)
            return
        by = getattr(interaction.user, "display_name", "a moderator")
        note = f"{status.value.capitalize()} by {plain_name(by)}."
        reply = ui.review_reply(decided, member_question(question_of(decided)), note)
        await edit(interaction, reply, view=ui.review_buttons(decided.id, decided=True))
        server = interaction.guild.name if interaction.guild else ""
        await self.review.tell_author(decided, plain_name(server))
