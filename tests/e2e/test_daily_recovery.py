"""The daily quiz survives restarts and outages, refuses non-moderators, cycles its pool."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from . import daily_support
from .daily_support import ClockedRunner, HandClock, daily_posts, sent_posts, setup_daily
from .fake_discord import FakeDiscord
from .fake_payloads import FakeUser, snowflake

clock = daily_support.clock  # fixtures
quiz_bot = daily_support.quiz_bot
NINE_PARIS = datetime(2025, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 CET


async def settle(runner: ClockedRunner) -> None:
    await runner.bot.get_cog("DailyCog").desk.tick()
    await asyncio.sleep(0.1)


async def test_restart_between_post_and_reveal_reveals_once_and_never_reposts(
    fake: FakeDiscord, quiz_bot: ClockedRunner, clock: HandClock
):
    await setup_daily(fake, reveal_after="1h")
    clock.at = NINE_PARIS.replace(second=5)
    (post,) = await sent_posts(quiz_bot)
    message = daily_posts(fake)[0]
    await (await fake.click_button(message, message.custom_id("A"))).reply()

    await quiz_bot.stop()
    clock.at = datetime(2025, 3, 29, 9, 30, tzinfo=UTC)  # past reveal_at (09:00 UTC)
    await quiz_bot.start()
    await fake.wait_until(lambda: "answer" in message.embeds[0]["title"], 10, "the reveal")
    await settle(quiz_bot)
    assert len(daily_posts(fake)) == 1
    assert (await quiz_bot.daily.get_post(post.id)).revealed
    question = quiz_bot.services.catalog.get(post.lesson_id).question(post.question_id)
    right = int(question.correct_index == 0)  # the member answered A
    assert f"{right} of 1 got it right" in message.text()


async def test_downtime_across_the_scheduled_time_makes_exactly_one_late_post(
    fake: FakeDiscord, quiz_bot: ClockedRunner, clock: HandClock
):
    await setup_daily(fake)
    await quiz_bot.stop()
    clock.at = datetime(2025, 3, 29, 10, 30, tzinfo=UTC)  # 2.5 h after 09:00 Paris
    await quiz_bot.start()
    await sent_posts(quiz_bot)
    await settle(quiz_bot)
    await settle(quiz_bot)
    posts = daily_posts(fake)
    assert len(posts) == 1 and "posted late" in posts[0].text()

    # Three days away: one post for today, the two missed days are reported, not hidden.
    await quiz_bot.stop()
    clock.at = datetime(2025, 4, 1, 7, 30, tzinfo=UTC)  # 09:30 CEST on 1 April
    await quiz_bot.start()
    await fake.wait_until(lambda: len(daily_posts(fake)) == 2, 10, "the catch-up post")
    await settle(quiz_bot)
    assert len(daily_posts(fake)) == 2
    missed = await quiz_bot.daily.missed(fake.guild_id)
    assert len(missed) == 2 and all("offline" in m.reason for m in missed)
    status = await (await fake.slash("daily status")).reply()
    assert status.text().count("Missed") == 2


async def test_a_member_without_manage_server_cannot_set_up_or_post(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    visitor = FakeUser(snowflake(), "visitor", permissions="0")
    handle = await fake.slash(
        "daily setup",
        {"channel": fake.channel_id, "time": "09:00", "timezone": "Europe/Paris"},
        visitor,
    )
    reply = await handle.reply()
    assert reply.ephemeral and "Only moderators" in reply.content
    assert await quiz_bot.daily.get_schedule(fake.guild_id) is None

    await setup_daily(fake)  # a moderator sets it up
    refused = await (await fake.slash("daily post-now", user=visitor)).reply()
    assert "Only moderators" in refused.content
    assert daily_posts(fake) == []


async def test_bad_settings_get_clear_errors(fake: FakeDiscord, quiz_bot: ClockedRunner):
    zone = await setup_daily(fake, timezone="Mars/Olympus")
    assert "IANA timezone" in zone.content
    time = await setup_daily(fake, time="25:00")
    assert "HH:MM" in time.content
    lesson = await setup_daily(fake, lessons="no-such-lesson")
    assert "Unknown lesson(s): no-such-lesson" in lesson.content
    assert await quiz_bot.daily.get_schedule(fake.guild_id) is None


async def test_an_exhausted_pool_starts_a_new_cycle_without_repeats_before(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    await setup_daily(fake, lessons="what-is-mlops")
    size = len(quiz_bot.services.catalog.get("what-is-mlops").questions)
    asked = []
    for count in range(1, size + 2):
        done = await (await fake.slash("daily post-now")).reply()
        assert done.content.startswith("Posted: https://discord.com/channels/")
        posts = await sent_posts(quiz_bot)  # the newest is open, earlier ones were revealed
        latest = max(posts, key=lambda p: p.id)
        asked.append((latest.cycle, latest.question_id))
        assert len(daily_posts(fake)) == count
    first_cycle = [q for cycle, q in asked if cycle == 1]
    assert len(first_cycle) == size == len(set(first_cycle))
    assert asked[-1][0] == 2
    status = await (await fake.slash("daily status")).reply()
    expected = f"Pool: {size} questions from 1 lesson, cycle 2, {size - 1} not asked yet: "
    assert expected + f"new questions for {size - 1} more days (through " in status.content
