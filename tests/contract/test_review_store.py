"""One suite, every `ReviewStore`: memory, SQLite and PostgreSQL keep cards, history and
reminders alike, export them, erase them, and hand out a day's reminder once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from store_kinds import T0, FixedClock, progress_store

from bot.app import open_review_store
from bot.core.ports import ReminderSetting, ReviewCard, ReviewEvent


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def stores(request, tmp_path) -> AsyncIterator:
    clock = FixedClock()
    async with progress_store(request, tmp_path, clock) as opened:
        yield opened, open_review_store(opened, clock)


def card(item="q1", learner="local:alice", due=T0 + timedelta(days=1), **changes) -> ReviewCard:
    values = dict(
        learner=learner, kind="question", lesson_id="what-is-mlops", item=item,
        source="practice", due=due, created_at=T0, state=2, stability=0.212,
        difficulty=6.4, last_review=T0, reviews=1,
    )  # fmt: skip
    values.update(changes)
    return ReviewCard(**values)


async def test_a_card_round_trips_with_its_history(stores):
    _, reviews = stores
    first = card()
    event = ReviewEvent("local:alice", first.key, 1, T0, first.due)
    await reviews.save_card(first, event)
    assert await reviews.get_card("local:alice", first.key) == first
    assert await reviews.get_card("local:bob", first.key) is None
    assert await reviews.events("local:alice") == [event]


async def test_saving_again_replaces_the_card_and_appends_history(stores):
    _, reviews = stores
    first = card()
    later = replace(first, due=T0 + timedelta(days=4), reviews=2, stability=1.9)
    await reviews.save_card(first, ReviewEvent("local:alice", first.key, 1, T0, first.due))
    at = T0 + timedelta(days=1)
    await reviews.save_card(later, ReviewEvent("local:alice", first.key, 3, at, later.due))
    assert await reviews.cards("local:alice") == [later]
    assert [e.rating for e in await reviews.events("local:alice")] == [1, 3]


async def test_cards_come_soonest_due_first_and_due_learners_are_found(stores):
    _, reviews = stores
    await reviews.save_card(card("q2", due=T0 + timedelta(days=3)))
    await reviews.save_card(card("q1", due=T0 + timedelta(days=1)))
    await reviews.save_card(card("q9", learner="local:bob", due=T0 + timedelta(days=5)))
    assert [c.item for c in await reviews.cards("local:alice")] == ["q1", "q2"]
    assert await reviews.learners_with_due(T0) == []
    assert await reviews.learners_with_due(T0 + timedelta(days=1)) == ["local:alice"]
    both = await reviews.learners_with_due(T0 + timedelta(days=6))
    assert both == ["local:alice", "local:bob"]


async def test_naive_times_and_bad_kinds_are_refused(stores):
    _, reviews = stores
    with pytest.raises(ValueError, match="naive"):
        await reviews.save_card(card(due=datetime(2025, 3, 2, 9, 0)))
    with pytest.raises(ValueError, match="kind"):
        await reviews.save_card(card(kind="essay"))


async def test_a_reminder_is_claimed_once_per_day(stores):
    _, reviews = stores
    setting = ReminderSetting("local:alice", True, "18:00", "Europe/Berlin")
    await reviews.save_reminder(setting)
    day = date(2025, 3, 1)
    claims = await asyncio.gather(*(reviews.claim_reminder("local:alice", day) for _ in range(5)))
    assert sorted(claims) == [False, False, False, False, True]
    assert (await reviews.get_reminder("local:alice")).last_sent == day
    assert await reviews.claim_reminder("local:alice", day) is False
    assert await reviews.claim_reminder("local:alice", day + timedelta(days=1)) is True


async def test_switched_off_reminders_are_never_claimed_or_listed(stores):
    _, reviews = stores
    await reviews.save_reminder(ReminderSetting("local:alice", True, "08:00", "UTC"))
    off = ReminderSetting("local:bob", False, "08:00", "UTC", note="Your DMs are closed.")
    await reviews.save_reminder(off)
    assert [s.learner for s in await reviews.enabled_reminders()] == ["local:alice"]
    assert await reviews.claim_reminder("local:bob", date(2025, 3, 1)) is False
    assert await reviews.claim_reminder("local:carol", date(2025, 3, 1)) is False
    assert await reviews.get_reminder("local:bob") == off


async def test_export_holds_cards_history_and_reminder(stores):
    _, reviews = stores
    first = card()
    await reviews.save_card(first, ReviewEvent("local:alice", first.key, 1, T0, first.due))
    await reviews.save_reminder(ReminderSetting("local:alice", True, "07:30", "UTC"))
    document = await reviews.export_reviews("local:alice")
    assert [c["card"] for c in document["review_cards"]] == ["question:what-is-mlops:q1"]
    assert document["review_cards"][0]["due"] == first.due.isoformat()
    assert document["review_history"][0]["rating"] == 1
    assert document["reminder"]["time"] == "07:30"
    empty = await reviews.export_reviews("local:nobody")
    assert empty == {"review_cards": [], "review_history": [], "reminder": None}


async def test_forgetting_erases_only_that_learner(stores):
    _, reviews = stores
    for who in ("local:alice", "local:bob"):
        mine = card(learner=who)
        await reviews.save_card(mine, ReviewEvent(who, mine.key, 1, T0, mine.due))
        await reviews.save_reminder(ReminderSetting(who, True, "07:30", "UTC"))
    await reviews.forget_reviews("local:alice")
    assert await reviews.cards("local:alice") == []
    assert await reviews.events("local:alice") == []
    assert await reviews.get_reminder("local:alice") is None
    assert len(await reviews.cards("local:bob")) == 1


async def test_deleting_the_learner_erases_their_reviews(stores):
    progress, reviews = stores
    mine = card()
    await reviews.save_card(mine, ReviewEvent("local:alice", mine.key, 1, T0, mine.due))
    await reviews.save_reminder(ReminderSetting("local:alice", True, "07:30", "UTC"))
    await progress.delete_learner("local:alice")
    await reviews.forget_reviews("local:alice")  # what /mydata delete does after it
    assert await reviews.export_reviews("local:alice") == {
        "review_cards": [], "review_history": [], "reminder": None,
    }  # fmt: skip
