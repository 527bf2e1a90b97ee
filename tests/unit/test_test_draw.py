"""Test mode draws 10 questions across easy, medium and hard, preferring what the learner
has not seen or got wrong, and two consecutive tests of one learner differ (issue 12)."""

from __future__ import annotations

from collections import Counter

from bot.core.quiz.selection import draw_test
from tests.unit.helpers import build_engine, make_lesson, make_question

LEVELS = ("easy", "medium", "hard")
BANK = tuple(
    make_question(f"{level[0]}{n}", level, pinned=True) for level in LEVELS for n in range(6)
)


def test_a_test_is_stratified_across_the_difficulties():
    drawn = draw_test(BANK, seed="s1")
    assert len(drawn) == 10
    per_level = Counter(q.difficulty.value for q in drawn)
    assert sorted(per_level.values()) == [3, 3, 4] and set(per_level) == set(LEVELS)
    assert [q.difficulty.value for q in drawn] == sorted(
        (q.difficulty.value for q in drawn), key=LEVELS.index
    )  # easy first, hard last


def test_preferred_questions_are_drawn_before_others_in_every_band():
    prefer = frozenset({"e5", "m4", "m5", "h3"})
    for seed in ("a", "b", "c", "d"):
        drawn = {q.id for q in draw_test(BANK, seed=seed, prefer=prefer)}
        assert prefer <= drawn, seed


def test_the_previous_tests_questions_come_last_even_when_preferred():
    recent = frozenset(q.id for q in BANK if q.id.endswith(("0", "1", "2")))  # 9 of 18
    drawn = {q.id for q in draw_test(BANK, seed="x", recent=recent, prefer=recent)}
    assert len(drawn - recent) == 9  # every fresh question first
    assert len(drawn & recent) == 1


async def test_a_test_prefers_the_learners_missed_and_unseen_questions():
    lesson = make_lesson(questions=BANK)
    engine, _, _, clock = build_engine(lesson)
    learner = "local:ana"
    # Practice: right on 12 questions, wrong on e0 and h0; four never seen (e5, m5, h4, h5).
    for question in BANK:
        if question.id in {"e5", "m5", "h4", "h5"}:
            continue
        wrong = question.id in {"e0", "h0"}
        await engine.answer(learner, "demo", question.id, 1 if wrong else 0, "practice")
        clock.advance(seconds=1)
    clock.advance(minutes=1)
    session = await engine.start_test(learner, "demo")
    asked = {q.id for q in session.questions}
    assert {"e0", "h0", "e5", "m5", "h4", "h5"} <= asked
    assert len(asked) == 10


async def test_two_consecutive_tests_of_one_learner_differ():
    lesson = make_lesson(questions=BANK)
    engine, _, _, clock = build_engine(lesson)
    first = await engine.start_test("local:bo", "demo")
    for question in first.questions:
        await engine.answer_test("local:bo", "demo", first.id, question.id, 0)
    clock.advance(minutes=5)
    second = await engine.start_test("local:bo", "demo")
    assert {q.id for q in first.questions} != {q.id for q in second.questions}
    # rebuilt after a restart from the stored answers: the same questions in the same order
    again = await engine.test_session("local:bo", "demo", second.id)
    assert [q.id for q in again.questions] == [q.id for q in second.questions]
