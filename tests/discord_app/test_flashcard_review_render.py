"""The flashcard review embeds a learner reads: the term with its meaning behind a spoiler,
and after their own rating, the meaning and the day the card comes back.

Cards and results come from the real review desk (in-memory stores, a stepped clock)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import discord

from bot.app import wire_reviews
from bot.core.content import Flashcard
from bot.core.content.mode_models import ModeContent
from bot.core.reviews import DueFlashcard, Grade
from bot.discord_app import review_render
from bot.discord_app.render import DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import build_engine, make_lesson

LEARNER = "local:a"


def when(at: datetime) -> str:
    return f"<t:{int(at.timestamp())}:D> (<t:{int(at.timestamp())}:R>)"


def flashcard_desk(*cards: Flashcard, title: str = "Lesson demo"):
    lesson = dataclasses.replace(
        make_lesson(), title=title, modes=ModeContent(flashcards=tuple(cards))
    )
    engine, _, _, clock = build_engine(lesson)
    return wire_reviews(engine, MemoryReviewStore(), clock), clock


async def test_a_due_flashcard_shows_the_term_and_hides_the_meaning_behind_a_spoiler():
    desk, clock = flashcard_desk(
        Flashcard("f1", "idempotent", "same result when repeated"),
        Flashcard("f2", "pure", "no side effects"),
    )
    await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, clock.at)
    await desk.note_flashcard(LEARNER, "demo", "f2", Grade.AGAIN, clock.at)
    clock.advance(days=1)
    due = await desk.next_due(LEARNER)
    assert isinstance(due, DueFlashcard)
    reply = review_render.flashcard_card_reply(due)
    (embed,) = reply.embeds
    assert embed.title == "Review · Lesson demo"
    assert embed.description == (
        "**idempotent**\n\nRecall the meaning, then reveal it: ||same result when repeated||"
    )
    assert embed.colour == discord.Colour.blurple()
    assert embed.footer.text == "2 reviews due, ~2 min. · how well did you know it?"


async def test_a_long_flashcard_and_lesson_title_are_clipped_to_discords_limits():
    desk, clock = flashcard_desk(Flashcard("f1", "term", "m" * 5000), title="T" * 300)
    await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, clock.at)
    clock.advance(days=1)
    (embed,) = review_render.flashcard_card_reply(await desk.next_due(LEARNER)).embeds
    assert len(embed.title) == TITLE_LIMIT and embed.title.endswith("T…")
    assert len(embed.description) == DESCRIPTION_LIMIT and embed.description.endswith("m…")
    assert embed.description.startswith("**term**\n\nRecall the meaning")


async def test_a_flashcard_rated_good_is_green_and_says_when_it_comes_back():
    card = Flashcard("f1", "idempotent", "same result when repeated")
    desk, clock = flashcard_desk(card)
    await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, clock.at)
    clock.advance(days=1)
    result = await desk.rate_flashcard(LEARNER, "flashcard:demo:f1", Grade.GOOD)
    reply = review_render.flashcard_result_reply(result, card, "Good")
    (embed,) = reply.embeds
    assert embed.title == "Rated Good"
    assert embed.description == (
        "**idempotent**: same result when repeated\n\n"
        f"Next review of this card: {when(result.next_due)}."
    )
    assert embed.colour == discord.Colour.green()
    assert embed.footer.text == "All caught up for now"


async def test_a_flashcard_rated_again_is_red_and_counts_what_is_left():
    first = Flashcard("f1", "idempotent", "same result when repeated")
    desk, clock = flashcard_desk(first, Flashcard("f2", "pure", "no side effects"))
    await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, clock.at)
    await desk.note_flashcard(LEARNER, "demo", "f2", Grade.AGAIN, clock.at)
    clock.advance(days=1)
    result = await desk.rate_flashcard(LEARNER, "flashcard:demo:f1", Grade.AGAIN)
    (embed,) = review_render.flashcard_result_reply(result, first, "Again").embeds
    assert (embed.title, embed.colour) == ("Rated Again", discord.Colour.red())
    assert embed.description.endswith(f"Next review of this card: {when(result.next_due)}.")
    assert embed.footer.text == "1 more due"
