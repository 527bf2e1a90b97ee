"""Answers as the learner gave them: by the letter shown in a shuffled delivery or test.

The engine shuffles options per practice delivery and per test, stores the option as
written with the order shown, and rebuilds tests from their id and the stored answers.
These tests answer by the shown position (never pinned options), so a test and its
scoring must agree on what the learner saw; and they give other lessons the same question
ids, because a learner's history is kept per lesson.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.core.ports import Answer

from .helpers import build_engine, make_lesson, make_question

LEARNER = "local:alice"


def bank(count: int, lesson_id: str = "demo"):
    return make_lesson(lesson_id, questions=tuple(make_question(f"q{i}") for i in range(count)))


def written(engine, qid: str, lesson_id: str = "demo") -> tuple[str, ...]:
    return tuple(o.text for o in engine.lesson(lesson_id).question(qid).options)


def texts(question) -> tuple[str, ...]:
    return tuple(o.text for o in question.options)


# --------------------------------------------------------------------------- test mode


async def test_a_test_answered_by_the_letters_shown_scores_every_right_answer():
    """The score, and the stored rows later tests and practice read (the option as
    written, right or wrong), follow the letters the learner saw."""
    engine, _, store, _ = build_engine(bank(6))
    session = await engine.start_test(LEARNER, "demo")
    shuffled = [q for q in session.questions if texts(q) != written(engine, q.id)]
    assert shuffled, "the test shows its options in a shuffled order"
    for question in session.questions:
        await engine.answer_test(LEARNER, "demo", session.id, question.id, question.correct_index)
    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert (report.score, report.total) == (6, 6)
    assert all(item.correct for item in report.items)
    stored = await store.answers(LEARNER, "demo", mode="test")
    assert len(stored) == 6 and all(row.correct for row in stored)
    lesson = engine.lesson("demo")
    assert all(row.choice == lesson.question(row.question_id).correct_index for row in stored)


async def test_two_tests_show_the_same_question_in_different_orders():
    engine, _, _, clock = build_engine(bank(4))
    first = await engine.start_test(LEARNER, "demo")
    clock.advance(minutes=5)
    second = await engine.start_test(LEARNER, "demo")
    orders = {q.id: texts(q) for q in first.questions}
    assert any(texts(q) != orders[q.id] for q in second.questions)


async def answer_right_in_daily(engine, qids) -> None:
    """Right answers outside the test (the daily quiz shows options as written)."""
    for qid in qids:
        index = engine.lesson("demo").question(qid).correct_index
        await engine.answer(LEARNER, "demo", qid, index, mode="daily")


async def test_answers_given_once_a_test_began_do_not_change_it_when_rebuilt():
    """Only answers older than the test decide which questions it prefers; a test rebuilt
    after a restart asks what it asked, whatever the learner answered meanwhile."""
    engine, _, _, clock = build_engine(bank(14))
    started = await engine.start_test(LEARNER, "demo")
    asked = [q.id for q in started.questions]
    clock.advance(minutes=1)
    await answer_right_in_daily(engine, asked[:7])
    rebuilt = await engine.test_session(LEARNER, "demo", started.id)
    assert [q.id for q in rebuilt.questions] == asked


async def test_answers_in_the_instant_a_test_began_do_not_change_it_when_rebuilt():
    engine, *_ = build_engine(bank(14))
    started = await engine.start_test(LEARNER, "demo")
    asked = [q.id for q in started.questions]
    await answer_right_in_daily(engine, asked[:7])  # the clock has not moved
    rebuilt = await engine.test_session(LEARNER, "demo", started.id)
    assert [q.id for q in rebuilt.questions] == asked


async def test_a_test_with_a_given_id_prefers_what_was_not_yet_answered_right():
    """An id the caller chose (not one the engine made from the clock) has no start time:
    every stored answer counts, so the four unseen questions are all asked."""
    engine, *_ = build_engine(bank(14))
    await answer_right_in_daily(engine, [f"q{i}" for i in range(10)])
    session = await engine.start_test(LEARNER, "demo", session_id="abc")
    assert {"q10", "q11", "q12", "q13"} <= {q.id for q in session.questions}
    rebuilt = await engine.test_session(LEARNER, "demo", "abc")
    assert [q.id for q in rebuilt.questions] == [q.id for q in session.questions]


async def test_another_lessons_test_does_not_shape_this_lessons_test():
    engine, _, _, clock = build_engine(bank(14, "demo"), bank(14, "other"))
    other = await engine.start_test(LEARNER, "other")
    for question in other.questions:
        await engine.answer_test(LEARNER, "other", other.id, question.id, question.correct_index)
    clock.advance(days=1)
    started = await engine.start_test(LEARNER, "demo")
    rebuilt = await engine.test_session(LEARNER, "demo", started.id)
    assert [q.id for q in rebuilt.questions] == [q.id for q in started.questions]
    fresh, *_ = build_engine(bank(14, "demo"))
    fresh.clock.at = clock.at
    alone = await fresh.start_test(LEARNER, "demo")
    assert [q.id for q in started.questions] == [q.id for q in alone.questions]


# --------------------------------------------------------------------------- practice


async def test_practice_in_another_lesson_neither_covers_this_pool_nor_moves_its_letters():
    """Two lessons may use the same question ids; each keeps its own record."""
    engine, _, _, clock = build_engine(bank(2, "demo"), bank(2, "other"))
    await engine.answer(LEARNER, "other", "q1", 0, mode="daily")
    clock.advance(minutes=1)
    shown = await engine.practice_question(LEARNER, "demo")
    assert shown.id == "q0"
    feedback = await engine.answer(LEARNER, "demo", "q0", shown.correct_index)
    assert feedback.correct and not feedback.pool_covered  # demo's q1 is still unanswered
    await engine.answer(LEARNER, "other", "q0", 0, mode="daily")
    assert not await engine.practice_covered(LEARNER, "demo")
    clock.advance(minutes=1)
    shown = await engine.practice_question(LEARNER, "demo", after="q0")
    feedback = await engine.answer(LEARNER, "demo", "q1", shown.correct_index)
    assert feedback.correct and feedback.pool_covered
    assert await engine.practice_covered(LEARNER, "demo")


async def test_practice_is_covered_per_difficulty_when_one_is_named():
    lesson = make_lesson(questions=(make_question("e1", "easy"), make_question("h1", "hard")))
    engine, *_ = build_engine(lesson)
    await engine.answer(LEARNER, "demo", "e1", 0, mode="daily")
    assert await engine.practice_covered(LEARNER, "demo", "easy")
    assert not await engine.practice_covered(LEARNER, "demo", "hard")
    assert not await engine.practice_covered(LEARNER, "demo")


async def test_adaptive_practice_does_not_repeat_the_question_just_shown():
    lesson = make_lesson(questions=(make_question("e1"), make_question("e2")))
    engine, *_ = build_engine(lesson)
    assert (await engine.practice_question(LEARNER, "demo", adaptive=True)).id == "e1"
    after = await engine.practice_question(LEARNER, "demo", after="e1", adaptive=True)
    assert after.id == "e2"


async def test_a_second_answer_to_one_delivery_returns_the_first_as_it_was_shown():
    engine, _, store, _ = build_engine(bank(1))
    shown = await engine.practice_question(LEARNER, "demo")
    as_written = written(engine, "q0")
    # a wrong option whose shown position differs from its written one
    wrong = next(
        i
        for i, text in enumerate(texts(shown))
        if i != shown.correct_index and as_written.index(text) != i
    )
    first = await engine.answer(LEARNER, "demo", "q0", wrong, session="d1")
    again = await engine.answer(LEARNER, "demo", "q0", shown.correct_index, session="d1")
    assert again.repeated and not first.repeated
    assert texts(again.question) == texts(shown) == texts(first.question)
    assert (again.choice, again.correct, again.mode) == (wrong, False, "practice")
    assert len(await store.answers(LEARNER, "demo")) == 1


async def test_one_delivery_id_is_one_delivery_only_within_its_lesson_and_practice():
    """A delivery id names one showing of one practice question: the same id used by a
    test answer or in another lesson is not that showing."""
    engine, _, store, _ = build_engine(bank(1, "demo"), bank(1, "other"))
    await engine.answer(LEARNER, "other", "q0", 0, session="d1")
    await engine.answer(LEARNER, "demo", "q0", 0, mode="test", session="d1")
    feedback = await engine.answer(LEARNER, "demo", "q0", 0, session="d1")
    assert not feedback.repeated
    assert [a.mode for a in await store.answers(LEARNER, "demo")] == ["test", "practice"]


async def test_a_delivery_stored_before_options_were_shuffled_is_returned_as_written():
    """Rows from before per-delivery shuffling carry no order: the repeat shows the
    options as written and the choice as stored."""
    engine, _, store, clock = build_engine(bank(1))
    old = Answer(LEARNER, "demo", "q0", 2, False, "practice", clock.at - timedelta(days=1), "d0")
    await store.ensure_learner(LEARNER)
    await store.record_answer(old)
    again = await engine.answer(LEARNER, "demo", "q0", 0, session="d0")
    assert again.repeated and (again.choice, again.correct) == (2, False)
    assert texts(again.question) == written(engine, "q0")


async def test_a_daily_answer_shows_the_options_as_written_and_covers_nothing():
    engine, *_ = build_engine(bank(1))
    feedback = await engine.answer(LEARNER, "demo", "q0", 0, mode="daily")
    assert texts(feedback.question) == written(engine, "q0")
    assert feedback.correct and not feedback.pool_covered


async def test_a_failing_answer_listener_is_logged_with_the_learner(caplog):
    engine, _, store, _ = build_engine(bank(1))

    async def broken(answer: Answer) -> None:
        raise RuntimeError("review desk down")

    engine.answer_listeners.append(broken)
    with caplog.at_level(logging.ERROR, logger="bot.core.quiz.engine"):
        feedback = await engine.answer(LEARNER, "demo", "q0", 0, mode="daily")
    assert feedback.correct and len(await store.answers(LEARNER, "demo")) == 1
    (record,) = [r for r in caplog.records if r.name == "bot.core.quiz.engine"]
    assert record.getMessage() == "answer listener failed for local:alice"
    assert record.exc_info is not None and "review desk down" in str(record.exc_info[1])
