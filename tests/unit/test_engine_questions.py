"""Practice order, test mode and the progress summary through the real engine."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.core.content import Difficulty
from bot.core.ports import InvalidChoice, UnknownQuestion

from .helpers import PASSING, build_engine, make_lesson, make_question

LEARNER = "local:alice"


def lesson_with(*spec: tuple[str, str]):
    return make_lesson(questions=tuple(make_question(qid, level) for qid, level in spec))


def balanced_pool(easy: int, medium: int, hard: int):
    spec = (
        [(f"e{i}", "easy") for i in range(easy)]
        + [(f"m{i}", "medium") for i in range(medium)]
        + [(f"h{i}", "hard") for i in range(hard)]
    )
    return lesson_with(*spec)


async def test_practice_goes_through_new_questions_in_order():
    engine, _, _, clock = build_engine(lesson_with(("q1", "easy"), ("q2", "easy"), ("q3", "hard")))
    seen: list[str] = []
    for _ in range(3):
        question = await engine.practice_question(LEARNER, "demo", after=(seen or [None])[-1])
        seen.append(question.id)
        await engine.answer(LEARNER, "demo", question.id, question.correct_index)
        clock.advance(minutes=1)
    assert seen == ["q1", "q2", "q3"]


async def test_missed_questions_come_back_before_new_ones():
    engine, _, _, clock = build_engine(
        lesson_with(("q1", "easy"), ("q2", "easy"), ("q3", "easy"), ("q4", "easy"))
    )
    wrong = await engine.answer(LEARNER, "demo", "q1", 3)
    assert not wrong.correct
    clock.advance(minutes=1)
    # Not straight back: the learner has just read its explanation.
    assert (await engine.practice_question(LEARNER, "demo", after="q1")).id == "q2"
    await engine.answer(LEARNER, "demo", "q2", 0)
    clock.advance(minutes=1)
    assert (await engine.practice_question(LEARNER, "demo", after="q2")).id == "q1"
    await engine.answer(LEARNER, "demo", "q1", 0)  # now right: no longer "missed"
    clock.advance(minutes=1)
    assert (await engine.practice_question(LEARNER, "demo", after="q1")).id == "q3"


async def test_a_new_practice_session_starts_with_the_missed_question():
    engine, _, _, clock = build_engine(lesson_with(("q1", "easy"), ("q2", "easy")))
    await engine.answer(LEARNER, "demo", "q1", 0)
    await engine.answer(LEARNER, "demo", "q2", 1)  # missed, and answered last
    clock.advance(minutes=1)
    assert (await engine.practice_question(LEARNER, "demo")).id == "q2"
    assert (await engine.practice_question(LEARNER, "demo", after="q2")).id == "q1"


async def test_practice_can_stick_to_one_difficulty():
    engine, *_ = build_engine(lesson_with(("q1", "easy"), ("q2", "hard"), ("q3", "hard")))
    question = await engine.practice_question(LEARNER, "demo", Difficulty.HARD)
    assert question.id == "q2"


async def test_answer_feedback_teaches_and_is_stored():
    engine, _, store, _ = build_engine(lesson_with(("q1", "easy")))
    feedback = await engine.answer(LEARNER, "demo", "q1", 2)
    assert not feedback.correct and feedback.correct_index == 0 and feedback.choice == 2
    assert feedback.explanation == ("q1 step one", "q1 step two")
    assert feedback.mistakes == ("q1 mistake",) and feedback.hint == "q1 hint"
    assert feedback.quick_check == "q1 quick"
    stored = await store.answers(LEARNER, "demo")
    assert [(a.question_id, a.choice, a.correct, a.mode) for a in stored] == [
        ("q1", 2, False, "practice")
    ]


async def test_answers_are_validated():
    engine, *_ = build_engine(lesson_with(("q1", "easy")))
    with pytest.raises(InvalidChoice):
        await engine.answer(LEARNER, "demo", "q1", 4)
    with pytest.raises(UnknownQuestion):
        await engine.answer(LEARNER, "demo", "nope", 0)


@pytest.mark.parametrize(
    ("pool", "expected"),
    [
        ((5, 5, 5), {"easy": 4, "medium": 3, "hard": 3}),
        ((8, 5, 2), {"easy": 4, "medium": 4, "hard": 2}),
        ((2, 1, 1), {"easy": 2, "medium": 1, "hard": 1}),  # smaller pool: all of it
    ],
)
async def test_test_mode_balances_difficulties(pool, expected):
    engine, *_ = build_engine(balanced_pool(*pool))
    session = await engine.start_test(LEARNER, "demo")
    counts = Counter(str(q.difficulty) for q in session.questions)
    assert dict(counts) == expected
    assert len({q.id for q in session.questions}) == session.total
    levels = [q.difficulty for q in session.questions]
    order = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD]
    assert levels == sorted(levels, key=order.index)  # easy first, hard last


async def test_test_draw_is_deterministic_from_its_session_id():
    engine, _, _, clock = build_engine(balanced_pool(6, 6, 6))
    first = await engine.start_test(LEARNER, "demo")
    again = await engine.start_test(LEARNER, "demo", session_id=first.id)
    assert [q.id for q in again.questions] == [q.id for q in first.questions]
    clock.advance(seconds=1)
    other = await engine.start_test(LEARNER, "demo")
    assert other.id != first.id


async def test_test_mode_scores_at_the_end_and_reviews_misses():
    engine, _, store, _ = build_engine(balanced_pool(4, 4, 4))
    session = await engine.start_test(LEARNER, "demo")
    misses = set()
    for number, question in enumerate(session.questions):
        wrong = number % 3 == 0
        choice = (question.correct_index + 1) % 4 if wrong else question.correct_index
        if wrong:
            misses.add(question.id)
        session = await engine.answer_test(LEARNER, "demo", session.id, question.id, choice)
        assert session.answered == number + 1  # progress only, no verdict
    assert session.finished and session.next_question is None
    # Double-clicks do not change the first answer.
    first = session.questions[0]
    await engine.answer_test(LEARNER, "demo", session.id, first.id, first.correct_index)

    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert (report.score, report.total) == (10 - len(misses), 10)
    assert {item.question.id for item in report.misses} == misses
    assert sum(b.total for b in report.by_difficulty) == 10
    stored = await store.answers(LEARNER, "demo", mode="test")
    assert len(stored) == 10 and {a.session for a in stored} == {session.id}


async def test_unanswered_test_questions_count_as_misses():
    engine, *_ = build_engine(balanced_pool(2, 2, 2))
    session = await engine.start_test(LEARNER, "demo")
    question = session.questions[0]
    await engine.answer_test(LEARNER, "demo", session.id, question.id, question.correct_index)
    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert (report.score, report.total, len(report.misses)) == (1, 6, 5)
    assert all(item.choice is None for item in report.misses)


async def test_a_test_session_survives_a_new_engine():
    engine, executor, store, clock = build_engine(balanced_pool(3, 3, 3))
    session = await engine.start_test(LEARNER, "demo")
    question = session.questions[0]
    await engine.answer_test(LEARNER, "demo", session.id, question.id, question.correct_index)

    from bot.core.lessons import TutorEngine

    restarted = TutorEngine(engine.catalog, executor, store, clock)
    rebuilt = await restarted.test_session(LEARNER, "demo", session.id)
    assert rebuilt.answered == 1 and rebuilt.next_question == session.questions[1]


async def test_summary_reports_progress_accuracy_and_streak():
    engine, _, _, clock = build_engine(
        make_lesson("alpha", questions=(make_question("q1"), make_question("q2"))),
        make_lesson("beta", steps=2),
    )
    await engine.start(LEARNER, "alpha")
    await engine.submit(LEARNER, "alpha", PASSING)
    await engine.submit(LEARNER, "alpha", PASSING)
    clock.advance(days=1)
    await engine.answer(LEARNER, "alpha", "q1", 0)
    await engine.answer(LEARNER, "alpha", "q2", 1)
    clock.advance(days=2)  # one missed day: the grace day keeps the streak alive
    await engine.answer(LEARNER, "alpha", "q2", 0)

    summary = await engine.summary(LEARNER)
    alpha, beta = summary.lessons
    assert (alpha.done, alpha.total, alpha.started, alpha.completed) == (2, 3, True, False)
    assert (beta.done, beta.total, beta.started) == (0, 2, False)
    assert (summary.quiz.answered, summary.quiz.correct) == (3, 2)
    assert summary.quiz.accuracy == pytest.approx(2 / 3)
    assert summary.streak.current == 3 and summary.streak.active_today
