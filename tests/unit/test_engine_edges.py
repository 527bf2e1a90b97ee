"""Engine edges a learner meets: the lesson they mean when they name none, errors that name
what they asked for, tests and practice kept per lesson, and their data on request.

All through the real engines with the in-memory store; assertions are on outcomes, error
fields and what the store keeps.
"""

from __future__ import annotations

import json

import pytest

from bot.core.ports import (
    InvalidChoice,
    LessonComplete,
    NoMoreHints,
    TutorError,
    UnknownLesson,
    UnknownQuestion,
    UnknownTestSession,
)

from .helpers import PASSING, build_engine, make_lesson, make_question

LEARNER = "local:alice"
OTHER = "local:bob"


def two_lessons(questions=("q1", "q2")):
    qs = tuple(make_question(q) for q in questions)
    return make_lesson("alpha", questions=qs), make_lesson("beta", questions=qs)


async def test_practice_without_a_lesson_uses_the_one_the_learner_is_in():
    engine, _, _, clock = build_engine(*two_lessons())
    await engine.start(LEARNER, "alpha")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "beta")
    question = await engine.practice_question(LEARNER)
    assert question.lesson_id == "beta"


async def test_a_lesson_without_questions_says_which_kind_is_missing():
    engine, *_ = build_engine(make_lesson(questions=(make_question("q1", "easy"),)))
    with pytest.raises(TutorError) as hard:
        await engine.practice_question(LEARNER, "demo", "hard")
    assert hard.value.message == "Lesson 'demo' has no hard questions to practise."
    engine, *_ = build_engine(make_lesson())
    with pytest.raises(TutorError) as none:
        await engine.practice_question(LEARNER, "demo")
    assert none.value.message == "Lesson 'demo' has no questions to practise."
    with pytest.raises(TutorError) as test:
        await engine.start_test(LEARNER, "demo")
    assert test.value.message == "Lesson 'demo' has no questions to test you on."


async def test_a_test_keeps_its_answers_to_its_own_lesson_and_names_itself():
    engine, _, store, _ = build_engine(*two_lessons())
    alpha = await engine.start_test(LEARNER, "alpha", session_id="s1")
    assert alpha.lesson.id == "alpha"
    await engine.answer_test(LEARNER, "alpha", "s1", alpha.questions[0].id, 0)
    await engine.answer(LEARNER, "beta", "q2", 0, mode="daily", session="s1")
    beta = await engine.test_session(LEARNER, "beta", "s1")
    assert beta.lesson.id == "beta" and beta.answered == 0  # alpha's test, beta's daily
    rebuilt = await engine.test_session(LEARNER, "alpha", "s1")
    assert rebuilt.lesson.id == "alpha" and rebuilt.answered == 1
    report = await engine.finish_test(LEARNER, "alpha", "s1")
    assert (report.session_id, report.lesson.id) == ("s1", "alpha")
    (stored,) = await store.answers(LEARNER, "alpha", mode="test")
    assert stored.session == "s1"
    await engine.answer(LEARNER, "alpha", "q1", 0)
    practice = await store.answers(LEARNER, "alpha", mode="practice")
    assert [a.session for a in practice] == [""]


async def test_a_test_without_an_id_is_refused_by_name():
    engine, *_ = build_engine(*two_lessons())
    with pytest.raises(UnknownTestSession) as caught:
        await engine.test_session(LEARNER, "alpha", "")
    assert caught.value.session_id == ""


async def test_two_tests_started_at_different_times_have_different_ids():
    engine, _, _, clock = build_engine(*two_lessons())
    first = await engine.start_test(LEARNER, "alpha")
    clock.advance(microseconds=1)
    second = await engine.start_test(LEARNER, "alpha")
    assert first.id != second.id


async def test_solution_skip_and_prefill_act_on_the_lesson_named_not_the_latest():
    engine, _, _, clock = build_engine(make_lesson("alpha"), make_lesson("beta"))
    await engine.submit(LEARNER, "alpha", "alpha's try")
    clock.advance(minutes=1)
    await engine.submit(LEARNER, "beta", PASSING)  # beta is the latest, on its step 2

    revealed = await engine.solution(LEARNER, "alpha", give_up=True)
    assert revealed.code == "v1 = 1"
    clock.advance(minutes=1)
    await engine.hint(LEARNER, "beta")  # beta is the latest again
    assert await engine.last_code(LEARNER, "alpha") == "alpha's try"
    view = await engine.skip(LEARNER, "alpha")
    assert (view.lesson_id, view.number) == ("alpha", 2)
    assert (await engine.current(LEARNER, "beta")).number == 2


async def test_the_editor_is_prefilled_from_the_current_step_only():
    engine, *_ = build_engine()
    await engine.submit(LEARNER, "demo", "wrong")
    await engine.submit(LEARNER, "demo", PASSING)
    assert await engine.last_code(LEARNER, "demo") == ""  # step 2 has no starter, no tries


async def test_a_verdict_knows_whether_it_passed_and_each_attempt_stores_its_status():
    engine, _, store, _ = build_engine()
    failed = await engine.submit(LEARNER, "demo", "wrong")
    assert failed.passed is False
    assert failed.view.last_passed is False and not failed.view.show_next
    passed = await engine.submit(LEARNER, "demo", PASSING)
    assert passed.view.last_passed is True and passed.view.show_next
    assert [a.status for a in await store.attempts(LEARNER, "demo")] == ["ok", "ok"]


async def test_a_finished_lesson_refuses_more_work_by_name():
    engine, *_ = build_engine(make_lesson(steps=1))
    await engine.submit(LEARNER, "demo", PASSING)
    with pytest.raises(LessonComplete) as caught:
        await engine.submit(LEARNER, "demo", PASSING)
    assert caught.value.lesson_id == "demo"


async def test_the_learners_name_is_kept_when_they_start():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo", "Alice")
    assert "Alice" in json.dumps(await engine.export_data(LEARNER), default=str)
    for learner in (OTHER, "local:carol"):
        if learner == OTHER:
            await engine.start(learner, "demo")  # started without a name
        else:
            await engine.submit(learner, "demo", "x = 1")  # never started explicitly
        assert "XXXX" not in json.dumps(await engine.export_data(learner), default=str)


async def test_bad_lessons_modes_and_choices_are_named():
    engine, *_ = build_engine(*two_lessons())
    with pytest.raises(UnknownLesson) as lesson:
        await engine.start(LEARNER, "gamma")
    assert lesson.value.lesson_id == "gamma"
    with pytest.raises(ValueError, match=r"^mode must be one of .*, not 'exam'$"):
        await engine.answer(LEARNER, "alpha", "q1", 0, mode="exam")
    with pytest.raises(InvalidChoice) as choice:
        await engine.answer(LEARNER, "alpha", "q1", 7)
    assert (choice.value.choice, choice.value.options) == (7, 4)
    daily = await engine.answer(LEARNER, "alpha", "q1", 0, mode="daily")
    assert daily.mode == "daily"


async def test_running_out_of_hints_says_how_many_there_were():
    engine, *_ = build_engine()
    await engine.hint(LEARNER, "demo")
    await engine.hint(LEARNER, "demo")
    with pytest.raises(NoMoreHints) as caught:
        await engine.hint(LEARNER, "demo")
    assert caught.value.total == 2
    assert caught.value.message == "You have seen all 2 hints for this step."


async def test_the_summary_lists_every_lesson_even_after_an_unstarted_one():
    engine, *_ = build_engine(make_lesson("alpha"), make_lesson("beta"), make_lesson("gamma"))
    await engine.submit(LEARNER, "beta", PASSING)
    summary = await engine.summary(LEARNER)
    assert summary.learner == LEARNER
    rows = [(s.lesson.id, s.started, s.completed, s.done, s.current_step) for s in summary.lessons]
    assert rows == [
        ("alpha", False, False, 0, 1),
        ("beta", True, False, 1, 2),
        ("gamma", False, False, 0, 1),
    ]
    assert all(s.completed is False for s in summary.lessons)
    assert summary.status("beta").done == 1
    assert summary.status("nope") is None
    assert [lesson.id for lesson in engine.lessons()] == ["alpha", "beta", "gamma"]


async def test_a_learner_can_see_and_erase_their_own_data_only():
    engine, _, store, _ = build_engine(*two_lessons())
    await engine.answer(LEARNER, "alpha", "q1", 0)
    await engine.answer(OTHER, "alpha", "q2", 1)
    exported = json.dumps(await engine.export_data(LEARNER), default=str)
    assert LEARNER in exported and "q1" in exported
    assert OTHER not in exported and "q2" not in exported

    await engine.forget(LEARNER)
    assert await store.answers(LEARNER) == []
    assert [a.question_id for a in await store.answers(OTHER)] == ["q2"]


async def test_practice_history_is_kept_per_lesson():
    engine, _, _, clock = build_engine(*two_lessons())
    await engine.answer(LEARNER, "alpha", "q1", 1)  # q1 seen (and missed) in alpha only
    clock.advance(minutes=1)
    assert (await engine.practice_question(LEARNER, "alpha")).id == "q2"  # unseen first
    assert (await engine.practice_question(LEARNER, "beta")).id == "q1"  # beta: both unseen


async def test_unknown_questions_are_named_with_their_lesson():
    engine, *_ = build_engine(
        make_lesson(questions=tuple(make_question(f"q{i}") for i in range(12)))
    )
    with pytest.raises(UnknownQuestion) as caught:
        await engine.answer(LEARNER, "demo", "nope", 0)
    assert (caught.value.lesson_id, caught.value.question_id) == ("demo", "nope")
    assert caught.value.message == "Lesson 'demo' has no question 'nope'."

    session = await engine.start_test(LEARNER, "demo")
    drawn = {q.id for q in session.questions}
    assert len(drawn) == 10  # 12 questions, 10 drawn
    left_out = next(q.id for q in engine.lesson("demo").questions if q.id not in drawn)
    with pytest.raises(UnknownQuestion) as outside:
        await engine.answer_test(LEARNER, "demo", session.id, left_out, 0)
    assert (outside.value.lesson_id, outside.value.question_id) == ("demo", left_out)
