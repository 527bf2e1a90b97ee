"""The lesson card (/learn), per-mode progress lines (/learn, /progress) and the test's score
card with its plan, as Discord embeds within Discord's limits.

Presentation only: `bot.core.modes` counts, scores and plans. The card carries the seed's
front door: scenario, goal, what you'll learn, why it matters, "Progress 1 / 4 steps" and
a line per mode the learner has started.
"""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.core.content import Lesson
from bot.core.modes import GETTING_THERE, NEW_TO_YOU, STRONG, LessonCard, ModeLine, ScoreCard
from bot.discord_app.escape import authored
from bot.discord_app.render import (
    COLOUR_FAIL,
    COLOUR_INFO,
    COLOUR_PASS,
    COLOUR_STEP,
    FIELD_LIMIT,
    TITLE_LIMIT,
    Reply,
    clip,
)

CHOOSER_PLACEHOLDER = "Choose your learning style — 10 modes available"
JUMP_LABEL = "Jump into concepts and practice"
TEST_LABEL = "Test this pattern (recommended)"
VERDICT_COLOURS = {STRONG: COLOUR_PASS, GETTING_THERE: COLOUR_INFO, NEW_TO_YOU: COLOUR_FAIL}
THRESHOLDS = "strong: 80 %+ right and 2 of 3 hard ones · getting there: 50 %+ · new to you: below"


def steps_line(solved: int, total: int) -> str:
    return f"Progress {solved} / {total} steps"


def mode_line(line: ModeLine) -> str:
    """`Concepts first — 2 / 5 done · 1 right · 1 wrong`."""
    text = f"{line.mode.title} — {line.done} / {line.total} done"
    if line.right or line.wrong:
        text += f" · {line.right} right · {line.wrong} wrong"
    return text


def started(lines: Iterable[ModeLine]) -> list[ModeLine]:
    return [line for line in lines if line.started or line.done]


def card_embed(card: LessonCard) -> discord.Embed:
    """The lesson's front door."""
    lesson = card.lesson
    parts = [
        f"**Scenario:** {authored(lesson.scenario)}",
        f"**Goal:** {authored(lesson.goal)}",
    ]
    if lesson.objectives:
        parts.append(
            "**What you'll learn:**\n" + "\n".join(f"• {authored(o)}" for o in lesson.objectives)
        )
    why = " ".join(t for t in (lesson.why_real_world, lesson.why_career) if t)
    if why:
        parts.append(f"**Why it matters:** {authored(why)}")
    embed = discord.Embed(
        title=clip(authored(lesson.title), TITLE_LIMIT),
        description=clip("\n\n".join(parts), 3000),
        colour=COLOUR_STEP,
    )
    progress = [f"**{steps_line(card.steps_solved, card.steps_total)}**"]
    progress += [mode_line(line) for line in started(card.lines)]
    embed.add_field(
        name="Your progress", value=clip("\n".join(progress), FIELD_LIMIT), inline=False
    )
    embed.set_footer(text=f"~{lesson.minutes} min · pick a learning style below")
    return embed


def card_reply(card: LessonCard, note: str = "") -> Reply:
    return Reply(embeds=(card_embed(card),), content=clip(note, 2000))


def progress_field(lessons: Iterable[tuple[Lesson, Iterable[ModeLine]]]) -> str:
    """/progress: per lesson, a line per mode started (empty when none)."""
    blocks = []
    for lesson, lines in lessons:
        shown = started(lines)
        if shown:
            body = "\n".join(f"· {mode_line(line)}" for line in shown)
            blocks.append(f"**{authored(lesson.title)}**\n{body}")
    return clip("\n".join(blocks), FIELD_LIMIT)


# --------------------------------------------------------------------------- score card


def _share(right: int, total: int) -> str:
    return f"{right}/{total}"


def score_embed(card: ScoreCard) -> discord.Embed:
    """The verdict, the score per difficulty and per topic, and the plan."""
    lesson = card.lesson
    embed = discord.Embed(
        title=clip(f"Verdict · {authored(lesson.title)}", TITLE_LIMIT),
        description=(
            f"This pattern is **{card.verdict}** for you: {card.right} / {card.total} right "
            f"({card.percent} %)."
        ),
        colour=VERDICT_COLOURS.get(card.verdict, COLOUR_INFO),
    )
    levels = " · ".join(
        f"{s.difficulty.value} {_share(s.right, s.total)}" for s in card.by_difficulty
    )
    if levels:
        embed.add_field(name="By difficulty", value=clip(levels, FIELD_LIMIT), inline=False)
    topics = "\n".join(
        f"{'✅' if s.right == s.total else '❌'} {authored(s.title)} {_share(s.right, s.total)}"
        for s in card.by_topic
    )
    if topics:
        embed.add_field(name="By topic", value=clip(topics, FIELD_LIMIT), inline=False)
    if card.plan:
        missed = ", ".join(dict.fromkeys(authored(p.topic_title) for p in card.plan))
        steps = "\n".join(f"{n}. {authored(p.label)}" for n, p in enumerate(card.plan, start=1))
        text = f"Missed: {missed}\n{steps}\nPress a button below to start there."
        embed.add_field(name="Your plan", value=clip(text, FIELD_LIMIT), inline=False)
    else:
        embed.add_field(name="Your plan", value="Nothing to repair: keep it fresh with /review.")
    embed.set_footer(text=THRESHOLDS)
    return embed
