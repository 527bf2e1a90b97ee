"""The score card's edges: an empty test, the order of the plan when topics tie on their
share, and steps a concept card names that the lesson does not have."""

from __future__ import annotations

import dataclasses

from bot.core.modes import NEW_TO_YOU, STRONG, score_test, verdict
from tests.unit.modes.builders import MODES, concept, modes_lesson, topical


def _lesson(*cards, questions=()):
    lesson = modes_lesson()
    return dataclasses.replace(
        lesson,
        questions=questions or lesson.questions,
        modes=dataclasses.replace(MODES, concepts=cards or MODES.concepts),
    )


def test_a_test_with_no_answers_scores_nothing_and_is_new_to_you() -> None:
    card = score_test(modes_lesson(), [])
    assert (card.right, card.total, card.percent, card.verdict) == (0, 0, 0, NEW_TO_YOU)
    assert (card.by_difficulty, card.by_topic, card.plan) == ((), (), ())
    assert verdict(0, 0, 0, 0) == NEW_TO_YOU


def test_the_percent_is_rounded_to_a_whole_number() -> None:
    lesson = modes_lesson()
    answers = [(q, i < 2) for i, q in enumerate(lesson.questions[:3])]  # 2 of 3
    assert score_test(lesson, answers).percent == 67
    half = [(q, i < 1) for i, q in enumerate(lesson.questions[:2])]
    assert score_test(lesson, half).percent == 50


def test_between_topics_with_the_same_share_more_misses_come_first() -> None:
    # alpha: 1 of 2 right (one miss); beta: 2 of 4 right (two misses): both 50 %
    questions = (
        topical("a1", "easy", "alpha"),
        topical("a2", "easy", "alpha"),
        topical("b1", "easy", "beta"),
        topical("b2", "easy", "beta"),
        topical("b3", "medium", "beta"),
        topical("b4", "medium", "beta"),
    )
    lesson = _lesson(questions=questions)
    right = {"a1", "b1", "b2"}
    card = score_test(lesson, [(q, q.id in right) for q in questions])
    assert [(t.topic_id, t.right, t.total, t.share) for t in card.by_topic] == [
        ("alpha", 1, 2, 0.5),
        ("beta", 2, 4, 0.5),
    ]
    assert [p.item for p in card.plan if p.mode == "concepts"] == ["beta", "alpha"]


def test_a_lower_share_comes_first_even_with_fewer_misses() -> None:
    questions = (
        topical("a1", "easy", "alpha"),  # alpha 0 of 1: one miss, 0 %
        topical("b1", "easy", "beta"),  # beta 1 of 3: two misses, 33 %
        topical("b2", "easy", "beta"),
        topical("b3", "easy", "beta"),
    )
    lesson = _lesson(questions=questions)
    card = score_test(lesson, [(q, q.id == "b1") for q in questions])
    assert [p.item for p in card.plan if p.mode == "concepts"] == ["alpha", "beta"]


def test_the_plan_names_only_steps_the_lesson_has() -> None:
    cards = (concept("alpha", steps=(2, 5, 1)), concept("beta"))
    questions = (topical("a1", "easy", "alpha"), topical("b1", "easy", "beta"))
    lesson = _lesson(*cards, questions=questions)  # two coding steps
    card = score_test(lesson, [(q, False) for q in questions])
    assert [(p.topic_id, p.mode, p.item, p.label) for p in card.plan] == [
        ("alpha", "concepts", "alpha", "Concepts: Title alpha"),
        ("alpha", "steps", "2", "Step 2: Step 2"),
        ("alpha", "steps", "1", "Step 1: Step 1"),
        ("beta", "concepts", "beta", "Concepts: Title beta"),
    ]
    assert {p.topic_title for p in card.plan} == {"Title alpha", "Title beta"}


def test_hard_questions_decide_between_strong_and_getting_there() -> None:
    lesson = modes_lesson()
    # 8 of 10 right, both misses hard: 2 of 4 hard right is under two thirds
    misses = {"h1", "h2"}
    card = score_test(lesson, [(q, q.id not in misses) for q in lesson.questions])
    assert (card.right, card.verdict) == (8, "getting there")
    hard = [d for d in card.by_difficulty if d.difficulty.value == "hard"]
    assert [(d.right, d.total) for d in hard] == [(2, 4)]
    # the same 8 of 10 with the misses easy: every hard one right, strong
    misses = {"e1", "e2"}
    card = score_test(lesson, [(q, q.id not in misses) for q in lesson.questions])
    assert (card.right, card.verdict) == (8, STRONG)
    # no hard question asked: the share alone decides
    easy = [q for q in lesson.questions if q.difficulty.value != "hard"]
    assert score_test(lesson, [(q, True) for q in easy]).verdict == STRONG
