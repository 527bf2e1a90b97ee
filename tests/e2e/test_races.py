"""Problems 9 and 10: state that races cannot undo, and one answer per practice question."""

from __future__ import annotations

import asyncio

from bot.core.content import option_letter

from .actions import LESSON, next_step, open_code_box, start_lesson, submit_code
from .fake_discord import FakeDiscord

SLOW_PASS = 'import time\ntime.sleep(2)\ndefinition = "MLOps runs machine learning models"'


async def wait_evaluating(engine, learner: str) -> None:
    for _ in range(1000):
        if engine.is_evaluating(learner):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the submission never started running")


async def test_a_reset_during_a_slow_submission_is_not_undone(fake: FakeDiscord, runner, services):
    learner = f"discord:{fake.member.id}"
    step = await start_lesson(fake)
    box = await open_code_box(fake, step)
    slow = await fake.submit_modal(box, SLOW_PASS)
    await wait_evaluating(services.engine, learner)

    reset = await (await fake.slash("lesson reset")).reply()
    assert "back at step 1" in reset.content
    late = await slow.reply(timeout=30)
    assert "Not counted" in late.text() and "you are on step 1" in late.text()

    shown = await (await fake.slash("lesson continue")).reply()
    assert "Step 1" in shown.text() and "failed attempt" not in shown.text()
    assert await services.store.attempts(learner, LESSON) == []


async def test_a_code_box_remembers_the_step_it_was_opened_for(fake: FakeDiscord, runner, services):
    learner = f"discord:{fake.member.id}"
    lesson = services.catalog.get(LESSON)
    step = await start_lesson(fake)
    passed = await submit_code(fake, step, lesson.step(1).solution)
    await next_step(fake, passed)
    assert "Step 2" in passed.text()
    box = await open_code_box(fake, passed)  # opened at step 2

    await (await fake.slash("lesson reset")).reply()
    late = await fake.submit_modal(box, lesson.step(1).solution)
    verdict = await late.reply()
    assert "Not counted" in verdict.text() and "step 2" in verdict.text()
    attempts = await services.store.attempts(learner, LESSON)
    assert len(attempts) == 1  # only the first pass: the late box was neither run nor counted
    shown = await (await fake.slash("lesson continue")).reply()
    assert "Step 1" in shown.text()


async def test_twenty_hint_clicks_reveal_each_hint_once(fake: FakeDiscord, runner, services):
    step = await start_lesson(fake)
    total = len(services.catalog.get(LESSON).step(1).hints)
    clicks = [await fake.click_button(step, step.custom_id("Hint")) for _ in range(20)]
    texts = [(await click.reply()).text() for click in clicks]
    for number in range(1, total + 1):
        assert sum(f"Hint {number} of {total}" in t for t in texts) == 1, number
    assert sum("seen all" in t for t in texts) == 20 - total


async def test_a_practice_question_takes_one_answer(fake: FakeDiscord, runner, services):
    asked = await (await fake.slash("quiz practice", {"lesson": LESSON})).reply()
    lesson = services.catalog.get(LESSON)
    question = next(q for q in lesson.questions if q.prompt[:40] in asked.text())
    right = question.correct_index
    # Options are shuffled per delivery: find the letter the right option is shown under.
    shown = {
        option_letter(i): line
        for i in range(len(question.options))
        for line in asked.text().splitlines()
        if line.startswith(f"**{option_letter(i)}.** ")
    }
    right_letter = next(
        letter for letter, line in shown.items() if question.options[right].text[:30] in line
    )
    wrong_letter = next(letter for letter in shown if letter != right_letter)
    answer_ids = {letter: asked.custom_id(letter) for letter in (right_letter, wrong_letter)}

    first = await fake.click_button(asked, answer_ids[right_letter])
    assert (await first.response())["type"] == 7, "the question message is edited in place"
    await first.reply()
    text = asked.text()
    assert "Correct" in text and question.prompt[:40] in text and "Step by step" in text
    buttons = {b["label"]: b for b in asked.buttons()}
    assert buttons[right_letter]["style"] == 3  # green
    assert all(b["disabled"] for label, b in buttons.items() if label != "Next question")

    second = await fake.click_button(asked, answer_ids[wrong_letter])  # a stale client
    again = await second.reply()
    assert "already answered" in again.text()
    stored = await services.store.answers(f"discord:{fake.member.id}", LESSON)
    assert [(a.question_id, a.choice) for a in stored] == [(question.id, right)]
    progress = await (await fake.slash("progress")).reply()
    assert "Practice\n1 / 1 correct" in progress.text()


async def test_run_limit_counts_submissions_in_flight(fake: FakeDiscord, runner):
    """Boxes opened freely, then submitted together: one runs, the rest are refused, and
    another member's /run is not held up."""
    boxes = []
    for _ in range(3):
        box = await fake.slash("run")
        assert (await box.response())["type"] == 9, "opening a box is never refused"
        boxes.append(box)
    slow = "import time\ntime.sleep(2)\nprint('done')"
    sent = [await fake.submit_modal(box, slow) for box in boxes]
    replies = [await handle.reply(timeout=30) for handle in sent]
    refused = [r for r in replies if "still running" in r.content]
    ran = [r for r in replies if "done" in r.text()]
    assert len(ran) == 1 and len(refused) == 2

    ben = fake.members[1]
    other = await (await fake.slash("run", {"code": "print(6 * 7)"}, ben)).reply()
    assert "42" in other.text()
