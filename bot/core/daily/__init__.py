"""The moderator-scheduled daily quiz's rules and activity streaks, free of Discord, SQL and clocks.

Belongs here: schedules in IANA zones, catch-up and reveal times, picking and tallying,
streaks. Not here: what the daily store persists (the port is `bot.core.ports.daily`).
"""

from __future__ import annotations

from bot.core.daily.pool import (
    EmptyPool,
    PoolOutlook,
    Tally,
    correct_streak,
    daily_streak,
    pick_question,
    pool_outlook,
    tally,
    tally_counts,
)
from bot.core.daily.schedule import (
    CATCH_UP_WINDOW,
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
from bot.core.daily.streaks import Streak, compute_streak

__all__ = [
    "CATCH_UP_WINDOW",
    "DailyRuleError",
    "EmptyPool",
    "PoolOutlook",
    "Streak",
    "Tally",
    "catch_up",
    "compute_streak",
    "correct_streak",
    "daily_streak",
    "load_zone",
    "local_day",
    "next_slot",
    "parse_duration",
    "parse_post_time",
    "pick_question",
    "pool_outlook",
    "reveal_time",
    "slot_on",
    "slots_between",
    "tally",
    "tally_counts",
]
