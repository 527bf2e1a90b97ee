"""The facts behind a progress card and a daily chart, summed per track from the learner's
record, and the alt text that states them line by line (singular and plural days)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from bot.app import wire_reviews
from bot.core.pictures import daily_alt, daily_facts, learner_progress, progress_alt
from bot.core.ports import DailyStatsFacts, DayRate, OptionCount, ProgressFacts, TrackProgress
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

TODAY = date(2025, 3, 30)


async def test_lessons_are_summed_per_track_and_a_lesson_without_one_counts_as_other():
    first = make_lesson("a", steps=2)
    second = make_lesson("b", steps=1)
    loose = dataclasses.replace(make_lesson("c", steps=2), track="")
    engine, _, _, clock = build_engine(first, second, loose)
    for _ in range(2):
        await engine.submit("local:a", "a", PASSING)
    await engine.submit("local:a", "b", PASSING)
    await engine.submit("local:a", "c", PASSING)
    found = await learner_progress(engine, None, "local:a", "Ana")
    assert found.tracks == (
        TrackProgress("other", 0, 1, 1, 2),
        TrackProgress("testing", 2, 2, 3, 3),
    )
    assert (found.name, found.as_of, found.reviews_due) == ("Ana", clock.at.date(), 0)


async def test_reviews_due_come_from_the_desk_when_there_is_one():
    lesson = make_lesson(questions=(make_question("q1"),))
    engine, _, _, clock = build_engine(lesson)
    desk = wire_reviews(engine, MemoryReviewStore(), clock)
    assert (await learner_progress(engine, desk, "local:a", "Ana")).reviews_due == 0
    await engine.answer("local:a", "demo", "q1", 3)  # a miss: due tomorrow
    clock.advance(days=1)
    found = await learner_progress(engine, desk, "local:a", "Bo")
    assert (found.name, found.reviews_due) == ("Bo", 1)
    assert (await learner_progress(engine, None, "local:a", "Bo")).reviews_due == 0


def test_daily_facts_keep_the_question_id_and_the_days_given():
    days = [DayRate(date(2025, 3, 28), 10, 7), DayRate(date(2025, 3, 29), 0, 0)]
    found = daily_facts(make_question("q7", correct=1), {1: 2}, days)
    assert found.title == "q7" and found.days == tuple(days)
    assert [o.count for o in found.options] == [0, 2, 0, 0]


def test_the_progress_alt_text_says_day_for_one_and_days_otherwise():
    one_day = (DayRate(TODAY - timedelta(days=1), 0, 0), DayRate(TODAY, 3, 2))
    facts = ProgressFacts("ana", TODAY, (TrackProgress("python", 1, 4, 6, 20),), 1, one_day, 2)
    assert progress_alt(facts) == (
        "Progress card for ana on 2025-03-30.\n"
        "python: 1 of 4 lessons, 6 of 20 steps.\n"
        "Quiz accuracy over the last 2 days: 67% (2 of 3 right, on 1 day).\n"
        "Streak: 1 day. Reviews due: 2."
    )
    two_days = (DayRate(TODAY - timedelta(days=1), 1, 1), DayRate(TODAY, 1, 0))
    alt = progress_alt(ProgressFacts("bo", TODAY, (), 2, two_days, 0))
    assert "(1 of 2 right, on 2 days)." in alt and "Streak: 2 days." in alt
    assert "Streak: 0 days." in progress_alt(ProgressFacts("cy", TODAY, (), 0, (), 0))


def test_the_daily_alt_text_is_one_line_per_fact():
    options = (OptionCount("A", 1, True), OptionCount("B", 3, False))
    days = (DayRate(date(2025, 3, 29), 4, 1),)
    assert daily_alt(DailyStatsFacts("q-loss", options, days)) == (
        "Daily quiz q-loss: 4 answers. Answers per option: A 1 (correct), B 3.\n"
        "Correct rate on recent quiz days: 2025-03-29 25%."
    )
