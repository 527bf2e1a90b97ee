"""Moments to share (Share 🎉, Post to channel with a cooldown) and moderator niceties."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.content import option_letter

from .actions import LESSON, next_step, start_lesson, submit_code
from .daily_support import clock, quiz_bot, sent_posts, setup_daily  # noqa: F401
from .fake_discord import FakeDiscord
from .fake_payloads import FakeUser, snowflake


async def test_share_a_finished_lesson_in_public(fake: FakeDiscord, runner, services):
    lesson = services.catalog.get(LESSON)
    step = await start_lesson(fake)
    for number in range(1, 5):
        verdict = await submit_code(fake, step, lesson.step(number).solution)
        if number < 4:
            await next_step(fake, verdict)
            step = verdict
    assert verdict.ephemeral and verdict.labels()[0] == "Share 🎉"
    shared = await (await fake.click_button(verdict, verdict.custom_id("Share"))).reply()
    assert not shared.ephemeral and shared.channel_id == fake.channel_id
    assert "ana completed **What is MLOps** (4 steps)" in shared.content


async def test_post_a_run_result_to_the_channel_once_per_cooldown(fake: FakeDiscord, runner):
    ran = await (await fake.slash("run", {"code": "print(6 * 7)"})).reply()
    assert ran.ephemeral and "Post to channel" in ran.labels()
    posted = await (await fake.click_button(ran, ran.custom_id("Post to channel"))).reply()
    assert not posted.ephemeral and "ana ran this with `/run`" in posted.content
    assert "print(6 * 7)" in posted.content and "42" in posted.text()
    again = await (await fake.click_button(ran, ran.custom_id("Post to channel"))).reply()
    assert again.ephemeral and "post again in" in again.content

    ben = fake.members[1]
    theirs = await fake.click_button(ran, ran.custom_id("Post to channel"), ben)
    assert "belongs to someone else" in (await theirs.reply()).content

    own_dm = await (await fake.slash("run", {"code": "print(1)"}, ben, dm=True)).reply()
    assert own_dm.labels() == []  # nothing to post to in one's own DM


async def test_moderators_and_members_on_daily(
    fake: FakeDiscord,
    quiz_bot,  # noqa: F811
    clock,  # noqa: F811
):
    role = fake.add_role("quizmasters")
    moderator = FakeUser(snowflake(), "mod", permissions="0", roles=(role,))
    member = FakeUser(snowflake(), "member", permissions="0")
    fake.members += [moderator, member]
    await quiz_bot.restart()  # the guild (with its new role) is loaded at connect
    command = fake._command("daily")
    assert command.get("default_member_permissions") is None, "the moderator role must see it"

    await setup_daily(fake, moderator_role=role)
    status = await (await fake.slash("daily status", user=member)).reply()
    assert "every day at 09:00 Europe/Paris" in status.content
    refused = await (await fake.slash("daily pause", user=member)).reply()
    assert "Only moderators" in refused.content

    posted = await (await fake.slash("daily post-now", user=moderator)).reply()
    (post,) = await sent_posts(quiz_bot)
    link = f"https://discord.com/channels/{fake.guild_id}/{fake.channel_id}/{post.message_id}"
    assert posted.content == f"Posted: {link}"

    message = fake.messages[post.message_id]
    question = quiz_bot.services.catalog.get(post.lesson_id).question(post.question_id)
    right = option_letter(question.correct_index)
    await (await fake.click_button(message, message.custom_id(right), member)).reply()
    stats = await (await fake.slash("daily stats", user=moderator)).reply()
    assert f"**{right} 100%** ✅" in stats.content
    assert stats.content.count("✅") == 1


async def test_post_a_leaderboard_page(
    fake: FakeDiscord,
    quiz_bot,  # noqa: F811
    clock,  # noqa: F811
):
    await setup_daily(fake)
    clock.at = datetime(2025, 3, 29, 8, 0, 1, tzinfo=UTC)
    (post,) = await sent_posts(quiz_bot)
    message = fake.messages[post.message_id]
    await (await fake.click_button(message, message.custom_id("A"))).reply()
    board = await (await fake.slash("leaderboard")).reply()
    assert board.ephemeral and "Post to channel" in board.labels()
    posted = await (await fake.click_button(board, board.custom_id("Post to channel"))).reply()
    assert not posted.ephemeral and "ana shared the leaderboard" in posted.content
    assert "Daily quiz leaderboard" in posted.text()
