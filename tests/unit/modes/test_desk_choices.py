"""Concepts, predict and scenario through the desk: what a learner sees and what is kept."""

from __future__ import annotations

import pytest

from bot.core.content import ConceptCard, PredictItem
from bot.core.modes import MODE_IDS, ModeUnavailable, UnknownItem, UnknownMode
from bot.core.ports import InvalidChoice
from tests.unit.modes.conftest import Setup

L = "learner-1"


async def test_a_wrong_quick_check_counts_wrong_and_the_card_is_still_done(setup: Setup):
    view = await setup.desk.enter(L, "demo", "concepts")
    assert isinstance(view.item, ConceptCard) and view.item_id == "alpha" and view.total == 3
    wrong = await setup.desk.choose(L, "demo", "concepts", "alpha", 2)
    assert (wrong.correct, wrong.correct_index, wrong.explanation) == (False, 0, "why alpha")
    assert wrong.next.item_id == "beta"
    right = await setup.desk.choose(L, "demo", "concepts", "beta", 1)
    assert right.correct and right.next.item_id == "gamma"
    row = await setup.store.get_mode(L, "demo", "concepts")
    assert row is not None
    assert (row.done, row.right, row.wrong, row.position) == (("alpha", "beta"), 1, 1, 2)
    events = await setup.store.mode_events(L, "demo", "concepts")
    assert [(e.item, e.correct) for e in events] == [("alpha", False), ("beta", True)]


async def test_leaving_and_entering_again_resumes_at_the_next_item(setup: Setup):
    await setup.desk.enter(L, "demo", "predict")
    first = await setup.desk.choose(L, "demo", "predict", "p1", 1)
    assert (first.correct, first.output, first.explanation) == (False, "2", "addition")
    # the learner leaves; a new desk over the same store (a restart) picks up where they were
    again = await setup.desk.enter(L, "demo", "predict")
    assert isinstance(again.item, PredictItem) and again.item_id == "p2" and again.index == 1
    assert (again.done, again.right, again.wrong) == (1, 0, 1)


async def test_a_double_click_on_the_same_answer_is_counted_once(setup: Setup):
    await setup.desk.choose(L, "demo", "predict", "p1", 0)
    twice = await setup.desk.choose(L, "demo", "predict", "p1", 0)
    assert twice.repeated
    row = await setup.store.get_mode(L, "demo", "predict")
    assert row is not None and (row.right, row.wrong) == (1, 0)


async def test_the_last_item_finishes_the_mode_and_entering_again_starts_a_new_round(setup: Setup):
    await setup.desk.choose(L, "demo", "predict", "p1", 0)
    last = await setup.desk.choose(L, "demo", "predict", "p2", 0)
    assert last.next.finished and last.next.item is None
    assert (await setup.desk.current(L, "demo", "predict")).finished
    round_two = await setup.desk.enter(L, "demo", "predict")
    assert not round_two.finished and round_two.item_id == "p1"
    assert (round_two.done, round_two.right, round_two.wrong) == (2, 1, 1)  # the record stays


async def test_a_case_walks_decision_by_decision_to_its_debrief(setup: Setup):
    view = await setup.desk.enter(L, "demo", "scenario")
    case, _decision, number = view.item
    assert (case.id, number, view.item_id, view.total) == ("drop", 1, "drop.1", 5)
    first = await setup.desk.choose(L, "demo", "scenario", "drop.1", 1)
    assert not first.correct and first.consequence == "drop.1 wasted a day"
    assert first.explanation == "drop.1 explanation" and first.debrief == ""
    second = await setup.desk.choose(L, "demo", "scenario", "drop.2", 0)
    assert second.correct and second.debrief == "drop debrief"
    assert second.next.item_id == "spike.1"


async def test_a_plan_button_opens_the_mode_at_that_item(setup: Setup):
    view = await setup.desk.enter(L, "demo", "concepts", item="gamma")
    assert view.item_id == "gamma" and view.index == 2
    assert (await setup.desk.current(L, "demo", "concepts")).item_id == "gamma"


async def test_unknown_modes_items_and_choices_are_refused_with_a_sentence(setup: Setup):
    with pytest.raises(UnknownMode, match="no learning mode called 'quiz'"):
        await setup.desk.enter(L, "demo", "quiz")
    with pytest.raises(UnknownItem, match="no concepts item 'nope'"):
        await setup.desk.enter(L, "demo", "concepts", item="nope")
    with pytest.raises(InvalidChoice):
        await setup.desk.choose(L, "demo", "predict", "p1", 7)
    assert await setup.store.mode_events(L) == []
    assert len(MODE_IDS) == 10


async def test_a_mode_without_content_says_so(setup: Setup):
    import dataclasses

    from bot.core.content import Catalog, ModeContent

    bare = dataclasses.replace(setup.engine.lesson("demo"), id="bare", modes=ModeContent())
    setup.engine.replace_catalog(Catalog((setup.engine.lesson("demo"), bare)))
    with pytest.raises(ModeUnavailable, match="has no Flashcards yet"):
        await setup.desk.enter(L, "bare", "flashcards")
