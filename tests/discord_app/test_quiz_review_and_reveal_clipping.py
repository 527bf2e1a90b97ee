"""The review of a test's misses and the daily reveal at their edges: a miss that fills its
field exactly, a code block clipped to its budget, an explanation that opens a block past
the limit, and the footer that credits the member who suggested a question.

Reports and tallies are built from the public values the engine and `tally` produce; the
assertions are on the embed Discord receives.
"""

from __future__ import annotations

import dataclasses

import discord

from bot.core import quiz
from bot.core.daily import tally
from bot.core.quiz.outcomes import ReviewItem
from bot.discord_app import quiz_render
from tests.unit.helpers import make_lesson, make_question

YOU_RIGHT = "You: **B.** q1 option 1\nRight: **A.** q1 option 0"


def review_of(question) -> discord.Embed:
    """The review of a one-question test answered B (wrong: A is right)."""
    report = quiz.TestReport(
        "t", make_lesson(questions=(question,)), 0, 1, (ReviewItem(question, 1),), ()
    )
    return quiz_render.review_reply(report).embeds[0]


def test_the_review_is_in_the_neutral_colour():
    embed = review_of(make_question("q1"))
    assert embed.colour == discord.Colour.light_grey()


def test_a_miss_that_fills_its_field_exactly_is_shown_whole():
    room = 560 - len("Why?\n" + YOU_RIGHT + "\n")
    question = dataclasses.replace(
        make_question("q1"), prompt="Why?", explanation=("E" * (room - 1) + "!",)
    )
    (shown,) = review_of(question).fields
    assert shown.value == "Why?\n" + YOU_RIGHT + "\n" + "E" * (room - 1) + "!"
    assert len(shown.value) == 560
    longer = dataclasses.replace(question, explanation=("E" * room + "!",))
    (cut,) = review_of(longer).fields
    assert cut.value == "Why?\n" + YOU_RIGHT + "\n" + "E" * (room - 1) + "…"
    assert len(cut.value) == 560


def test_the_code_of_a_missed_question_gets_three_hundred_characters():
    question = dataclasses.replace(
        make_question("q1"), prompt="Why?", code="a" * 1000, explanation=()
    )
    (shown,) = review_of(question).fields
    block = "```py\n" + "a" * 289 + "…\n```"
    assert len(block) == 300
    assert shown.value == "Why?\n" + block + "\n" + YOU_RIGHT


def test_an_explanation_that_opens_a_block_past_the_limit_keeps_the_questions_code():
    explanation = "Compare:\n```py\n" + "y = 2\n" * 200 + "```"
    question = dataclasses.replace(
        make_question("q1"), prompt="Why?", code="x = 1", explanation=(explanation,)
    )
    (shown,) = review_of(question).fields
    assert shown.value == "Why?\n```py\nx = 1\n```\n" + YOU_RIGHT + "\nCompare:…"
    assert shown.value.count("```") == 2


def test_clip_block_leaves_text_at_the_limit_alone_and_never_an_open_block():
    assert quiz_render.clip_block("a" * 20, 20) == "a" * 20
    assert quiz_render.clip_block("a" * 21, 20) == "a" * 19 + "…"
    text = "```\none\n```\ntwo\n```\n" + "three\n" * 10
    assert quiz_render.clip_block(text, 30) == "```\none\n```\ntwo…"


def test_the_reveal_credits_the_member_who_suggested_the_question():
    question = make_question("q1", correct=1)
    counts = tally([1, 1, 0], option_count=4, correct_index=1)
    embed = quiz_render.daily_reveal_reply(question, "Lists", counts, credit="Ada").embeds[0]
    assert embed.footer.text == "2 of 3 got it right (67%) · suggested by Ada"
    nobody = quiz_render.daily_reveal_reply(question, "L", tally([], 4, 1), credit="Ada")
    assert nobody.embeds[0].footer.text == "Nobody answered this one. · suggested by Ada"
    long = quiz_render.daily_reveal_reply(question, "L", counts, credit="A" * 3000)
    footer = long.embeds[0].footer.text
    assert len(footer) == 2048 and footer.endswith("A…")
    assert footer.startswith("2 of 3 got it right (67%) · suggested by AAA")
