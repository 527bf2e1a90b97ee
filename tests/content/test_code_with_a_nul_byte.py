"""Code that Python cannot even read (a NUL byte, written "\\0" in a quoted YAML string) is
a problem named at its field, not a crash of the loader and not "its line None"."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent


def problems_of(tmp_path: Path, data: dict) -> list:
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        load_lesson_file(file)
    except ContentError as error:
        return list(error.problems)
    raise AssertionError("the lesson loaded")


def line_of(file: Path, text: str) -> int:
    return next(n for n, line in enumerate(file.read_text().splitlines(), 1) if text in line)


def test_a_reference_solution_with_a_nul_byte_is_named_at_its_line(tmp_path: Path):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    data["steps"][0]["solution"] = "x = 3\0"
    (problem,) = problems_of(tmp_path, data)
    assert problem.path == "step 1 › solution"
    assert problem.message == (
        "the reference solution does not parse: source code string cannot contain null bytes"
    )
    assert problem.line == line_of(tmp_path / "lesson.yaml", "solution:")


def test_a_predict_snippet_with_a_nul_byte_is_named_at_its_line(tmp_path: Path):
    data = copy.deepcopy(yaml.safe_load((HERE / "valid_modes.yaml").read_text()))
    data["modes"]["predict"][0]["code"] = "x = 3\0\nprint(x + 1)\n"
    (problem,) = problems_of(tmp_path, data)
    assert problem.path == "modes › predict item 1 › code"
    assert problem.message == "`code` does not parse: source code string cannot contain null bytes"
    assert problem.line == line_of(tmp_path / "lesson.yaml", "code: ")


def test_a_check_expression_with_a_nul_byte_is_named(tmp_path: Path):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    data["steps"][0]["checks"] = [{"kind": "expr", "expr": "x == 3\0", "message": "x is 3"}]
    (problem,) = problems_of(tmp_path, data)
    assert problem.path == "step 1 › check 1 › expr"
    assert problem.message == (
        "expression does not parse: source code string cannot contain null bytes"
    )
