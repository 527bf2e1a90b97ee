"""Flashcards (and the review scheduler they feed), fix and fill, the cheat sheet."""

from __future__ import annotations

import pytest

from bot.core.content import FixItem, Flashcard
from bot.core.modes import WrongBlankCount, cheatsheet_markdown
from bot.core.ports import FLASHCARD
from bot.core.reviews import DueFlashcard, Grade, NothingDue
from tests.unit.modes.conftest import Setup

L = "learner-1"


async def test_a_flip_is_remembered_and_a_rating_moves_to_the_next_card(setup: Setup):
    view = await setup.desk.enter(L, "demo", "flashcards")
    assert isinstance(view.item, Flashcard) and not view.flipped
    flipped = await setup.desk.flip(L, "demo", "card1")
    assert flipped.flipped and flipped.item_id == "card1"
    assert (await setup.desk.enter(L, "demo", "flashcards")).flipped  # resumed face up
    rated = await setup.desk.rate(L, "demo", "card1", "again")
    assert rated.next.item_id == "card2" and not rated.next.flipped
    await setup.desk.rate(L, "demo", "card2", "good")
    row = await setup.store.get_mode(L, "demo", "flashcards")
    assert row is not None and (row.done, row.right, row.wrong) == (("card1", "card2"), 1, 1)
    events = await setup.store.mode_events(L, "demo", "flashcards")
    assert [(e.item, e.detail) for e in events] == [
        ("card1", "flip"), ("card1", "again"), ("card2", "good"),
    ]  # fmt: skip


async def test_rated_flashcards_become_review_cards_served_by_the_one_scheduler(setup: Setup):
    rated = await setup.desk.rate(L, "demo", "card1", "again")
    await setup.desk.rate(L, "demo", "card2", "easy")
    assert rated.review is not None and rated.review.kind == FLASHCARD
    setup.clock.advance(days=1)
    due = await setup.reviews.next_due(L)
    assert isinstance(due, DueFlashcard)
    assert (due.flashcard.id, due.flashcard.term, due.remaining) == ("card1", "term 1", 1)
    result = await setup.reviews.rate_flashcard(L, due.card.key, Grade.GOOD)
    assert result.correct and result.next_due > setup.clock.now()
    assert isinstance(await setup.reviews.next_due(L), NothingDue)


async def test_a_flashcard_removed_from_the_lesson_is_not_served(setup: Setup):
    await setup.desk.rate(L, "demo", "card3", "again")
    import dataclasses

    from bot.core.content import Catalog

    lesson = setup.engine.lesson("demo")
    fewer = dataclasses.replace(
        lesson, modes=dataclasses.replace(lesson.modes, flashcards=lesson.modes.flashcards[:2])
    )
    setup.engine.replace_catalog(Catalog((fewer,)))
    setup.clock.advance(days=1)
    assert isinstance(await setup.reviews.next_due(L), NothingDue)


async def test_an_unknown_rating_is_refused(setup: Setup):
    from bot.core.ports import TutorError

    with pytest.raises(TutorError, match="again, hard, good, easy"):
        await setup.desk.rate(L, "demo", "card1", "meh")


async def test_a_failing_fix_counts_wrong_and_stays_then_a_passing_one_moves_on(setup: Setup):
    view = await setup.desk.enter(L, "demo", "fix")
    assert isinstance(view.item, FixItem) and view.item.broken == "ok = False"
    failed = await setup.desk.submit_fix(L, "demo", "f1", view.item.broken)
    assert not failed.passed and failed.run.failed_checks[0].message == "v is missing"
    assert failed.next.item_id == "f1"
    passed = await setup.desk.submit_fix(L, "demo", "f1", "ok = True")
    assert passed.passed and passed.next.item_id == "f2"
    row = await setup.store.get_mode(L, "demo", "fix")
    assert row is not None and (row.done, row.right, row.wrong) == (("f1",), 1, 1)


async def test_fill_answers_go_into_the_blanks_and_run_as_the_step(setup: Setup):
    wrong = await setup.desk.submit_fill(L, "demo", "fill1", ("False",))
    assert not wrong.passed and wrong.code == "ok = False"
    right = await setup.desk.submit_fill(L, "demo", "fill1", ("True",))
    assert right.passed and right.code == "ok = True" and right.next.finished
    with pytest.raises(WrongBlankCount, match="1 blank"):
        await setup.desk.submit_fill(L, "demo", "fill1", ("True", "x"))


async def test_the_cheat_sheet_is_markdown_and_opening_it_finishes_the_mode(setup: Setup):
    text = await setup.desk.open_cheatsheet(L, "demo")
    assert text == cheatsheet_markdown(setup.engine.lesson("demo"))
    assert text.startswith("# Lesson demo: cheat sheet\n\nKeep models working.")
    assert "- **Drift**: data changes" in text and "```py\nok = True\n```" in text
    assert "## Common mistakes\n\n- Forgetting monitoring" in text
    lines = {line.mode.id: line for line in await setup.desk.lines(L, "demo")}
    assert (lines["cheatsheet"].done, lines["cheatsheet"].total) == (1, 1)


async def test_a_second_fix_while_the_first_runs_is_refused_and_not_counted():
    import asyncio

    from bot.core.modes import ModeDesk
    from bot.core.ports import EvaluationInProgress
    from bot.executor.fake import verdict
    from bot.storage.memory_modes import MemoryModeStore
    from tests.unit.helpers import build_engine
    from tests.unit.modes.builders import modes_lesson

    release = asyncio.Event()

    async def slow(job):
        await release.wait()
        return verdict(True)

    engine, *_ = build_engine(modes_lesson(), handler=slow)
    store = MemoryModeStore()
    desk = ModeDesk(engine, store, engine.clock)
    first = asyncio.create_task(desk.submit_fix(L, "demo", "f1", "ok = True"))
    await asyncio.sleep(0)
    with pytest.raises(EvaluationInProgress):
        await desk.submit_fix(L, "demo", "f1", "ok = True")
    release.set()
    assert (await first).passed
    row = await store.get_mode(L, "demo", "fix")
    assert row is not None and (row.right, row.wrong) == (1, 0)
