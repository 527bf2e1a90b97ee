"""`stepwise content check [PATH]`: prove the lessons are valid and solvable before they ship.

Validation problems are printed one per line as `file:line path: message`. Then every
step's reference solution runs through the real executor after the earlier steps'
references and must pass its checks, and an empty submission must fail them (a step that
passes with no code checks nothing). Exit 0 when all is well, 1 on any problem, 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import open_executor
from bot.cli.render_text import FAIL, PASS, table
from bot.core.content import Catalog, ContentError, Lesson, Step, load_catalog
from bot.core.lessons import build_job
from bot.core.ports import CodeExecutor, ExecutorUnavailable, RunResult
from bot.settings import Settings, SettingsError, load_settings


@dataclass
class LessonCheck:
    lesson: Lesson
    reference_passed: int = 0
    empty_failed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _why(result: RunResult) -> str:
    if result.error is not None:
        where = (
            f" (line {result.error.line} of {result.error.program})" if result.error.line else ""
        )
        return f"{result.error.type}: {result.error.message}{where}"
    if result.detail:
        return result.detail
    failed = result.failed_checks
    return "; ".join(c.message for c in failed) if failed else result.status.value


def _solution_at(lesson: Lesson, step: Step, result: RunResult) -> str:
    """`file:LINE` of the reference solution: the line that failed when the error is in
    the solution itself, else where the solution starts."""
    line = step.solution_line
    error = result.error
    if line is not None and error is not None and error.line and error.program == "your code":
        line += error.line - 1
    file = lesson.source or lesson.id
    return f"{file}:{line}" if line else file


async def check_lesson(executor: CodeExecutor, lesson: Lesson, report: bool = True) -> LessonCheck:
    outcome = LessonCheck(lesson)
    for step in lesson.steps:
        where = f"{lesson.source or lesson.id} step {step.index}"
        if report:
            print(f"  {lesson.id}: step {step.index}/{len(lesson.steps)}", file=sys.stderr)
        reference = await executor.run(build_job(lesson, step.index, step.solution))
        if reference.passed:
            outcome.reference_passed += 1
        else:
            outcome.problems.append(
                f"{_solution_at(lesson, step, reference)} step {step.index} › solution: "
                f"reference solution fails: {_why(reference)}"
            )
        empty = await executor.run(build_job(lesson, step.index, ""))
        if not empty.passed:
            outcome.empty_failed += 1
        else:
            outcome.problems.append(
                f"{where}: an empty submission passes; its checks must require something"
            )
    return outcome


def _table(results: list[LessonCheck]) -> str:
    rows = [
        [
            r.lesson.id,
            str(len(r.lesson.steps)),
            str(len(r.lesson.questions)),
            f"{r.reference_passed}/{len(r.lesson.steps)}",
            f"{r.empty_failed}/{len(r.lesson.steps)}",
            f"{PASS} ok" if r.ok else f"{FAIL} {len(r.problems)} problem(s)",
        ]
        for r in results
    ]
    header = ["LESSON", "STEPS", "QUESTIONS", "REFERENCE PASSES", "EMPTY FAILS", "RESULT"]
    return table(rows, header)


async def run_checks(settings: Settings, catalog: Catalog) -> int:
    print(f"Running {len(catalog.lessons)} lesson(s) through the executor…", file=sys.stderr)
    executor = await open_executor(settings)
    try:
        results = [await check_lesson(executor, lesson) for lesson in catalog.lessons]
    finally:
        await executor.aclose()
    for result in results:
        for problem in result.problems:
            print(problem)
    print(_table(results))
    bad = sum(not r.ok for r in results)
    if bad:
        print(f"\n{FAIL} {bad} of {len(results)} lesson(s) have problems.")
        return 1
    print(f"\n{PASS} {len(results)} lesson(s) valid and solvable.")
    return 0


def content_check(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    path = Path(args.path) if args.path else settings.content_path
    if not path.exists():
        origin = "given on the command line" if args.path else settings.content_origin
        where = f"{path.resolve()}" if args.path else origin
        print(f"no lessons to check: {where} does not exist", file=sys.stderr)
        if args.path or settings.content_from_env:
            print(
                "Give a content folder, a lessons folder or one lesson file "
                "(or unset STEPWISE_CONTENT for the shipped lessons).",
                file=sys.stderr,
            )
        return 2
    print(f"Validating {path}…", file=sys.stderr)
    try:
        catalog = load_catalog(path)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"\n{FAIL} {len(exc.problems)} problem(s) in {path}.")
        return 1
    try:
        return asyncio.run(run_checks(settings, catalog))
    except ExecutorUnavailable as exc:
        print(f"Cannot run the reference solutions safely here: {exc}", file=sys.stderr)
        return 1


def register(subparsers: argparse._SubParsersAction) -> None:
    content = subparsers.add_parser(
        "content", help="content tools for lesson authors", description="Content tools."
    )
    commands = content.add_subparsers(dest="content_command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate lessons and run every reference solution",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "path",
        nargs="?",
        help="content folder, lessons folder or one lesson file "
        "(default: STEPWISE_CONTENT, else the lessons shipped with Stepwise)",
    )
    check.set_defaults(func=content_check)
    content.set_defaults(func=lambda _args: content.print_help(sys.stderr) or 2)
