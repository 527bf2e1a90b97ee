"""/review: the learner's due review cards, one at a time (DMs and servers, private in servers).

A question card has answer buttons; after a click the same message shows the verdict, the
explanation and the day the card comes back, with a button to the next due card. A step
card opens a code box; the code is checked in the sandbox like a lesson step. A flashcard
(rated in /learn's flashcards) shows its term, its meaning behind a spoiler, and Again /
Hard / Good / Easy buttons.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.ports import FLASHCARD
from bot.core.reviews import DueFlashcard, DueQuestion, Grade, NothingDue, ReviewDesk, UnknownCard
from bot.discord_app import review_render
from bot.discord_app.components import code_modal, modal_value
from bot.discord_app.custom_ids import PREFIX
from bot.discord_app.custom_ids import checked as _checked
from bot.discord_app.errors import guarded
from bot.discord_app.quiz_components import LESSON
from bot.discord_app.render import COLOUR_FAIL, COLOUR_PASS, Reply, run_embed
from bot.discord_app.replies import acknowledge, edit, learner_id, send
from bot.discord_app.review_components import (
    RATING_LABELS,
    REVIEW_ITEMS,
    answer_buttons,
    rating_buttons,
    start_button,
    step_button,
)

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

STEP_MODAL = re.compile(rf"^{PREFIX}:rvcode:{LESSON}:(?P<step>\d{{1,3}})$")


class ReviewCog(commands.Cog):
    def __init__(self, bot: TutorBot, desk: ReviewDesk) -> None:
        self.bot = bot
        self.desk = desk

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*REVIEW_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*REVIEW_ITEMS)

    @app_commands.command(name="review", description="Review what you missed, when it is due")
    async def review(self, interaction: discord.Interaction) -> None:
        await self._serve(interaction, replace=False)

    async def _serve(self, interaction: discord.Interaction, *, replace: bool) -> None:
        """Show the next due card (or when the next one is due)."""
        due = await self.desk.next_due(learner_id(interaction.user))
        view: discord.ui.View | None = None
        if isinstance(due, NothingDue):
            reply = review_render.nothing_due_reply(due)
        elif isinstance(due, DueQuestion):
            reply = review_render.question_card_reply(due)
            index = due.lesson.questions.index(due.question)
            shown = int(self.desk.clock.now().timestamp())
            view = answer_buttons(due.lesson.id, index, shown, due.question)
        elif isinstance(due, DueFlashcard):
            reply = review_render.flashcard_card_reply(due)
            view = rating_buttons(due.lesson.id, due.lesson.modes.flashcards.index(due.flashcard))
        else:
            reply = review_render.step_card_reply(due)
            view = step_button(due.lesson.id, due.step_number)
        if replace:
            await edit(interaction, reply, view=view)
        else:
            await send(interaction, reply, view=view)

    async def on_review_start(self, interaction: discord.Interaction) -> None:
        """The reminder's button and "Next review": a new private message with the card."""
        await self._serve(interaction, replace=False)

    async def on_review_answer(
        self, interaction: discord.Interaction, lesson_id: str, index: int, shown: int, option: int
    ) -> None:
        lesson = self.bot.flow.engine.lesson(lesson_id)
        if not 0 <= index < len(lesson.questions):
            raise UnknownCard()
        question = lesson.questions[index]
        learner = learner_id(interaction.user)
        seconds = self.desk.clock.now().timestamp() - shown
        key = f"question:{lesson.id}:{question.id}"
        result = await self.desk.answer(learner, key, option, seconds=seconds)
        view = start_button("Next review") if result.remaining else None
        await edit(interaction, review_render.result_reply(result), view=view)

    async def on_review_rate(
        self, interaction: discord.Interaction, lesson_id: str, index: int, rating: int
    ) -> None:
        """A flashcard rated by the learner: rescheduled, then its meaning and next date."""
        lesson = self.bot.flow.engine.lesson(lesson_id)
        cards = lesson.modes.flashcards
        if not 0 <= index < len(cards):
            raise UnknownCard()
        key = f"{FLASHCARD}:{lesson.id}:{cards[index].id}"
        result = await self.desk.rate_flashcard(learner_id(interaction.user), key, Grade(rating))
        reply = review_render.flashcard_result_reply(result, cards[index], RATING_LABELS[rating])
        view = start_button("Next review") if result.remaining else None
        await edit(interaction, reply, view=view)

    async def on_step_code(
        self, interaction: discord.Interaction, lesson_id: str, step: int
    ) -> None:
        lesson = self.bot.flow.engine.lesson(lesson_id)
        custom_id = _checked(f"{PREFIX}:rvcode:{lesson.id}:{step}")
        title = f"Review · step {step}"
        await interaction.response.send_modal(code_modal(title, custom_id, ""))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = interaction.data or {}
        match = STEP_MODAL.match(str(data.get("custom_id", "")))
        if match is None:
            return
        code = modal_value(data) or ""  # the code box is never rewritten (one rule, #21)
        action = self._check_step(interaction, match["lesson"], int(match["step"]), code)
        await guarded(interaction, action)

    async def _check_step(
        self, interaction: discord.Interaction, lesson_id: str, step: int, code: str
    ) -> None:
        await acknowledge(interaction)
        key = f"step:{lesson_id}:{step}"
        result, run = await self.desk.answer_step(learner_id(interaction.user), key, code)
        title = "✅ Passed" if run.passed else "❌ Not yet"
        embed, files = run_embed(run, title, COLOUR_PASS if run.passed else COLOUR_FAIL)
        verdict = review_render.result_reply(result)
        reply = Reply(embeds=(embed, *verdict.embeds), files=files)
        view = start_button("Next review") if result.remaining else None
        await send(interaction, reply, view=view)
