"""The tests every MLOps track lesson gets, made from its tables of submissions.

A lesson module lists `EXAMPLES` (claims its instructions make), `RIGHT` (other right
answers) and `WRONG` (the likeliest beginner mistakes with the message a teacher would
give) and calls `globals().update(step_tests(EXAMPLES, RIGHT, WRONG))`: the checks are the
same for every lesson, only the submissions differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from bot.core.ports import RunStatus

in_module_loop = pytest.mark.asyncio(loop_scope="module")  # one sandbox per module


def step_tests(
    examples: Sequence[tuple[int, str]],
    right: Sequence[tuple[int, str]],
    wrong: Sequence[tuple[int, str, str]],
) -> dict[str, Callable[..., Any]]:
    @in_module_loop
    async def test_reference_solutions_pass(judge, lesson):
        for step in lesson.steps:
            verdict = await judge(step.index, step.solution)
            assert verdict.passed, (step.index, verdict.message)

    @in_module_loop
    @pytest.mark.parametrize(("step", "claim"), examples)
    async def test_the_instructions_examples_hold(judge, lesson, step, claim):
        # A false claim stops the program with AssertionError; the step's checks may still
        # fail, since an example call can leave side effects (log_run appends a run).
        verdict = await judge(step, f"{lesson.step(step).solution}\nassert {claim}")
        assert verdict.status is RunStatus.OK, verdict.message

    @in_module_loop
    @pytest.mark.parametrize(("step", "code"), right)
    async def test_other_right_answers_pass(judge, step, code):
        verdict = await judge(step, code)
        assert verdict.passed, verdict.message

    @in_module_loop
    @pytest.mark.parametrize(("step", "code", "message"), wrong)
    async def test_wrong_answers_fail_with_a_teachers_message(judge, step, code, message):
        verdict = await judge(step, code)
        assert verdict.status is RunStatus.OK, verdict.result
        assert not verdict.passed
        assert message in verdict.message

    @in_module_loop
    async def test_starter_code_runs_and_does_not_pass(judge, lesson):
        for step in lesson.steps:
            verdict = await judge(step.index, step.starter)
            assert verdict.status is RunStatus.OK, (step.index, verdict.result)
            assert not verdict.passed, step.index

    def test_every_step_has_three_wrong_answers(lesson):
        per_step = Counter(step for step, *_ in wrong)
        assert all(per_step[step.index] >= 3 for step in lesson.steps), per_step

    return {name: value for name, value in locals().items() if name.startswith("test_")}
