"""`stepwise content check [PATH]`: prove the lessons are valid and solvable before they ship.

Validation problems are printed one per line as `file:line path: message`. Then every
step's reference solution runs through the real executor after the earlier steps'
references and must pass its checks, and an empty submission must fail them (a step that
passes with no code checks nothing). Every question bank is then judged for cues that give
answers away (`warning:` lines and a summary per lesson); a question with
`output_of_code: true` has its code run, and its correct option must say what it printed.
Each lesson's learning modes are proven too (`mode_runs`): predict snippets print their
stated output, fix items' broken code fails and their fixed code passes, fill items pass
with their answers and fail with each wrong set. Lessons lacking a mode, modes with fewer
items than a lesson needs, and cues in the modes' options are warnings (`mode_rules`).
Lessons, and each lesson's mode items, run in parallel over the executor's runners.
Exit 0 when all is well, 1 on any problem (with --strict also on any warning), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.app import open_executor
from bot.cli.content_quality import BankCheck, check_bank
from bot.cli.mode_rules import amounts, lacking, located, option_cues, predict_keys
from bot.cli.mode_runs import check_runs, run_count
from bot.cli.parallel_runs import ParallelRuns
from bot.cli.render_text import FAIL, PASS, table
from bot.core.content import Catalog, ContentError, Difficulty, Lesson, Step, load_catalog
from bot.core.lessons import build_job
from bot.core.modes import DESK_MODES, item_ids, missing_modes
from bot.core.ports import CodeExecutor, ExecutorUnavailable, Program, RunJob, RunResult
from bot.settings import Settings, SettingsError, load_settings


@dataclass
class LessonCheck:
    lesson: Lesson
    reference_passed: int = 0
    empty_failed: int = 0
    problems: list[str] = field(default_factory=list)
    bank: BankCheck | None = None
    reference_ms: list[float] = field(default_factory=list)  # each step's reference run
    mode_problems: list[str] = field(default_factory=list)  # proven wrong in the sandbox
    mode_warnings: list[str] = field(default_factory=list)  # lacking, too few, cues

    @property
    def by_difficulty(self) -> dict[str, int]:
        counts = {difficulty.value: 0 for difficulty in Difficulty}
        for question in self.lesson.questions:
            counts[question.difficulty.value] += 1
        return counts

    @property
    def errors(self) -> int:
        bank = len(self.bank.errors) if self.bank else 0
        return len(self.problems) + bank + len(self.mode_problems)

    @property
    def question_warnings(self) -> int:
        return len(self.bank.warnings) if self.bank else 0

    @property
    def warnings(self) -> int:
        return self.question_warnings + len(self.mode_warnings)

    @property
    def modes_present(self) -> int:
        return len(DESK_MODES) - len(missing_modes(self.lesson))

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson.id,
            "file": self.lesson.source,
            "track": self.lesson.track,
            "position": self.lesson.position or None,
            "steps": len(self.lesson.steps),
            "questions": len(self.lesson.questions),
            "questions_by_difficulty": self.by_difficulty,
            "packages": list(self.lesson.packages),
            "reference_ms": [round(ms, 1) for ms in self.reference_ms],
            "reference_ms_total": round(sum(round(ms, 1) for ms in self.reference_ms), 1),
            "reference_passed": self.reference_passed,
            "empty_failed": self.empty_failed,
            "problems": self.problems,
            "question_bank": self.bank.to_dict() if self.bank else None,
            "modes": {
                "missing": list(missing_modes(self.lesson)),
                "items": {mode: len(item_ids(self.lesson, mode)) for mode in DESK_MODES},
                "runs": run_count(self.lesson),
                "problems": self.mode_problems,
                "warnings": self.mode_warnings,
            },
            "ok": self.ok,
        }


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
    """Steps, question bank and mode items of one lesson; the mode items run alongside."""
    outcome = LessonCheck(lesson)
    modes = asyncio.ensure_future(check_modes(executor, lesson))
    try:
        await check_steps(executor, lesson, outcome, report)
        if report and lesson.questions:
            print(f"  {lesson.id}: {len(lesson.questions)} questions", file=sys.stderr)
        outcome.bank = await check_bank(executor, lesson)
    finally:
        outcome.mode_problems, outcome.mode_warnings = await modes
    return outcome


async def check_modes(executor: CodeExecutor, lesson: Lesson) -> tuple[list[str], list[str]]:
    """(problems, warnings) of the lesson's learning modes, located in its file."""
    notes = [*predict_keys(lesson), *await check_runs(executor, lesson)]
    warnings = [*lacking(lesson), *amounts(lesson), *option_cues(lesson)]
    return located(lesson, notes), located(lesson, warnings)


async def check_steps(
    executor: CodeExecutor, lesson: Lesson, outcome: LessonCheck, report: bool
) -> None:
    for step in lesson.steps:
        where = f"{lesson.source or lesson.id} step {step.index}"
        if report:
            print(f"  {lesson.id}: step {step.index}/{len(lesson.steps)}", file=sys.stderr)
        reference = await executor.run(build_job(lesson, step.index, step.solution))
        outcome.reference_ms.append(reference.duration_ms)
        if reference.passed:
            outcome.reference_passed += 1
        else:
            outcome.problems.append(
                f"{_solution_at(lesson, step, reference)} step {step.index} › solution: "
                f"reference solution fails: {_why(reference)}"
            )
            outcome.problems += [  # why a check could not be evaluated: the author's to fix
                f"{where}: {check.detail}" for check in reference.failed_checks if check.detail
            ]
        empty = await executor.run(build_job(lesson, step.index, ""))
        if not empty.passed:
            outcome.empty_failed += 1
        else:
            outcome.problems.append(
                f"{where}: an empty submission passes; its checks must require something"
            )


def _table(results: list[LessonCheck]) -> str:
    rows = [
        [
            r.lesson.id,
            str(len(r.lesson.steps)),
            "/".join(str(count) for count in r.by_difficulty.values()),
            ", ".join(r.lesson.packages) or "-",
            _run_time(r.reference_ms),
            f"{r.reference_passed}/{len(r.lesson.steps)}",
            f"{r.empty_failed}/{len(r.lesson.steps)}",
            str(r.question_warnings),
            f"{r.modes_present}/{len(DESK_MODES)}",
            f"{PASS} ok" if r.ok else f"{FAIL} {r.errors} problem(s)",
        ]
        for r in results
    ]
    header = [
        "LESSON", "STEPS", "QUESTIONS E/M/H", "PACKAGES", "REFERENCE RUN", "REFERENCE PASSES",
        "EMPTY FAILS", "CUES", "MODES", "RESULT",
    ]  # fmt: skip
    return table(rows, header)


def _run_time(milliseconds: list[float]) -> str:
    """'41 ms (slowest step 15 ms)': what the executor reported for the reference runs."""
    if not milliseconds:
        return "-"
    return f"{sum(milliseconds):.0f} ms (slowest step {max(milliseconds):.0f} ms)"


async def warm_packages(executor: CodeExecutor, catalog: Catalog) -> None:
    """One empty run per distinct package set first, so the reference run times measure
    the steps, not the sandbox importing a lesson's packages for the first time."""
    for packages in sorted({lesson.packages for lesson in catalog.lessons if lesson.packages}):
        await executor.run(RunJob(programs=(Program("warm-up", "pass"),), packages=packages))


async def run_checks(
    settings: Settings, catalog: Catalog, *, strict: bool = False, as_json: bool = False
) -> int:
    print(f"Running {len(catalog.lessons)} lesson(s) through the executor…", file=sys.stderr)
    executor = ParallelRuns(await open_executor(settings))
    try:
        await warm_packages(executor, catalog)
        results = list(
            await asyncio.gather(*(check_lesson(executor, lesson) for lesson in catalog.lessons))
        )
    finally:
        await executor.aclose()
    bad = sum(not r.ok for r in results)
    warnings = sum(r.warnings for r in results)
    failed = bool(bad or (strict and warnings))
    if as_json:
        verdict = {"ok": not failed, "strict": strict, "problems": []}
        print(json.dumps({**verdict, "lessons": [r.to_dict() for r in results]}, indent=2))
        return int(failed)
    _print_report(results)
    if bad:
        print(f"\n{FAIL} {bad} of {len(results)} lesson(s) have problems.")
    elif strict and warnings:
        questions = sum(r.question_warnings for r in results)
        if questions:
            print(f"\n{FAIL} {_cues(questions)} in the question banks (--strict fails on any).")
        if warnings - questions:
            print(f"{FAIL} {_mode_cues(warnings - questions)} (--strict fails on any).")
    else:
        questions = sum(r.question_warnings for r in results)
        said = [_cues(questions)] if questions else []
        said += [_mode_cues(warnings - questions)] if warnings - questions else []
        tail = f"; {', '.join(said)} (--strict fails on them)" if said else ""
        print(f"\n{PASS} {len(results)} lesson(s) valid and solvable{tail}.")
    return int(failed)


def _print_report(results: list[LessonCheck]) -> None:
    for result in results:
        for problem in result.problems:
            print(problem)
        for item in result.bank.located if result.bank else ():
            print(item)
        for line in [*result.mode_problems, *result.mode_warnings]:
            print(line)
    print(_table(results))
    print()
    for result in results:
        if result.bank is not None:
            print(f"{result.lesson.id}: {result.bank.report.summary()}")


def _cues(count: int) -> str:
    return f"{count} question warning{'' if count == 1 else 's'}"


def _mode_cues(count: int) -> str:
    return f"{count} learning-mode warning{'' if count == 1 else 's'}"


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
        if args.json:
            problems = [vars(problem) for problem in exc.problems]
            verdict = {"ok": False, "strict": args.strict, "problems": problems, "lessons": []}
            print(json.dumps(verdict, indent=2))
            return 1
        for problem in exc.problems:
            print(problem)
        print(f"\n{FAIL} {len(exc.problems)} problem(s) in {path}.")
        return 1
    try:
        return asyncio.run(run_checks(settings, catalog, strict=args.strict, as_json=args.json))
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
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (cues that give answers away, lessons lacking a mode or "
        "short of items); CI uses it",
    )
    check.add_argument("--json", action="store_true", help="print one JSON verdict instead of text")
    check.set_defaults(func=content_check)
    content.set_defaults(func=lambda _args: content.print_help(sys.stderr) or 2)
