"""Each of the ten learning modes end to end over the fake Discord: a learner opens /learn,
picks the mode, does two items (one of them wrong), and both the stored progress and the
card's progress line say so."""

from __future__ import annotations

import pytest

from .actions import prefill, shown_letter, submit_code, wrong_shown_letter
from .fake_discord import FakeDiscord, FakeMessage
from .learn_support import (
    LESSON,
    STAGES,
    SWAPPED,
    choose,
    click,
    learner,
    open_card,
    press,
    running,
)


@pytest.fixture
async def bot(fake: FakeDiscord, settings, error_log):
    async with running(fake, settings) as runner:
        yield runner


async def opened(fake: FakeDiscord, mode: str) -> FakeMessage:
    """/learn, then the mode from the chooser: the mode's first message."""
    card = await open_card(fake)
    handle = await choose(fake, card, mode)
    return await handle.reply()


async def stored(bot, fake: FakeDiscord, mode: str) -> tuple[int, int, int]:
    row = await bot.desk.store.get_mode(learner(fake.member), LESSON, mode)
    assert row is not None, f"no {mode} row stored"
    return len(row.done), row.right, row.wrong


async def card_line(fake: FakeDiscord, title: str) -> str:
    text = (await open_card(fake)).text()
    found = [line for line in text.splitlines() if line.startswith(f"{title} — ")]
    assert found, f"no line for {title} on the card:\n{text}"
    return found[0]


async def test_concepts(fake: FakeDiscord, bot):
    message = await opened(fake, "concepts")
    assert "card 1 of 3" in message.text() and "Quick check" in message.text()
    await press(fake, message, "B")  # card 1: A is right
    assert "Not quite" in message.text() and "The right answer is **A.**" in message.text()
    await press(fake, message, "Next")
    assert "card 2 of 3" in message.text() and "Four stages, in order" in message.text()
    await press(fake, message, "B")  # card 2: B is right
    assert "✅ Right" in message.text() and "after deployment" in message.text()
    assert await stored(bot, fake, "concepts") == (2, 1, 1)
    assert (
        await card_line(fake, "Concepts first") == "Concepts first — 2 / 3 done · 1 right · 1 wrong"
    )


async def test_flashcards(fake: FakeDiscord, bot):
    message = await opened(fake, "flashcards")
    assert "Data drift" in message.text() and "Live data" not in message.text()
    assert message.labels() == ["Flip"]
    await press(fake, message, "Flip")
    assert "Live data no longer looks like" in message.text()
    assert message.labels() == ["Again", "Hard", "Good", "Easy"]
    await press(fake, message, "Again")
    assert "Deployment" in message.text() and message.labels() == ["Flip"]
    await press(fake, message, "Flip")
    await press(fake, message, "Good")
    assert "Monitoring" in message.text()
    assert await stored(bot, fake, "flashcards") == (2, 1, 1)
    cards = await bot.services.reviews.store.cards(learner(fake.member))
    assert sorted(c.key for c in cards) == [  # one scheduler: the ratings feed /review
        f"flashcard:{LESSON}:deployment",
        f"flashcard:{LESSON}:drift",
    ]
    assert await card_line(fake, "Flashcards") == "Flashcards — 2 / 3 done · 1 right · 1 wrong"


async def test_practice(fake: FakeDiscord, bot):
    lesson = bot.catalog.get(LESSON)
    message = await opened(fake, "practice")
    assert "Practice" in message.text()
    question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
    feedback = await (await click(fake, message, wrong_shown_letter(message, question))).reply()
    assert "Not quite" in feedback.text()
    await press(fake, feedback, "Next question")
    following = next(q for q in lesson.questions if q.prompt[:40] in feedback.text())
    right = shown_letter(feedback, following, following.correct_index)
    verdict = await (await click(fake, feedback, right)).reply()
    assert "Correct" in verdict.text()
    assert await stored(bot, fake, "practice") == (2, 1, 1)
    assert await card_line(fake, "Practice") == "Practice — 2 / 10 done · 1 right · 1 wrong"


async def test_test(fake: FakeDiscord, bot):
    lesson = bot.catalog.get(LESSON)
    message = await opened(fake, "test")
    assert "question 1 of 10" in message.text()
    question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
    await press(fake, message, wrong_shown_letter(message, question))
    assert "question 2 of 10" in message.text()
    question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
    await press(fake, message, shown_letter(message, question, question.correct_index))
    assert "question 3 of 10" in message.text()
    assert await stored(bot, fake, "test") == (2, 1, 1)
    assert await card_line(fake, "Test this pattern") == (
        "Test this pattern — 2 / 10 done · 1 right · 1 wrong"
    )


async def test_steps(fake: FakeDiscord, bot):
    lesson = bot.catalog.get(LESSON)
    step = await opened(fake, "steps")
    assert "Step 1" in step.text() and "Submit code" in step.labels()
    failed = await submit_code(fake, step, 'definition = "MLOps is a way to do things"')
    assert "Not yet" in failed.text()
    passed = await submit_code(fake, failed, lesson.step(1).solution)
    assert "Step 1 passed" in passed.text()
    await press(fake, passed, "Next step")
    passed = await submit_code(fake, passed, lesson.step(2).solution)
    assert "Step 2 passed" in passed.text()
    assert await stored(bot, fake, "steps") == (2, 2, 1)
    card = (await open_card(fake)).text()
    assert "Progress 2 / 4 steps" in card
    assert "Guided steps — 2 / 4 done · 2 right · 1 wrong" in card


async def test_predict(fake: FakeDiscord, bot):
    message = await opened(fake, "predict")
    assert "What does this print?" in message.text() and "print(len(stages))" in message.text()
    await press(fake, message, "B")  # snippet 1 prints 2 (A)
    text = message.text()
    assert "Not quite" in text and "It prints" in text and "len counts the items" in text
    await press(fake, message, "Next")
    await press(fake, message, "B")  # snippet 2 prints monitor (B)
    assert "✅ Right" in message.text() and "monitor" in message.text()
    assert await stored(bot, fake, "predict") == (2, 1, 1)
    assert await card_line(fake, "Predict the output") == (
        "Predict the output — 2 / 2 done · 1 right · 1 wrong"
    )


async def code_box(fake: FakeDiscord, message: FakeMessage, label: str):
    handle = await click(fake, message, label)
    response = await handle.response()
    assert response["type"] == 9, f"expected a modal: {response}"
    return handle


async def submitted(fake: FakeDiscord, box, values) -> FakeMessage:
    verdict = await fake.submit_modal(box, values)
    assert (await verdict.response())["type"] == 5, "code is acknowledged before it runs"
    return await verdict.reply()


async def test_fix(fake: FakeDiscord, bot):
    message = await opened(fake, "fix")
    assert (
        "Fix the bug" in message.text() and "Model Training', 'Data Preparation'" in message.text()
    )
    box = await code_box(fake, message, "Fix the code")
    assert prefill(box) == SWAPPED, "the box opens with the broken code"
    failed = await submitted(fake, box, SWAPPED)
    assert "Not yet — step 2" in failed.text() and "Hint:" in failed.text()
    again = await code_box(fake, failed, "Fix the code")
    assert prefill(again) == SWAPPED, "the last try stays in the box"
    passed = await submitted(fake, again, STAGES)
    assert "step 2's checks pass" in passed.text() and "The bug:" in passed.text()
    await press(fake, passed, "Next")
    assert "bug 2 of 2" in passed.text()
    box = await code_box(fake, passed, "Fix the code")
    fixed = await submitted(fake, box, STAGES)
    assert "checks pass" in fixed.text()
    assert await stored(bot, fake, "fix") == (2, 2, 1)
    assert await card_line(fake, "Fix the bug") == "Fix the bug — 2 / 2 done · 2 right · 1 wrong"


async def test_fill(fake: FakeDiscord, bot):
    message = await opened(fake, "fill")
    text = message.text()
    assert "Worked example" in text and "square brackets" in text and "[1]" in text
    box = await code_box(fake, message, "Fill the blanks")
    fields = [row["components"][0]["custom_id"] for row in box.modal["components"]]
    assert fields == ["b1", "b2"], "one input per blank"
    failed = await submitted(fake, box, {"b1": "'Data Cleaning'", "b2": "'Monitoring'"})
    assert "Not yet — step 2" in failed.text()
    box = await code_box(fake, failed, "Fill the blanks")
    passed = await submitted(fake, box, {"b1": "'Data Preparation'", "b2": "'Monitoring'"})
    assert "step 2's checks pass" in passed.text()
    await press(fake, passed, "Next")
    assert "step 3" in passed.text()
    box = await code_box(fake, passed, "Fill the blanks")
    done = await submitted(fake, box, {"b1": '"MLOps helps teams ship reliable models faster."'})
    assert "step 3's checks pass" in done.text()
    assert await stored(bot, fake, "fill") == (2, 2, 1)
    line = await card_line(fake, "Worked example, then fill the blanks")
    assert line.endswith("2 / 2 done · 2 right · 1 wrong")


async def test_cheatsheet(fake: FakeDiscord, bot):
    """One item, nothing to get wrong: opened, it is done, with the file attached."""
    message = await opened(fake, "cheatsheet")
    assert "Key terms" in message.text() and "Common mistakes" in message.text()
    markdown = message.files[f"cheatsheet-{LESSON}.md"].decode()
    assert markdown.startswith("#") and "Data drift" in markdown and "```py" in markdown
    assert await stored(bot, fake, "cheatsheet") == (1, 0, 0)
    assert await card_line(fake, "Cheat sheet") == "Cheat sheet — 1 / 1 done"


async def test_scenario(fake: FakeDiscord, bot):
    message = await opened(fake, "scenario")
    assert "Accuracy dropped on Monday" in message.text() and "Decision 1 of 2" in message.text()
    await press(fake, message, "B")  # A is the best move
    text = message.text()
    assert "Not quite" in text and "The new model is just as bad" in text
    assert "Look at the data before changing the model" in text
    await press(fake, message, "Next")
    assert "Decision 2 of 2" in message.text()
    await press(fake, message, "B")
    assert "✅ Right" in message.text() and "Debrief" in message.text()
    assert await stored(bot, fake, "scenario") == (2, 1, 1)
    assert await card_line(fake, "Real-world case") == (
        "Real-world case — 2 / 2 done · 1 right · 1 wrong"
    )
