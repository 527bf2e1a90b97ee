"""The desk at its edges: a plan button reopening an item already answered, engine modes
finished only by solving, the events of fix and practice rows, visits that move the last
visit, and errors that name what was asked."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.modes import ModeDesk, UnknownItem, WrongBlankCount
from bot.storage.memory_modes import MemoryModeStore
from tests.unit.helpers import build_engine, make_lesson, make_question, scripted
from tests.unit.modes.builders import modes_lesson
from tests.unit.modes.conftest import Setup

L = "learner-1"


async def _line(setup: Setup, mode: str):
    return next(x for x in await setup.desk.lines(L, "demo") if x.mode.id == mode)


async def test_an_item_reopened_from_a_button_counts_when_answered_again(setup: Setup):
    await setup.desk.choose(L, "demo", "predict", "p1", 1)  # wrong
    view = await setup.desk.enter(L, "demo", "predict", item="p1")  # a plan button
    assert (view.item_id, view.mode.id) == ("p1", "predict")
    again = await setup.desk.choose(L, "demo", "predict", "p1", 0)
    assert again.correct and not again.repeated
    row = await setup.store.get_mode(L, "demo", "predict")
    assert row is not None and (row.right, row.wrong) == (1, 1)


async def test_a_card_reopened_from_a_button_shows_its_term_first(setup: Setup):
    await setup.desk.flip(L, "demo", "card2")
    view = await setup.desk.enter(L, "demo", "flashcards", item="card2")
    assert (view.item_id, view.flipped) == ("card2", False)


async def test_answering_and_jumping_later_move_the_last_visit(setup: Setup):
    await setup.desk.enter(L, "demo", "concepts")
    setup.clock.advance(minutes=5)
    await setup.desk.choose(L, "demo", "concepts", "alpha", 0)
    assert (await _line(setup, "concepts")).last_visit == setup.clock.now()
    setup.clock.advance(minutes=5)
    await setup.desk.enter(L, "demo", "concepts", item="gamma")
    assert (await _line(setup, "concepts")).last_visit == setup.clock.now()


async def test_skipped_steps_do_not_finish_the_steps_mode(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.skip(L, "demo")
    await setup.engine.skip(L, "demo")
    view = await setup.desk.current(L, "demo", "steps")
    assert not view.finished and view.done == 0


async def test_practice_is_finished_when_every_question_was_answered(setup: Setup):
    lesson = setup.engine.lesson("demo")
    for question in lesson.questions[:-1]:
        await setup.engine.answer(L, "demo", question.id, 0, "practice")
    assert not (await setup.desk.current(L, "demo", "practice")).finished
    await setup.engine.answer(L, "demo", lesson.questions[-1].id, 0, "practice")
    view = await setup.desk.current(L, "demo", "practice")
    assert view.finished and (view.done, view.index, view.total) == (10, 10, 10)


async def test_practice_past_ten_questions_counts_them_all_and_a_test_stops_at_ten():
    questions = tuple(make_question(f"q{n}", pinned=True) for n in range(12))
    lesson = dataclasses.replace(modes_lesson(), questions=questions)
    engine, _executor, _progress, clock = build_engine(lesson)
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    for question in questions:
        await engine.answer(L, "demo", question.id, 0, "practice")
    practice = await desk.current(L, "demo", "practice")
    assert (practice.index, practice.done, practice.total, practice.finished) == (12, 12, 12, True)
    session = await engine.start_test(L, "demo")
    for question in session.questions[:3]:
        await engine.answer_test(L, "demo", session.id, question.id, 0)
    test = await desk.current(L, "demo", "test")
    assert (test.index, test.done, test.total, test.finished) == (3, 3, 10, False)


async def test_a_question_answered_twice_in_practice_is_done_once(setup: Setup):
    await setup.engine.answer(L, "demo", "e1", 1, "practice")
    setup.clock.advance(minutes=2)
    await setup.engine.answer(L, "demo", "e1", 0, "practice")
    practice = await _line(setup, "practice")
    assert (practice.done, practice.right, practice.wrong) == (1, 1, 1)
    assert practice.last_visit == setup.clock.now()
    events = await setup.store.mode_events(L, "demo", "practice")
    assert [(e.item, e.correct) for e in events] == [("e1", False), ("e1", True)]
    assert [e.detail for e in events] == ["", ""]  # practice answers belong to no test


async def test_a_new_test_forgets_the_right_answers_of_the_last_one(setup: Setup):
    first = await setup.engine.start_test(L, "demo")
    for question in first.questions[:3]:
        await setup.engine.answer_test(L, "demo", first.id, question.id, 0)  # right
    setup.clock.advance(minutes=5)
    second = await setup.engine.start_test(L, "demo")
    await setup.engine.answer_test(L, "demo", second.id, second.questions[0].id, 3)
    test = await _line(setup, "test")
    assert (test.done, test.right, test.wrong) == (1, 0, 1)
    events = await setup.store.mode_events(L, "demo", "test")
    assert [e.detail for e in events] == [first.id] * 3 + [second.id]
    assert [e.correct for e in events] == [True, True, True, False]


async def test_each_fix_attempt_is_an_event_with_its_run_status(setup: Setup):
    failed = await setup.desk.submit_fix(L, "demo", "f1", "ok = False")
    assert (failed.item_id, failed.item.id, failed.code) == ("f1", "f1", "ok = False")
    passed = await setup.desk.submit_fix(L, "demo", "f1", "ok = True")
    assert (passed.item_id, passed.passed, passed.next.item_id) == ("f1", True, "f2")
    events = await setup.store.mode_events(L, "demo", "fix")
    assert [(e.item, e.correct, e.detail) for e in events] == [
        ("f1", False, "ok"),  # it ran, and failed the step's checks
        ("f1", True, "ok"),
    ]


async def test_steps_rows_keep_the_time_of_the_latest_step(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.submit(L, "demo", "ok = True")
    setup.clock.advance(hours=1)
    await setup.engine.submit(L, "demo", "ok = True")
    row = await setup.store.get_mode(L, "demo", "steps")
    assert row is not None and row.done == ("1", "2") and row.last_visit == setup.clock.now()


async def test_the_first_answer_of_a_new_learner_creates_the_learner(setup: Setup):
    await setup.desk.choose("newcomer", "demo", "concepts", "alpha", 0)
    exported = await setup.engine.store.export_learner("newcomer")
    assert exported["learner"] is not None


async def test_a_desk_joins_an_engine_that_already_has_plain_listeners():
    engine, _executor, _progress, clock = build_engine(modes_lesson())
    heard = []

    async def listener(answer) -> None:  # e.g. a metrics hook: a plain function
        heard.append(answer.question_id)

    engine.answer_listeners.append(listener)
    store = MemoryModeStore()
    ModeDesk(engine, store, clock)
    await engine.answer(L, "demo", "e1", 0, "practice")
    assert heard == ["e1"]
    row = await store.get_mode(L, "demo", "practice")
    assert row is not None and row.right == 1


async def test_errors_name_the_lesson_the_item_and_the_answers_sent(setup: Setup):
    with pytest.raises(UnknownItem) as caught:
        await setup.desk.enter(L, "demo", "predict", item="p9")
    assert str(caught.value) == "Lesson 'demo' has no predict item 'p9'."
    with pytest.raises(WrongBlankCount) as blanks:
        await setup.desk.submit_fill(L, "demo", "fill1", ("True", "False"))
    assert str(blanks.value) == "This template has 1 blank(s); you sent 2 answer(s)."


async def test_a_plan_button_opens_the_step_it_names():
    lesson = dataclasses.replace(modes_lesson(), steps=make_lesson(steps=3).steps)
    engine, _executor, _progress, clock = build_engine(lesson)
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    for number in ("1", "2", "3"):
        view = await desk.enter(L, "demo", "steps", item=number)
        assert (view.item_id, view.item.index, view.item.title) == (
            number,
            int(number),
            f"Step {number}",
        )


async def test_a_fix_runs_on_top_of_the_learners_own_earlier_steps():
    jobs = []

    def executor(job):  # the sandbox's side of the port: what it is asked to run
        jobs.append(job)
        return scripted(job)

    engine, _executor, _progress, clock = build_engine(modes_lesson(), handler=executor)
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    await engine.start(L, "demo")
    await engine.submit(L, "demo", "ok = True")  # the learner's own step 1
    await desk.submit_fix(L, "demo", "f2", "ok = True")
    assert [(p.name, p.code) for p in jobs[-1].programs] == [
        ("step 1", "ok = True"),  # not the reference solution "v1 = 1"
        (jobs[-1].submission.name, "ok = True"),
    ]
