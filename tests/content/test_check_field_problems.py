"""A malformed check names the step, the check and the field, and says what it expected,
in the words `stepwise content check` prints (one line per problem)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import load_lesson_file
from bot.core.content.check_fields import MAX_CASES
from tests.content.test_calls_fields import lesson_with, problems

AT = "14 step 1 › check 1"
KINDS = "defined, type, equals, nonempty_string, mentions, output, uses, expr, calls"


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        (
            "{kind: output, mode: equals, lines: []}",
            [f"{AT} › lines: expected a non-empty list of lines, got a list"],
        ),
        (
            "{kind: output, mode: contains, lines: 'hi'}",
            [f"{AT} › lines: expected a non-empty list of lines, got text"],
        ),
        (
            "{kind: output, mode: equals, lines: [hi, {name: x}, {name: 3}, {name: x, y: 1}, 5]}",
            [
                f"{AT} › line 3 › name: expected a Python variable name, got 3",
                f"{AT} › line 4: expected text or {{name: variable}}, got a mapping",
                f"{AT} › line 5: expected text or {{name: variable}}, got a number (5)",
            ],
        ),
        (
            "{kind: mentions, name: x, words: []}",
            [f"{AT} › words: expected a non-empty list of words, got a list"],
        ),
        (
            "{kind: mentions, name: x, words: [ok, 5]}",
            [f"{AT} › word 2: expected text, got a number (5) (put it in quotes)"],
        ),
        (
            "{kind: mentions, name: class, words: [a]}",
            [f"{AT} › name: expected a Python variable name, got 'class'"],
        ),
        (
            "{kind: mentions, words: [a]}",
            [f"{AT}: check 'mentions' names no variable: add `name: <variable>`"],
        ),
        (
            "{kind: output, mode: equals}",
            [
                f"{AT}: check 'output' needs field 'lines' "
                "(strings, or {name: var} for str() of a variable)"
            ],
        ),
        (
            "{kind: uses, name: f}",
            [
                f"{AT}: check 'uses' needs field 'construct' (choice)",
            ],
        ),
        (
            "{kind: calls, name: f, cases: [{args: [1], returns: 2, retruns: 3}, 5]}",
            [
                f"{AT} › case 1 › retruns: unknown field 'retruns' in a case; "
                "did you mean 'returns'?",
                f"{AT} › case 2: expected a case like {{args: [...], returns: ...}}, "
                "got a number (5)",
            ],
        ),
        (
            "{kind: calls, name: f, cases: [{args: [1], returns: 2, zzz: 3}]}",
            [
                f"{AT} › case 1 › zzz: unknown field 'zzz' in a case "
                "(a case takes: args, kwargs, returns, then, tolerance)"
            ],
        ),
        (
            "{kind: calls, name: f, cases: [{args: [1], returns: 2, kwargs: [1]}]}",
            [f"{AT} › case 1 › kwargs: expected a mapping of argument names, got a list"],
        ),
        (
            "{kind: equals, name: x, value: 3, tolerance: abc}",
            [f"{AT} › tolerance: expected a number of 0 or more, got text"],
        ),
        (
            "{kind: equals, name: x, value: 3, tolerance: true}",
            [f"{AT} › tolerance: expected a number of 0 or more, got true (true/false)"],
        ),
        (
            "{kind: expr, expr: 5, message: m}",
            [f"{AT} › expr: expected text, got a number (5) (put it in quotes)"],
        ),
        (
            "{kind: expr, expr: 'x ==', message: m}",
            [f"{AT} › expr: expression does not parse: invalid syntax"],
        ),
        (
            "{kind: defined, name: x, message: 5}",
            [f"{AT} › message: expected text, got a number (5) (put it in quotes)"],
        ),
        (
            f"{{kind: defined, name: x, message: '{'m' * 1025}'}}",
            [f"{AT} › message: too long for Discord: 1,025 characters, limit 1,024 (embed field)"],
        ),
        (
            "{kind: equals, name: x, value: {[1, 2]: 3}}",
            [f"{AT} › value: field names must be plain words, not '...'"],
        ),
        (
            "{kind: calls, name: f, cases: [{kwargs: {class: 1}, returns: 2}]}",
            [f"{AT} › case 1 › kwargs: expected a mapping of argument names, got a mapping"],
        ),
        (
            "{kind: defined, name: x, passed: 5}",
            [f"{AT} › passed: expected text, got a number (5) (put it in quotes)"],
        ),
        (
            "{kind: equals, name: x, value: [2020-01-01]}",
            [f"{AT} › value: must be plain data: text, numbers, true/false, null, lists, mappings"],
        ),
        (
            "{kind: equals, name: x, value: {a: 2020-01-01}}",
            [f"{AT} › value: must be plain data: text, numbers, true/false, null, lists, mappings"],
        ),
        (
            "{kind: calls, name: f, cases: [5, {args: [1], returns: 2, zzz: 3}]}",
            [
                f"{AT} › case 1: expected a case like {{args: [...], returns: ...}}, "
                "got a number (5)",
                f"{AT} › case 2 › zzz: unknown field 'zzz' in a case "
                "(a case takes: args, kwargs, returns, then, tolerance)",
            ],
        ),
        (
            "{kind: equals, name: x, value: {1: 2}}",
            [f"{AT} › value: field names must be plain words, not '1'"],
        ),
        (
            "{message: hi}",
            [f"{AT}: missing field 'kind' (expected one of: {KINDS})"],
        ),
        (
            "{kind: 5}",
            [f"{AT} › kind: expected a check kind (expected one of: {KINDS}), got a number (5)"],
        ),
        (
            "{kind: uses, construct: for_loop, passed: '%s'}" % ("y" * 1100),
            [f"{AT} › passed: too long for Discord: 1,100 characters, limit 1,024 (embed field)"],
        ),
    ],
)
def test_a_malformed_check_says_where_and_what_was_expected(tmp_path, check, expected):
    assert problems(lesson_with(tmp_path, f"      - {check}\n")) == expected


def test_nested_plain_values_are_accepted_as_they_are_written(tmp_path):
    path = lesson_with(tmp_path, "      - {kind: equals, name: x, value: [{a: [1, {b: 2}]}]}\n")
    (check,) = load_lesson_file(path).steps[0].checks
    assert check.params["value"] == [{"a": [1, {"b": 2}]}]


def test_a_calls_check_takes_at_most_its_limit_of_cases(tmp_path: Path):
    case = "{args: [1], returns: 2}"
    most = ", ".join([case] * MAX_CASES)
    path = lesson_with(tmp_path, f"      - {{kind: calls, name: f, cases: [{most}]}}\n")
    assert len(load_lesson_file(path).steps[0].checks[0].params["cases"]) == MAX_CASES
    over = ", ".join([case] * (MAX_CASES + 1))
    path = lesson_with(tmp_path, f"      - {{kind: calls, name: f, cases: [{over}]}}\n")
    assert problems(path) == [f"{AT} › cases: {MAX_CASES + 1} cases; at most {MAX_CASES}"]


def test_a_check_that_is_not_a_mapping_does_not_hide_the_next_one(tmp_path):
    checks = "      - 5\n      - {kind: defined, name: x, zzz: 1}\n"
    assert problems(lesson_with(tmp_path, checks)) == [
        f"{AT}: expected a check mapping like {{kind: defined, name: x}}, got a number (5)",
        "15 step 1 › check 2 › zzz: unknown field 'zzz' for check 'defined' "
        "(it takes: kind, message, name, passed)",
    ]


def test_output_lines_keep_text_and_variable_lines_in_order(tmp_path):
    path = lesson_with(tmp_path, "      - {kind: output, mode: equals, lines: [hi, {name: x}]}\n")
    (check,) = load_lesson_file(path).steps[0].checks
    assert check.params["lines"] == ["hi", {"name": "x"}]


def test_a_solution_that_does_not_parse_is_named_on_its_own_line_in_the_file(tmp_path):
    path = lesson_with(tmp_path, "      - {kind: equals, name: x, value: 3}\n")
    text = path.read_text()
    assert "          return a + b\n" in text
    path.write_text(text.replace("          return a + b\n", "          return a +\n", 1))
    assert problems(path) == [
        "18 step 1 › solution: the reference solution does not parse: invalid syntax (its line 3)"
    ]
