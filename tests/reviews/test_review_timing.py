"""Review timing at its edges: the fast-answer limit, what is stored after a review, whole days
until a card is due, the reminder minute and its per-learner spread, and timezone lookup."""

from __future__ import annotations

import time as time_module
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest

from bot.core.ports import ReminderSetting
from bot.core.reviews import (
    Grade,
    days_until,
    estimate_minutes,
    grade,
    local_day,
    new_card,
    reminder_day,
    reminder_text,
    review,
    zone_names,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


# --------------------------------------------------------------------------- grading and storing


def test_a_right_answer_is_easy_from_zero_seconds_up_to_but_not_at_ten():
    assert grade(True, seconds=0) == Grade.EASY
    assert grade(True, seconds=0.5) == Grade.EASY
    assert grade(True, seconds=9.9) == Grade.EASY
    assert grade(True, seconds=10) == Grade.GOOD
    assert grade(True, seconds=-1) == Grade.GOOD  # a clock that went backwards: no bonus


def test_a_naive_review_time_is_refused_with_the_reason():
    card = new_card("local:a", "question", "demo", "q1", "practice", T0)
    with pytest.raises(ValueError) as caught:
        review(card, Grade.GOOD, datetime(2025, 3, 3, 9, 0))
    assert str(caught.value) == "review times must be timezone-aware"


def test_review_times_are_kept_in_utc_whatever_the_hosts_timezone(monkeypatch):
    berlin = datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    monkeypatch.setenv("TZ", "America/New_York")
    time_module.tzset()
    try:
        card = new_card("local:a", "question", "demo", "q1", "practice", berlin)
        reviewed, event = review(card, Grade.GOOD, berlin + timedelta(days=1))
    finally:
        monkeypatch.undo()
        time_module.tzset()
    assert card.due == T0 and card.due.utcoffset() == timedelta(0)
    assert card.created_at.utcoffset() == timedelta(0)
    assert reviewed.last_review.utcoffset() == timedelta(0)
    assert event.at.isoformat() == "2025-03-04T09:00:00+00:00"


def test_a_new_card_is_stored_as_reviewed_after_its_first_rating():
    card = new_card("local:a", "question", "demo", "q1", "practice", T0)
    assert card.state == 1 and card.reviews == 0  # fsrs Learning
    for rating in Grade:
        reviewed, _ = review(card, rating, T0)
        assert reviewed.state == 2 and reviewed.reviews == 1  # fsrs Review: no learning steps
        assert reviewed.stability is not None and reviewed.difficulty is not None


# --------------------------------------------------------------------------- days until due


def test_days_until_rounds_up_to_whole_days_and_is_zero_once_due():
    assert days_until(T0, T0) == 0
    assert days_until(T0 - timedelta(days=3), T0) == 0
    assert days_until(T0 + timedelta(seconds=0.5), T0) == 1
    assert days_until(T0 + timedelta(seconds=1), T0) == 1
    assert days_until(T0 + timedelta(days=1), T0) == 1
    assert days_until(T0 + timedelta(days=1, seconds=1), T0) == 2
    assert days_until(T0 + timedelta(days=7), T0) == 7


# --------------------------------------------------------------------------- reminders


def setting(**changes) -> ReminderSetting:
    values = dict(learner="local:a", enabled=True, time="18:30", timezone="UTC")
    values.update(changes)
    return ReminderSetting(**values)


def test_the_reminder_waits_for_the_chosen_minute_not_just_the_hour():
    at_18_05 = datetime(2025, 3, 3, 18, 5, tzinfo=UTC)
    assert reminder_day(setting(), at_18_05) is None
    assert reminder_day(setting(), at_18_05 + timedelta(minutes=26)) == date(2025, 3, 3)


def test_the_reminder_is_owed_from_the_learners_spread_second_exactly():
    # the learner's spread is the sum of the id's bytes modulo 60: 678 % 60 = 18 for local:a
    start = datetime(2025, 3, 3, 18, 30, tzinfo=UTC)
    assert reminder_day(setting(), start) is None
    assert reminder_day(setting(), start + timedelta(seconds=17)) is None
    assert reminder_day(setting(), start + timedelta(seconds=18)) == date(2025, 3, 3)
    other = setting(learner="local:b")  # 679 % 60 = 19
    assert reminder_day(other, start + timedelta(seconds=18)) is None
    assert reminder_day(other, start + timedelta(seconds=19)) == date(2025, 3, 3)


def test_the_local_day_is_the_learners_not_the_servers():
    at = datetime(2025, 3, 3, 15, 45, tzinfo=UTC)  # 00:45 on the 4th in Tokyo
    assert local_day(setting(timezone="Asia/Tokyo"), at) == date(2025, 3, 4)
    assert local_day(setting(timezone="America/Los_Angeles"), at) == date(2025, 3, 3)


def test_no_reviews_due_takes_no_minutes():
    assert estimate_minutes(0) == 0
    assert reminder_text(0) == "0 reviews due, ~0 min."
    assert estimate_minutes(1) == 1 and estimate_minutes(40) == 30


def test_zone_names_match_any_case_and_stop_at_twenty_five():
    every = sorted(available_timezones())
    assert zone_names() == every[:25]
    assert zone_names("berlin") == ["Europe/Berlin"]
    assert zone_names("  BERLIN ") == ["Europe/Berlin"]
    europe = zone_names("europe/", limit=100)
    assert len(europe) > 25 and all(n.lower().startswith("europe/") for n in europe)
    assert europe == sorted(europe)
    assert zone_names("no such zone") == []
