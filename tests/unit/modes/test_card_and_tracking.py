"""The lesson card's lines follow what the learner did anywhere: steps, practice and test
through the engine, the desk's own modes through the desk."""

from __future__ import annotations

from bot.core.modes import MODE_IDS
from tests.unit.modes.conftest import Setup

L = "learner-1"


async def test_a_fresh_learner_sees_ten_empty_lines_and_a_card_without_lines(setup: Setup):
    lines = await setup.desk.lines(L, "demo")
    assert [line.mode.id for line in lines] == list(MODE_IDS)
    totals = {line.mode.id: line.total for line in lines}
    assert totals == {
        "steps": 2, "concepts": 3, "flashcards": 3, "practice": 10, "test": 10, "predict": 2,
        "fix": 2, "fill": 1, "cheatsheet": 1, "scenario": 5,
    }  # fmt: skip
    card = await setup.desk.card(L, "demo")
    assert (card.steps_solved, card.steps_total, card.lines) == (0, 2, ())


async def test_steps_done_through_the_engine_show_on_the_card(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.submit(L, "demo", "wrong")
    await setup.engine.submit(L, "demo", "ok = True")
    card = await setup.desk.card(L, "demo")
    steps = next(line for line in card.lines if line.mode.id == "steps")
    assert (card.steps_solved, steps.done, steps.right, steps.wrong) == (1, 1, 1, 1)
    row = await setup.store.get_mode(L, "demo", "steps")  # written by the listener
    assert row is not None and (row.done, row.position) == (("1",), 1)


async def test_practice_answers_through_the_engine_fill_the_practice_row(setup: Setup):
    await setup.engine.answer(L, "demo", "e1", 0, "practice")  # right (pinned, option 0)
    await setup.engine.answer(L, "demo", "m1", 2, "practice")  # wrong
    lines = {line.mode.id: line for line in (await setup.desk.card(L, "demo")).lines}
    practice = lines["practice"]
    assert (practice.done, practice.total, practice.right, practice.wrong) == (2, 10, 1, 1)
    assert practice.last_visit == setup.clock.now()


async def test_a_new_test_starts_its_line_again(setup: Setup):
    first = await setup.engine.start_test(L, "demo")
    for question in first.questions[:3]:
        await setup.engine.answer_test(L, "demo", first.id, question.id, 1)  # all wrong
    setup.clock.advance(minutes=5)
    second = await setup.engine.start_test(L, "demo")
    await setup.engine.answer_test(L, "demo", second.id, second.questions[0].id, 0)
    test = next(line for line in await setup.desk.lines(L, "demo") if line.mode.id == "test")
    assert (test.done, test.total, test.right, test.wrong) == (1, 10, 1, 0)


async def test_started_modes_appear_on_the_card_in_catalogue_order(setup: Setup):
    await setup.desk.choose(L, "demo", "scenario", "drop.1", 1)
    await setup.desk.choose(L, "demo", "concepts", "alpha", 0)
    card = await setup.desk.card(L, "demo")
    assert [(line.mode.id, line.done, line.right, line.wrong) for line in card.lines] == [
        ("concepts", 1, 1, 0),
        ("scenario", 1, 0, 1),
    ]


async def test_entering_an_engine_mode_records_the_visit_only(setup: Setup):
    view = await setup.desk.enter(L, "demo", "practice")
    assert view.item is None and not view.finished
    step = await setup.desk.enter(L, "demo", "steps", item="2")
    assert step.item.index == 2 and step.item_id == "2"
    lines = {line.mode.id: line for line in (await setup.desk.card(L, "demo")).lines}
    assert set(lines) == {"steps", "practice"} and lines["practice"].done == 0


async def test_a_second_desk_on_the_same_engine_does_not_count_answers_twice(setup: Setup):
    from bot.core.modes import ModeDesk

    ModeDesk(setup.engine, setup.store, setup.clock)  # e.g. a command building its own
    await setup.engine.answer(L, "demo", "e1", 1, "practice")
    row = await setup.store.get_mode(L, "demo", "practice")
    assert row is not None and (row.right, row.wrong) == (0, 1)
    events = await setup.store.mode_events(L, "demo", "practice")
    assert len(events) == 1
