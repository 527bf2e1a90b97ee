"""The loader and content/schema.json accept exactly the `calls`, `tolerance` and `passed`
fields and refuse unknown keys inside a case, with file, line and field path."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.core.checks import CASE_FIELDS
from bot.core.content import ContentError, load_lesson_file

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "content" / "schema.json").read_text())
TINY = (Path(__file__).parent / "valid_tiny.yaml").read_text()
TINY_CHECK = "      - {kind: equals, name: x, value: 3}\n"


def lesson_with(tmp_path: Path, checks: str) -> Path:
    assert TINY_CHECK in TINY
    path = tmp_path / "lesson.yaml"
    solution = "    solution: |\n      x = 3\n      def f(a, b=1):\n          return a + b\n"
    text = TINY.replace(TINY_CHECK, checks).replace("    solution: x = 3\n", solution)
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    return [f"{p.line} {p.path}: {p.message}" for p in caught.value.problems]


def schema_errors(path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]


GOOD = """\
      - kind: calls
        name: f
        passed: f adds
        tolerance: 0.001
        cases:
          - {args: [1], returns: 2}
          - args: [1.5]
            kwargs: {b: 0.25}
            returns: 1.75
            tolerance: 0
            then: f(1) is None or True
      - {kind: equals, name: x, value: 3.0, tolerance: 1.0e-9, passed: x is three}
      - {kind: expr, expr: 'callable(f) and math.pi > 3', message: f is a function}
"""


def test_every_new_field_is_accepted_by_both(tmp_path):
    path = lesson_with(tmp_path, GOOD)
    step = load_lesson_file(path).steps[0]
    calls, equals, expr = step.checks
    assert calls.params["cases"][1] == {
        "args": [1.5], "kwargs": {"b": 0.25}, "returns": 1.75, "tolerance": 0,
        "then": "f(1) is None or True",
    }  # fmt: skip
    line = path.read_text().splitlines().index("      - kind: calls") + 1
    assert (calls.passed, calls.params["tolerance"], calls.line) == ("f adds", 0.001, line)
    assert (equals.params["tolerance"], equals.passed) == (1e-9, "x is three")
    assert expr.passed is None
    assert schema_errors(path) == []
    case_schema = SCHEMA["$defs"]["case"]
    assert set(case_schema["properties"]) == {f.name for f in CASE_FIELDS}
    assert case_schema["additionalProperties"] is False


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        (
            "      - {kind: calls, name: f, cases: [{args: [1], return: 2}]}\n",
            "step 1 › check 1 › case 1 › return: unknown field 'return' in a case; "
            "did you mean 'returns'?",
        ),
        (
            "      - {kind: calls, name: f, cases: [{args: 1, returns: 2}]}\n",
            "step 1 › check 1 › case 1 › args: expected a list of arguments, got a number (1)",
        ),
        (
            "      - {kind: calls, name: f, cases: [{args: [1]}]}\n",
            "step 1 › check 1 › case 1: a case needs 'returns' (the value) or 'then'",
        ),
        (
            "      - {kind: calls, name: f, cases: []}\n",
            "step 1 › check 1 › cases: expected a non-empty list of cases, got a list",
        ),
        (
            "      - {kind: calls, name: f, cases: [{kwargs: {not-a-name: 2}, returns: 2}]}\n",
            "step 1 › check 1 › case 1 › kwargs: expected a mapping of argument names",
        ),
        (
            "      - {kind: equals, name: x, value: 3, tolerance: -1}\n",
            "step 1 › check 1 › tolerance: expected a number of 0 or more, got a number (-1)",
        ),
        (
            "      - {kind: calls, name: f, cases: [{then: 'len(x)'}], tolerence: 1}\n",
            "step 1 › check 1 › tolerence: unknown field 'tolerence' for check 'calls'; "
            "did you mean 'tolerance'?",
        ),
        (
            "      - {kind: expr, expr: 'open(x)', message: m}\n",
            "step 1 › check 1 › expr: 'open' is not available in checks (allowed: abs, all,",
        ),
        (
            "      - {kind: calls, name: f, cases: [{returns: 1, then: 'x ==='}]}\n",
            "step 1 › check 1 › case 1 › then: expression does not parse",
        ),
    ],
)
def test_the_loader_refuses_what_the_format_does_not_have(tmp_path, checks, expected):
    path = lesson_with(tmp_path, checks)
    found = problems(path)
    assert any(expected in problem for problem in found), found
    if "not available" not in expected and "does not parse" not in expected:
        assert schema_errors(path), "the schema should refuse it too"
