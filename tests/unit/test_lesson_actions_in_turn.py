"""A learner's actions on one lesson take turns: a reset racing a hint, a solution, a skip
or a verdict ends as if one had run after the other, never as a mix of the two."""

from __future__ import annotations

import asyncio

import pytest

from .helpers import PASSING, HeldRuns, Yielding, build_engine, submit_held

LEARNER = "local:alice"


async def _hint(engine):
    return (await engine.hint(LEARNER, "demo")).step_number


async def _solution(engine):
    return (await engine.solution(LEARNER, "demo", give_up=True)).step_number


async def _skip(engine):
    return (await engine.skip(LEARNER, "demo")).number - 1


ACTIONS = {"hint": _hint, "solution": _solution, "skip": _skip}


async def _at_step_two():
    engine, _, store, clock = build_engine()
    await engine.start(LEARNER, "demo")
    await engine.submit(LEARNER, "demo", PASSING)
    engine.store = Yielding(store)
    return engine, clock


@pytest.mark.parametrize("action", ACTIONS)
async def test_an_action_begun_before_a_reset_is_undone_by_it(action):
    engine, _ = await _at_step_two()
    acted_on, view = await asyncio.gather(ACTIONS[action](engine), engine.reset(LEARNER, "demo"))
    assert acted_on == 2  # the old run's step
    now = await engine.current(LEARNER, "demo")
    assert (now.number, now.done, now.hints_shown, now.solution_revealed) == (1, 0, 0, False)
    assert not now.was_skipped and now.version == view.version


@pytest.mark.parametrize("action", ACTIONS)
async def test_an_action_begun_after_a_reset_acts_on_the_new_run(action):
    engine, _ = await _at_step_two()
    view, acted_on = await asyncio.gather(engine.reset(LEARNER, "demo"), ACTIONS[action](engine))
    assert view.number == 1 and acted_on == 1
    now = await engine.current(LEARNER, "demo")
    assert now.done == 0
    if action == "skip":
        assert now.number == 2
    else:
        assert now.number == 1
        assert (now.hints_shown, now.solution_revealed) == (
            (1, False) if action == "hint" else (0, True)
        )


async def _verdict_racing(other):
    held = HeldRuns()
    engine, _, store, _ = build_engine(handler=held)
    await engine.start(LEARNER, "demo")
    engine.store = Yielding(store)
    running = await submit_held(engine, LEARNER, "demo")
    held.release()
    await asyncio.sleep(0)  # the verdict is in: its recording has begun
    moved = await other(engine)
    return engine, store, await running, moved


async def test_a_reset_while_a_verdict_is_recorded_waits_for_it_then_starts_over():
    engine, store, result, view = await _verdict_racing(lambda e: e.reset(LEARNER, "demo"))
    assert result.passed and not result.stale and result.view.number == 2
    now = await engine.current(LEARNER, "demo")
    assert (now.number, now.done, now.version) == (1, 0, view.version)
    assert len(await store.attempts(LEARNER, "demo")) == 1  # attempt history stays


async def test_a_skip_while_a_verdict_is_recorded_waits_for_it_and_skips_the_next_step():
    engine, _, result, view = await _verdict_racing(lambda e: e.skip(LEARNER, "demo"))
    assert result.passed and result.view.number == 2
    assert view.number == 3 and view.done == 1
    now = await engine.current(LEARNER, "demo")
    assert (now.number, now.done, now.progress.skipped) == (3, 1, 1)
