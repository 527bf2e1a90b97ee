"""Activity streaks: consecutive study days, forgiving one missed day at a time.

A learner who studies Monday and Wednesday keeps their streak (Tuesday is a grace day);
two missed days in a row break it. The streak counts days actually studied, so a grace day
never inflates the number. "Today" comes from the engine's clock, never the system.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

GRACE_DAYS = 1  # missed days in a row that do not break a streak


@dataclass(frozen=True)
class Streak:
    current: int  # active days in the streak that is still alive today (0 if broken)
    longest: int  # the best streak ever, same counting
    active_today: bool
    last_active: date | None

    @property
    def at_risk(self) -> bool:
        """Alive but relying on the grace day: studying today keeps it going."""
        return self.current > 0 and not self.active_today


def _alive_gap(earlier: date, later: date) -> bool:
    return (later - earlier).days <= GRACE_DAYS + 1


def compute_streak(days: Iterable[date], today: date) -> Streak:
    """Streak figures for the distinct `days` a learner was active, as of `today`."""
    active = sorted({d for d in days if d <= today})
    if not active:
        return Streak(current=0, longest=0, active_today=False, last_active=None)
    longest = run = 1
    for earlier, later in pairwise(active):
        run = run + 1 if _alive_gap(earlier, later) else 1
        longest = max(longest, run)
    current = run if _alive_gap(active[-1], today) else 0
    return Streak(
        current=current,
        longest=longest,
        active_today=active[-1] == today,
        last_active=active[-1],
    )
