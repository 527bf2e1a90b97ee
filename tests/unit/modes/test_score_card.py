"""Test this pattern: the verdict's thresholds, the score per topic, and a plan that opens
the mode that teaches each topic missed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.modes import GETTING_THERE, NEW_TO_YOU, STRONG, score_test, verdict
from tests.unit.modes.builders import QUESTIONS, modes_lesson
from tests.unit.modes.conftest import Setup

L = "learner-1"


@pytest.mark.parametrize(
    ("right", "total", "hard_right", "hard_total", "expected"),
    [
        (8, 10, 2, 3, STRONG),  # the documented example: 8/10 and 2 of 3 hard
        (10, 10, 3, 3, STRONG),
        (9, 10, 1, 3, GETTING_THERE),  # most right, but the hard ones are not there yet
        (8, 10, 1, 2, GETTING_THERE),
        (7, 10, 3, 3, GETTING_THERE),
        (5, 10, 0, 3, GETTING_THERE),
        (4, 10, 3, 3, NEW_TO_YOU),
        (0, 10, 0, 3, NEW_TO_YOU),
        (4, 5, 0, 0, STRONG),  # no hard question asked: the share decides
    ],
)
def test_the_verdict_follows_the_documented_thresholds(
    right: int, total: int, hard_right: int, hard_total: int, expected: str
):
    assert verdict(right, total, hard_right, hard_total) == expected


def test_nothing_missed_means_no_plan():
    card = score_test(modes_lesson(), [(q, True) for q in QUESTIONS])
    assert (card.verdict, card.right, card.total, card.percent, card.plan) == (
        STRONG, 10, 10, 100, ()
    )  # fmt: skip


def test_questions_without_a_topic_count_by_difficulty_only():
    card = score_test(modes_lesson(), [(q, q.id != "m3") for q in QUESTIONS])
    assert [(t.topic_id, t.right, t.total) for t in card.by_topic] == [
        ("alpha", 3, 3), ("beta", 3, 3), ("gamma", 3, 3),
    ]  # fmt: skip
    assert [(d.difficulty.value, d.right, d.total) for d in card.by_difficulty] == [
        ("easy", 3, 3), ("medium", 2, 3), ("hard", 4, 4),
    ]  # fmt: skip
    assert card.plan == ()


async def test_hard_ones_wrong_give_a_plan_of_the_missed_topics_whose_buttons_open_them(
    setup: Setup,
):
    session = await setup.engine.start_test(L, "demo")
    assert len(session.questions) == 10
    for question in session.questions:
        wrong = question.difficulty.value == "hard"
        await setup.engine.answer_test(L, "demo", session.id, question.id, 1 if wrong else 0)
    card = await setup.desk.test_score(L, "demo", session.id)
    assert (card.right, card.total, card.verdict) == (6, 10, GETTING_THERE)
    assert [(d.difficulty.value, d.right, d.total) for d in card.by_difficulty][-1] == (
        "hard",
        0,
        4,
    )
    assert [(p.mode, p.item, p.label) for p in card.plan] == [
        ("concepts", "beta", "Concepts: Title beta"),  # 1 of 3: the weakest first
        ("steps", "2", "Step 2: Step 2"),
        ("concepts", "alpha", "Concepts: Title alpha"),  # 2 of 3, earlier card first
        ("steps", "1", "Step 1: Step 1"),
        ("concepts", "gamma", "Concepts: Title gamma"),
    ]
    button = card.plan[0]
    opened = await setup.desk.enter(L, "demo", button.mode, item=button.item)
    assert (opened.item_id, opened.item.title) == ("beta", "Title beta")
    step = await setup.desk.enter(L, "demo", card.plan[1].mode, item=card.plan[1].item)
    assert step.item.index == 2
    row = await setup.store.get_mode(L, "demo", "test")
    assert row is not None and row.state["verdict"] == GETTING_THERE
    assert (row.right, row.wrong) == (6, 4)


async def test_all_wrong_is_new_to_you_and_names_every_topic(setup: Setup):
    session = await setup.engine.start_test(L, "demo")
    for question in session.questions:
        await setup.engine.answer_test(L, "demo", session.id, question.id, 3)
    card = await setup.desk.test_score(L, "demo", session.id)
    assert card.verdict == NEW_TO_YOU
    assert [p.topic_title for p in card.plan if p.mode == "concepts"] == [
        "Title alpha", "Title beta", "Title gamma",
    ]  # fmt: skip


def test_a_step_that_practises_two_missed_topics_is_one_plan_entry_under_the_weaker():
    lesson = modes_lesson()
    shared = tuple(replace(card, steps=(2,)) for card in lesson.modes.concepts)
    lesson = replace(lesson, modes=replace(lesson.modes, concepts=shared))
    card = score_test(lesson, [(q, False) for q in QUESTIONS])
    places = [(p.mode, p.item) for p in card.plan]
    assert places.count(("steps", "2")) == 1
    assert len(places) == len(set(places))  # one button per place: custom ids stay unique
    first_step = next(p for p in card.plan if p.mode == "steps")
    assert first_step.topic_id == card.plan[0].topic_id  # listed under the weakest topic
