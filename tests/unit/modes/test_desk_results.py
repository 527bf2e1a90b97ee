"""What each desk call hands back and keeps, item by item: the result of a choice in each
choice mode (and of a double click), a flip away from the current card, a repeated rating,
a skip, a second round, reading without writing, and the errors a learner reads."""

from __future__ import annotations

import pytest

from bot.core.modes import ModeDesk, ModeUnavailable
from bot.core.ports import InvalidChoice, TutorError
from bot.storage.memory_modes import MemoryModeStore
from tests.unit.helpers import build_engine, make_lesson
from tests.unit.modes.builders import modes_lesson
from tests.unit.modes.conftest import Setup

L = "learner-1"


@pytest.mark.parametrize(
    ("mode", "item", "choice", "correct_index", "teaching"),
    [
        ("concepts", "beta", 2, 1, "why beta"),
        ("predict", "p2", 0, 1, "repeat"),
        ("scenario", "spike.1", 1, 0, "spike.1 explanation"),
    ],
)
async def test_a_choice_comes_back_with_the_item_the_choice_and_the_right_one(
    setup: Setup, mode: str, item: str, choice: int, correct_index: int, teaching: str
):
    result = await setup.desk.choose(L, "demo", mode, item, choice)
    assert (result.item_id, result.choice, result.correct, result.correct_index) == (
        item, choice, False, correct_index,
    )  # fmt: skip
    assert result.explanation == teaching and not result.repeated
    twice = await setup.desk.choose(L, "demo", mode, item, choice)
    assert (twice.item_id, twice.choice, twice.correct_index, twice.repeated) == (
        item, choice, correct_index, True,
    )  # fmt: skip
    assert twice.next == result.next  # the double click shows the same next item
    row = await setup.store.get_mode(L, "demo", mode)
    assert row is not None and (row.right, row.wrong) == (0, 1)


async def test_each_case_answers_with_its_own_decisions(setup: Setup):
    result = await setup.desk.choose(L, "demo", "scenario", "spike.1", 0)
    assert (result.consequence, result.explanation) == (
        "spike.1 good move",
        "spike.1 explanation",
    )
    assert result.next.item_id == "spike.2" and result.debrief == ""
    last = await setup.desk.choose(L, "demo", "scenario", "spike.3", 1)
    assert (last.consequence, last.debrief) == ("spike.3 wasted a day", "spike debrief")


async def test_choices_outside_the_options_or_the_choice_modes_are_explained(setup: Setup):
    with pytest.raises(InvalidChoice) as caught:
        await setup.desk.choose(L, "demo", "predict", "p1", 3)
    assert str(caught.value) == "Choose one of the 3 options (A–C)."
    assert caught.value.choice == 3
    with pytest.raises(TutorError) as refused:
        await setup.desk.choose(L, "demo", "flashcards", "card1", 0)
    assert str(refused.value) == "Flashcards has no options to choose from."


async def test_flipping_another_card_than_the_current_one_opens_it(setup: Setup):
    await setup.desk.enter(L, "demo", "flashcards")  # card1 showing
    setup.clock.advance(minutes=1)
    view = await setup.desk.flip(L, "demo", "card3")
    assert (view.index, view.item_id, view.flipped) == (2, "card3", True)
    again = await setup.desk.enter(L, "demo", "flashcards")  # a resume shows it flipped
    assert (again.item_id, again.flipped) == ("card3", True)
    row = await setup.store.get_mode(L, "demo", "flashcards")
    assert row is not None and row.position == 2 and row.last_visit == setup.clock.now()


async def test_a_rating_names_its_card_and_a_second_click_is_counted_once(setup: Setup):
    first = await setup.desk.rate(L, "demo", "card1", "hard")
    assert (first.card_id, first.rating, first.next.item_id) == ("card1", "hard", "card2")
    twice = await setup.desk.rate(L, "demo", "card1", "hard")
    assert (twice.card_id, twice.rating, twice.review) == ("card1", "hard", None)
    assert twice.next.item_id == "card2"
    row = await setup.store.get_mode(L, "demo", "flashcards")
    assert row is not None and (row.done, row.right, row.wrong) == (("card1",), 1, 0)


async def test_a_skip_moves_on_without_counting(setup: Setup):
    await setup.desk.enter(L, "demo", "predict")
    setup.clock.advance(minutes=1)
    view = await setup.desk.skip(L, "demo", "predict")
    assert (view.index, view.item_id, view.done, view.right, view.wrong) == (1, "p2", 0, 0, 0)
    row = await setup.store.get_mode(L, "demo", "predict")
    assert row is not None and row.position == 1 and row.last_visit == setup.clock.now()
    end = await setup.desk.skip(L, "demo", "predict")
    assert end.finished and end.index == 2
    still = await setup.desk.skip(L, "demo", "predict")  # nothing past the end
    assert still.finished and still.index == 2


async def test_a_skip_after_a_flip_shows_the_next_card_face_down(setup: Setup):
    await setup.desk.flip(L, "demo", "card1")
    view = await setup.desk.skip(L, "demo", "flashcards")
    assert (view.item_id, view.flipped) == ("card2", False)
    row = await setup.store.get_mode(L, "demo", "flashcards")
    assert row is not None and "flipped" not in row.state


async def test_each_new_round_is_counted_and_its_answers_count_again(setup: Setup):
    for _round in range(2):
        await setup.desk.choose(L, "demo", "predict", "p1", 0)
        await setup.desk.choose(L, "demo", "predict", "p2", 0)  # wrong (p2's answer is B)
        setup.clock.advance(minutes=1)
        view = await setup.desk.enter(L, "demo", "predict")
        assert view.item_id == "p1" and not view.finished
    row = await setup.store.get_mode(L, "demo", "predict")
    assert row is not None
    assert (row.right, row.wrong, row.state["round"]) == (2, 2, 2)
    assert row.last_visit == setup.clock.now()
    await setup.desk.skip(L, "demo", "predict")  # a skip keeps the round count
    kept = await setup.store.get_mode(L, "demo", "predict")
    assert kept is not None and kept.state["round"] == 2


async def test_a_missed_fix_keeps_the_round_count_of_its_mode(setup: Setup):
    await setup.desk.submit_fix(L, "demo", "f1", "ok = True")
    await setup.desk.submit_fix(L, "demo", "f2", "ok = True")
    await setup.desk.enter(L, "demo", "fix")  # round two
    setup.clock.advance(minutes=1)
    failed = await setup.desk.submit_fix(L, "demo", "f1", "ok = False")
    assert not failed.passed and failed.next.item_id == "f1"
    row = await setup.store.get_mode(L, "demo", "fix")
    assert row is not None and row.state["round"] == 1 and row.wrong == 1
    assert row.last_visit == setup.clock.now()


async def test_entering_again_later_is_a_visit(setup: Setup):
    await setup.desk.enter(L, "demo", "concepts")
    setup.clock.advance(hours=1)
    await setup.desk.enter(L, "demo", "concepts")
    line = next(x for x in await setup.desk.lines(L, "demo") if x.mode.id == "concepts")
    assert line.last_visit == setup.clock.now()


async def test_looking_at_a_mode_writes_nothing(setup: Setup):
    view = await setup.desk.current("someone-new", "demo", "concepts")
    assert view.item_id == "alpha" and not view.finished
    assert await setup.store.get_mode("someone-new", "demo", "concepts") is None
    exported = await setup.engine.store.export_learner("someone-new")
    assert exported["learner"] is None  # not even the learner was created


async def test_the_cheat_sheet_is_an_event_and_a_lesson_without_one_says_so(setup: Setup):
    await setup.desk.open_cheatsheet(L, "demo")
    events = await setup.store.mode_events(L, "demo", "cheatsheet")
    assert [(e.item, e.correct, e.detail) for e in events] == [("sheet", None, "open")]
    engine, _executor, _progress, clock = build_engine(make_lesson("bare"))
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    with pytest.raises(ModeUnavailable) as caught:
        await desk.open_cheatsheet(L, "bare")
    assert str(caught.value) == "'Lesson bare' has no Cheat sheet yet; choose another mode."


async def test_a_skip_names_the_lesson_it_was_asked_about():
    engine, _executor, _progress, clock = build_engine(modes_lesson("demo"), modes_lesson("other"))
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    view = await desk.skip(L, "other", "concepts")
    assert (view.lesson.id, view.item_id) == ("other", "beta")
    assert await desk.store.get_mode(L, "demo", "concepts") is None
