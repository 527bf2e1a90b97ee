"""Practice order, test mode and the progress summary through the real engine."""

from __future__ import annotations

import dataclasses
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


async def practise(engine, right: bool, after: str | None = None) -> str:
    """Deliver the next practice question and answer it as a learner would: by the letter
    shown (options are shuffled per delivery)."""
    question = await engine.practice_question(LEARNER, "demo", after=after)
    wrong = (question.correct_index + 1) % len(question.options)
    await engine.answer(LEARNER, "demo", question.id, question.correct_index if right else wrong)
    engine.clock.advance(minutes=1)
    return question.id


async def test_practice_covers_the_pool_before_a_miss_comes_back():
    """Issue 20, problem 3: a learner who keeps missing still sees every question."""
    engine, *_ = build_engine(lesson_with(*[(f"q{i}", "easy") for i in range(1, 6)]))
    seen: list[str] = []
    for _ in range(5):
        seen.append(await practise(engine, right=False, after=(seen or [None])[-1]))
        assert await engine.practice_covered(LEARNER, "demo") == (len(seen) == 5)
    assert seen == ["q1", "q2", "q3", "q4", "q5"]
    # Then the misses, the one that waited longest first, never the one just shown.
    assert await practise(engine, right=True, after="q5") == "q1"
    assert await practise(engine, right=True, after="q1") == "q2"


async def test_a_new_practice_session_starts_with_the_missed_question():
    engine, *_ = build_engine(lesson_with(("q1", "easy"), ("q2", "easy")))
    await practise(engine, right=True)
    await practise(engine, right=False, after="q1")  # q2 missed, and answered last
    assert (await engine.practice_question(LEARNER, "demo")).id == "q2"
    assert (await engine.practice_question(LEARNER, "demo", after="q2")).id == "q1"


async def test_options_are_shuffled_per_delivery_and_the_order_is_stored():
    """Issue 20, problem 4: the right letter changes between deliveries."""
    engine, _, store, _ = build_engine(lesson_with(("q1", "easy")))
    letters = []
    for _ in range(6):
        question = await engine.practice_question(LEARNER, "demo")
        letters.append(question.correct_index)
        feedback = await engine.answer(LEARNER, "demo", "q1", question.correct_index)
        assert feedback.correct and feedback.question.options == question.options
    assert len(set(letters)) > 1
    stored = await store.answers(LEARNER, "demo")
    assert all(a.choice == 0 and a.correct for a in stored)  # the option as written
    assert all(sorted(a.order) == [0, 1, 2, 3] and a.order[letters[i]] == 0
               for i, a in enumerate(stored))  # fmt: skip


async def test_explanations_and_mistakes_name_the_letters_shown():
    question = dataclasses.replace(
        make_question("q1"),
        explanation=("Eliminate: B, C and D are wrong; (B) above all.", "Final: -> Option A"),
        mistakes=("Picking Option B",),
    )
    engine, *_ = build_engine(make_lesson(questions=(question,)))
    shown = await engine.practice_question(LEARNER, "demo")
    letter = "ABCD"[shown.correct_index]
    assert shown.explanation[1] == f"Final: -> Option {letter}"
    wrong = sorted(set("ABCD") - {letter})
    assert shown.explanation[0].startswith(f"Eliminate: {wrong[0]}, {wrong[1]} and {wrong[2]}")
    was_b = "ABCD"[next(i for i, o in enumerate(shown.options) if o.text == "q1 option 1")]
    assert f"({was_b}) above all" in shown.explanation[0]
    assert shown.mistakes == (f"Picking Option {was_b}",)


async def test_a_pinned_option_keeps_its_place():
    base = make_question("q1")
    options = (*base.options[:3], dataclasses.replace(base.options[3], pinned=True))
    engine, *_ = build_engine(make_lesson(questions=(dataclasses.replace(base, options=options),)))
    for _ in range(5):
        shown = await engine.practice_question(LEARNER, "demo")
        assert shown.options[3].text == "q1 option 3"
        await engine.answer(LEARNER, "demo", "q1", 0)


async def test_practice_can_stick_to_one_difficulty():
    engine, *_ = build_engine(lesson_with(("q1", "easy"), ("q2", "hard"), ("q3", "hard")))
    question = await engine.practice_question(LEARNER, "demo", Difficulty.HARD)
    assert question.id == "q2"


async def test_answer_feedback_teaches_and_is_stored():
    engine, _, store, _ = build_engine(lesson_with(("q1", "easy")))
    shown = await engine.practice_question(LEARNER, "demo")
    picked = next(i for i, o in enumerate(shown.options) if o.text == "q1 option 2")
    feedback = await engine.answer(LEARNER, "demo", "q1", picked)
    assert not feedback.correct and feedback.choice == picked
    assert feedback.question.options[feedback.correct_index].text == "q1 option 0"
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
    assert (report.score, report.total, report.unanswered) == (1, 6, 5)
    assert report.misses == ()  # an abandoned test reveals no answer it did not ask for


async def test_a_retake_draws_questions_the_last_test_did_not_ask():
    engine, _, _, clock = build_engine(balanced_pool(8, 8, 8))
    first = await engine.start_test(LEARNER, "demo")
    for question in first.questions:
        await engine.answer_test(LEARNER, "demo", first.id, question.id, 0)
    clock.advance(seconds=5)
    retake = await engine.start_test(LEARNER, "demo")
    assert not {q.id for q in first.questions} & {q.id for q in retake.questions}
    rebuilt = await engine.test_session(LEARNER, "demo", retake.id)
    assert [q.id for q in rebuilt.questions] == [q.id for q in retake.questions]


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
    await engine.answer(LEARNER, "alpha", "q1", 0, mode="daily")  # the daily quiz: as written
    await engine.answer(LEARNER, "alpha", "q2", 1, mode="daily")
    clock.advance(days=2)  # one missed day: the grace day keeps the streak alive
    await engine.answer(LEARNER, "alpha", "q2", 0, mode="daily")

    summary = await engine.summary(LEARNER)
    alpha, beta = summary.lessons
    assert (alpha.done, alpha.total, alpha.started, alpha.completed) == (2, 3, True, False)
    assert (beta.done, beta.total, beta.started) == (0, 2, False)
    assert (summary.quiz.answered, summary.quiz.correct) == (3, 2)
    assert summary.quiz.accuracy == pytest.approx(2 / 3)
    assert summary.streak.current == 3 and summary.streak.active_today
