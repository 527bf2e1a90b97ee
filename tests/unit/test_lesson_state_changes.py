"""Lesson state when content changes under stored progress, and what an attempt stores.

Authors add and remove steps while learners are mid-lesson (`/content reload` swaps the
catalog); stored progress must keep meaning the same thing. Everything goes through the
real engine and store, and what a learner would see (the step, the buttons) or what is
stored (progress, attempts) is asserted.
"""

from __future__ import annotations

import dataclasses

from bot.core.checks import CheckResult
from bot.core.content import Catalog
from bot.core.lessons import build_job
from bot.core.ports import ErrorInfo, RunJob, RunResult, RunStatus
from bot.discord_app import components

from .helpers import PASSING, build_engine, make_lesson

LEARNER = "local:alice"
OWNER = 42


def button_labels(view) -> list[str]:
    """The button labels of the message payload Discord receives under a step."""
    buttons = components.step_buttons(view, OWNER)
    if buttons is None:
        return []
    return [button["label"] for row in buttons.to_components() for button in row["components"]]


async def test_show_solution_stays_after_an_early_reveal():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    assert "Show solution" not in button_labels(await engine.current(LEARNER, "demo"))
    await engine.solution(LEARNER, "demo", give_up=True)  # before any failure unlocked it

    view = await engine.current(LEARNER, "demo")
    assert view.solution_available and "Show solution" in button_labels(view)
    failed = await engine.submit(LEARNER, "demo", "still wrong")
    assert "Show solution" in button_labels(failed.view)
    assert not failed.solution_unlocked  # it was not this failure that made it available
    again = await engine.solution(LEARNER, "demo")  # no SolutionLocked: it stays readable
    assert again.code == "v1 = 1"


async def test_a_lesson_that_grows_mid_way_continues_into_the_new_steps():
    engine, _, store, _ = build_engine(make_lesson(steps=2))
    await engine.submit(LEARNER, "demo", PASSING)  # step 1 done, on step 2 of 2
    engine.replace_catalog(Catalog((make_lesson(steps=4),)))

    view = await engine.current(LEARNER, "demo")
    assert (view.number, view.total, view.done, view.completed) == (2, 4, 1, False)
    for _ in range(2):
        assert (await engine.submit(LEARNER, "demo", PASSING)).passed
    view = await engine.current(LEARNER, "demo")
    assert (view.number, view.step.title, view.failed_attempts) == (4, "Step 4", 0)
    stored = await store.get_progress(LEARNER, "demo")
    assert stored.current_step == 4 and len(stored.steps) == 4
    assert [s.accepted_code for s in stored.steps] == [PASSING, PASSING, PASSING, None]
    assert stored.completed_at is None

    last = await engine.submit(LEARNER, "demo", PASSING)
    assert last.completed


async def test_a_lesson_that_shrinks_below_the_learners_step_is_finished():
    engine, _, _, _ = build_engine(make_lesson(steps=5))
    for _ in range(4):
        await engine.submit(LEARNER, "demo", PASSING)  # on step 5 of 5
    engine.replace_catalog(Catalog((make_lesson(steps=2),)))

    view = await engine.current(LEARNER, "demo")
    assert view.completed and view.step is None
    assert (view.number, view.total, view.done, view.is_first) == (3, 2, 2, False)
    assert view.lesson.id == "demo" and view.last_passed is True
    status = (await engine.summary(LEARNER)).status("demo")
    assert (status.done, status.total, status.completed, status.current_step) == (2, 2, True, 3)


async def test_a_lesson_that_shrinks_keeps_the_state_of_the_steps_left():
    engine, _, store, _ = build_engine(make_lesson(steps=3))
    await engine.submit(LEARNER, "demo", "wrong")  # one failure on step 1
    await engine.hint(LEARNER, "demo")
    engine.replace_catalog(Catalog((make_lesson(steps=2),)))
    view = await engine.current(LEARNER, "demo")
    assert (view.number, view.total, view.failed_attempts, view.hints_shown) == (1, 2, 1, 1)
    await engine.submit(LEARNER, "demo", PASSING)
    stored = await store.get_progress(LEARNER, "demo")
    assert len(stored.steps) == 2 and stored.current_step == 2
    assert stored.steps[0].failed_attempts == 1 and stored.steps[0].accepted_code == PASSING


async def test_an_unchanged_lesson_leaves_stored_progress_as_it_was():
    engine, _, store, _ = build_engine()
    await engine.submit(LEARNER, "demo", PASSING)
    before = await store.get_progress(LEARNER, "demo")
    view = await engine.current(LEARNER, "demo")
    assert (view.number, view.done) == (2, 1)
    assert await store.get_progress(LEARNER, "demo") == before


# --------------------------------------------------------------------------- attempts


def answering(result: RunResult):
    def handler(job: RunJob) -> RunResult:
        return result

    return handler


async def stored_summary(result: RunResult) -> str:
    engine, _, store, _ = build_engine(handler=answering(result))
    await engine.submit(LEARNER, "demo", "code")
    (attempt,) = await store.attempts(LEARNER, "demo", 1)
    return attempt.summary


async def test_each_attempt_stores_the_first_thing_to_fix():
    passed = RunResult(RunStatus.OK, checks=(CheckResult("expr", True, "fine"),))
    assert await stored_summary(passed) == "passed"
    friendly = ErrorInfo("NameError", "name 'x' is not defined", "`x` is used before it is set")
    assert (
        await stored_summary(RunResult(RunStatus.RUNTIME_ERROR, error=friendly))
        == "`x` is used before it is set"
    )
    bare = ErrorInfo("NameError", "name 'x' is not defined", "")
    assert (
        await stored_summary(RunResult(RunStatus.RUNTIME_ERROR, error=bare))
        == "NameError: name 'x' is not defined"
    )
    detail = RunResult(RunStatus.TIMEOUT, detail="Stopped after 5 s.")
    assert await stored_summary(detail) == "Stopped after 5 s."
    checks = (CheckResult("expr", True, "a holds"), CheckResult("expr", False, "b is 2, not 3"))
    assert await stored_summary(RunResult(RunStatus.OK, checks=checks)) == "b is 2, not 3"
    assert await stored_summary(RunResult(RunStatus.KILLED)) == "killed"


def test_a_checked_step_runs_after_the_reference_code_of_the_steps_before_it():
    lesson = dataclasses.replace(make_lesson(steps=3), packages=("numpy",))
    job = build_job(lesson, 3, "v3 = 3")
    assert [(p.name, p.code) for p in job.programs] == [
        ("step 1", "v1 = 1"),
        ("step 2", "v2 = 2"),
        ("your code", "v3 = 3"),
    ]
    assert job.checks == lesson.step(3).checks
    assert job.packages == ("numpy",)
    first = build_job(lesson, 1, "v1 = 1")
    assert [p.name for p in first.programs] == ["your code"]


async def test_a_finished_lesson_that_gains_a_step_opens_it():
    engine, _, store, _ = build_engine(make_lesson(steps=2))
    await engine.submit(LEARNER, "demo", PASSING)
    done = await engine.submit(LEARNER, "demo", PASSING)
    assert done.completed

    engine.replace_catalog(Catalog((make_lesson(steps=3),)))
    view = await engine.current(LEARNER, "demo")  # complete only when every step is solved
    assert (view.completed, view.number, view.step.title) == (False, 3, "Step 3")
    assert view.progress.words() == "2 / 3 solved"
    status = (await engine.summary(LEARNER)).status("demo")
    assert (status.completed, status.progress.words()) == (False, "2 / 3 solved")
    stored = await store.get_progress(LEARNER, "demo")
    assert [s.accepted_code for s in stored.steps][:2] == [PASSING, PASSING]  # nothing lost

    last = await engine.submit(LEARNER, "demo", PASSING)
    assert last.completed and last.view.progress.words() == "3 / 3 solved"
