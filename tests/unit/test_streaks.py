"""Streak counting with one grace day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.core.daily import compute_streak

TODAY = date(2025, 3, 10)


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("active", "current", "longest", "today_active"),
    [
        ([], 0, 0, False),
        (days_ago(0), 1, 1, True),
        (days_ago(0, 1, 2), 3, 3, True),
        (days_ago(1, 2), 2, 2, False),  # not yet today: still alive
        (days_ago(2, 3), 2, 2, False),  # yesterday missed: the grace day
        (days_ago(3, 4), 0, 2, False),  # two missed days in a row: broken
        (days_ago(0, 2, 4), 3, 3, True),  # every other day survives
        (days_ago(0, 3, 4, 5, 6), 1, 4, True),  # an old longer streak
        (days_ago(0, 0, 1), 2, 2, True),  # duplicates count once
    ],
)
def test_streaks(active, current, longest, today_active):
    streak = compute_streak(active, TODAY)
    assert (streak.current, streak.longest, streak.active_today) == (
        current,
        longest,
        today_active,
    )


def test_days_after_today_are_ignored_and_at_risk_is_reported():
    streak = compute_streak([*days_ago(1), TODAY + timedelta(days=1)], TODAY)
    assert streak.current == 1 and streak.at_risk and streak.last_active == days_ago(1)[0]
