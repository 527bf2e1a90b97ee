"""Adaptive practice: misses first, the level steps up after successes and down after a miss."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.core.content import Difficulty
from bot.core.ports import Answer
from bot.core.quiz.adaptive import next_adaptive_question, target_level

from .helpers import build_engine, make_lesson, make_question

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
BANK = (
    make_question("e1", "easy", pinned=True),
    make_question("e2", "easy", pinned=True),
    make_question("e3", "easy", pinned=True),
    make_question("m1", "medium", pinned=True),
    make_question("m2", "medium", pinned=True),
    make_question("h1", "hard", pinned=True),
    make_question("h2", "hard", pinned=True),
)


def said(*answers: tuple[str, bool]) -> list[Answer]:
    return [
        Answer("local:a", "demo", qid, 0, ok, "practice", T0 + timedelta(minutes=i))
        for i, (qid, ok) in enumerate(answers)
    ]


def test_a_new_learner_starts_easy():
    assert target_level(BANK, []) == Difficulty.EASY
    assert next_adaptive_question(BANK, []).id == "e1"


def test_two_right_answers_step_up_and_a_miss_steps_down():
    two_right = said(("e1", True), ("e2", True))
    assert target_level(BANK, two_right) == Difficulty.MEDIUM
    assert next_adaptive_question(BANK, two_right).id == "m1"
    four_right = [*two_right, *said(("m1", True), ("m2", True))]
    assert target_level(BANK, four_right) == Difficulty.HARD
    then_missed = [*four_right, *said(("h1", False))]
    assert target_level(BANK, then_missed) == Difficulty.MEDIUM


def test_the_missed_question_comes_back_first_but_not_straight_away():
    history = said(("e1", True), ("e2", True), ("m1", False))
    assert next_adaptive_question(BANK, history, after="m1").id != "m1"
    assert next_adaptive_question(BANK, history).id != "m1"  # two others come in between
    later = said(("e1", True), ("e2", True), ("m1", False), ("e3", True), ("m2", True))
    assert next_adaptive_question(BANK, later).id == "m1"


def test_an_empty_level_falls_back_to_the_nearest_one():
    no_medium = [q for q in BANK if q.difficulty != Difficulty.MEDIUM]
    history = said(("e1", True), ("e2", True))
    assert next_adaptive_question(no_medium, history).id == "e3"  # easy beats hard on a tie


def test_least_seen_at_the_level_comes_next():
    history = said(("e1", True), ("e2", True), ("m1", True))
    assert next_adaptive_question(BANK, history).id == "m2"


async def test_the_engine_adapts_only_when_asked_and_no_difficulty_is_named():
    engine, *_ = build_engine(make_lesson(questions=BANK))
    for qid in ("e1", "e2"):
        await engine.answer("local:a", "demo", qid, 0)
    adaptive = await engine.practice_question("local:a", "demo", adaptive=True)
    assert adaptive.difficulty == Difficulty.MEDIUM
    plain = await engine.practice_question("local:a", "demo")
    assert plain.id == "e3"  # least seen in lesson order
    named = await engine.practice_question("local:a", "demo", "hard", adaptive=True)
    assert named.difficulty == Difficulty.HARD


@given(st.lists(st.tuples(st.sampled_from([q.id for q in BANK]), st.booleans()), max_size=40))
def test_any_record_gives_a_question_from_the_bank(record):
    history = said(*record)
    question = next_adaptive_question(BANK, history)
    assert question in BANK
    latest = {a.question_id: a.correct for a in history}
    recent = {a.question_id for a in history[-2:]}
    if any(not ok for qid, ok in latest.items() if qid not in recent):
        assert latest.get(question.id) is False  # a miss leads once two others came after it
