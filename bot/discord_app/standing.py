"""A member's daily-quiz standing in a server, computed once for every place that shows it.

`/leaderboard` rows and `/progress` read the same records (the member's answered posts)
through the same function, so the two can never disagree: correct answers, answers, and
the daily streak (quiz days in a row, one grace day, in the server's timezone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.daily import daily_streak, load_zone, local_day
from bot.core.ports import Clock, DailyStore, LearnerId


@dataclass(frozen=True)
class DailyStanding:
    correct: int
    answered: int
    streak: int  # days of the current daily streak (0 when broken)

    @property
    def score(self) -> str:
        return f"{self.correct} correct / {self.answered}"

    @property
    def streak_text(self) -> str:
        return f"🔥 {self.streak} day streak"


async def daily_standings(
    store: DailyStore, clock: Clock, guild_id: int, learners: Sequence[LearnerId]
) -> dict[LearnerId, DailyStanding]:
    days = await store.member_days(guild_id, list(learners))
    quiz_days = await store.quiz_days(guild_id)
    schedule = await store.get_schedule(guild_id)
    zone = load_zone(schedule.timezone) if schedule else None
    today = local_day(clock.now(), zone) if zone else clock.now().date()
    standings = {}
    for learner in learners:
        history = days.get(learner, [])
        streak = daily_streak([d.quiz_day for d in history], quiz_days, today)
        standings[learner] = DailyStanding(
            correct=sum(1 for d in history if d.correct),
            answered=len(history),
            streak=streak.current,
        )
    return standings
