"""What the lesson card's lines and the stored rows say in the cases between the obvious
ones: modes never opened, steps solved before the desk existed, the events of the steps
row, a test scored after a newer one began, a flip, a review scheduler that fails."""

from __future__ import annotations

import logging

import pytest

from bot.core.modes import GETTING_THERE, NEW_TO_YOU, ModeDesk, score_test, verdict
from bot.core.ports import ReviewCard, ReviewEvent
from bot.core.reviews import ReviewDesk
from bot.storage.memory_modes import MemoryModeStore
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import build_engine
from tests.unit.modes.builders import modes_lesson
from tests.unit.modes.conftest import Setup

L = "learner-1"


async def test_modes_never_opened_have_empty_lines(setup: Setup):
    lines = await setup.desk.lines(L, "demo")
    assert {(line.done, line.right, line.wrong, line.last_visit) for line in lines} == {
        (0, 0, 0, None)
    }
    assert not any(line.started for line in lines)


async def test_steps_solved_before_the_desk_existed_still_show_on_the_card():
    engine, _executor, _progress, clock = build_engine(modes_lesson())
    await engine.start(L, "demo")
    await engine.submit(L, "demo", "wrong")
    await engine.submit(L, "demo", "ok = True")  # no desk listens yet
    solved_at = clock.now()
    clock.advance(days=1)
    desk = ModeDesk(engine, MemoryModeStore(), clock)  # e.g. the bot upgraded overnight
    card = await desk.card(L, "demo")
    assert card.lesson.id == "demo" and card.steps_solved == 1
    assert [(x.mode.id, x.done, x.right, x.wrong, x.last_visit) for x in card.lines] == [
        ("steps", 1, 1, 1, solved_at)
    ]


async def test_a_later_visit_to_the_steps_is_the_lines_last_visit(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.submit(L, "demo", "ok = True")
    setup.clock.advance(hours=2)
    await setup.desk.enter(L, "demo", "steps")
    steps = next(x for x in await setup.desk.lines(L, "demo") if x.mode.id == "steps")
    assert steps.last_visit == setup.clock.now()


async def test_steps_progress_starts_only_the_steps_line(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.submit(L, "demo", "ok = True")
    card = await setup.desk.card(L, "demo")
    assert [line.mode.id for line in card.lines] == ["steps"]


async def test_each_finished_step_is_an_event_of_the_steps_row(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.submit(L, "demo", "wrong")
    await setup.engine.submit(L, "demo", "ok = True")  # step 1 passed after one miss
    await setup.engine.solution(L, "demo", give_up=True)  # step 2: the solution shown
    other = "learner-2"
    await setup.engine.start(other, "demo")
    await setup.engine.skip(other, "demo")  # step 1 skipped
    events = await setup.store.mode_events(L, "demo", "steps")
    assert [(e.item, e.correct, e.detail) for e in events] == [
        ("1", True, "passed"),
        ("2", None, "solution"),
    ]
    skipped = await setup.store.mode_events(other, "demo", "steps")
    assert [(e.item, e.correct, e.detail) for e in skipped] == [("1", None, "skipped")]
    row = await setup.store.get_mode(L, "demo", "steps")
    assert row is not None and (row.done, row.right, row.wrong) == (("1",), 1, 1)


async def test_a_solution_shown_at_the_first_step_keeps_the_learner_there(setup: Setup):
    await setup.engine.start(L, "demo")
    await setup.engine.solution(L, "demo", give_up=True)
    view = await setup.desk.current(L, "demo", "steps")
    assert (view.index, view.item_id) == (0, "1")


async def test_another_lessons_rows_stay_off_this_lessons_card():
    engine, _executor, _progress, clock = build_engine(modes_lesson("demo"), modes_lesson("other"))
    desk = ModeDesk(engine, MemoryModeStore(), clock)
    await desk.choose(L, "other", "concepts", "alpha", 0)
    assert (await desk.card(L, "demo")).lines == ()
    assert [line.mode.id for line in (await desk.card(L, "other")).lines] == ["concepts"]


async def test_a_flip_is_a_visit(setup: Setup):
    await setup.desk.enter(L, "demo", "flashcards")
    setup.clock.advance(minutes=3)
    await setup.desk.flip(L, "demo", "card1")
    cards = next(x for x in await setup.desk.lines(L, "demo") if x.mode.id == "flashcards")
    assert cards.last_visit == setup.clock.now()


async def test_the_score_is_kept_on_the_test_row_with_the_visit(setup: Setup):
    session = await setup.engine.start_test(L, "demo")
    for question in session.questions:
        wrong = question.difficulty.value == "hard"
        await setup.engine.answer_test(L, "demo", session.id, question.id, 1 if wrong else 0)
    setup.clock.advance(minutes=1)
    card = await setup.desk.test_score(L, "demo", session.id)
    assert card.lesson.id == "demo"
    row = await setup.store.get_mode(L, "demo", "test")
    assert row is not None
    assert (row.state["verdict"], row.state["score"]) == (GETTING_THERE, [6, 10])
    assert row.last_visit == setup.clock.now()


async def test_an_older_tests_score_does_not_replace_the_current_tests(setup: Setup):
    old = await setup.engine.start_test(L, "demo")
    await setup.engine.answer_test(L, "demo", old.id, old.questions[0].id, 3)
    setup.clock.advance(minutes=5)
    new = await setup.engine.start_test(L, "demo")
    await setup.engine.answer_test(L, "demo", new.id, new.questions[0].id, 0)
    await setup.desk.test_score(L, "demo", old.id)  # e.g. a stale "score" button
    row = await setup.store.get_mode(L, "demo", "test")
    assert row is not None and "verdict" not in row.state and (row.right, row.wrong) == (1, 0)


async def test_a_test_scored_without_answers_starts_its_row(setup: Setup):
    session = await setup.engine.start_test(L, "demo")
    setup.clock.advance(minutes=1)
    card = await setup.desk.test_score(L, "demo", session.id)
    assert (card.right, card.total, card.verdict) == (0, 10, NEW_TO_YOU)
    row = await setup.store.get_mode(L, "demo", "test")
    assert row is not None and row.state["verdict"] == NEW_TO_YOU
    assert row.started_at == row.last_visit == setup.clock.now()


def test_one_hard_question_missed_keeps_a_high_score_from_strong():
    assert verdict(9, 10, 0, 1) == GETTING_THERE
    lesson = modes_lesson()
    assert score_test(lesson, []).lesson is lesson


class FailingReviewStore(MemoryReviewStore):
    """A review store whose disk is full: scheduling fails, the rating must not."""

    async def save_card(self, card: ReviewCard, event: ReviewEvent | None = None) -> None:
        raise OSError("disk full")


async def test_a_failing_scheduler_keeps_the_rating_and_tells_the_operator(caplog):
    engine, _executor, _progress, clock = build_engine(modes_lesson())
    reviews = ReviewDesk(engine, FailingReviewStore(), clock, check_step=engine.check_step)
    store = MemoryModeStore()
    desk = ModeDesk(engine, store, clock, reviews)
    with caplog.at_level(logging.ERROR, logger="bot.core.modes.desk"):
        result = await desk.rate(L, "demo", "card1", "good")
    assert result.review is None and result.next_due is None and result.next.item_id == "card2"
    row = await store.get_mode(L, "demo", "flashcards")
    assert row is not None and (row.done, row.right) == (("card1",), 1)
    [record] = [r for r in caplog.records if r.name == "bot.core.modes.desk"]
    assert record.getMessage() == "review scheduling of flashcard card1 failed for learner-1"
    assert record.exc_info is not None and "disk full" in str(record.exc_info[1])


@pytest.mark.parametrize("rating", ["again", "hard", "easy"])
async def test_every_rating_is_kept_as_it_was_given(setup: Setup, rating: str):
    result = await setup.desk.rate(L, "demo", "card1", rating)
    assert result.rating == rating
    events = await setup.store.mode_events(L, "demo", "flashcards")
    assert [(e.item, e.correct, e.detail) for e in events] == [("card1", rating != "again", rating)]
