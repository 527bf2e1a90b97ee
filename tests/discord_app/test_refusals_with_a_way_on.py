"""A refusal raised by the engine, as a Discord learner gets it: the sentence, and the
buttons that lead on from it (they carry the lesson the refusal was about).

The refusals come from the real engine, so the lesson they name is the one the engine
knows; `way_on` is what the Discord adapter sends for them.
"""

from __future__ import annotations

import pytest

from bot.core.ports import NoMoreHints, SolutionLocked, StarterUnchanged
from bot.discord_app.custom_ids import Action, step_custom_id
from bot.discord_app.way_on import way_on
from tests.unit.helpers import build_engine, make_lesson

LEARNER = "local:alice"
OWNER = 42


def buttons(view) -> list[tuple[str, str]]:
    return [(item.label, item.custom_id) for item in view.children]


async def test_a_locked_solution_offers_give_up_and_skip_for_its_lesson():
    engine, *_ = build_engine(make_lesson("loops", steps=1, solution_after_failures=2))
    with pytest.raises(SolutionLocked) as locked:
        await engine.solution(LEARNER, "loops")
    text, view = way_on(locked.value, OWNER)
    assert text.startswith("The solution unlocks after 2 more failed attempts. ")
    assert [custom_id for _, custom_id in buttons(view)] == [
        step_custom_id(Action.GIVE_UP, "loops", OWNER),
        step_custom_id(Action.SKIP, "loops", OWNER),
    ]


async def test_no_more_hints_offers_to_skip_the_step_of_its_lesson():
    engine, *_ = build_engine(make_lesson("loops", steps=1))
    await engine.hint(LEARNER, "loops")
    await engine.hint(LEARNER, "loops")
    with pytest.raises(NoMoreHints) as spent:
        await engine.hint(LEARNER, "loops")
    text, view = way_on(spent.value, OWNER)
    assert text.startswith("You have seen all 2 hints for this step. ")
    assert [custom_id for _, custom_id in buttons(view)] == [
        step_custom_id(Action.SKIP, "loops", OWNER)
    ]


async def test_submitting_the_starter_as_given_is_refused_in_a_sentence():
    engine, *_ = build_engine(make_lesson("loops", steps=2))
    with pytest.raises(StarterUnchanged) as unchanged:
        await engine.submit(LEARNER, "loops", "# start here\n")
    assert unchanged.value.message == (
        "You have not changed the starter code of step 1 yet: write your answer into it, "
        "then submit (this did not count as an attempt)."
    )
    assert way_on(unchanged.value, OWNER) is None  # the sentence alone: nothing to press
