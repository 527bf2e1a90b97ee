"""Question pool cycles, tallies in option order, daily and correct streaks."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.core.daily import (
    EmptyPool,
    correct_streak,
    daily_streak,
    pick_question,
    tally,
    tally_counts,
)


class TestPool:
    def test_no_question_repeats_until_the_pool_is_exhausted_then_a_new_cycle(self):
        pool = [f"q{i}" for i in range(7)]
        rng = random.Random(3)
        asked: list[str] = []
        cycle = 1
        for _ in range(7):
            pick = pick_question(pool, asked, cycle, rng)
            assert not pick.new_cycle and pick.cycle == 1
            asked.append(pick.question_id)
        assert sorted(asked) == sorted(pool)
        pick = pick_question(pool, asked, cycle, rng)
        assert pick.new_cycle and pick.cycle == 2 and pick.remaining == 6

    def test_questions_removed_from_the_pool_no_longer_count(self):
        pick = pick_question(["a", "b"], {"a", "gone"}, 1, random.Random(0))
        assert pick.question_id == "b" and pick.remaining == 0 and not pick.new_cycle

    def test_an_empty_pool_is_a_clear_error(self):
        with pytest.raises(EmptyPool, match="No quiz question"):
            pick_question([], [], 1, random.Random(0))


class TestTally:
    def test_counts_and_shares_keep_the_original_option_order(self):
        result = tally([2, 0, 2, 2, 3], option_count=4, correct_index=2)
        assert result.counts == (1, 0, 3, 1)
        assert result.shares == (0.2, 0.0, 0.6, 0.2)
        assert result.correct == 3 and result.total == 5 and result.correct_rate == 0.6

    def test_percentages_always_add_up_to_100(self):
        result = tally([0, 1, 2], option_count=3, correct_index=0)
        assert result.percentages == (34, 33, 33)
        assert sum(tally([0] * 2 + [1] * 5 + [3] * 7, 4, 1).percentages) == 100

    def test_no_answers_is_all_zero(self):
        result = tally([], option_count=3, correct_index=1)
        assert result.percentages == (0, 0, 0) and result.correct_rate is None

    def test_grouped_counts_give_the_same_tally(self):
        assert tally_counts({2: 3, 0: 1}, 4, 2) == tally([2, 2, 2, 0], 4, 2)

    def test_an_out_of_range_choice_is_refused(self):
        with pytest.raises(ValueError, match="outside"):
            tally([4], option_count=4, correct_index=0)


def days(start: date, *offsets: int) -> list[date]:
    return [start + timedelta(days=o) for o in offsets]


START = date(2025, 5, 1)


class TestDailyStreak:
    def test_consecutive_days_count(self):
        quiz = days(START, 0, 1, 2, 3)
        streak = daily_streak(quiz, quiz, today=START + timedelta(days=3))
        assert streak.current == 4 and streak.active_today

    def test_one_missed_day_is_forgiven_but_not_counted(self):
        quiz = days(START, 0, 1, 2, 3)
        answered = days(START, 0, 2, 3)
        assert daily_streak(answered, quiz, today=START + timedelta(days=3)).current == 3

    def test_two_missed_days_in_a_row_break_it(self):
        quiz = days(START, 0, 1, 2, 3, 4)
        answered = days(START, 0, 1, 4)
        streak = daily_streak(answered, quiz, today=START + timedelta(days=4))
        assert streak.current == 1 and streak.longest == 2

    def test_todays_unanswered_quiz_is_pending_not_missed(self):
        quiz = days(START, 0, 1, 2)
        answered = days(START, 0, 1)
        streak = daily_streak(answered, quiz, today=START + timedelta(days=2))
        assert streak.current == 2 and streak.at_risk

    def test_days_without_a_quiz_do_not_break_the_streak(self):
        quiz = days(START, 0, 1, 9, 10)  # paused for a week
        streak = daily_streak(quiz, quiz, today=START + timedelta(days=12))
        assert streak.current == 4

    def test_missing_the_last_two_quizzes_ends_the_current_streak(self):
        quiz = days(START, 0, 1, 2, 3)
        answered = days(START, 0, 1)
        streak = daily_streak(answered, quiz, today=START + timedelta(days=4))
        assert streak.current == 0 and streak.longest == 2

    def test_nobody_answered_anything(self):
        assert daily_streak([], [], today=START).current == 0


@pytest.mark.parametrize(
    ("results", "expected"),
    [([], (0, 0)), ([True, True, False, True], (1, 2)), ([False, True, True, True], (3, 3))],
)
def test_correct_streak(results, expected):
    assert correct_streak(results) == expected
