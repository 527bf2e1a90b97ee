"""/quiz practice and /quiz test through the real bot: buttons, private feedback, score card."""

from __future__ import annotations

import re

from bot.core.content import Question, option_letter

from .fake_discord import FakeDiscord

LESSON = "what-is-mlops"


def shown_letter(text: str, question: Question, written: int) -> str:
    """The letter the message shows for option `written` (options are shuffled)."""
    option = re.escape(question.options[written].text)
    match = re.search(rf"\*\*([A-E])\.\*\* {option}(?:\n|$)", text)
    assert match is not None, f"option {option!r} not shown in {text!r}"
    return match.group(1)


async def test_practice_feedback_then_the_missed_question_comes_back(
    fake: FakeDiscord, runner, services
):
    asked = await (await fake.slash("quiz practice", {"lesson": LESSON})).reply()
    assert asked.ephemeral and "Practice" in asked.text()
    assert asked.labels()[:2] == ["A", "B"]
    lesson = services.catalog.get(LESSON)
    question = next(q for q in lesson.questions if q.prompt[:40] in asked.text())
    wrong = (question.correct_index + 1) % len(question.options)
    right_letter = shown_letter(asked.text(), question, question.correct_index)

    click = await fake.click_button(
        asked, asked.custom_id(shown_letter(asked.text(), question, wrong))
    )
    feedback = await click.reply()
    text = feedback.text()
    assert feedback.ephemeral and "Not quite" in text
    assert f"The right answer is **{right_letter}.**" in text
    assert "Step by step" in text and question.explanation[0][:30] in text
    if question.mistakes:
        assert "Common mistakes" in text
    if question.quick_check:
        assert "Quick check" in text
    stored = await services.store.answers(f"discord:{fake.member.id}", LESSON)
    assert [(a.question_id, a.choice, a.correct) for a in stored] == [(question.id, wrong, False)]

    # Next question: unseen ones first; the miss comes back once the pool is covered.
    nxt = await fake.click_button(feedback, feedback.custom_id("Next question"))
    assert (await nxt.response())["type"] == 7
    assert question.prompt[:40] not in feedback.text()
    following = next(q for q in lesson.questions if q.prompt[:40] in feedback.text())
    right = shown_letter(feedback.text(), following, following.correct_index)
    verdict = await (await fake.click_button(feedback, feedback.custom_id(right))).reply()
    assert "Correct" in verdict.text()
    again = await fake.click_button(verdict, verdict.custom_id("Next question"))
    await again.response()
    assert question.prompt[:40] not in verdict.text()
    assert following.prompt[:40] not in verdict.text()


async def test_test_mode_ten_questions_then_a_score_card_with_the_misses(
    fake: FakeDiscord, runner, services
):
    message = await (await fake.slash("quiz test", {"lesson": LESSON})).reply()
    lesson = services.catalog.get(LESSON)
    misses = 0
    for number in range(1, 11):
        assert f"question {number} of 10" in message.text()
        question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
        choice = question.correct_index if number % 3 else (question.correct_index + 1) % 4
        misses += choice != question.correct_index
        letter = shown_letter(message.text(), question, choice)
        click = await fake.click_button(message, message.custom_id(letter))
        assert (await click.response())["type"] == 7  # the same message moves on
        assert "Correct" not in message.text() and "Not quite" not in message.text()
    card = message.text()
    assert f"**{10 - misses} / 10** correct" in card
    assert card.count(", right ") == misses  # one line per question, the misses say which
    assert len(message.embeds[0].get("fields", [])) == 1  # by difficulty; no field per miss
    assert "easy" in card and "hard" in card
    review = await (await fake.click_button(message, message.custom_id("Review"))).reply()
    assert review.text().count("Right: ") == misses
    code_misses = [
        q
        for q in lesson.questions
        if q.code and any(f"{q.prompt[:30]}" in f["value"] for f in review.embeds[0]["fields"])
    ]
    for question in code_misses:  # code questions keep their snippet in the review
        assert question.code.splitlines()[0][:30] in review.text()
    stored = await services.store.answers(f"discord:{fake.member.id}", LESSON, mode="test")
    assert len(stored) == 10 and sum(not a.correct for a in stored) == misses


async def test_options_are_shuffled_per_delivery_and_the_feedback_follows(
    fake: FakeDiscord, runner, services
):
    """Issue 20, problem 4: the right letter is not the YAML position on every delivery."""
    lesson = services.catalog.get(LESSON)
    learner = f"discord:{fake.member.id}"
    letters = []
    message = await (await fake.slash("quiz practice", {"lesson": LESSON})).reply()
    for _ in range(len(lesson.questions)):
        question = next(q for q in lesson.questions if q.prompt[:40] in message.text())
        letter = shown_letter(message.text(), question, question.correct_index)
        letters.append(letter)
        verdict = await (await fake.click_button(message, message.custom_id(letter))).reply()
        assert "Correct" in verdict.text() and f"You chose **{letter}.**" in verdict.text()
        covered = "You have now answered every question of this lesson" in verdict.text()
        assert covered == (len(letters) == len(lesson.questions))  # said once, at the last
        nxt = await fake.click_button(verdict, verdict.custom_id("Next question"))
        await nxt.response()
        message = verdict
    written = [option_letter(q.correct_index) for q in lesson.questions]
    assert letters != written  # not the written positions
    stored = await services.store.answers(learner, LESSON)
    assert all(a.correct for a in stored) and all(sorted(a.order) == [0, 1, 2, 3] for a in stored)
