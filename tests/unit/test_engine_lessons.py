"""Lesson flows through the real engine, an in-memory store and a scripted executor."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.ports import (
    EvaluationInProgress,
    ExecutorBusy,
    LessonComplete,
    NoActiveLesson,
    NoMoreHints,
    RunJob,
    RunResult,
    SolutionLocked,
    UnknownLesson,
)
from bot.executor.fake import verdict

from .helpers import PASSING, build_engine, make_lesson

LEARNER = "local:alice"


async def test_start_shows_intro_then_resumes_where_the_learner_left_off():
    engine, _, _, clock = build_engine()
    view = await engine.start(LEARNER, "demo", "Alice")
    assert (view.number, view.total, view.done, view.is_first) == (1, 3, 0, True)
    assert view.step is not None and view.step.title == "Step 1"

    await engine.submit(LEARNER, "demo", PASSING)
    clock.advance(hours=2)
    resumed = await engine.start(LEARNER, "demo")
    assert (resumed.number, resumed.done, resumed.is_first) == (2, 1, False)
    assert resumed.last_passed is True and resumed.show_next


async def test_unknown_lesson_names_the_known_ones():
    engine, *_ = build_engine(make_lesson("alpha"), make_lesson("beta"))
    with pytest.raises(UnknownLesson) as caught:
        await engine.start(LEARNER, "gamma")
    assert caught.value.known == ("alpha", "beta")
    assert "alpha, beta" in caught.value.message


async def test_failed_submission_is_recorded_and_suggests_a_hint():
    engine, _, store, _ = build_engine()
    await engine.start(LEARNER, "demo")
    result = await engine.submit(LEARNER, "demo", "v1 = ")
    assert not result.passed and result.hint_suggested and not result.solution_unlocked
    assert result.view.number == 1 and result.view.failed_attempts == 1
    assert result.advanced_to is None
    attempts = await store.attempts(LEARNER, "demo", 1)
    assert [(a.passed, a.summary, a.code) for a in attempts] == [(False, "v is missing", "v1 = ")]


async def test_passing_advances_and_later_steps_run_the_accepted_code_first():
    engine, executor, _, _ = build_engine()
    await engine.start(LEARNER, "demo")
    first = await engine.submit(LEARNER, "demo", PASSING)
    assert first.passed and first.advanced_to is not None and first.advanced_to.number == 2
    await engine.submit(LEARNER, "demo", PASSING)
    job = executor.jobs[-1]
    assert [p.name for p in job.programs] == ["step 1", "your code"]
    assert job.programs[0].code == PASSING  # the learner's own accepted step 1
    assert job.checks[0].params == {"name": "v2"}  # step 2's checks


async def test_hints_come_one_at_a_time_and_run_out():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    first = await engine.hint(LEARNER, "demo")
    second = await engine.hint(LEARNER, "demo")
    assert [(h.number, h.total, h.text) for h in (first, second)] == [
        (1, 2, "hint 1.1"),
        (2, 2, "hint 1.2"),
    ]
    assert second.is_last
    with pytest.raises(NoMoreHints):
        await engine.hint(LEARNER, "demo")
    view = await engine.current(LEARNER, "demo")
    assert view.hints_shown == 2 and view.hints_left == 0


async def test_solution_unlocks_after_three_failed_attempts():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    for expected_remaining in (3, 2, 1):
        with pytest.raises(SolutionLocked) as caught:
            await engine.solution(LEARNER, "demo")
        assert caught.value.remaining == expected_remaining
        result = await engine.submit(LEARNER, "demo", "wrong")
    assert result.solution_unlocked and result.view.solution_available
    solution = await engine.solution(LEARNER, "demo")
    assert solution.code == "v1 = 1" and not solution.gave_up
    view = await engine.current(LEARNER, "demo")
    assert view.solution_revealed and view.done == 0  # seeing it earned nothing


async def test_solution_threshold_is_configurable_per_lesson():
    engine, *_ = build_engine(make_lesson(solution_after_failures=1))
    await engine.start(LEARNER, "demo")
    result = await engine.submit(LEARNER, "demo", "wrong")
    assert result.solution_unlocked
    assert (await engine.solution(LEARNER, "demo")).code == "v1 = 1"


async def test_giving_up_reveals_the_solution_and_is_recorded():
    engine, _, store, _ = build_engine()
    await engine.start(LEARNER, "demo")
    solution = await engine.solution(LEARNER, "demo", give_up=True)
    assert solution.gave_up and solution.code == "v1 = 1"
    progress = await store.get_progress(LEARNER, "demo")
    assert progress is not None and progress.steps[0].gave_up
    assert progress.steps[0].solution_revealed
    view = await engine.current(LEARNER, "demo")
    assert view.number == 1  # still on the step: typing it in is how to move on


async def test_skip_moves_on_and_later_steps_build_on_the_reference():
    engine, executor, store, _ = build_engine()
    await engine.start(LEARNER, "demo")
    view = await engine.skip(LEARNER, "demo")
    assert view.number == 2 and view.done == 0 and view.progress.skipped == 1
    await engine.submit(LEARNER, "demo", PASSING)
    assert executor.jobs[-1].programs[0].code == "v1 = 1"
    progress = await store.get_progress(LEARNER, "demo")
    assert progress is not None and progress.steps[0].outcome == "skipped"


async def test_skipped_steps_keep_the_lesson_open_until_solved():
    engine, _, store, _ = build_engine()
    await engine.start(LEARNER, "demo")
    await engine.submit(LEARNER, "demo", PASSING)
    await engine.skip(LEARNER, "demo")
    end = await engine.skip(LEARNER, "demo")
    assert end.finished and not end.completed and end.step is None
    assert end.progress.words() == "1 / 3 solved · 2 skipped"
    status = (await engine.summary(LEARNER)).status("demo")
    assert status is not None and not status.completed and status.progress.skipped == 2
    progress = await store.get_progress(LEARNER, "demo")
    assert progress is not None and progress.completed_at is None

    back = await engine.start(LEARNER, "demo")  # back to the first skipped step
    assert back.number == 2 and back.was_skipped
    await engine.solution(LEARNER, "demo", give_up=True)
    after = await engine.submit(LEARNER, "demo", PASSING)
    assert after.view.number == 3  # the next step not yet solved
    final = await engine.submit(LEARNER, "demo", PASSING)
    assert final.completed and final.view.completed
    assert final.view.progress.words() == "3 / 3 solved (1 after seeing the solution)"


async def test_completing_the_last_step_finishes_the_lesson():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    results = [await engine.submit(LEARNER, "demo", PASSING) for _ in range(3)]
    assert [r.completed for r in results] == [False, False, True]
    final = results[-1].view
    assert final.completed and final.step is None and final.done == 3
    assert results[-1].advanced_to is None
    with pytest.raises(LessonComplete):
        await engine.submit(LEARNER, "demo", PASSING)
    with pytest.raises(LessonComplete):
        await engine.hint(LEARNER, "demo")
    summary = await engine.summary(LEARNER)
    status = summary.status("demo")
    assert status is not None and status.completed and (status.done, status.total) == (3, 3)


async def test_current_without_id_is_the_most_recently_touched_open_lesson():
    engine, _, _, clock = build_engine(make_lesson("alpha"), make_lesson("beta"))
    with pytest.raises(NoActiveLesson):
        await engine.current(LEARNER)
    await engine.start(LEARNER, "alpha")
    clock.advance(minutes=5)
    await engine.start(LEARNER, "beta")
    assert (await engine.current(LEARNER)).lesson_id == "beta"
    clock.advance(minutes=5)
    await engine.submit(LEARNER, "alpha", "wrong")
    assert (await engine.current(LEARNER)).lesson_id == "alpha"
    result = await engine.submit(LEARNER, None, PASSING)  # None: the active lesson
    assert result.view.lesson_id == "alpha" and result.view.number == 2


async def test_reset_starts_over_and_forgets_the_earlier_run():
    engine, _, store, clock = build_engine()
    await engine.start(LEARNER, "demo")
    await engine.submit(LEARNER, "demo", PASSING)
    await engine.hint(LEARNER, "demo")
    clock.advance(minutes=1)
    view = await engine.reset(LEARNER, "demo")
    assert (view.number, view.done, view.hints_shown, view.is_first) == (1, 0, 0, True)
    again = await engine.current(LEARNER, "demo")
    assert again.last_passed is None and not again.show_next
    assert await engine.last_code(LEARNER, "demo") == "# start here"
    assert len(await store.attempts(LEARNER, "demo")) == 1  # history is kept


async def test_last_code_prefills_with_the_starter_then_the_latest_attempt():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    assert await engine.last_code(LEARNER, "demo") == "# start here"
    await engine.submit(LEARNER, "demo", "v1 = 'draft'")
    assert await engine.last_code(LEARNER, "demo") == "v1 = 'draft'"


async def test_one_evaluation_in_flight_per_learner():
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow(job: RunJob) -> RunResult:
        started.set()
        await release.wait()
        return verdict(True)

    engine, *_ = build_engine(handler=slow)
    await engine.start(LEARNER, "demo")
    first = asyncio.create_task(engine.submit(LEARNER, "demo", PASSING))
    await started.wait()
    assert engine.is_evaluating(LEARNER)
    with pytest.raises(EvaluationInProgress):
        await engine.submit(LEARNER, "demo", PASSING)
    other = await engine.start("local:bob", "demo")  # other learners are not blocked
    assert other.number == 1
    release.set()
    assert (await first).passed
    assert not engine.is_evaluating(LEARNER)
    assert (await engine.submit(LEARNER, "demo", PASSING)).step_number == 2


async def test_executor_busy_propagates_and_is_not_an_attempt():
    def busy(job: RunJob) -> RunResult:
        raise ExecutorBusy("all workers busy")

    engine, _, store, _ = build_engine(handler=busy)
    await engine.start(LEARNER, "demo")
    with pytest.raises(ExecutorBusy):
        await engine.submit(LEARNER, "demo", PASSING)
    assert await store.attempts(LEARNER, "demo") == []
    assert (await engine.current(LEARNER, "demo")).failed_attempts == 0
    assert not engine.is_evaluating(LEARNER)
