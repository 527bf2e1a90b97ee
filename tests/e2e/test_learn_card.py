"""/learn: the lesson card, its chooser of ten modes, and the two ways in; the chooser
survives a restart and refuses another member's click without changing anything."""

from __future__ import annotations

import pytest

from bot.core.modes import MODES

from .fake_discord import FakeDiscord
from .learn_support import (
    LESSON,
    STAGES,
    choose,
    click,
    learner,
    open_card,
    press,
    running,
    select_of,
)


@pytest.fixture
async def bot(fake: FakeDiscord, settings, error_log):
    async with running(fake, settings) as runner:
        yield runner


async def test_the_card_shows_the_lesson_progress_and_ten_modes(fake: FakeDiscord, bot):
    card = await open_card(fake)
    text = card.text()
    assert card.ephemeral, "private in a server"
    lesson = bot.catalog.get(LESSON)
    for part in ("Scenario:", "Goal:", "What you'll learn:", "Why it matters:"):
        assert part in text
    assert lesson.title in text and "Progress 0 / 4 steps" in text
    select = select_of(card)
    assert select["placeholder"] == "Choose your learning style — 10 modes available"
    assert [o["value"] for o in select["options"]] == [m.id for m in MODES]
    assert all(0 < len(o["description"]) <= 100 for o in select["options"])
    assert card.labels() == ["Jump into concepts and practice", "Test this pattern (recommended)"]


async def test_in_a_dm_the_card_is_a_plain_message(fake: FakeDiscord, bot):
    card = await open_card(fake, dm=True)
    assert not card.ephemeral and "Progress 0 / 4 steps" in card.text()


async def test_the_chooser_survives_a_restart_and_refuses_another_member(fake: FakeDiscord, bot):
    ana, ben = fake.members[0], fake.members[1]
    card = await open_card(fake, ana)
    await bot.restart()

    refused = await (await choose(fake, card, "concepts", ben)).reply()
    assert refused.ephemeral and "belongs to another learner" in refused.text()
    jump = await (await click(fake, card, "Jump into concepts", ben)).reply()
    assert "belongs to another learner" in jump.text()
    assert await bot.desk.store.modes(learner(ben)) == []
    assert await bot.desk.store.modes(learner(ana)) == []

    opened = await (await choose(fake, card, "concepts", ana)).reply()
    assert "Concepts first" in opened.text() and "card 1 of 3" in opened.text()
    rows = await bot.desk.store.modes(learner(ana), LESSON)
    assert [row.mode for row in rows] == ["concepts"]


async def test_jump_in_starts_with_concepts(fake: FakeDiscord, bot):
    card = await open_card(fake)
    opened = await (await click(fake, card, "Jump into concepts")).reply()
    assert "Concepts first" in opened.text() and "MLOps keeps models working" in opened.text()


async def test_lesson_start_leads_to_the_same_chooser(fake: FakeDiscord, bot):
    step = await (await fake.slash("lesson start", {"lesson": LESSON})).reply()
    assert "Step 1" in step.text() and step.labels() == ["Submit code", "Hint"]
    card = await open_card(fake)
    assert select_of(step)["custom_id"] == select_of(card)["custom_id"]
    opened = await (await choose(fake, step, "flashcards")).reply()
    assert "Flashcards" in opened.text() and opened.labels() == ["Flip"]


async def test_progress_shows_a_line_per_mode_started(fake: FakeDiscord, bot):
    card = await open_card(fake)
    message = await (await choose(fake, card, "concepts")).reply()
    await press(fake, message, "B")  # wrong
    reply = await (await fake.slash("progress")).reply()
    field = next(f for f in reply.embeds[0]["fields"] if f["name"] == "Learning modes")
    assert field["value"] == (
        f"**{bot.catalog.get(LESSON).title}**\n· Concepts first — 1 / 3 done · 0 right · 1 wrong"
    )


async def test_a_mode_left_midway_resumes_where_the_learner_stopped(fake: FakeDiscord, bot):
    card = await open_card(fake)
    message = await (await choose(fake, card, "flashcards")).reply()
    await press(fake, message, "Flip")
    await press(fake, message, "Good")
    await press(fake, message, "Flip")  # card 2 flipped, then the learner leaves
    await bot.restart()
    again = await (await choose(fake, await open_card(fake), "flashcards")).reply()
    assert "card 2 of 3" in again.text() and "Putting a model where" in again.text()
    assert again.labels() == ["Again", "Hard", "Good", "Easy"], "resumed on the flipped side"


async def test_a_value_no_client_offers_is_refused_politely(fake: FakeDiscord, bot):
    card = await open_card(fake)
    select = select_of(card)
    value = "**karaoke** @everyone"
    data = {"custom_id": select["custom_id"], "component_type": 3, "values": [value]}
    handle = await fake.send_interaction(3, data, fake.member, message=card)
    refused = await handle.reply()
    assert refused.ephemeral and "no learning mode called '\\*\\*karaoke" in refused.text()
    assert "@everyone" not in refused.text().replace("\\@", "")
    assert await bot.desk.store.modes(learner(fake.member)) == []


async def test_jump_in_continues_into_practice_once_the_concepts_are_done(fake: FakeDiscord, bot):
    card = await open_card(fake)
    message = await (await click(fake, card, "Jump into concepts")).reply()
    for right in ("A", "B", "A"):  # the three cards' right answers
        await press(fake, message, right)
        await press(fake, message, "Next")
    assert "done" in message.text() and "3 right, 0 wrong" in message.text()
    practice = await (await click(fake, message, "Continue to practice")).reply()
    assert "Practice" in practice.text() and "pick an answer" in practice.text()
    again = await (await click(fake, await open_card(fake), "Jump into concepts")).reply()
    assert "Practice" in again.text() and "Concepts first" not in again.text()


async def test_lesson_is_autocompleted(fake: FakeDiscord, bot):
    choices = await fake.autocomplete("learn", {"lesson": "mlops"}, "lesson")
    assert LESSON in [c["value"] for c in choices]


async def test_a_mode_without_content_says_so(fake: FakeDiscord, bot):
    card = await (await fake.slash("learn", {"lesson": "model-serving"})).reply()
    options = {o["value"]: o["description"] for o in select_of(card)["options"]}
    assert options["flashcards"] == "Not written for this lesson yet"
    assert options["steps"] != "Not written for this lesson yet"
    refused = await (await choose(fake, card, "flashcards")).reply()
    assert refused.ephemeral and "has no Flashcards yet" in refused.text()
    rows = await bot.desk.store.modes(learner(fake.member))
    assert [row.mode for row in rows] == []


async def test_a_mode_message_refuses_another_member(fake: FakeDiscord, bot):
    ana, ben = fake.members[0], fake.members[1]
    message = await (await choose(fake, await open_card(fake, ana), "fix")).reply()
    before = message.text()
    refused = await (await click(fake, message, "Skip", ben)).reply()
    assert refused.ephemeral and "belongs to another learner" in refused.text()
    opened = await click(fake, message, "Fix the code", ben)
    assert (await opened.response())["type"] != 9, "no code box for someone else"
    box_id = message.custom_id("Fix the code").replace(":lm:", ":lbox:").rsplit(":", 1)[0]
    form = await fake.submit_form(box_id, {"code": STAGES}, ben)
    assert "belongs to another learner" in (await form.reply()).text()
    row = await bot.desk.store.get_mode(learner(ana), LESSON, "fix")
    assert row is not None and row.position == 0 and row.done == () and row.wrong == 0
    assert message.text() == before and await bot.desk.store.modes(learner(ben)) == []


async def test_a_double_click_on_an_answer_counts_once(fake: FakeDiscord, bot):
    message = await (await choose(fake, await open_card(fake), "predict")).reply()
    custom_id = message.custom_id("B")
    first = await fake.click_button(message, custom_id)
    second = await fake.click_button(message, custom_id)  # before the first edit lands
    await first.response()
    await second.response()
    await fake.wait_until(lambda: "Not quite" in message.text(), 15, "the verdict")
    row = await bot.desk.store.get_mode(learner(fake.member), LESSON, "predict")
    assert row is not None and row.done == ("count-stages",) and row.wrong == 1
