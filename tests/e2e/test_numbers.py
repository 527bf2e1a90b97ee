"""Problem 11: /progress, /leaderboard and the daily stats count from the same records."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.content import option_letter

from .daily_support import clock, quiz_bot, sent_posts, setup_daily  # noqa: F401
from .fake_discord import FakeDiscord


async def test_a_right_daily_answer_counts_the_same_everywhere(
    fake: FakeDiscord,
    quiz_bot,  # noqa: F811
    clock,  # noqa: F811
):
    await setup_daily(fake)
    clock.at = datetime(2025, 3, 29, 8, 0, 1, tzinfo=UTC)  # 09:00 in Paris
    (post,) = await sent_posts(quiz_bot)
    message = fake.messages[post.message_id]
    question = quiz_bot.services.catalog.get(post.lesson_id).question(post.question_id)
    right = option_letter(question.correct_index)
    await (await fake.click_button(message, message.custom_id(right))).reply()

    board = await (await fake.slash("leaderboard", {"board": "daily"})).reply()
    assert "1 correct / 1 · 🔥 1 day streak" in board.text()
    assert board.text().count("streak") == 1, "one streak per row"

    mine = await (await fake.slash("progress")).reply()
    text = mine.text()
    assert "Daily quiz\n1 correct / 1 · 🔥 1 day streak (this server)" in text
    assert "Study streak\n1 day(s)" in text
    assert "Practice\n0 / 0 correct" in text and "Tests\n0 / 0 correct" in text

    stats = await (await fake.slash("daily stats")).reply()
    assert f"**{post.question_id}** (1× posted): 1 answers, 100% correct" in stats.content
