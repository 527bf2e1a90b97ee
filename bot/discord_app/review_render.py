"""Review cards and reminders → Discord embeds. Presentation only: `bot.core.reviews` decides
what is due, how an answer rates and when a card comes back."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.core.content import Flashcard
from bot.core.ports import ReminderSetting
from bot.core.reviews import (
    DueFlashcard,
    DueQuestion,
    DueStep,
    NothingDue,
    ReviewResult,
    reminder_text,
)
from bot.discord_app.quiz_render import numbered, option_line, question_body, stamp
from bot.discord_app.render import (
    COLOUR_FAIL,
    COLOUR_INFO,
    COLOUR_PASS,
    COLOUR_STEP,
    DESCRIPTION_LIMIT,
    TITLE_LIMIT,
    Reply,
    clip,
)


def when(at: datetime) -> str:
    """A date every reader sees in their own timezone, and how far off it is."""
    return f"{stamp(at, 'D')} ({stamp(at, 'R')})"


def question_card_reply(due: DueQuestion) -> Reply:
    embed = discord.Embed(
        title=clip(f"Review · {due.lesson.title}", TITLE_LIMIT),
        description=question_body(due.question),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{reminder_text(due.remaining)} · pick an answer below")
    return Reply(embeds=(embed,))


def step_card_reply(due: DueStep) -> Reply:
    text = f"**Step {due.step_number}: {due.step.title}**\n{due.step.instructions}"
    embed = discord.Embed(
        title=clip(f"Review · {due.lesson.title}", TITLE_LIMIT),
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{reminder_text(due.remaining)} · write the code again")
    return Reply(embeds=(embed,))


def flashcard_card_reply(due: DueFlashcard) -> Reply:
    """The term, and the meaning behind a spoiler: revealing it is the flip."""
    card = due.flashcard
    text = f"**{card.term}**\n\nRecall the meaning, then reveal it: ||{card.meaning}||"
    embed = discord.Embed(
        title=clip(f"Review · {due.lesson.title}", TITLE_LIMIT),
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{reminder_text(due.remaining)} · how well did you know it?")
    return Reply(embeds=(embed,))


def flashcard_result_reply(result: ReviewResult, card: Flashcard, rating: str) -> Reply:
    """The learner's own rating, the card's meaning, and the day it comes back."""
    text = f"**{card.term}**: {card.meaning}\n\nNext review of this card: {when(result.next_due)}."
    embed = discord.Embed(
        title=f"Rated {rating}",
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_PASS if result.correct else COLOUR_FAIL,
    )
    more = f"{result.remaining} more due" if result.remaining else "All caught up for now"
    embed.set_footer(text=more)
    return Reply(embeds=(embed,))


def result_reply(result: ReviewResult) -> Reply:
    """Verdict, the teaching, and the day this card comes back."""
    title = "✅ Correct" if result.correct else "❌ Not quite"
    lines = []
    question = result.question
    if question is not None and result.choice is not None:
        lines.append(f"You chose {option_line(question, result.choice)}.")
        if not result.correct:
            lines.append(f"The right answer is {option_line(question, question.correct_index)}.")
    lines.append(f"Next review of this card: {when(result.next_due)}.")
    embed = discord.Embed(
        title=title,
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_PASS if result.correct else COLOUR_FAIL,
    )
    if result.explanation:
        embed.add_field(name="Step by step", value=numbered(result.explanation), inline=False)
    more = f"{result.remaining} more due" if result.remaining else "All caught up for now"
    embed.set_footer(text=more)
    return Reply(embeds=(embed,))


def nothing_due_reply(nothing: NothingDue) -> Reply:
    if nothing.next_due is None:
        text = (
            "No review cards yet. Questions you miss and steps that needed the solution "
            "come back here on the day they are due."
        )
    else:
        text = f"Nothing to review right now. Next card due {when(nothing.next_due)}."
    return Reply(embeds=(discord.Embed(description=text, colour=COLOUR_INFO),))


def reminder_dm(due: int) -> Reply:
    text = f"{reminder_text(due)} Press **Start reviews** when you have a moment."
    footer = "Reminders: /remind off stops them."
    embed = discord.Embed(title="Time to review", description=text, colour=COLOUR_STEP)
    embed.set_footer(text=footer)
    return Reply(embeds=(embed,))


def reminder_status(setting: ReminderSetting | None, due: int) -> str:
    if setting is None:
        return "Reminders are off. `/remind on` sends one DM a day when reviews are due."
    if not setting.enabled:
        note = f" {setting.note}" if setting.note else ""
        return f"Reminders are off.{note} `/remind on` turns them back on."
    sent = f" Last sent for {setting.last_sent.isoformat()}." if setting.last_sent else ""
    return (
        f"Reminders are on: one DM a day at {setting.time} ({setting.timezone}) when reviews "
        f"are due. {due} due now.{sent}"
    )
