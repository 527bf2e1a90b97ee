"""`stepwise content check` proves the learning modes in the real sandbox: each broken kind
of item is caught, located in its file, and a lesson lacking a mode is named.

The fixture (`modes_content/tiny-modes.yaml`) is a small valid lesson with every mode; each
test breaks one thing in a copy of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli.content_cmd import LessonCheck, check_lesson
from bot.cli.parallel_runs import ParallelRuns
from bot.core.content import load_catalog
from bot.executor.sandbox import SandboxExecutor

from .runner import stepwise

TINY = Path(__file__).resolve().parent / "modes_content" / "tiny-modes.yaml"
in_module_loop = pytest.mark.asyncio(loop_scope="module")  # one sandbox for the module


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[ParallelRuns]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield ParallelRuns(executor)


def variant(tmp: Path, *edits: tuple[str, str]) -> Path:
    """A lessons folder holding the tiny lesson with `edits` (old, new) applied."""
    text = TINY.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"the fixture changed; update this edit: {old!r}"
        text = text.replace(old, new, 1)
    folder = tmp / "lessons"
    folder.mkdir(exist_ok=True)
    (folder / TINY.name).write_text(text, encoding="utf-8")
    return folder


async def checked(sandbox: ParallelRuns, folder: Path) -> LessonCheck:
    lesson = load_catalog(folder).get("tiny-modes")
    assert lesson is not None
    return await check_lesson(sandbox, lesson, report=False)


def line_of(folder: Path, text: str) -> int:
    lines = (folder / TINY.name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@in_module_loop
async def test_the_valid_fixture_has_no_mode_problems(sandbox, tmp_path):
    result = await checked(sandbox, variant(tmp_path))
    assert result.mode_problems == [] and result.problems == []
    assert result.ok  # short of the amounts: warnings only


@in_module_loop
async def test_a_predict_output_that_differs_from_what_the_code_prints(sandbox, tmp_path):
    folder = variant(
        tmp_path, ("        print(x + 1)\n      output:", "        print(x + 2)\n      output:")
    )
    result = await checked(sandbox, folder)
    assert not result.ok
    line = line_of(folder, 'output: "4"')
    assert result.mode_problems == [
        f"{folder / TINY.name}:{line} modes › predict item 1 › output: (add-one) the snippet "
        "prints '5', but `output` says '4'"
    ]


@in_module_loop
async def test_a_predict_snippet_that_raises_is_a_problem(sandbox, tmp_path):
    folder = variant(
        tmp_path, ("        print(x + 1)\n      output:", "        print(y)\n      output:")
    )
    (problem,) = (await checked(sandbox, folder)).mode_problems
    assert "(add-one) the snippet does not run to the end: stops with NameError" in problem


@in_module_loop
async def test_a_fix_item_whose_broken_code_passes(sandbox, tmp_path):
    folder = variant(tmp_path, ("      broken: X = 3\n", "      broken: x = 1 + 2\n"))
    (problem,) = (await checked(sandbox, folder)).mode_problems
    line = line_of(folder, "broken: x = 1 + 2")
    assert problem == (
        f"{folder / TINY.name}:{line} modes › fix item 1 › broken: (wrong-name) the broken code "
        "passes step 1's checks; it must fail them"
    )


@in_module_loop
async def test_a_fix_item_whose_fixed_code_fails(sandbox, tmp_path):
    folder = variant(tmp_path, ("      fixed: x = 3\n", "      fixed: x = 4\n"))
    (problem,) = (await checked(sandbox, folder)).mode_problems
    assert "modes › fix item 1 › fixed: (wrong-name) the fixed code fails step 1:" in problem


@in_module_loop
async def test_a_fill_item_whose_answers_fail_and_whose_wrong_set_passes(sandbox, tmp_path):
    folder = variant(
        tmp_path,
        ("      answers: ['x', '4']\n", "      answers: ['4', 'x']\n"),
        ("        - ['4', 'x']\n", "        - ['x', '4']\n"),
    )
    problems = (await checked(sandbox, folder)).mode_problems
    assert len(problems) == 2, problems
    assert (
        "modes › fill item 1 › answers: (the-pair) the template filled with `answers` fails "
        "step 2:" in problems[0]
    )
    assert problems[1].endswith(
        "modes › fill item 1 › wrong item 1: (the-pair) the wrong answers ['x', '4'] pass step 2; "
        "they must fail"
    )


@in_module_loop
async def test_a_fill_wrong_set_that_passes_alone_is_caught(sandbox, tmp_path):
    folder = variant(
        tmp_path, ("        - ['4', 'x']\n", "        - ['4', 'x']\n        - ['3', '4']\n")
    )
    (problem,) = (await checked(sandbox, folder)).mode_problems
    assert "wrong item 2: (the-pair) the wrong answers ['3', '4'] pass step 2" in problem


@in_module_loop
async def test_a_lesson_lacking_modes_is_named_with_the_modes_it_lacks(sandbox, tmp_path):
    text = TINY.read_text(encoding="utf-8")
    flashcards = text[text.index("  flashcards:\n") : text.index("  predict:\n")]
    fix = text[text.index("  fix:\n") : text.index("  fill:\n")]
    folder = variant(tmp_path, (flashcards, ""), (fix, ""))
    result = await checked(sandbox, folder)
    assert result.ok and result.mode_problems == []
    assert any(
        w.endswith("modes: warning: tiny-modes lacks: flashcards, fix")
        for w in result.mode_warnings
    )


@in_module_loop
async def test_amounts_below_the_minimum_are_reported_per_mode(sandbox, tmp_path):
    result = await checked(sandbox, variant(tmp_path))
    said = "\n".join(result.mode_warnings)
    for expected in (
        "modes › concepts: warning: 2 concept cards; a lesson needs 5",
        "modes › flashcards: warning: 2 flashcards; a lesson needs 12",
        "modes › predict: warning: 1 predict item; a lesson needs 5",
        "modes › fix: warning: 1 fix item; a lesson needs 3",
        "modes › fill: warning: no fill item for step 1; each coding step needs one",
        "modes › cases: warning: 1 case; a lesson needs 2",
        "questions: warning: questions without a topic (the test's plan cannot name them): q2",
    ):
        assert expected in said, said


@in_module_loop
async def test_mode_options_go_through_the_question_lint(sandbox, tmp_path):
    folder = variant(
        tmp_path, ("            - text: Hope\n", "            - text: All of the above\n")
    )
    said = "\n".join((await checked(sandbox, folder)).mode_warnings)
    line = line_of(folder, "- text: All of the above")
    assert (
        f':{line} modes › case 1 › decision 3 › option 2: warning: option B says "All of the above"'
    ) in said, said
    assert "[all-or-none-of-the-above]" in said


def test_the_command_fails_on_a_broken_item_and_lists_modes_in_json(tmp_path):
    folder = variant(tmp_path, ("      broken: X = 3\n", "      broken: x = 1 + 2\n"))
    done = stepwise(tmp_path, "content", "check", "--json", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    (entry,) = json.loads(done.stdout)["lessons"]
    modes = entry["modes"]
    assert modes["missing"] == [] and modes["runs"] == 2 + 2 + 2
    assert modes["items"] == {
        "concepts": 2, "flashcards": 2, "predict": 1, "fix": 1, "fill": 1, "cheatsheet": 1,
        "scenario": 3,
    }  # fmt: skip
    assert len(modes["problems"]) == 1 and "broken code passes" in modes["problems"][0]


def test_missing_modes_fail_only_under_strict(tmp_path):
    text = TINY.read_text(encoding="utf-8")
    folder = variant(
        tmp_path, (text[text.index("modes:\n") :], ""), ("    topic: assignment\n", "")
    )
    relaxed = stepwise(tmp_path, "content", "check", str(folder))
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    lacks = "tiny-modes lacks: concepts, flashcards, predict, fix, fill, cheatsheet, scenario"
    assert lacks in relaxed.stdout
    assert re.search(r"0/7 +✓ ok", relaxed.stdout), relaxed.stdout
    strict = stepwise(tmp_path, "content", "check", "--strict", str(folder))
    assert strict.returncode == 1
    assert "1 learning-mode warning (--strict fails on any)." in strict.stdout


@in_module_loop
async def test_predict_options_are_linted_as_outputs_with_the_code_as_no_prompt(sandbox, tmp_path):
    folder = variant(tmp_path, ("        - text: x + 1\n", "        - text: All of the above\n"))
    said = [w for w in (await checked(sandbox, folder)).mode_warnings if "predict item 1 ›" in w]
    assert len(said) == 1 and "predict item 1 › option 3: warning: option C says" in said[0]
    # and no stem-word-clang: an option echoing the code's "x" or "1" is fair in a prediction


@in_module_loop
async def test_a_predict_snippet_that_prints_differently_each_run_is_a_problem(sandbox, tmp_path):
    folder = variant(
        tmp_path,
        (
            "        x = 3\n        print(x + 1)\n      output:",
            "        import time\n        print(time.time_ns())\n      output:",
        ),
    )
    (problem,) = (await checked(sandbox, folder)).mode_problems
    assert "a prediction needs code that prints the same every time" in problem
