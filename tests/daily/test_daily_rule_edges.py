"""Edges of the daily quiz's rules a moderator or member would notice: the exact bounds of
settings, the catch-up window, slots on the posting day itself, refused tallies and how a
streak reads around today."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.daily import (
    DailyRuleError,
    EmptyPool,
    Streak,
    catch_up,
    daily_streak,
    load_zone,
    parse_duration,
    pick_question,
    slot_on,
    slots_between,
    tally,
    tally_counts,
)

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2025, 5, 10)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# --------------------------------------------------------------------------- settings


def test_a_zone_is_loaded_by_its_exact_name_only():
    assert load_zone("Europe/Paris") == PARIS
    for bad in ("", " Europe/Paris", "Europe/Paris "):
        with pytest.raises(DailyRuleError) as caught:
            load_zone(bad)
        assert caught.value.message == (
            f"'{bad}' is not an IANA timezone; use a name like Europe/Paris or America/New_York."
        )


def test_the_reveal_delay_runs_from_one_minute_to_seven_days_inclusive():
    assert parse_duration("1m") == timedelta(minutes=1)
    assert parse_duration("7d") == timedelta(days=7)
    for text in ("0m", "7d 1m"):
        with pytest.raises(DailyRuleError) as caught:
            parse_duration(text)
        assert caught.value.message == "The reveal delay must be between 1 minute and 7 days."
    with pytest.raises(DailyRuleError) as caught:
        parse_duration("soon")
    assert caught.value.message == "'soon' is not a duration; write it like 30m, 6h or 1d."


# --------------------------------------------------------------------------- schedule


def test_a_slot_later_on_the_same_local_day_is_found():
    after = datetime(2025, 5, 10, 8, 0, tzinfo=PARIS)
    until = datetime(2025, 5, 10, 10, 0, tzinfo=PARIS)
    assert slots_between(time(9, 0), PARIS, after, until) == [
        datetime(2025, 5, 10, 7, 0, tzinfo=UTC)  # 09:00 in Paris (UTC+2)
    ]


def test_a_slot_exactly_at_the_end_of_the_catch_up_window_is_still_posted():
    slot = datetime(2025, 5, 10, 7, 0, tzinfo=UTC)
    handled = slot - timedelta(days=1)
    on_the_edge = catch_up(time(9, 0), PARIS, handled, slot + timedelta(hours=3))
    assert (on_the_edge.post, on_the_edge.missed) == (slot, ())
    too_late = catch_up(time(9, 0), PARIS, handled, slot + timedelta(hours=3, seconds=1))
    assert (too_late.post, too_late.missed, too_late.handled_through) == (None, (slot,), slot)


# --------------------------------------------------------------------------- pool, tally


def test_an_empty_pool_explains_itself():
    with pytest.raises(EmptyPool) as caught:
        pick_question([], [], 1, None)
    assert caught.value.message == "No quiz question matches this server's lessons or tags."


def test_a_choice_outside_the_options_is_refused_with_the_range():
    with pytest.raises(ValueError, match=r"^choice 4 is outside 0\.\.3$"):
        tally([4], option_count=4, correct_index=0)
    with pytest.raises(ValueError, match=r"^choice 4 is outside 0\.\.3$"):
        tally_counts({4: 1}, option_count=4, correct_index=0)
    with pytest.raises(ValueError, match=r"^choice -1 is outside 0\.\.3$"):
        tally_counts({-1: 1}, option_count=4, correct_index=0)


# --------------------------------------------------------------------------- streaks


def test_a_member_who_never_answered_has_an_empty_streak():
    assert daily_streak([], [], TODAY) == Streak(0, 0, False, None)
    quizzes_only = daily_streak([], [day(-2), day(-1), day(0)], TODAY)
    assert quizzes_only == Streak(0, 0, False, None)


def test_todays_quiz_is_pending_after_yesterdays_was_missed():
    # Answered two quizzes ago, missed yesterday's (the grace day), today's not answered yet.
    streak = daily_streak([day(-2)], [day(-2), day(-1), day(0)], TODAY)
    assert (streak.current, streak.active_today, streak.last_active) == (1, False, day(-2))


def test_a_quiz_day_that_has_passed_unanswered_uses_the_grace_day():
    # No quiz today; yesterday's was missed: forgiven, not yet broken.
    streak = daily_streak([day(-2)], [day(-2), day(-1)], TODAY)
    assert streak.current == 1


def test_an_answer_given_today_counts_even_without_a_quiz_today():
    # Yesterday's quiz answered after midnight, local time.
    streak = daily_streak([day(-1), day(0)], [day(-1)], TODAY)
    assert (streak.current, streak.longest, streak.active_today, streak.last_active) == (
        2,
        2,
        True,
        TODAY,
    )


def test_slots_are_utc_instants_whatever_the_hosts_own_zone(monkeypatch):
    import time as host_time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    host_time.tzset()
    try:
        slot = slot_on(date(2025, 5, 10), time(9, 0), PARIS)
    finally:
        monkeypatch.undo()
        host_time.tzset()
    assert slot.isoformat() == "2025-05-10T07:00:00+00:00"  # what the daily store keeps
