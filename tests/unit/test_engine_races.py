"""State that races cannot undo: versions, stale verdicts, one hint per call, one answer
per practice showing. The engine's rules, with a frozen clock (the hardest case)."""

from __future__ import annotations

import asyncio

from bot.core.lessons import state as lesson_state
from bot.core.quiz import LearnerLocks

from .helpers import (
    PASSING,
    HeldRuns,
    Yielding,
    build_engine,
    make_lesson,
    make_question,
    submit_held,
)

LEARNER = "local:alice"


async def test_a_reset_gives_a_new_version_even_when_the_clock_stands_still():
    engine, _, _, _ = build_engine()
    first = await engine.start(LEARNER, "demo")
    again = await engine.reset(LEARNER, "demo")
    assert first.number == again.number == 1 and first.version != again.version
    assert again.version.startswith("1.")


async def test_a_verdict_that_arrives_after_a_reset_changes_nothing():
    held = HeldRuns()
    engine, _, store, _ = build_engine(handler=held)
    await engine.start(LEARNER, "demo")
    running = await submit_held(engine, LEARNER, "demo")
    await engine.reset(LEARNER, "demo")
    held.release()
    late = await running
    assert late.stale and not late.passed and late.view.number == 1
    assert (await engine.current(LEARNER, "demo")).number == 1
    assert await store.attempts(LEARNER, "demo") == []


async def test_code_for_an_earlier_state_is_not_run():
    engine, executor, _, _ = build_engine()
    opened_at = (await engine.start(LEARNER, "demo")).version
    await engine.submit(LEARNER, "demo", PASSING)  # step 1 passed: the box is out of date
    late = await engine.submit(LEARNER, "demo", PASSING, expected_version=opened_at)
    assert late.stale and late.step_number == 1 and late.view.number == 2
    assert len(executor.jobs) == 1


async def test_hints_racing_each_other_reveal_each_hint_once():
    engine, _, _, _ = build_engine(make_lesson(steps=1))
    engine.store = Yielding(engine.store)
    await engine.start(LEARNER, "demo")
    results = await asyncio.gather(
        *(engine.hint(LEARNER, "demo") for _ in range(10)), return_exceptions=True
    )
    numbers = sorted(r.number for r in results if not isinstance(r, Exception))
    assert numbers == [1, 2]


async def test_a_practice_showing_takes_one_answer():
    question = make_question("q1", correct=1)
    engine, _, store, _ = build_engine(make_lesson(questions=(question,)))
    engine.store = Yielding(store)
    first, second = await asyncio.gather(
        engine.answer(LEARNER, "demo", "q1", 1, session="abc123"),
        engine.answer(LEARNER, "demo", "q1", 0, session="abc123"),
    )
    assert first.correct and not first.repeated
    assert second.repeated and second.choice == 1 and second.correct
    assert [(a.choice, a.session) for a in await store.answers(LEARNER)] == [(1, "abc123")]
    again = await engine.answer(LEARNER, "demo", "q1", 0, session="def456")  # a new showing
    assert not again.repeated and not again.correct


async def test_locks_are_forgotten_when_nobody_holds_them():
    locks = LearnerLocks()
    async with locks.hold("a"):
        assert "a" in locks._locks
    assert locks._locks == {} and locks._users == {}


def test_version_names_the_step_it_was_taken_at():
    assert lesson_state.version_step("12.abcde") == 12
    assert lesson_state.version_step("junk") is None
