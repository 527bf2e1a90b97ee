"""Any input to `stepwise learn`'s menu and modes ends cleanly and stores only what makes
sense: Hypothesis types menu picks, answers, ratings, commands, code and junk (control
characters, undecodable bytes, long lines) at the front door of the fixture lesson."""

from __future__ import annotations

import io
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.console import Console
from bot.cli.learn_cmd import Room, front_door
from bot.core.modes import MODES, item_ids

from .test_learn_modes import World, sandbox  # noqa: F401 - the module's sandbox fixture

WORDS = [str(n) for n in range(0, 12)] + [
    "j", "t", "q", ":quit", "A", "B", "C", "D", "again", "easy", ":hint", ":bug", ":skip",
    "steps", "flashcards", "scenario", ":code", ":end", "", " ", "print(1)",
]  # fmt: skip
line = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=80),
    st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.just("x" * 5000),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,  # code goes through the real sandbox; never a timed assertion
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
learners = itertools.count()
pytestmark = pytest.mark.asyncio(loop_scope="module")  # the sandbox lives in the module's loop


@FUZZ
@given(lines=st.lists(line, max_size=25))
async def test_any_script_leaves_the_front_door_cleanly(sandbox, lines):  # noqa: F811
    world = World(sandbox)
    learner = f"local:fuzz-{next(learners)}"
    text = "\n".join(item.replace("\n", " ") for item in lines) + "\n"
    out = io.StringIO()
    console = Console(io.StringIO(text), out, interactive=False)
    assert await front_door(Room(console, world.engine, world.desk, learner), world.lesson.id) == 0
    assert out.getvalue().rstrip().endswith("brings you back here.")  # left by the front door
    for row in await world.store.modes(learner, world.lesson.id):
        known = set(item_ids(world.lesson, row.mode))
        assert set(row.done) <= known, row
        assert row.right >= 0 and row.wrong >= 0
    lines_ = await world.desk.lines(learner, world.lesson.id)
    assert [x.mode.id for x in lines_] == [info.id for info in MODES]
    assert all(0 <= x.done <= x.total for x in lines_)
