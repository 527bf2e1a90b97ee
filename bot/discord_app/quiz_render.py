"""Quiz outcomes → Discord embeds: practice, test, the daily post and its reveal, leaderboards.

Presentation only: the engine and `bot.core.daily` decide what is right, what is due and
how answers tally; this module lays it out within Discord's limits. Options always appear
in the author's order, so "B" means the same option in the question, the buttons and the
reveal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import discord

from bot.core.content import Question, option_letter
from bot.core.daily import Tally
from bot.core.quiz import AnswerFeedback, TestReport
from bot.discord_app.render import (
    COLOUR_FAIL,
    COLOUR_INFO,
    COLOUR_PASS,
    COLOUR_STEP,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    Reply,
    clip,
    code_block,
)

BAR_WIDTH = 12
COLOUR_DAILY = discord.Colour.gold()


def stamp(at: datetime, style: str = "f") -> str:
    """A Discord timestamp: every reader sees it in their own timezone."""
    return f"<t:{int(at.timestamp())}:{style}>"


def option_line(question: Question, index: int) -> str:
    return f"**{option_letter(index)}.** {question.options[index].text}"


def question_body(question: Question) -> str:
    parts = [question.prompt]
    if question.code:
        parts.append(code_block(question.code, 1500, "py"))
    parts.append("\n".join(option_line(question, i) for i in range(len(question.options))))
    return clip("\n\n".join(parts), DESCRIPTION_LIMIT)


def numbered(lines: Sequence[str]) -> str:
    return clip("\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)), FIELD_LIMIT)


# --------------------------------------------------------------------------- practice and test


def practice_reply(question: Question, lesson_title: str) -> Reply:
    embed = discord.Embed(
        title=clip(f"Practice · {lesson_title}", TITLE_LIMIT),
        description=question_body(question),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{question.difficulty.value} · pick an answer below")
    return Reply(embeds=(embed,))


def feedback_reply(feedback: AnswerFeedback) -> Reply:
    """Verdict first, then the teaching: right answer, steps, common mistakes, quick check."""
    q = feedback.question
    title = "✅ Correct" if feedback.correct else "❌ Not quite"
    lines = [f"You chose {option_line(q, feedback.choice)}."]
    if not feedback.correct:
        lines.append(f"The right answer is {option_line(q, feedback.correct_index)}.")
    embed = discord.Embed(
        title=title,
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOUR_PASS if feedback.correct else COLOUR_FAIL,
    )
    if q.explanation:
        embed.add_field(name="Step by step", value=numbered(q.explanation), inline=False)
    if q.mistakes:
        mistakes = "\n".join(f"• {m}" for m in q.mistakes)
        embed.add_field(name="Common mistakes", value=clip(mistakes, FIELD_LIMIT), inline=False)
    if q.quick_check:
        embed.add_field(name="Quick check", value=clip(q.quick_check, FIELD_LIMIT), inline=False)
    return Reply(embeds=(embed,))


def test_question_reply(question: Question, number: int, total: int, lesson_title: str) -> Reply:
    embed = discord.Embed(
        title=clip(f"Test · {lesson_title} — question {number} of {total}", TITLE_LIMIT),
        description=question_body(question),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{question.difficulty.value} · no feedback until the end")
    return Reply(embeds=(embed,))


def score_card(report: TestReport) -> Reply:
    embed = discord.Embed(
        title=clip(f"Test result · {report.lesson.title}", TITLE_LIMIT),
        description=f"**{report.score} / {report.total}** correct ({report.percent} %)",
        colour=COLOUR_PASS if report.percent >= 70 else COLOUR_FAIL,
    )
    bands = " · ".join(f"{b.difficulty.value} {b.correct}/{b.total}" for b in report.by_difficulty)
    if bands:
        embed.add_field(name="By difficulty", value=bands, inline=False)
    misses = [item for item in report.items if not item.correct]
    for item in misses[:20]:
        q = item.question
        chosen = "no answer" if item.choice is None else option_line(q, item.choice)
        why = q.explanation[-1] if q.explanation else ""
        value = f"You: {chosen}\nRight: {option_line(q, q.correct_index)}\n{why}"
        embed.add_field(name=clip(q.prompt, 256), value=clip(value, FIELD_LIMIT), inline=False)
    if not misses:
        embed.add_field(name="Review", value="No misses: every answer was right.", inline=False)
    embed.set_footer(text="Practise the misses with /quiz practice.")
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- daily quiz


def bar(share: float) -> str:
    filled = round(share * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def answered_line(count: int) -> str:
    return f"{count} member{'s' if count != 1 else ''} answered so far"


def daily_post_reply(
    question: Question,
    lesson_title: str,
    answered: int,
    reveal_at: datetime | None,
    ping_role_id: int | None = None,
    late_note: str = "",
) -> Reply:
    """The public question: prompt and options, how many answered, never who chose what."""
    embed = discord.Embed(
        title=clip(f"🗓️ Daily quiz · {lesson_title}", TITLE_LIMIT),
        description=question_body(question),
        colour=COLOUR_DAILY,
    )
    when = (
        f"Answer revealed {stamp(reveal_at, 'R')}"
        if reveal_at
        else "Answer revealed with the next quiz"
    )
    embed.add_field(name=answered_line(answered), value=when, inline=False)
    footer = f"{question.difficulty.value} · one answer each; your choice stays private"
    embed.set_footer(text=clip(f"{footer} · {late_note}" if late_note else footer, FOOTER_LIMIT))
    content = f"<@&{ping_role_id}>" if ping_role_id else ""
    return Reply(embeds=(embed,), content=content)


def tally_lines(question: Question, tally: Tally) -> str:
    rows = []
    for i, (share, percent, count) in enumerate(
        zip(tally.shares, tally.percentages, tally.counts, strict=True)
    ):
        mark = " ✅" if i == question.correct_index else ""
        rows.append(f"`{option_letter(i)}` `{bar(share)}` {percent:>3}% ({count}){mark}")
    return "\n".join(rows)


def daily_reveal_reply(
    question: Question, lesson_title: str, tally: Tally, credit: str = ""
) -> Reply:
    """The same message after the reveal: right answer, shares in option order, explanation,
    and who wrote it when a member did (`credit`: an escaped display name, never a mention)."""
    embed = discord.Embed(
        title=clip(f"🗓️ Daily quiz · {lesson_title} — answer", TITLE_LIMIT),
        description=question_body(question),
        colour=COLOUR_PASS,
    )
    embed.add_field(
        name="Answer", value=clip(option_line(question, question.correct_index), 1024), inline=False
    )
    embed.add_field(
        name="How the server answered", value=tally_lines(question, tally), inline=False
    )
    if question.explanation:
        embed.add_field(name="Why", value=numbered(question.explanation), inline=False)
    rate = tally.correct_rate
    got = (
        f"{tally.correct} of {tally.total} got it right ({round(100 * rate)}%)"
        if rate is not None
        else "Nobody answered this one."
    )
    if credit:
        got = clip(f"{got} · suggested by {credit}", FOOTER_LIMIT)
    embed.set_footer(text=got)
    return Reply(embeds=(embed,))


def daily_recap_reply(question: Question, choice: int | None) -> Reply:
    """Private, after the reveal: the member's own answer and the teaching for it."""
    if choice is None:
        head, colour = "You didn't answer this quiz.", COLOUR_INFO
    elif choice == question.correct_index:
        head, colour = f"✅ You answered {option_line(question, choice)}: right!", COLOUR_PASS
    else:
        head = f"❌ You answered {option_line(question, choice)}."
        colour = COLOUR_FAIL
    embed = discord.Embed(title="This quiz is closed", description=head, colour=colour)
    embed.add_field(
        name="Answer", value=clip(option_line(question, question.correct_index), 1024), inline=False
    )
    if question.mistakes and choice != question.correct_index:
        mistakes = "\n".join(f"• {m}" for m in question.mistakes)
        embed.add_field(name="Common mistakes", value=clip(mistakes, FIELD_LIMIT), inline=False)
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- leaderboards


@dataclass(frozen=True)
class BoardRow:
    rank: int
    name: str
    score: str  # the main figure ("12 correct / 15")
    extra: str = ""  # streaks, steps


def leaderboard_reply(title: str, rows: Sequence[BoardRow], page: int, pages: int) -> Reply:
    lines = [
        f"**{r.rank}.** {r.name} — {r.score}" + (f" · {r.extra}" if r.extra else "") for r in rows
    ]
    embed = discord.Embed(
        title=title,
        description=clip("\n".join(lines) or "Nobody is on this board yet.", DESCRIPTION_LIMIT),
        colour=COLOUR_DAILY,
    )
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return Reply(embeds=(embed,))
