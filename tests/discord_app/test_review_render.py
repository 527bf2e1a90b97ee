"""The review embeds a learner reads: a card to answer, a step to redo, the verdict with the
day the card comes back, nothing due, and the reminder DM and status line.

Cards and results come from the real review desk (in-memory stores, a stepped clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import discord
import pytest

from bot.app import wire_reviews
from bot.core.ports import ReminderSetting
from bot.core.reviews import DueQuestion, DueStep, NothingDue
from bot.discord_app import review_render
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import build_engine, make_lesson, make_question

LEARNER = "local:a"
KEY = "question:demo:q1"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def when(at: datetime) -> str:
    return f"<t:{int(at.timestamp())}:D> (<t:{int(at.timestamp())}:R>)"


@pytest.fixture
def world():
    questions = (make_question("q1", correct=0, pinned=True), make_question("q2", pinned=True))
    engine, _, _, clock = build_engine(make_lesson(questions=questions))
    desk = wire_reviews(engine, MemoryReviewStore(), clock)
    return engine, desk, clock


async def test_a_due_question_is_asked_with_how_many_reviews_are_left(world):
    engine, desk, clock = world
    await engine.answer(LEARNER, "demo", "q1", choice=2)
    await engine.answer(LEARNER, "demo", "q2", choice=2)
    clock.advance(days=1)
    due = await desk.next_due(LEARNER)
    assert isinstance(due, DueQuestion)
    embed = review_render.question_card_reply(due).embeds[0]
    assert embed.title == "Review · Lesson demo"
    assert embed.description.startswith(f"Question {due.question.id}?\n\n**A.**")
    assert embed.colour == discord.Colour.blurple()
    assert embed.footer.text == "2 reviews due, ~2 min. · pick an answer below"


async def test_a_due_step_shows_its_task_to_write_again(world):
    engine, desk, clock = world
    await engine.solution(LEARNER, "demo", give_up=True)
    clock.advance(days=1)
    due = await desk.next_due(LEARNER)
    assert isinstance(due, DueStep)
    embed = review_render.step_card_reply(due).embeds[0]
    assert embed.title == "Review · Lesson demo"
    assert embed.description == "**Step 1: Step 1**\nDo thing 1."
    assert embed.colour == discord.Colour.blurple()
    assert embed.footer.text == "1 review due, ~1 min. · write the code again"


async def test_a_right_review_is_green_and_says_when_the_card_comes_back(world):
    engine, desk, clock = world
    await engine.answer(LEARNER, "demo", "q1", choice=1)
    clock.advance(days=1)
    result = await desk.answer(LEARNER, KEY, choice=0, seconds=30)
    embed = review_render.result_reply(result).embeds[0]
    assert (embed.title, embed.colour) == ("✅ Correct", discord.Colour.green())
    assert embed.description == (
        f"You chose **A.** q1 option 0.\nNext review of this card: {when(result.next_due)}."
    )
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Step by step", "1. q1 step one\n2. q1 step two", False)
    ]
    assert embed.footer.text == "All caught up for now"


async def test_a_wrong_review_is_red_names_the_answer_and_counts_what_is_left(world):
    engine, desk, clock = world
    await engine.answer(LEARNER, "demo", "q1", choice=1)
    await engine.answer(LEARNER, "demo", "q2", choice=1)
    clock.advance(days=1)
    result = await desk.answer(LEARNER, KEY, choice=3)
    embed = review_render.result_reply(result).embeds[0]
    assert (embed.title, embed.colour) == ("❌ Not quite", discord.Colour.red())
    assert embed.description == (
        "You chose **D.** q1 option 3.\nThe right answer is **A.** q1 option 0.\n"
        f"Next review of this card: {when(result.next_due)}."
    )
    assert embed.footer.text == "1 more due"


async def test_a_step_review_has_no_choice_and_no_steps_to_show(world):
    engine, desk, clock = world
    await engine.solution(LEARNER, "demo", give_up=True)
    clock.advance(days=1)
    due = await desk.next_due(LEARNER)
    result, _ = await desk.answer_step(LEARNER, due.card.key, "nope")
    embed = review_render.result_reply(result).embeds[0]
    assert embed.title == "❌ Not quite"
    assert embed.description == f"Next review of this card: {when(result.next_due)}."
    assert embed.fields == []


def test_nothing_due_says_when_the_next_card_is_or_how_cards_are_made():
    later = review_render.nothing_due_reply(NothingDue(next_due=T0, cards=2)).embeds[0]
    assert later.description == f"Nothing to review right now. Next card due {when(T0)}."
    assert later.colour == discord.Colour.light_grey()
    none = review_render.nothing_due_reply(NothingDue(next_due=None, cards=0)).embeds[0]
    assert none.description == (
        "No review cards yet. Questions you miss and steps that needed the solution "
        "come back here on the day they are due."
    )


def test_the_reminder_dm_counts_and_says_how_to_stop_it():
    embed = review_render.reminder_dm(3).embeds[0]
    assert embed.title == "Time to review"
    assert (
        embed.description
        == "3 reviews due, ~2 min. Press **Start reviews** when you have a moment."
    )
    assert embed.footer.text == "Reminders: /remind off stops them."
    assert embed.colour == discord.Colour.blurple()


def test_the_reminder_status_says_on_off_and_why():
    on = ReminderSetting(LEARNER, True, "18:00", "Europe/Berlin", last_sent=date(2025, 3, 2))
    assert review_render.reminder_status(on, 4) == (
        "Reminders are on: one DM a day at 18:00 (Europe/Berlin) when reviews are due. "
        "4 due now. Last sent for 2025-03-02."
    )
    fresh = ReminderSetting(LEARNER, True, "07:30", "UTC")
    assert review_render.reminder_status(fresh, 0) == (
        "Reminders are on: one DM a day at 07:30 (UTC) when reviews are due. 0 due now."
    )
    closed = ReminderSetting(LEARNER, False, "18:00", "UTC", note="Your DMs are closed.")
    assert review_render.reminder_status(closed, 1) == (
        "Reminders are off. Your DMs are closed. `/remind on` turns them back on."
    )
    off = ReminderSetting(LEARNER, False, "18:00", "UTC")
    assert review_render.reminder_status(off, 1) == (
        "Reminders are off. `/remind on` turns them back on."
    )
    assert review_render.reminder_status(None, 0) == (
        "Reminders are off. `/remind on` sends one DM a day when reviews are due."
    )
    assert review_render.when(T0 + timedelta(days=1)) == when(T0 + timedelta(days=1))
