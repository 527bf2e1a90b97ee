"""Whatever a learner does, in any order, the desk's record stays sound: each item done
once, right + wrong equal to the answers counted, the resume point inside the mode and
showing the item it points at; free-text fill answers never break it."""

from __future__ import annotations

import asyncio
import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.lessons import TutorEngine
from bot.core.modes import ModeDesk, UnknownItem, WrongBlankCount, item_count, item_ids
from bot.core.ports import InvalidChoice, TutorError
from bot.storage.memory_modes import MemoryModeStore
from tests.unit.helpers import build_engine
from tests.unit.modes.builders import modes_lesson

L = "learner-1"
MODES = ("concepts", "flashcards", "predict", "fix", "fill", "scenario", "cheatsheet")
action = st.tuples(
    st.sampled_from(("enter", "jump", "choose", "flip", "rate", "code", "skip", "sheet")),
    st.sampled_from(MODES),
    st.integers(min_value=-1, max_value=6),  # an item index, out of range now and then
    st.integers(min_value=-1, max_value=4),  # a choice, out of range now and then
)


async def act(desk: ModeDesk, engine: TutorEngine, step: tuple[str, str, int, int]) -> None:
    kind, mode, index, choice = step
    lesson = engine.lesson("demo")
    ids = item_ids(lesson, mode)
    item = ids[index] if 0 <= index < len(ids) else "nope"
    rating = ("again", "hard", "good", "easy")[choice % 4]
    calls = {
        "enter": lambda: desk.enter(L, "demo", mode),
        "jump": lambda: desk.enter(L, "demo", mode, item=item),
        "choose": lambda: desk.choose(L, "demo", mode, item, choice),
        "flip": lambda: desk.flip(L, "demo", item),
        "rate": lambda: desk.rate(L, "demo", item, rating),
        "code": lambda: (
            desk.submit_fix(L, "demo", item, "ok = True" if choice % 2 else "no")
            if mode == "fix"
            else desk.submit_fill(L, "demo", item, ("True",) if choice % 2 else ("False",))
        ),
        "skip": lambda: desk.skip(L, "demo", mode),
        "sheet": lambda: desk.open_cheatsheet(L, "demo"),
    }
    # a refusal comes with a sentence: nothing to check then but the record below
    with contextlib.suppress(UnknownItem, InvalidChoice, WrongBlankCount, TutorError):
        await calls[kind]()


async def sound(desk: ModeDesk, store: MemoryModeStore, engine: TutorEngine) -> None:
    lesson = engine.lesson("demo")
    for mode in MODES:
        row = await store.get_mode(L, "demo", mode)
        if row is None:
            continue
        ids = item_ids(lesson, mode)
        assert len(set(row.done)) == len(row.done) and set(row.done) <= set(ids)
        counted = [e for e in await store.mode_events(L, "demo", mode) if e.correct is not None]
        assert row.right == sum(e.correct for e in counted)
        assert row.wrong == sum(not e.correct for e in counted)
        assert 0 <= row.position <= item_count(lesson, mode)
        view = await desk.current(L, "demo", mode)
        assert view.finished == (row.position >= len(ids))
        assert view.item_id == ("" if view.finished else ids[row.position])


@settings(max_examples=60, deadline=None)
@given(st.lists(action, max_size=25))
def test_any_sequence_of_actions_keeps_the_record_sound(steps):
    async def run() -> None:
        engine, *_ = build_engine(modes_lesson())
        store = MemoryModeStore()
        desk = ModeDesk(engine, store, engine.clock)
        for step in steps:
            await act(desk, engine, step)
            await sound(desk, store, engine)

    asyncio.run(run())


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60))
def test_any_fill_answer_runs_or_is_refused_and_never_breaks_the_record(answer):
    async def run() -> None:
        engine, executor, *_ = build_engine(modes_lesson())
        store = MemoryModeStore()
        desk = ModeDesk(engine, store, engine.clock)
        result = await desk.submit_fill(L, "demo", "fill1", (answer,))
        assert "\0" not in executor.jobs[-1].programs[-1].code
        assert result.passed == (result.code.strip() == "ok = True")
        await sound(desk, store, engine)

    asyncio.run(run())
