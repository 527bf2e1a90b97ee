"""Pure rules over a learner's `LessonProgress`: new, reshaped, advanced, and seen as a step.

The engine does the I/O (store, executor, clock) and calls these to decide what changes,
so every rule about progress can be read in one place without any awaits.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.core.content import Lesson
from bot.core.lessons.outcomes import StepView, Tally
from bot.core.ports import (
    SKIPPED,
    SOLVED,
    SOLVED_AFTER_SOLUTION,
    LearnerId,
    LessonProgress,
    Program,
    RunJob,
    RunResult,
    StepState,
)

SUBMISSION_NAME = "your code"  # what tracebacks call the learner's new program


def fresh(learner: LearnerId, lesson: Lesson, now: datetime) -> LessonProgress:
    return LessonProgress(
        learner=learner,
        lesson_id=lesson.id,
        current_step=1,
        steps=tuple(StepState() for _ in lesson.steps),
        started_at=now,
        updated_at=now,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def version(progress: LessonProgress) -> str:
    """The lesson state a verdict or a code box belongs to: "<step>.<run>", the step and a
    short hash of the run's start (a reset starts a new run). Fits in a custom_id."""
    started_us = (progress.started_at - _EPOCH) // timedelta(microseconds=1)
    run = zlib.crc32(f"{started_us}:{progress.current_step}".encode()) & 0xFFFFF
    return f"{progress.current_step}.{run:05x}"


def version_step(version: str) -> int | None:
    """The step number a version was taken at, or None if it does not parse."""
    head, _, _ = version.partition(".")
    return int(head) if head.isdigit() else None


def restarted(
    learner: LearnerId, lesson: Lesson, now: datetime, before: LessonProgress | None
) -> LessonProgress:
    """A fresh run of the lesson whose start is later than the run it replaces, so its
    version differs even when the clock has not moved (a frozen clock, a fast reset)."""
    if before is not None and now <= before.started_at:
        now = before.started_at + timedelta(microseconds=1)
    return fresh(learner, lesson, now)


def fit(progress: LessonProgress, lesson: Lesson) -> LessonProgress:
    """Stored progress reshaped to the lesson as it is now (authors add or remove steps)."""
    total = len(lesson.steps)
    steps = progress.steps[:total] + tuple(StepState() for _ in range(total - len(progress.steps)))
    current = min(max(progress.current_step, 1), total + 1)
    if steps == progress.steps and current == progress.current_step:
        return progress
    return dataclasses.replace(progress, steps=steps, current_step=current)


def is_complete(progress: LessonProgress, lesson: Lesson) -> bool:
    """Every step solved; skipping one keeps the lesson open until it is solved."""
    return len(progress.steps) == len(lesson.steps) and all(s.solved for s in progress.steps)


def is_finished(progress: LessonProgress, lesson: Lesson) -> bool:
    """Past the last step: complete, or with skipped steps left to solve."""
    return progress.current_step > len(lesson.steps)


def tally(progress: LessonProgress | None, total: int) -> Tally:
    """How many steps are solved (and of those, after seeing the solution) and skipped."""
    steps = progress.steps[:total] if progress is not None else ()
    outcomes = [s.outcome for s in steps]
    return Tally(
        solved=sum(1 for o in outcomes if o in (SOLVED, SOLVED_AFTER_SOLUTION)),
        after_solution=outcomes.count(SOLVED_AFTER_SOLUTION),
        skipped=outcomes.count(SKIPPED),
        total=total,
    )


def reopened(progress: LessonProgress, lesson: Lesson, now: datetime) -> LessonProgress:
    """Past the end with skipped steps: back to the first step not yet solved."""
    if not is_finished(progress, lesson) or is_complete(progress, lesson):
        return progress
    first = next(i for i, s in enumerate(progress.steps, start=1) if not s.solved)
    return dataclasses.replace(progress, current_step=first, updated_at=now)


def with_step(
    progress: LessonProgress, number: int, state: StepState, now: datetime, **changes: object
) -> LessonProgress:
    """`progress` with step `number` replaced by `state` (plus any other field changes)."""
    steps = list(progress.steps)
    steps[number - 1] = state
    return dataclasses.replace(progress, steps=tuple(steps), updated_at=now, **changes)


def advanced(
    progress: LessonProgress, lesson: Lesson, state: StepState, now: datetime
) -> LessonProgress:
    """Past the current step (solved or skipped) to the next step not yet solved, or past
    the end; the lesson is complete when every step is solved."""
    number = progress.current_step
    moved = with_step(progress, number, state, now)
    following = (
        i for i in range(number + 1, len(lesson.steps) + 1) if not moved.steps[i - 1].solved
    )
    complete = is_complete(moved, lesson)
    return dataclasses.replace(
        moved,
        current_step=next(following, len(lesson.steps) + 1),
        completed_at=(progress.completed_at or now) if complete else None,
    )


def earlier_code(lesson: Lesson, progress: LessonProgress, upto: int) -> list[str]:
    """Accepted code of steps before `upto`; a step not solved contributes its reference."""
    codes = []
    for index in range(1, upto):
        accepted = progress.steps[index - 1].accepted_code
        codes.append(lesson.step(index).solution if accepted is None else accepted)
    return codes


def build_job(
    lesson: Lesson, step_number: int, code: str, earlier: Sequence[str] | None = None
) -> RunJob:
    """The job that checks `code` as step `step_number` of `lesson`.

    `earlier` is the code of steps 1..N-1, run first in the same namespace; by default the
    reference solutions (what `stepwise check` and `stepwise content check` use).
    """
    if earlier is None:
        earlier = [lesson.step(i).solution for i in range(1, step_number)]
    programs = [Program(name=f"step {i}", code=c) for i, c in enumerate(earlier, start=1)]
    programs.append(Program(name=SUBMISSION_NAME, code=code))
    return RunJob(
        programs=tuple(programs),
        checks=lesson.step(step_number).checks,
        packages=lesson.packages,
    )


def summary_line(result: RunResult) -> str:
    """One line stored with an attempt: "passed" or the first thing the learner should fix."""
    if result.passed:
        return "passed"
    if result.error is not None:
        return result.error.friendly or f"{result.error.type}: {result.error.message}"
    if result.detail:
        return result.detail
    failed = result.failed_checks
    return failed[0].message if failed else str(result.status)


def step_view(lesson: Lesson, progress: LessonProgress, last_passed: bool | None) -> StepView:
    total = len(lesson.steps)
    counts = tally(progress, total)
    if is_finished(progress, lesson):
        return StepView(
            lesson=lesson,
            step=None,
            number=total + 1,
            total=total,
            done=counts.solved,
            tally=counts,
            is_first=False,
            completed=is_complete(progress, lesson),
            finished=True,
            last_passed=last_passed,
            version=version(progress),
        )
    number = progress.current_step
    state = progress.steps[number - 1]
    step = lesson.step(number)
    unlocked = state.failed_attempts >= lesson.solution_after_failures
    return StepView(
        lesson=lesson,
        step=step,
        number=number,
        total=total,
        done=counts.solved,
        tally=counts,
        is_first=number == 1 and state == StepState(),
        failed_attempts=state.failed_attempts,
        hints_shown=state.hints_shown,
        hints_total=len(step.hints),
        solution_available=unlocked or state.solution_revealed,
        solution_revealed=state.solution_revealed,
        completed=False,
        last_passed=last_passed,
        version=version(progress),
        was_skipped=state.skipped,
    )
