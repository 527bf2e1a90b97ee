"""Which question a daily post asks, how its answers tally up, and members' daily streaks.

Pure rules over values the daily store hands back; the scheduler in `schedule` decides when."""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from bot.core.daily.schedule import DailyRuleError
from bot.core.daily.streaks import Streak, compute_streak

Key = TypeVar("Key", bound=Hashable)  # how a question is named in a pool


class EmptyPool(DailyRuleError):
    """No question matches the guild's lessons/tags filter."""

    def __init__(self) -> None:
        super().__init__("No quiz question matches this server's lessons or tags.")


# --------------------------------------------------------------------------- question pool


@dataclass(frozen=True)
class PoolPick(Generic[Key]):
    question_id: Key
    cycle: int  # the guild's pass through its pool this question belongs to
    new_cycle: bool  # every question had been asked: a new pass started with this one
    remaining: int  # questions still unasked in this cycle after this one


def pick_question(
    pool: Sequence[Key],
    asked_this_cycle: Collection[Key],
    cycle: int,
    rng: random.Random,
    group: Callable[[Key], Hashable] | None = None,
) -> PoolPick[Key]:
    """A question the guild has not had in its current cycle; a fresh cycle once none is left.

    Only ids still in the pool count as asked, so lessons added to the filter (or
    questions added to a lesson) join the running cycle at once. With `group` (a
    question's lesson), the draw comes from the groups asked least so far in the cycle
    that still have fresh questions, so every lesson of the pool takes its turn early
    instead of the biggest bank crowding out the small ones.
    """
    unique = list(dict.fromkeys(pool))
    if not unique:
        raise EmptyPool()
    asked = set(asked_this_cycle)
    fresh = [q for q in unique if q not in asked]
    new_cycle = not fresh
    if new_cycle:
        cycle, fresh, asked = cycle + 1, unique, set()
    candidates = fresh if group is None else _least_asked(unique, asked, fresh, group)
    choice = rng.choice(candidates)
    return PoolPick(question_id=choice, cycle=cycle, new_cycle=new_cycle, remaining=len(fresh) - 1)


def _least_asked(
    unique: list[Key], asked: set[Key], fresh: list[Key], group: Callable[[Key], Hashable]
) -> list[Key]:
    counts: dict[Hashable, int] = {}
    for key in unique:
        counts.setdefault(group(key), 0)
        if key in asked:
            counts[group(key)] += 1
    fewest = min(counts[group(key)] for key in fresh)
    return [key for key in fresh if counts[group(key)] == fewest]


@dataclass(frozen=True)
class PoolOutlook:
    """How long a guild's pool lasts at one post a day, for `/daily status`."""

    questions: int
    groups: int  # lessons the pool draws from
    left: int  # not yet asked in the current cycle: that many more days of new questions
    last_new_day: date | None  # the quiz day of the last of them (None: not scheduled)

    @property
    def days_per_cycle(self) -> int:
        return self.questions


def pool_outlook(
    pool: Sequence[Key],
    asked_this_cycle: Collection[Key],
    next_post_day: date | None,
    group: Callable[[Key], Hashable],
) -> PoolOutlook:
    """`left` new questions from `next_post_day` on, one a day; when none are left the next
    post starts a new cycle, which lasts as many days as the pool has questions."""
    unique = list(dict.fromkeys(pool))
    asked = set(asked_this_cycle)
    left = sum(1 for key in unique if key not in asked)
    days = left or len(unique)
    last = next_post_day + timedelta(days=days - 1) if next_post_day and days else None
    return PoolOutlook(len(unique), len({group(key) for key in unique}), left, last)


# --------------------------------------------------------------------------- tally


@dataclass(frozen=True)
class Tally:
    """Answers per option, in the question's original option order."""

    counts: tuple[int, ...]
    correct_index: int

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def correct(self) -> int:
        return self.counts[self.correct_index]

    @property
    def shares(self) -> tuple[float, ...]:
        """Exact fraction of answers per option (0.0 when nobody answered)."""
        total = self.total
        return tuple(count / total if total else 0.0 for count in self.counts)

    @property
    def correct_rate(self) -> float | None:
        return self.correct / self.total if self.total else None

    @property
    def percentages(self) -> tuple[int, ...]:
        """Whole percentages that add up to exactly 100 (largest remainder method)."""
        total = self.total
        if not total:
            return tuple(0 for _ in self.counts)
        exact = [count * 100 / total for count in self.counts]
        whole = [int(value) for value in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: (whole[i] - exact[i], i))
        for i in by_remainder[: 100 - sum(whole)]:
            whole[i] += 1
        return tuple(whole)


def tally(choices: Iterable[int], option_count: int, correct_index: int) -> Tally:
    """Count `choices` (option indexes) per option; an out-of-range index is a bug upstream."""
    counts = [0] * option_count
    for choice in choices:
        if not 0 <= choice < option_count:
            raise ValueError(f"choice {choice} is outside 0..{option_count - 1}")
        counts[choice] += 1
    return Tally(counts=tuple(counts), correct_index=correct_index)


def tally_counts(per_choice: dict[int, int], option_count: int, correct_index: int) -> Tally:
    """The same Tally from counts a database already grouped ({choice: count})."""
    counts = [0] * option_count
    for choice, count in per_choice.items():
        if not 0 <= choice < option_count:
            raise ValueError(f"choice {choice} is outside 0..{option_count - 1}")
        counts[choice] = count
    return Tally(counts=tuple(counts), correct_index=correct_index)


# --------------------------------------------------------------------------- streaks


def daily_streak(answered: Collection[date], quiz_days: Collection[date], today: date) -> Streak:
    """A member's daily-quiz streak, counted in quiz days (the guild's local dates of posts).

    Days without a quiz (the schedule was paused) neither count nor break anything; a
    single missed quiz day is forgiven (the grace day), two in a row break the streak; a
    quiz posted today and not yet answered is still pending. Grace follows `compute_streak`,
    applied to quiz-day positions instead of calendar dates.
    """
    days = sorted({d for d in quiz_days if d <= today} | {d for d in answered if d <= today})
    if not days:
        return Streak(current=0, longest=0, active_today=False, last_active=None)
    base = date(2000, 1, 1).toordinal()
    position = {day: date.fromordinal(base + i) for i, day in enumerate(days)}
    mapped = [position[d] for d in answered if d in position]
    # Today is the newest quiz day's position, or the one after it once that day is over.
    now = position[days[-1]] + timedelta(days=0 if days[-1] == today else 1)
    streak = compute_streak(mapped, now)
    last = max((d for d in answered if d <= today), default=None)
    return Streak(
        current=streak.current,
        longest=streak.longest,
        active_today=last == today,
        last_active=last,
    )


def correct_streak(results: Sequence[bool]) -> tuple[int, int]:
    """(current, longest) run of correct answers in `results`, oldest first."""
    current = longest = 0
    for correct in results:
        current = current + 1 if correct else 0
        longest = max(longest, current)
    return current, longest
