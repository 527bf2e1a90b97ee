"""The desk over a real SQLite database: a learner resumes after the bot restarts, rated
flashcards come back through the review scheduler, and erasing the learner erases it all."""

from __future__ import annotations

from pathlib import Path

from bot.app import open_mode_store, open_review_store
from bot.core.content import Catalog
from bot.core.lessons import TutorEngine
from bot.core.modes import ModeDesk
from bot.core.reviews import DueFlashcard, ReviewDesk
from bot.executor.fake import FakeExecutor
from bot.storage import SQLiteProgressStore
from tests.unit.helpers import SteppingClock, scripted
from tests.unit.modes.builders import modes_lesson

L = "discord:42"


async def session(path: Path, clock: SteppingClock, act) -> object:
    """One bot run: open the database, build the desk as the app does, act, close."""
    async with SQLiteProgressStore.open(path, clock=clock) as store:
        engine = TutorEngine(Catalog((modes_lesson(),)), FakeExecutor(scripted), store, clock)
        reviews = ReviewDesk(engine, open_review_store(store, clock), clock)
        desk = ModeDesk(engine, open_mode_store(store, clock), clock, reviews)
        return await act(desk, reviews, engine)


async def test_a_learner_resumes_after_a_restart_and_flashcards_come_back(tmp_path: Path):
    path, clock = tmp_path / "stepwise.db", SteppingClock()

    async def first_run(desk: ModeDesk, reviews, engine):
        await desk.choose(L, "demo", "scenario", "drop.1", 1)  # wrong
        await desk.choose(L, "demo", "scenario", "drop.2", 0)  # right
        await desk.flip(L, "demo", "card1")
        await desk.rate(L, "demo", "card1", "again")
        await engine.answer(L, "demo", "e1", 0, "practice")

    await session(path, clock, first_run)
    clock.advance(days=1)

    async def second_run(desk: ModeDesk, reviews, engine):
        view = await desk.enter(L, "demo", "scenario")
        lines = {line.mode.id: line for line in (await desk.card(L, "demo")).lines}
        return view, lines, await reviews.next_due(L)

    view, lines, due = await session(path, clock, second_run)
    assert view.item_id == "spike.1" and (view.done, view.right, view.wrong) == (2, 1, 1)
    assert {k: (v.done, v.right, v.wrong) for k, v in lines.items()} == {
        "flashcards": (1, 0, 1), "practice": (1, 1, 0), "scenario": (2, 1, 1),
    }  # fmt: skip
    assert isinstance(due, DueFlashcard) and due.flashcard.id == "card1"

    async def erase(desk: ModeDesk, reviews, engine):
        await engine.forget(L)
        return await desk.store.modes(L), await desk.store.mode_events(L)

    assert await session(path, clock, erase) == ([], [])
