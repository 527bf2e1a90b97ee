"""Fix and fill through the real sandbox: the learner's code runs as the step does, judged by
the step's own checks (what-is-mlops step 2: the list of the four MLOps stages)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.core.content import Catalog, ExampleLine, FillItem, FixItem, ModeContent, load_catalog
from bot.core.lessons import TutorEngine
from bot.core.modes import ModeDesk
from bot.executor.sandbox import SandboxExecutor
from bot.storage import MemoryProgressStore
from bot.storage.memory_modes import MemoryModeStore
from tests.unit.helpers import SteppingClock

CONTENT = Path(__file__).resolve().parents[3] / "content"
L = "learner-1"
pytestmark = pytest.mark.asyncio(loop_scope="module")  # one sandbox for the module

FILL = FillItem(
    id="list-the-stages",
    step=2,
    example=(ExampleLine('colors = ["red", "green"]', "a list in square brackets"),),
    template="mlops_steps = [___, 'Model Training', 'Model Deployment', ___]\n",
    answers=("'Data Preparation'", "'Monitoring'"),
    wrong=(("'Data Cleaning'", "'Monitoring'"),),
)
FIX = FixItem(
    id="lost-stage",
    step=2,
    broken="mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment']\n",
    fixed="mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment', "
    "'Monitoring']\n",
    bug="The list stops before Monitoring.",
    hint="Count the stages: there are four.",
)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield executor


def desk_over(sandbox: SandboxExecutor) -> tuple[ModeDesk, MemoryModeStore]:
    lesson = load_catalog(CONTENT).get("what-is-mlops")
    assert lesson is not None
    lesson = dataclasses.replace(lesson, modes=ModeContent(fix=(FIX,), fill=(FILL,)))
    clock = SteppingClock()
    engine = TutorEngine(Catalog((lesson,)), sandbox, MemoryProgressStore(clock), clock)
    store = MemoryModeStore()
    return ModeDesk(engine, store, clock), store


async def test_wrong_fill_answers_fail_the_real_checks_and_the_right_ones_pass(sandbox):
    desk, store = desk_over(sandbox)
    wrong = await desk.submit_fill(L, "what-is-mlops", "list-the-stages", FILL.wrong[0])
    assert not wrong.passed
    assert any("Data Preparation" in c.message for c in wrong.run.failed_checks)
    right = await desk.submit_fill(L, "what-is-mlops", "list-the-stages", FILL.answers)
    assert right.passed and right.run.failed_checks == ()
    row = await store.get_mode(L, "what-is-mlops", "fill")
    assert row is not None and (row.done, row.right, row.wrong) == (("list-the-stages",), 1, 1)


async def test_the_broken_code_fails_and_the_learners_fix_passes(sandbox):
    desk, _ = desk_over(sandbox)
    broken = await desk.submit_fix(L, "what-is-mlops", "lost-stage", FIX.broken)
    assert not broken.passed and broken.next.item_id == "lost-stage"
    fixed = await desk.submit_fix(L, "what-is-mlops", "lost-stage", FIX.fixed)
    assert fixed.passed and fixed.next.finished


async def test_hostile_fix_code_is_contained_and_counted_as_a_miss(sandbox):
    desk, store = desk_over(sandbox)
    result = await desk.submit_fix(L, "what-is-mlops", "lost-stage", "import os\nos.fork()\n")
    assert not result.passed
    row = await store.get_mode(L, "what-is-mlops", "fix")
    assert row is not None and row.wrong == 1 and row.done == ()
