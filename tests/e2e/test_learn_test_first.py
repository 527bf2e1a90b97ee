"""The test-first path: "Test this pattern (recommended)" from the card, the hard questions
answered wrong, a verdict with the score per topic and difficulty, and a plan whose
buttons open the mode at the item that teaches each missed topic."""

from __future__ import annotations

import pytest

from bot.core.content import Difficulty

from .actions import shown_letter
from .fake_discord import FakeDiscord
from .learn_support import LESSON, click, learner, open_card, press, running


@pytest.fixture
async def bot(fake: FakeDiscord, settings, error_log):
    async with running(fake, settings) as runner:
        yield runner


async def test_hard_ones_wrong_then_the_plan_opens_what_was_missed(fake: FakeDiscord, bot):
    lesson = bot.catalog.get(LESSON)
    card = await open_card(fake)
    message = await (await click(fake, card, "Test this pattern")).reply()
    for number in range(1, 11):
        assert f"question {number} of 10" in message.text()
        question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
        hard = question.difficulty is Difficulty.HARD
        written = (question.correct_index + 1) % len(question.options) if hard else None
        choice = question.correct_index if written is None else written
        await press(fake, message, shown_letter(message, question, choice))

    text = message.text()
    assert "**7 / 10** correct" in text
    assert "This pattern is **getting there** for you" in text
    assert "hard 0/3" in text and "easy 3/3" in text
    assert "❌ A live model needs watching 1/3" in text and "✅ MLOps keeps models working" in text
    assert "Missed: A live model needs watching, Four stages, in order" in text
    assert message.labels() == [
        "Review",
        "Concepts: A live model needs watching",
        "Step 3: Explain Why MLOps is Important",
        "Concepts: Four stages, in order",
        "Step 2: List MLOps Steps",
    ]

    # A plan button opens concepts at that card (a new message; the score card stays).
    opened = await (await click(fake, message, "Concepts: Four stages")).reply()
    assert "card 2 of 3" in opened.text() and "Four stages, in order" in opened.text()
    row = await bot.desk.store.get_mode(learner(fake.member), LESSON, "concepts")
    assert row is not None and row.position == 1
    test_row = await bot.desk.store.get_mode(learner(fake.member), LESSON, "test")
    assert test_row is not None and test_row.state.get("verdict") == "getting there"

    # The step button: that step's task, practised in a code box checked like the step.
    step = await (await click(fake, message, "Step 2: List MLOps Steps")).reply()
    assert "step 2: List MLOps Steps" in step.text()
    box = await click(fake, step, "Write the code")
    assert (await box.response())["type"] == 9
    verdict = await (await fake.submit_modal(box, lesson.step(2).solution)).reply()
    assert "Practised: step 2's checks pass" in verdict.text()
