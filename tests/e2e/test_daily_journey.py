"""The daily quiz end to end: setup, scheduled posts across a DST change, answers, reveal."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime

from bot.core.content import option_letter

from . import daily_support
from .daily_support import ClockedRunner, HandClock, daily_posts, sent_posts, setup_daily
from .fake_discord import FakeDiscord
from .fake_payloads import FakeUser, snowflake

clock = daily_support.clock  # fixtures
quiz_bot = daily_support.quiz_bot


async def wait_posts(fake: FakeDiscord, count: int) -> None:
    await fake.wait_until(lambda: len(daily_posts(fake)) >= count, 10, f"{count} daily posts")


async def settle(runner: ClockedRunner) -> None:
    """Let the scheduler look at the (moved) clock a few times."""
    await runner.bot.get_cog("DailyCog").desk.tick()
    await asyncio.sleep(0.1)


def shares(message) -> list[tuple[str, int, int]]:
    """(letter, percent, count) per option from the reveal, in the order shown."""
    field = next(
        f for e in message.embeds for f in e.get("fields", []) if f["name"].startswith("How")
    )
    rows = re.findall(r"`([A-E])` `[█░]+` +(\d+)% \((\d+)\)", field["value"])
    return [(letter, int(percent), int(count)) for letter, percent, count in rows]


async def test_scheduled_posts_answers_reveal_streaks_and_leaderboard(
    fake: FakeDiscord, quiz_bot: ClockedRunner, clock: HandClock
):
    setup = await setup_daily(fake)
    assert setup.ephemeral and "every day at 09:00 Europe/Paris" in setup.content

    # 08:59 in Paris (winter time): nothing yet. 09:00 CET is 08:00 UTC.
    clock.at = datetime(2025, 3, 29, 7, 59, tzinfo=UTC)
    await settle(quiz_bot)
    assert daily_posts(fake) == []
    clock.at = datetime(2025, 3, 29, 8, 0, 1, tzinfo=UTC)
    await wait_posts(fake, 1)
    first = daily_posts(fake)[0]
    (post,) = await sent_posts(quiz_bot)
    assert post.slot == datetime(2025, 3, 29, 8, 0, tzinfo=UTC)
    assert post.message_id == first.id
    assert first.labels()[:2] == ["A", "B"] and "0 members answered" in first.text()

    # 50 members answer; ten of them click a second time on another option.
    question = quiz_bot.services.catalog.get(post.lesson_id).question(post.question_id)
    options = len(question.options)
    members = [FakeUser(snowflake(), f"learner{i}") for i in range(50)]
    picks = {m.id: (i * 7) % options for i, m in enumerate(members)}
    for member in members:
        custom_id = first.custom_id(option_letter(picks[member.id]))
        handle = await fake.click_button(first, custom_id, member)
        reply = await handle.reply()
        assert reply.ephemeral and "Got it: you answered" in reply.content
    for member in members[:10]:
        other = (picks[member.id] + 1) % options
        handle = await fake.click_button(first, first.custom_id(option_letter(other)), member)
        reply = await handle.reply()
        assert "You already answered" in reply.content
        assert f"**{option_letter(picks[member.id])}.**" in reply.content
    assert await quiz_bot.daily.answer_count(post.id) == 50
    await fake.wait_until(lambda: "50 members answered" in first.text(), 10, "the count edit")
    assert len(daily_posts(fake)) == 1  # no message per answer

    # Next day, after the spring-forward change: 09:00 CEST is 07:00 UTC.
    clock.at = datetime(2025, 3, 30, 6, 59, tzinfo=UTC)
    await settle(quiz_bot)
    assert len(daily_posts(fake)) == 1
    clock.at = datetime(2025, 3, 30, 7, 0, 1, tzinfo=UTC)
    await wait_posts(fake, 2)
    second = daily_posts(fake)[1]

    # The first message was edited into its reveal, percentages in option order.
    await fake.wait_until(lambda: "answer" in first.embeds[0]["title"], 10, "the reveal")
    expected = [sum(1 for p in picks.values() if p == i) for i in range(options)]
    assert [count for _, _, count in shares(first)] == expected
    assert [letter for letter, _, _ in shares(first)] == [option_letter(i) for i in range(options)]
    assert [pct for _, pct, _ in shares(first)] == [round(100 * c / 50) for c in expected]
    right = expected[question.correct_index]
    assert f"{right} of 50 got it right" in first.text()
    assert question.explanation[0][:40] in first.text()
    channel_posts = [m for m in fake.messages_in(fake.channel_id) if m.interaction_token is None]
    assert len(channel_posts) == 2

    # Day two: a few answer again, so they have a two-day streak.
    (post2,) = await sent_posts(quiz_bot)
    question2 = quiz_bot.services.catalog.get(post2.lesson_id).question(post2.question_id)
    for member in members[:3]:
        correct = option_letter(question2.correct_index)
        await (await fake.click_button(second, second.custom_id(correct), member)).reply()

    board = await (await fake.slash("leaderboard", {"board": "daily"})).reply()
    text = board.text()
    assert "Daily quiz leaderboard" in text and "Page 1 of 5" in text
    top = text.splitlines()[1]
    assert "2 day streak" in text
    assert any(m.name in top for m in members[:3]) or "learner" in top
    page2 = await fake.click_button(board, board.custom_id("Next"))
    assert (await page2.response())["type"] == 7
    assert "Page 2 of 5" in board.text() and "**11.**" in board.text()


async def test_the_ping_role_is_the_only_mention_and_only_the_post_pings(
    fake: FakeDiscord, quiz_bot: ClockedRunner, clock: HandClock
):
    role = fake.add_role("quiz-fans")
    fake.pingable_roles.add(role)  # any other mention still fails the fake's guard
    setup = await setup_daily(fake, ping_role=role)
    assert setup.ephemeral

    clock.at = datetime(2025, 3, 29, 8, 0, 1, tzinfo=UTC)
    await wait_posts(fake, 1)
    post = daily_posts(fake)[0]
    assert post.data["content"] == f"<@&{role}>"
    sends = [
        r
        for r in fake.requests
        if r.method == "POST" and r.path == f"/channels/{fake.channel_id}/messages"
    ]
    (created,) = [r for r in sends if "Daily quiz" in json.dumps(r.json)]
    allowed = created.json["allowed_mentions"]
    assert allowed["parse"] == [] and [int(r) for r in allowed["roles"]] == [role]
    assert not allowed.get("users") and not allowed.get("replied_user")

    # Counting edits and the reveal never ping again.
    member = fake.add_member("fan")
    await (await fake.click_button(post, post.custom_id("A"), member)).reply()
    clock.at = datetime(2025, 3, 30, 7, 0, 1, tzinfo=UTC)
    await wait_posts(fake, 2)
    await fake.wait_until(lambda: "answer" in post.embeds[0]["title"], 10, "the reveal")
    edits = [r for r in fake.requests if r.method == "PATCH" and str(post.id) in r.path]
    assert edits
    assert all(not (r.json.get("allowed_mentions") or {}).get("roles") for r in edits)
