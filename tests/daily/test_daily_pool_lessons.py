"""The daily pool over several lessons: draws take every lesson in turn; how long it lasts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.daily import pick_question, pool_outlook


def lesson_of(key: tuple[str, int]) -> str:
    return key[0]


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_a_cycle_asks_each_question_once_and_keeps_lessons_level(sizes, seed):
    pool = [(f"lesson{n}", q) for n, size in enumerate(sizes) for q in range(size)]
    rng = random.Random(seed)
    asked: list[tuple[str, int]] = []
    for _ in range(len(pool)):
        pick = pick_question(pool, asked, 1, rng, group=lesson_of)
        assert not pick.new_cycle and pick.question_id not in asked
        asked.append(pick.question_id)
        counts = {f"lesson{n}": 0 for n in range(len(sizes))}
        for lesson, _ in asked:
            counts[lesson] += 1
        # lessons with questions left never fall more than one draw behind another
        open_counts = [
            counts[f"lesson{n}"] for n, size in enumerate(sizes) if counts[f"lesson{n}"] < size
        ]
        assert not open_counts or max(counts.values()) - min(open_counts) <= 1
    assert sorted(asked) == sorted(pool)
    again = pick_question(pool, asked, 1, rng, group=lesson_of)
    assert again.new_cycle and again.cycle == 2


def test_the_first_draws_cover_every_lesson_even_beside_a_big_one():
    pool = [("big", q) for q in range(40)] + [("small", 0), ("tiny", 0)]
    rng = random.Random(0)
    asked: list[tuple[str, int]] = []
    for _ in range(3):
        asked.append(pick_question(pool, asked, 1, rng, group=lesson_of).question_id)
    assert sorted(lesson for lesson, _ in asked) == ["big", "small", "tiny"]


def test_the_outlook_counts_days_of_new_questions_from_the_next_post():
    pool = [("a", q) for q in range(5)] + [("b", q) for q in range(3)]
    monday = date(2026, 12, 7)
    outlook = pool_outlook(pool, [("a", 0), ("b", 1)], monday, lesson_of)
    assert (outlook.questions, outlook.groups, outlook.left) == (8, 2, 6)
    assert outlook.last_new_day == monday + timedelta(days=5)
    spent = pool_outlook(pool, pool, monday, lesson_of)  # every question asked
    assert spent.left == 0 and spent.last_new_day == monday + timedelta(days=7)  # next pass
    paused = pool_outlook(pool, [], None, lesson_of)
    assert paused.left == 8 and paused.last_new_day is None
