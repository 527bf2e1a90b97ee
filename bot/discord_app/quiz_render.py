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
from bot.discord_app.escape import authored, plain
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
PROMPT_SHORT = 60  # a question's prompt on the score card: one line each
REVIEW_FIELD = 560  # ten misses and the title stay under the 6,000 characters of a message
COLOUR_DAILY = discord.Colour.gold()


def stamp(at: datetime, style: str = "f") -> str:
    """A Discord timestamp: every reader sees it in their own timezone."""
    return f"<t:{int(at.timestamp())}:{style}>"


def option_line(question: Question, index: int) -> str:
    return f"**{option_letter(index)}.** {authored(question.options[index].text)}"


def question_body(question: Question) -> str:
    parts = [authored(question.prompt)]
    if question.code:
        parts.append(code_block(question.code, 1500, "py"))
    parts.append("\n".join(option_line(question, i) for i in range(len(question.options))))
    return clip("\n\n".join(parts), DESCRIPTION_LIMIT)


def numbered(lines: Sequence[str]) -> str:
    numbered_lines = (f"{i}. {authored(line)}" for i, line in enumerate(lines, start=1))
    return clip("\n".join(numbered_lines), FIELD_LIMIT)


# --------------------------------------------------------------------------- practice and test


def practice_reply(question: Question, lesson_title: str) -> Reply:
    embed = discord.Embed(
        title=clip(f"Practice · {authored(lesson_title)}", TITLE_LIMIT),
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
        mistakes = "\n".join(f"• {authored(m)}" for m in q.mistakes)
        embed.add_field(name="Common mistakes", value=clip(mistakes, FIELD_LIMIT), inline=False)
    if q.quick_check:
        embed.add_field(
            name="Quick check", value=clip(authored(q.quick_check), FIELD_LIMIT), inline=False
        )
    if feedback.pool_covered:
        embed.set_footer(
            text="You have now answered every question of this lesson at least once. "
            "From here on, the ones you missed come back first."
        )
    return Reply(embeds=(embed,))


def answered_reply(question: Question, lesson_title: str, feedback: AnswerFeedback) -> Reply:
    """The practice question after its one answer: the question above, the teaching below."""
    asked = practice_reply(question, lesson_title).embeds[0]
    asked.set_footer(text=f"{question.difficulty.value} · answered")
    return Reply(embeds=(asked, *feedback_reply(feedback).embeds))


def test_question_reply(question: Question, number: int, total: int, lesson_title: str) -> Reply:
    embed = discord.Embed(
        title=clip(f"Test · {authored(lesson_title)} — question {number} of {total}", TITLE_LIMIT),
        description=question_body(question),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"{question.difficulty.value} · no feedback until the end")
    return Reply(embeds=(embed,))


def unanswered_line(count: int) -> str:
    return (
        f"{count} question{'s' if count != 1 else ''} left unanswered: counted as "
        f"miss{'es' if count != 1 else ''}, answers not shown, so a retake still tests "
        f"{'them' if count != 1 else 'it'}."
    )


def score_card(report: TestReport) -> Reply:
    """The score, then one short line per question; the misses explained behind Review."""
    lines = []
    for number, item in enumerate(report.items, start=1):
        q = item.question
        mark = "✅" if item.correct else "❌"
        line = f"{number}. {mark} {q.difficulty.value} · {authored(clip(q.prompt, PROMPT_SHORT))}"
        if item.choice is None:  # unanswered: its answer stays hidden for a retake
            line += " (no answer)"
        elif not item.correct:
            line += f" (you {option_letter(item.choice)}, right {option_letter(q.correct_index)})"
        lines.append(line)
    head = f"**{report.score} / {report.total}** correct ({report.percent} %)"
    embed = discord.Embed(
        title=clip(f"Test result · {authored(report.lesson.title)}", TITLE_LIMIT),
        description=clip("\n".join([head, "", *lines]), DESCRIPTION_LIMIT),
        colour=COLOUR_PASS if report.percent >= 70 else COLOUR_FAIL,
    )
    bands = " · ".join(f"{b.difficulty.value} {b.correct}/{b.total}" for b in report.by_difficulty)
    if bands:
        embed.add_field(name="By difficulty", value=bands, inline=False)
    if report.unanswered:
        embed.add_field(name="Unanswered", value=unanswered_line(report.unanswered), inline=False)
    if report.misses:
        embed.set_footer(text="Review explains each miss; /quiz practice brings them back.")
    else:
        embed.set_footer(text="No misses: every answer was right.")
    return Reply(embeds=(embed,))


def review_reply(report: TestReport) -> Reply:
    """Each miss in full: the question with its code, your answer, the right one, why."""
    embed = discord.Embed(
        title=clip(f"Review · {authored(report.lesson.title)}", TITLE_LIMIT), colour=COLOUR_INFO
    )
    numbered_items = [(n, item) for n, item in enumerate(report.items, start=1)]
    missed = [(n, i) for n, i in numbered_items if not i.correct and i.choice is not None]
    for number, item in missed[:10]:  # unanswered ones stay hidden, so a retake tests them
        q = item.question
        parts = [authored(clip(q.prompt, 300))]
        if q.code:
            parts.append(code_block(q.code, 300, "py"))
        parts.append(
            f"You: {option_line(q, item.choice)}\nRight: {option_line(q, q.correct_index)}"
        )
        if q.explanation:
            parts.append(authored(q.explanation[-1]))
        embed.add_field(
            name=f"Question {number} · {q.difficulty.value}",
            value=clip_block("\n".join(parts), REVIEW_FIELD),
            inline=False,
        )
    if not embed.fields:
        embed.description = "No misses: every answer was right."
    return Reply(embeds=(embed,))


def clip_block(text: str, limit: int) -> str:
    """Clip text that may hold a code block without leaving the block open."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.count("```") % 2:
        cut = cut[: cut.rfind("```")].rstrip()
    return cut + "…"


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
        title=clip(f"🗓️ Daily quiz · {authored(lesson_title)}", TITLE_LIMIT),
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
        title=clip(f"🗓️ Daily quiz · {authored(lesson_title)} — answer", TITLE_LIMIT),
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
        mistakes = "\n".join(f"• {authored(m)}" for m in question.mistakes)
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
        f"**{r.rank}.** {plain(r.name)} — {r.score}" + (f" · {r.extra}" if r.extra else "")
        for r in rows
    ]
    embed = discord.Embed(
        title=title,
        description=clip("\n".join(lines) or "Nobody is on this board yet.", DESCRIPTION_LIMIT),
        colour=COLOUR_DAILY,
    )
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return Reply(embeds=(embed,))
