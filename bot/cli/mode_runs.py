"""The learning modes' content proven in the sandbox, for `stepwise content check`.

Every predict snippet runs twice and must print its stated `output` both times (a
prediction needs deterministic code); every fix item's broken code must fail its step's
checks and its `fixed` code pass them; every fill item filled with its answers must pass
and filled with each wrong set must fail. Fix and fill code runs as the
step does for a learner without progress: after the reference solutions of the earlier
steps (`build_job`). All of a lesson's runs start at once; the executor bounds them
(`parallel_runs`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from bot.cli.content_quality import printed_by
from bot.cli.mode_rules import Note
from bot.core.content import FillItem, FixItem, Lesson, PredictItem, printed_text, same_output
from bot.core.lessons import build_job
from bot.core.ports import CodeExecutor, Program, RunJob, RunResult

PREDICT_PROGRAM = "predict code"


def why_failed(result: RunResult) -> str:
    """The first thing that went wrong, in one line."""
    if result.error is not None:
        return f"{result.error.type}: {result.error.message}"
    if result.detail:
        return result.detail
    failed = result.failed_checks
    return "; ".join(c.message for c in failed) if failed else str(result.status)


async def check_predict(
    executor: CodeExecutor, lesson: Lesson, n: int, item: PredictItem
) -> list[Note]:
    job = RunJob(programs=(Program(PREDICT_PROGRAM, item.code),), packages=lesson.packages)
    result, again = await asyncio.gather(executor.run(job), executor.run(job))
    printed = printed_by(result)
    path = ("modes", "predict", n, "output")
    if printed is None or printed.error:
        why = printed.describe() if printed else result.detail or str(result.status)
        return [Note(path, f"({item.id}) the snippet does not run to the end: {why}", error=True)]
    if not same_output(result.stdout, again.stdout):
        message = (
            f"({item.id}) the snippet printed {printed_text(result.stdout)!r}, then "
            f"{printed_text(again.stdout)!r}: a prediction needs code that prints the same "
            "every time"
        )
        return [Note(path, message, error=True)]
    if not same_output(result.stdout, item.output):
        message = (
            f"({item.id}) the snippet prints {printed_text(result.stdout)!r}, "
            f"but `output` says {printed_text(item.output)!r}"
        )
        return [Note(path, message, error=True)]
    return []


def _step_ok(lesson: Lesson, path: tuple[str | int, ...], item_id: str, step: int) -> list[Note]:
    if 1 <= step <= len(lesson.steps):
        return []
    message = f"({item_id}) step {step} does not exist; the lesson has {len(lesson.steps)} steps"
    return [Note((*path, "step"), message, error=True)]


async def check_fix(executor: CodeExecutor, lesson: Lesson, n: int, item: FixItem) -> list[Note]:
    path = ("modes", "fix", n)
    if bad := _step_ok(lesson, path, item.id, item.step):
        return bad
    broken, fixed = await asyncio.gather(
        executor.run(build_job(lesson, item.step, item.broken)),
        executor.run(build_job(lesson, item.step, item.fixed)),
    )
    notes = []
    if broken.passed:
        message = f"({item.id}) the broken code passes step {item.step}'s checks; it must fail them"
        notes.append(Note((*path, "broken"), message, error=True))
    if not fixed.passed:
        message = f"({item.id}) the fixed code fails step {item.step}: {why_failed(fixed)}"
        notes.append(Note((*path, "fixed"), message, error=True))
    return notes


async def check_fill(executor: CodeExecutor, lesson: Lesson, n: int, item: FillItem) -> list[Note]:
    path = ("modes", "fill", n)
    if bad := _step_ok(lesson, path, item.id, item.step):
        return bad
    sets = [item.answers, *item.wrong]
    try:
        codes = [item.filled(answers) for answers in sets]
    except ValueError as exc:
        return [Note((*path, "answers"), f"({item.id}) {exc} in the template", error=True)]
    runs = await asyncio.gather(*(executor.run(build_job(lesson, item.step, c)) for c in codes))
    notes = []
    if not runs[0].passed:
        why = why_failed(runs[0])
        message = f"({item.id}) the template filled with `answers` fails step {item.step}: {why}"
        notes.append(Note((*path, "answers"), message, error=True))
    for w, run in enumerate(runs[1:]):
        if run.passed:
            wrong = list(item.wrong[w])
            message = f"({item.id}) the wrong answers {wrong} pass step {item.step}; they must fail"
            notes.append(Note((*path, "wrong", w), message, error=True))
    return notes


async def check_runs(executor: CodeExecutor, lesson: Lesson) -> list[Note]:
    """Every item of every code-running mode, all started together."""
    content = lesson.modes
    checks: list[Awaitable[list[Note]]] = [
        *(check_predict(executor, lesson, n, item) for n, item in enumerate(content.predict)),
        *(check_fix(executor, lesson, n, item) for n, item in enumerate(content.fix)),
        *(check_fill(executor, lesson, n, item) for n, item in enumerate(content.fill)),
    ]
    return [note for notes in await asyncio.gather(*checks) for note in notes]


def run_count(lesson: Lesson) -> int:
    """How many sandbox runs `check_runs` makes for the lesson."""
    content = lesson.modes
    return (
        2 * len(content.predict)
        + 2 * len(content.fix)
        + sum(1 + len(f.wrong) for f in content.fill)
    )
