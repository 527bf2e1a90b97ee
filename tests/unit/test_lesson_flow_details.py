"""What a learner, an operator or the store sees around a lesson's steps: where a
verdict lands, what a finished lesson offers next, what each refusal names."""

from __future__ import annotations

import logging

import pytest

from bot.core.content import Catalog
from bot.core.lessons import TutorEngine
from bot.core.ports import NoMoreHints, RunStatus, SolutionLocked, StarterUnchanged
from bot.core.quiz import QuizStats
from bot.executor.fake import FakeExecutor, verdict
from bot.storage import MemoryProgressStore

from .helpers import PASSING, HeldRuns, SteppingClock, build_engine, make_lesson, submit_held

LEARNER = "local:alice"


async def test_a_failing_step_listener_is_logged_with_the_learner(caplog):
    engine, *_ = build_engine()

    async def broken(*_args):
        raise RuntimeError("review desk down")

    engine.step_listeners.append(broken)
    await engine.start(LEARNER, "demo")
    with caplog.at_level(logging.ERROR, logger="bot.core.lessons.engine"):
        result = await engine.submit(LEARNER, "demo", PASSING)
    assert result.passed and result.view.number == 2
    [record] = [r for r in caplog.records if r.name == "bot.core.lessons.engine"]
    assert record.getMessage() == "step listener failed for local:alice"
    assert record.exc_info is not None and "review desk down" in str(record.exc_info[1])


async def test_checking_a_step_without_progress_runs_the_reference_code_first():
    engine, executor, _, _ = build_engine()
    await engine.check_step(LEARNER, "demo", 2, "v2 = 2")
    [job] = executor.jobs
    assert [(p.name, p.code) for p in job.programs] == [
        ("step 1", "v1 = 1"),
        ("your code", "v2 = 2"),
    ]


async def test_checking_a_step_runs_the_learners_own_earlier_code_first():
    engine, executor, _, _ = build_engine()
    await engine.start(LEARNER, "demo")
    await engine.submit(LEARNER, "demo", PASSING)
    await engine.check_step(LEARNER, "demo", 2, "v2 = 2")
    assert [(p.name, p.code) for p in executor.jobs[-1].programs] == [
        ("step 1", PASSING),
        ("your code", "v2 = 2"),
    ]


async def _skip_all(engine, lesson_id="demo", steps=3):
    await engine.start(LEARNER, lesson_id)
    for _ in range(steps):
        await engine.skip(LEARNER, lesson_id)


async def test_submitting_after_skipping_every_step_solves_the_first_skipped_one():
    engine, *_ = build_engine()
    await _skip_all(engine)
    result = await engine.submit(LEARNER, "demo", PASSING)
    assert result.passed and result.step_number == 1
    assert result.view.number == 2 and result.view.was_skipped


async def test_opening_a_skipped_step_again_makes_its_lesson_the_latest_touched():
    engine, _, _, clock = build_engine(make_lesson("alpha"), make_lesson("beta"))
    await _skip_all(engine, "alpha")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "beta")
    clock.advance(minutes=1)
    assert await engine.last_code(LEARNER, "alpha") == "# start here"  # back at step 1
    view = await engine.current(LEARNER)
    assert (view.lesson_id, view.number) == ("alpha", 1)


async def test_starting_a_skipped_lesson_again_makes_it_the_latest_touched():
    engine, _, _, clock = build_engine(make_lesson("alpha"), make_lesson("beta"))
    await _skip_all(engine, "alpha")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "beta")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "alpha")
    assert (await engine.current(LEARNER)).lesson_id == "alpha"


async def test_a_verdict_for_progress_erased_meanwhile_shows_a_fresh_start_and_writes_none():
    held = HeldRuns()
    engine, _, store, _ = build_engine(handler=held)
    await engine.start(LEARNER, "demo")
    running = await submit_held(engine, LEARNER, "demo")
    await store.delete_progress(LEARNER, "demo")
    held.release()
    late = await running
    assert late.stale and late.passed is False and late.step_number == 1
    assert (late.view.number, late.view.done, late.view.lesson_id) == (1, 0, "demo")
    assert late.view.version.startswith("1.")
    assert await store.get_progress(LEARNER, "demo") is None


async def test_a_verdict_after_a_skip_keeps_its_run_and_shows_where_the_learner_is():
    held = HeldRuns(verdict(True, "all good", stdout="hi\n"))
    engine, _, store, _ = build_engine(handler=held)
    await engine.start(LEARNER, "demo")
    running = await submit_held(engine, LEARNER, "demo")
    moved = await engine.skip(LEARNER, "demo")
    held.release()
    late = await running
    assert late.stale and late.passed is False and late.step_number == 1
    assert late.result == verdict(True, "all good", stdout="hi\n")  # the output is still shown
    assert late.view.number == 2 and late.view.version == moved.version
    assert await store.attempts(LEARNER, "demo") == []


async def test_code_for_an_earlier_state_comes_back_with_an_empty_result():
    engine, executor, _, _ = build_engine()
    opened_at = (await engine.start(LEARNER, "demo")).version
    await engine.skip(LEARNER, "demo")
    late = await engine.submit(LEARNER, "demo", PASSING, expected_version=opened_at)
    assert late.stale and late.step_number == 1
    assert late.result.status == RunStatus.OK and late.result.checks == ()
    assert late.result.stdout == "" and len(executor.jobs) == 0


async def test_an_unchanged_starter_names_its_step():
    engine, executor, _, _ = build_engine()
    await engine.start(LEARNER, "demo")
    with pytest.raises(StarterUnchanged) as caught:
        await engine.submit(LEARNER, "demo", "# start here\n")
    assert caught.value.step == 1 and "starter code of step 1 " in caught.value.message
    assert executor.jobs == []


def _everything_passes(job):
    return verdict(True)


def _nothing_passes(job):
    return verdict(False, "v is missing")


@pytest.mark.parametrize("handler", [_everything_passes, _nothing_passes])
async def test_repairs_made_to_the_code_come_back_with_the_verdict(handler):
    engine, _, store, _ = build_engine(handler=handler)
    await engine.start(LEARNER, "demo")
    result = await engine.submit(LEARNER, "demo", "v1 = 1\x00")
    assert result.notes[0].startswith("line 1, column 7: a NUL character")
    assert len(result.notes) == 2
    [attempt] = await store.attempts(LEARNER, "demo")
    assert attempt.code == "v1 = 1\ufffd"


async def test_completing_a_lesson_offers_the_next_one_in_its_track():
    engine, *_ = build_engine(make_lesson("alpha", steps=2), make_lesson("beta", steps=1))
    await engine.start(LEARNER, "alpha")
    first = await engine.submit(LEARNER, "alpha", PASSING)
    assert first.passed and first.next_lesson is None  # a step, not the lesson
    last = await engine.submit(LEARNER, "alpha", PASSING)
    assert last.completed and last.next_lesson is not None and last.next_lesson.id == "beta"


async def test_finishing_with_a_step_still_skipped_offers_no_next_lesson():
    engine, *_ = build_engine(make_lesson("alpha", steps=2), make_lesson("beta", steps=1))
    await engine.start(LEARNER, "alpha")
    await engine.skip(LEARNER, "alpha")
    last = await engine.submit(LEARNER, "alpha", PASSING)
    assert last.completed and not last.view.completed and last.next_lesson is None


async def test_out_of_hints_and_a_locked_solution_name_their_lesson():
    engine, *_ = build_engine(make_lesson("alpha"), make_lesson("beta"))
    await engine.start(LEARNER, "alpha")
    await engine.hint(LEARNER, "alpha")
    await engine.hint(LEARNER, "alpha")
    with pytest.raises(NoMoreHints) as no_hints:
        await engine.hint(LEARNER, "alpha")
    with pytest.raises(SolutionLocked) as locked:
        await engine.solution(LEARNER, "alpha")
    assert (no_hints.value.lesson_id, locked.value.lesson_id) == ("alpha", "alpha")
    shown = await engine.solution(LEARNER, "alpha", give_up=True)
    assert (shown.lesson_id, shown.step_number, shown.code, shown.gave_up) == (
        "alpha",
        1,
        "v1 = 1",
        True,
    )


async def test_last_submission_is_the_latest_code_sent_for_the_current_step():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    assert await engine.last_submission(LEARNER, "demo") is None
    for code in ("v1 = 'a'", "v1 = 'b'", "v1 = 'c'"):
        await engine.submit(LEARNER, "demo", code)
    assert await engine.last_submission(LEARNER, "demo") == "v1 = 'c'"
    await engine.submit(LEARNER, "demo", PASSING)
    assert await engine.last_submission(LEARNER, "demo") is None  # step 2: nothing sent yet


async def test_last_submission_reads_the_lesson_named_or_else_the_latest_touched():
    engine, _, _, clock = build_engine(make_lesson("alpha"), make_lesson("beta"))
    await engine.start(LEARNER, "alpha")
    await engine.submit(LEARNER, "alpha", "v1 = 'alpha'")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "beta")
    assert await engine.last_submission(LEARNER, "alpha") == "v1 = 'alpha'"
    assert await engine.last_submission(LEARNER) is None  # beta, untouched
    assert await engine.last_submission("local:bob", "alpha") is None


async def test_a_reset_at_the_same_instant_forgets_the_earlier_attempts():
    engine, *_ = build_engine()  # the clock never moves
    await engine.start(LEARNER, "demo")
    await engine.submit(LEARNER, "demo", "v1 = 'old'")
    await engine.reset(LEARNER, "demo")
    assert await engine.last_submission(LEARNER, "demo") is None
    assert await engine.last_code(LEARNER, "demo") == "# start here"
    assert (await engine.current(LEARNER, "demo")).last_passed is None


async def test_a_lesson_never_started_can_be_reset():
    engine, _, store, _ = build_engine()
    view = await engine.reset(LEARNER, "demo")
    assert (view.number, view.done, view.is_first) == (1, 0, True)
    assert (await store.get_progress(LEARNER, "demo")).current_step == 1


async def test_completing_a_lesson_stores_when_and_leaves_it_out_of_the_open_ones():
    engine, _, store, clock = build_engine(make_lesson("alpha", steps=1), make_lesson("beta"))
    await engine.start(LEARNER, "beta")
    clock.advance(minutes=1)
    await engine.start(LEARNER, "alpha")
    clock.advance(minutes=1)
    await engine.submit(LEARNER, "alpha", PASSING)
    assert (await store.get_progress(LEARNER, "alpha")).completed_at == clock.now()
    assert (await engine.current(LEARNER)).lesson_id == "beta"


async def test_a_finished_lesson_has_a_version_past_its_last_step():
    engine, *_ = build_engine(make_lesson(steps=1))
    opened = await engine.start(LEARNER, "demo")
    done = await engine.submit(LEARNER, "demo", PASSING)
    assert done.view.finished and done.view.version.startswith("2.")
    assert done.view.version != opened.version
    assert (await engine.current(LEARNER, "demo")).version == done.view.version


async def test_a_mode_without_answers_counts_zero():
    clock = SteppingClock()
    store = MemoryProgressStore(clock)
    engine = TutorEngine(Catalog((make_lesson(),)), FakeExecutor(_everything_passes), store, clock)
    summary = await engine.summary(LEARNER)
    assert summary.mode("daily") == QuizStats(0, 0) and summary.mode("daily").accuracy is None
    assert summary.mode("practice") == QuizStats(0, 0)


async def test_checking_a_later_step_runs_the_reference_of_a_skipped_one():
    engine, executor, _, _ = build_engine()
    await engine.start(LEARNER, "demo")
    await engine.skip(LEARNER, "demo")
    await engine.check_step(LEARNER, "demo", 2, "v2 = 2")
    assert [(p.name, p.code) for p in executor.jobs[-1].programs] == [
        ("step 1", "v1 = 1"),
        ("your code", "v2 = 2"),
    ]
