"""Spaced reviews and reminders through the real bot: misses become cards, one DM a day
starts the review, closed DMs switch reminders off, a restart never sends twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.content import option_letter

from . import daily_support
from .actions import wrong_shown_letter
from .daily_support import ClockedRunner, HandClock, daily_posts, setup_daily
from .fake_discord import FakeDiscord
from .fake_records import FakeMessage

clock = daily_support.clock  # fixture
LESSON = "what-is-mlops"
DAY_ONE = datetime(2025, 3, 29, 7, 0, tzinfo=UTC)  # HandClock's start


class ReviewRunner(ClockedRunner):
    """The clocked bot whose reminder loop looks every 20 ms."""

    async def start(self):
        bot = await super().start()
        cog = bot.get_cog("RemindCog")
        cog.ticker.change_interval(seconds=0.02)
        cog.ticker.restart()
        return bot

    @property
    def reminders(self):
        return self.bot.get_cog("RemindCog").reminders


@pytest.fixture
async def review_bot(fake, settings, error_log, clock):
    runner = ReviewRunner(fake, settings, clock)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()


def reminder_dms(fake: FakeDiscord, user) -> list[FakeMessage]:
    """The bot's own DMs to `user` that are not replies to an interaction."""
    channel = fake.dm_channels.get(user.id)
    if channel is None:
        return []
    return [m for m in fake.messages_in(channel) if m.interaction_token is None]


def wrong_letter(question) -> str:
    return option_letter((question.correct_index + 1) % len(question.options))


async def miss_daily(fake: FakeDiscord, runner: ReviewRunner, user) -> None:
    """Post a daily question now and answer it wrong as `user`."""
    done = await (await fake.slash("daily post-now")).reply()
    assert "Posted" in done.text()
    post = daily_posts(fake)[-1]
    stored = [p for p in await runner.daily.open_posts() if p.message_id == post.id]
    question = runner.services.catalog.get(stored[0].lesson_id).question(stored[0].question_id)
    reply = await (
        await fake.click_button(post, post.custom_id(wrong_letter(question)), user)
    ).reply()
    assert "Got it" in reply.text()


async def miss_practice(fake: FakeDiscord, runner: ReviewRunner, user) -> str:
    asked = await (await fake.slash("quiz practice", {"lesson": LESSON}, user)).reply()
    lesson = runner.services.catalog.get(LESSON)
    question = next(q for q in lesson.questions if q.prompt[:40] in asked.text())
    wrong = wrong_shown_letter(asked, question)  # practice shuffles options per delivery
    await (await fake.click_button(asked, asked.custom_id(wrong), user)).reply()
    return question.id


async def settle(runner: ReviewRunner, ticks: int = 3) -> int:
    sent = 0
    for _ in range(ticks):
        sent += await runner.reminders.tick()
        await asyncio.sleep(0.05)
    return sent


async def test_missed_answers_come_back_through_one_reminder_dm_a_day(
    fake: FakeDiscord, review_bot: ReviewRunner, clock: HandClock
):
    ana, ben = fake.members
    learner = f"discord:{ana.id}"
    await setup_daily(fake)
    await miss_daily(fake, review_bot, ana)
    await miss_daily(fake, review_bot, ana)
    await miss_practice(fake, review_bot, ana)
    desk = review_bot.services.reviews
    cards = await desk.store.cards(learner)
    assert sorted(c.source for c in cards) == ["daily", "daily", "practice"]
    assert all(c.due.date() == (DAY_ONE + timedelta(days=1)).date() for c in cards)

    # Nobody opted in yet: time passes, no DM.
    clock.advance(days=1, hours=2)
    assert await settle(review_bot) == 0 and reminder_dms(fake, ana) == []

    on = await (await fake.slash("remind on", {"time": "08:00", "timezone": "UTC"}, ana)).reply()
    assert on.ephemeral and "one DM a day at 08:00 (UTC)" in on.text()
    await fake.wait_until(lambda: len(reminder_dms(fake, ana)) == 1, 10, "the reminder DM")
    (dm,) = reminder_dms(fake, ana)
    assert "3 reviews due, ~2 min." in dm.text()
    assert await settle(review_bot) == 0  # the same day: never a second DM
    assert len(reminder_dms(fake, ana)) == 1
    assert reminder_dms(fake, ben) == []  # ben never opted in

    # The DM's button starts the review in the DM; answering reschedules the card.
    started = await (await fake.click_button(dm, dm.custom_id("Start reviews"), ana)).reply()
    assert not started.ephemeral and "Review" in started.text()
    assert "3 reviews due" in started.text()
    first = cards[0]
    lesson = review_bot.services.catalog.get(first.lesson_id)
    question = lesson.question(first.item)
    assert question.prompt[:40] in started.text()
    right = option_letter(question.correct_index)
    click = await fake.click_button(started, started.custom_id(right), ana)
    assert (await click.response())["type"] == 7  # the card's message becomes the verdict
    await fake.wait_until(lambda: "Correct" in started.text(), 10, "the verdict")
    assert "Next review of this card" in started.text() and "2 more due" in started.text()
    assert question.explanation[0][:30] in started.text()
    after = await desk.store.get_card(learner, first.key)
    assert after.reviews == 2 and after.due >= clock.at + timedelta(days=2)
    assert (await desk.summary(learner)).due == 2

    # Next day: one new DM, with the two still due.
    clock.advance(days=1)
    await fake.wait_until(lambda: len(reminder_dms(fake, ana)) == 2, 10, "day two's DM")
    assert "2 reviews due, ~2 min." in reminder_dms(fake, ana)[1].text()


async def test_closed_dms_switch_reminders_off_with_a_note(
    fake: FakeDiscord, review_bot: ReviewRunner, clock: HandClock
):
    ben = fake.members[1]
    fake.closed_dms.add(ben.id)
    await miss_practice(fake, review_bot, ben)
    await (
        await fake.slash("remind on", {"time": "07:30", "timezone": "Europe/Paris"}, ben)
    ).reply()
    clock.advance(days=1, hours=1)
    store = review_bot.services.reviews.store
    learner = f"discord:{ben.id}"

    async def switched_off() -> bool:
        setting = await store.get_reminder(learner)
        return not setting.enabled

    for _ in range(100):
        if await switched_off():
            break
        await asyncio.sleep(0.05)
    assert await switched_off()
    status = await (await fake.slash("remind status", user=ben)).reply()
    assert status.ephemeral and "Reminders are off" in status.text()
    assert "DMs are closed" in status.text()
    refused = [
        r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")
        and r.path.startswith(f"/channels/{fake.dm_channels[ben.id]}")
    ]  # fmt: skip
    assert len(refused) == 1  # tried once, not retried
    assert await settle(review_bot) == 0


async def test_a_restart_between_the_time_and_the_send_sends_once(
    fake: FakeDiscord, review_bot: ReviewRunner, clock: HandClock
):
    ana = fake.members[0]
    await miss_practice(fake, review_bot, ana)
    await (await fake.slash("remind on", {"time": "09:00", "timezone": "UTC"}, ana)).reply()
    await review_bot.stop()
    clock.advance(days=1, hours=2, minutes=30)  # 09:30 the next day: the bot was down at 09:00
    await review_bot.start()
    await fake.wait_until(lambda: len(reminder_dms(fake, ana)) == 1, 10, "the late reminder")
    assert "1 review due, ~1 min." in reminder_dms(fake, ana)[0].text()
    await review_bot.restart()
    assert await settle(review_bot) == 0
    assert len(reminder_dms(fake, ana)) == 1


async def test_review_in_a_server_is_private_and_says_when_the_next_card_is_due(
    fake: FakeDiscord, review_bot: ReviewRunner, clock: HandClock
):
    ana = fake.members[0]
    empty = await (await fake.slash("review", user=ana)).reply()
    assert empty.ephemeral and "No review cards yet" in empty.text()
    await miss_practice(fake, review_bot, ana)
    later = await (await fake.slash("review", user=ana)).reply()
    due = int((DAY_ONE + timedelta(days=1)).timestamp())
    assert "Nothing to review right now" in later.text() and f"<t:{due}:D>" in later.text()
    clock.advance(days=1)
    card = await (await fake.slash("review", user=ana)).reply()
    assert card.ephemeral and card.labels()[:2] == ["A", "B"]
    in_dm = await (await fake.slash("review", user=ana, dm=True)).reply()
    assert not in_dm.ephemeral and "1 review due" in in_dm.text()


async def test_a_step_that_needed_the_solution_is_reviewed_as_code_in_the_sandbox(
    fake: FakeDiscord, review_bot: ReviewRunner, clock: HandClock
):
    ana = fake.members[0]
    learner = f"discord:{ana.id}"
    await review_bot.services.engine.solution(learner, LESSON, give_up=True)
    clock.advance(days=1)
    card = await (await fake.slash("review", user=ana, dm=True)).reply()
    assert "Step 1" in card.text() and "write the code again" in card.text()
    opened = await fake.click_button(card, card.custom_id("Write the code"), ana)
    await opened.response()
    code = 'definition = "MLOps is a way to manage machine learning projects end to end."'
    verdict = await (await fake.submit_modal(opened, code, ana)).reply()
    assert "Passed" in verdict.text() and "Next review of this card" in verdict.text()
    (stored,) = await review_bot.services.reviews.store.cards(learner)
    assert stored.kind == "step" and stored.reviews == 2 and stored.due > clock.at
