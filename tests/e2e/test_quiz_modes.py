"""/quiz practice and /quiz test through the real bot: buttons, private feedback, score card."""

from __future__ import annotations

from bot.core.content import option_letter

from .fake_discord import FakeDiscord

LESSON = "what-is-mlops"


async def test_practice_feedback_then_the_missed_question_comes_back(
    fake: FakeDiscord, runner, services
):
    asked = await (await fake.slash("quiz practice", {"lesson": LESSON})).reply()
    assert asked.ephemeral and "Practice" in asked.text()
    assert asked.labels()[:2] == ["A", "B"]
    lesson = services.catalog.get(LESSON)
    question = next(q for q in lesson.questions if q.prompt[:40] in asked.text())
    wrong = (question.correct_index + 1) % len(question.options)

    click = await fake.click_button(asked, asked.custom_id(option_letter(wrong)))
    feedback = await click.reply()
    text = feedback.text()
    assert feedback.ephemeral and "Not quite" in text
    assert f"The right answer is **{option_letter(question.correct_index)}.**" in text
    assert "Step by step" in text and question.explanation[0][:30] in text
    if question.mistakes:
        assert "Common mistakes" in text
    if question.quick_check:
        assert "Quick check" in text
    stored = await services.store.answers(f"discord:{fake.member.id}", LESSON)
    assert [(a.question_id, a.choice, a.correct) for a in stored] == [(question.id, wrong, False)]

    # Next question: another one first (not straight back), then the miss returns.
    nxt = await fake.click_button(feedback, feedback.custom_id("Next question"))
    assert (await nxt.response())["type"] == 7
    assert question.prompt[:40] not in feedback.text()
    following = next(q for q in lesson.questions if q.prompt[:40] in feedback.text())
    right = option_letter(following.correct_index)
    verdict = await (await fake.click_button(feedback, feedback.custom_id(right))).reply()
    assert "Correct" in verdict.text()
    again = await fake.click_button(verdict, verdict.custom_id("Next question"))
    await again.response()
    assert question.prompt[:40] in verdict.text()


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
        click = await fake.click_button(message, message.custom_id(option_letter(choice)))
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
