"""Spaced reviews with a frozen clock: misses come back on FSRS's day, right answers push
cards out, and a learner with nothing due is told when the next card is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app import wire_reviews
from bot.core.ports import ReminderSetting
from bot.core.reviews import (
    DueQuestion,
    DueStep,
    Grade,
    NothingDue,
    ReminderError,
    grade,
    new_card,
    parse_time,
    parse_zone,
    reminder_day,
    reminder_text,
    review,
)
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # SteppingClock's start
KEY = "question:demo:q1"


@pytest.fixture
def world():
    lesson = make_lesson(
        questions=(make_question("q1", correct=0, pinned=True), make_question("q2", pinned=True))
    )
    engine, _, _, clock = build_engine(lesson)
    reviews = MemoryReviewStore()
    desk = wire_reviews(engine, reviews, clock)
    return engine, desk, reviews, clock


async def test_a_missed_practice_question_comes_back_the_day_fsrs_schedules(world):
    engine, desk, reviews, clock = world
    await engine.answer("local:a", "demo", "q1", choice=2)  # wrong
    (card,) = await reviews.cards("local:a")
    assert card.key == KEY and card.source == "practice"
    assert card.due == T0 + timedelta(days=1)  # FSRS: Again on a new card → one day
    nothing = await desk.next_due("local:a")
    assert nothing == NothingDue(next_due=T0 + timedelta(days=1), cards=1)
    clock.advance(hours=23, minutes=59)
    assert isinstance(await desk.next_due("local:a"), NothingDue)
    clock.advance(minutes=1)
    due = await desk.next_due("local:a")
    assert isinstance(due, DueQuestion)
    assert due.question.id == "q1" and due.remaining == 1


async def test_a_right_answer_pushes_the_card_out_and_a_wrong_one_brings_it_back(world):
    engine, desk, reviews, clock = world
    await engine.answer("local:a", "demo", "q1", choice=1)
    clock.advance(days=1)
    result = await desk.answer("local:a", KEY, choice=0, seconds=30)
    assert result.correct and result.rating == Grade.GOOD
    assert result.explanation == ("q1 step one", "q1 step two")
    assert result.next_due == clock.at + timedelta(days=2)  # FSRS Good after one Again
    assert result.remaining == 0
    clock.advance(days=2)
    again = await desk.answer("local:a", KEY, choice=3)
    assert not again.correct and again.rating == Grade.AGAIN
    assert again.next_due == clock.at + timedelta(days=1)
    history = await reviews.events("local:a")
    assert [e.rating for e in history] == [Grade.AGAIN, Grade.GOOD, Grade.AGAIN]


async def test_right_answers_space_the_card_further_each_time(world):
    engine, desk, _, clock = world
    await engine.answer("local:a", "demo", "q1", choice=1)
    gaps = []
    for _ in range(4):
        clock.at = (await desk.store.get_card("local:a", KEY)).due
        result = await desk.answer("local:a", KEY, choice=0, seconds=30)
        gaps.append(result.next_due - clock.at)
    assert gaps == sorted(gaps) and gaps[0] < gaps[-1]


async def test_nothing_due_says_when_the_next_card_is(world):
    engine, desk, _, clock = world
    assert await desk.next_due("local:a") == NothingDue(next_due=None, cards=0)
    await engine.answer("local:a", "demo", "q1", choice=1)
    clock.advance(days=1)
    await desk.answer("local:a", KEY, choice=0, seconds=30)
    nothing = await desk.next_due("local:a")
    assert nothing == NothingDue(next_due=clock.at + timedelta(days=2), cards=1)


async def test_right_practice_answers_make_no_card(world):
    engine, _, reviews, _ = world
    await engine.answer("local:a", "demo", "q1", choice=0)
    assert await reviews.cards("local:a") == []


async def test_test_and_daily_misses_become_cards_with_their_source(world):
    engine, _, reviews, _ = world
    session = await engine.start_test("local:a", "demo")
    await engine.answer_test("local:a", "demo", session.id, "q2", choice=3)
    from bot.core.ports import Answer

    await engine.notify_answer(Answer("local:a", "demo", "q1", 1, False, "daily", T0))
    sources = {c.item: c.source for c in await reviews.cards("local:a")}
    assert sources == {"q2": "test", "q1": "daily"}


async def test_a_practice_answer_on_a_carded_question_reviews_it(world):
    engine, _, reviews, clock = world
    await engine.answer("local:a", "demo", "q1", choice=1)
    clock.advance(days=1)
    await engine.answer("local:a", "demo", "q1", choice=0)
    (card,) = await reviews.cards("local:a")
    assert card.reviews == 2 and card.due == clock.at + timedelta(days=2)


async def test_steps_that_needed_the_solution_or_many_attempts_become_cards(world):
    engine, _, reviews, _ = world
    for _ in range(3):
        await engine.submit("local:a", "demo", "wrong")
    await engine.submit("local:a", "demo", PASSING)  # step 1: three misses, then a pass
    await engine.solution("local:a", "demo", give_up=True)  # step 2: gave up
    await engine.submit("local:a", "demo", PASSING)
    await engine.submit("local:a", "demo", PASSING)  # step 3: first try, no card
    cards = {c.item: c for c in await reviews.cards("local:a")}
    assert set(cards) == {"1", "2"}
    ratings = {e.card_key: e.rating for e in await reviews.events("local:a")}
    assert ratings == {"step:demo:1": Grade.HARD, "step:demo:2": Grade.AGAIN}


async def test_a_step_card_is_reviewed_by_running_the_code_again(world):
    engine, desk, _, clock = world
    await engine.solution("local:a", "demo", give_up=True)
    clock.advance(days=1)
    due = await desk.next_due("local:a")
    assert isinstance(due, DueStep) and due.step_number == 1
    result, run = await desk.answer_step("local:a", due.card.key, "nope")
    assert not run.passed and result.rating == Grade.AGAIN
    clock.advance(days=1)
    result, run = await desk.answer_step("local:a", due.card.key, PASSING, seconds=60)
    assert run.passed and result.rating == Grade.GOOD


def test_answers_map_onto_the_four_ratings():
    assert grade(False) == Grade.AGAIN
    assert grade(False, hinted=True, seconds=1) == Grade.AGAIN
    assert grade(True, hinted=True) == Grade.HARD
    assert grade(True) == Grade.GOOD
    assert grade(True, seconds=30) == Grade.GOOD
    assert grade(True, seconds=3) == Grade.EASY


def test_review_refuses_naive_times():
    card = new_card("local:a", "question", "demo", "q1", "practice", T0)
    with pytest.raises(ValueError, match="timezone"):
        review(card, Grade.GOOD, datetime(2025, 3, 3, 9, 0))


@given(st.lists(st.sampled_from(list(Grade)), min_size=1, max_size=30))
def test_every_review_schedules_a_later_day(ratings):
    card = new_card("local:a", "question", "demo", "q1", "practice", T0)
    at = T0
    for rating in ratings:
        card, event = review(card, rating, at)
        assert card.due >= at + timedelta(days=1)
        assert event.next_due == card.due
        at = card.due
    assert card.reviews == len(ratings)


# --------------------------------------------------------------------------- reminders


def setting(**changes) -> ReminderSetting:
    values = dict(learner="local:a", enabled=True, time="18:00", timezone="Europe/Berlin")
    values.update(changes)
    return ReminderSetting(**values)


def test_a_reminder_is_owed_from_the_learners_local_time_until_claimed():
    at = datetime(2025, 3, 3, 16, 59, tzinfo=UTC)  # 17:59 in Berlin
    assert reminder_day(setting(), at) is None
    owed = reminder_day(setting(), at + timedelta(minutes=2))  # 18:01, past any spread
    assert owed == date(2025, 3, 3)
    assert reminder_day(setting(last_sent=owed), at + timedelta(hours=5)) is None
    tomorrow = at + timedelta(days=1, minutes=2)
    assert reminder_day(setting(last_sent=owed), tomorrow) == date(2025, 3, 4)
    assert reminder_day(setting(enabled=False), tomorrow) is None


def test_the_local_day_crosses_midnight_with_the_timezone():
    late = setting(time="00:30", timezone="Asia/Tokyo")
    at = datetime(2025, 3, 3, 15, 45, tzinfo=UTC)  # 00:45 on the 4th in Tokyo
    assert reminder_day(late, at) == date(2025, 3, 4)


def test_reminder_text_counts_and_estimates():
    assert reminder_text(1) == "1 review due, ~1 min."
    assert reminder_text(4) == "4 reviews due, ~3 min."


def test_bad_times_and_zones_say_what_is_expected():
    assert parse_time("7:05") == "07:05"
    with pytest.raises(ReminderError, match="24-hour HH:MM"):
        parse_time("25:00")
    assert parse_zone("Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(ReminderError, match="Europe/Berlin"):
        parse_zone("Mars/Olympus")


@given(st.text(max_size=40))
def test_any_typed_time_is_either_a_clean_hh_mm_or_a_clear_error(text):
    try:
        parsed = parse_time(text)
    except ReminderError as error:
        assert "HH:MM" in str(error)
    else:
        hour, minute = parsed.split(":")
        assert len(hour) == 2 and 0 <= int(hour) < 24 and 0 <= int(minute) < 60
