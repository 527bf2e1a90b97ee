"""Schedule rules: local wall time across DST, catch-up after downtime, reveal time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.core.daily import (
    DailyRuleError,
    catch_up,
    load_zone,
    local_day,
    next_slot,
    parse_duration,
    parse_post_time,
    reveal_time,
    slot_on,
    slots_between,
)

PARIS = load_zone("Europe/Paris")
NEW_YORK = load_zone("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_post_time_is_local_wall_time_on_both_sides_of_a_dst_change():
    # Paris springs forward on 2025-03-30: 09:00 is 08:00 UTC before, 07:00 UTC after.
    assert slot_on(date(2025, 3, 29), time(9), PARIS) == utc(2025, 3, 29, 8)
    assert slot_on(date(2025, 3, 30), time(9), PARIS) == utc(2025, 3, 30, 7)
    # ... and falls back on 2025-10-26.
    assert slot_on(date(2025, 10, 25), time(9), PARIS) == utc(2025, 10, 25, 7)
    assert slot_on(date(2025, 10, 26), time(9), PARIS) == utc(2025, 10, 26, 8)


def test_a_time_skipped_by_spring_forward_posts_right_after_the_jump():
    slot = slot_on(date(2025, 3, 9), time(2, 30), NEW_YORK)  # 02:00 → 03:00 that night
    assert slot.astimezone(NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"


def test_a_time_repeated_by_fall_back_posts_once_at_its_first_occurrence():
    slots = slots_between(time(1, 30), NEW_YORK, utc(2025, 11, 1, 12), utc(2025, 11, 3, 12))
    assert len(slots) == 2  # one per day, none doubled on 2025-11-02
    assert slots[0] == utc(2025, 11, 2, 5, 30)  # 01:30 EDT, the first of the two
    assert slots[0].astimezone(NEW_YORK).strftime("%Z") == "EDT"
    assert slots[1] == utc(2025, 11, 3, 6, 30)  # 01:30 EST the day after


def test_next_slot_is_strictly_after_the_given_instant():
    at_nine = utc(2025, 3, 29, 8)  # exactly 09:00 Paris
    assert next_slot(time(9), PARIS, at_nine - timedelta(seconds=1)) == at_nine
    assert next_slot(time(9), PARIS, at_nine) == utc(2025, 3, 30, 7)  # across the change


def test_slots_between_is_half_open_and_ordered():
    after, until = utc(2025, 1, 1, 8), utc(2025, 1, 4, 8)  # 09:00 Paris in winter
    assert slots_between(time(9), PARIS, after, until) == [
        utc(2025, 1, 2, 8),
        utc(2025, 1, 3, 8),
        utc(2025, 1, 4, 8),
    ]
    assert slots_between(time(9), PARIS, until, after) == []


def test_local_day_uses_the_guild_timezone():
    late_evening_in_new_york = utc(2025, 6, 2, 2)  # 22:00 on 1 June in New York
    assert local_day(late_evening_in_new_york, NEW_YORK) == date(2025, 6, 1)
    assert local_day(late_evening_in_new_york, PARIS) == date(2025, 6, 2)


class TestCatchUp:
    def test_nothing_due_before_the_next_slot(self):
        result = catch_up(time(9), PARIS, utc(2025, 1, 1, 8), utc(2025, 1, 2, 7, 59))
        assert (result.post, result.missed, result.handled_through) == (None, (), None)

    def test_a_due_slot_is_posted_once(self):
        handled = utc(2025, 1, 1, 8)
        first = catch_up(time(9), PARIS, handled, utc(2025, 1, 2, 8, 0, 5))
        assert first.post == utc(2025, 1, 2, 8) and first.missed == ()
        # The scheduler stores handled_through with the post; the next tick owes nothing.
        again = catch_up(time(9), PARIS, first.handled_through, utc(2025, 1, 2, 8, 1))
        assert again.post is None and again.missed == ()

    def test_downtime_within_the_window_gives_exactly_one_late_post(self):
        result = catch_up(time(9), PARIS, utc(2025, 1, 1, 8), utc(2025, 1, 2, 10, 30))
        assert result.post == utc(2025, 1, 2, 8)
        assert result.missed == ()

    def test_long_downtime_posts_the_newest_slot_and_reports_the_older_ones(self):
        result = catch_up(time(9), PARIS, utc(2025, 1, 1, 8), utc(2025, 1, 4, 9))
        assert result.post == utc(2025, 1, 4, 8)
        assert result.missed == (utc(2025, 1, 2, 8), utc(2025, 1, 3, 8))
        assert result.late and result.handled_through == utc(2025, 1, 4, 8)

    def test_a_slot_older_than_the_window_is_reported_not_posted(self):
        result = catch_up(
            time(9), PARIS, utc(2025, 1, 1, 8), utc(2025, 1, 2, 20), window=timedelta(hours=3)
        )
        assert result.post is None
        assert result.missed == (utc(2025, 1, 2, 8),)
        assert result.handled_through == utc(2025, 1, 2, 8)


class TestRevealTime:
    def test_default_is_the_next_post(self):
        posted, following = utc(2025, 1, 2, 8), utc(2025, 1, 3, 8)
        assert reveal_time(posted, following, None) == following

    def test_reveal_after_comes_first_when_shorter(self):
        posted = utc(2025, 1, 2, 8)
        assert reveal_time(posted, utc(2025, 1, 3, 8), timedelta(hours=6)) == utc(2025, 1, 2, 14)

    def test_the_next_post_still_reveals_when_reveal_after_is_longer(self):
        posted, following = utc(2025, 1, 2, 8), utc(2025, 1, 3, 8)
        assert reveal_time(posted, following, timedelta(days=2)) == following

    def test_no_next_post_and_no_delay_waits(self):
        assert reveal_time(utc(2025, 1, 2, 8), None, None) is None


class TestParsing:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("09:00", time(9)), ("9:30", time(9, 30)), ("21.05", time(21, 5)), ("7h15", time(7, 15))],
    )
    def test_times(self, text, expected):
        assert parse_post_time(text) == expected

    @pytest.mark.parametrize("text", ["24:00", "9", "noon", "12:60", ""])
    def test_bad_times_say_how_to_write_one(self, text):
        with pytest.raises(DailyRuleError, match="HH:MM"):
            parse_post_time(text)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("30m", timedelta(minutes=30)),
            ("6h", timedelta(hours=6)),
            ("1d 12h", timedelta(hours=36)),
        ],
    )
    def test_durations(self, text, expected):
        assert parse_duration(text) == expected

    @pytest.mark.parametrize("text", ["", "soon", "8d", "0m"])
    def test_bad_durations(self, text):
        with pytest.raises(DailyRuleError):
            parse_duration(text)

    @pytest.mark.parametrize("name", ["Mars/Olympus", "", " Europe/Paris", "../etc/passwd"])
    def test_unknown_zones_name_the_expected_form(self, name):
        with pytest.raises(DailyRuleError, match="IANA timezone"):
            load_zone(name)
