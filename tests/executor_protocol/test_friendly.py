"""Beginner-friendly error sentences, located in the learner's own program and numbering."""

from __future__ import annotations

import builtins

import pytest

from bot.executor.friendly import (
    InputNotAvailable,
    remember_source,
    runtime_error_info,
    syntax_error_info,
)

SYNTAX = [
    ("for s in steps\n    print(s)", "missing ':' at the end of line 1"),
    ("for s in steps print(s)", "missing ':' at the end of line 1"),
    ("x = (1,\ny = 2", "the '(' on line 1 is never closed — add the matching ')'"),
    ("x = [1, 2", "the '[' on line 1 is never closed — add the matching ']'"),
    ("s = 'abc\n", "the text on line 1 has no closing quote"),
    ("s = '''abc\n", "the triple-quoted text starting on line 1 is never closed"),
    ("x = 1\n  y = 2", "line 2 is indented more than the line before"),
    ("if x:\nprint(x)", "line 2 should be indented (4 spaces) because it belongs to the 'if' "
     "statement on line 1"),
    ("if x:\n    a = 1\n  b = 2", "line 3 is indented by a different amount"),
    ("if x = 1:\n    pass", "on line 1, use == to compare two values"),
    ("print 'hi'", "print needs parentheses on line 1: print(...)"),
    ("a = [1 2]", "line 1 seems to be missing a comma between items"),
    ("x = “hi”", "line 1 contains the character '“'"),
    ("x = (1]", "on line 1, ']' closes a '('"),
    ("x = )", "line 1 has a ')' without a matching opening bracket"),
    ("1st = 2", "on line 1, a number is glued to letters"),
    ("return 5", "line 1: 'return' outside function — it can only be used inside a def"),
    ("x = = 1", "Python could not read line 1: invalid syntax"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "friendly"), SYNTAX)
def test_syntax_errors_point_at_the_learners_line(source, friendly):
    with pytest.raises(SyntaxError) as caught:
        compile(source, "your code", "exec")
    info = syntax_error_info(caught.value, "your code", source, "your code")
    assert info["friendly"].startswith(friendly)
    assert info["program"] == "your code"
    assert type(info["line"]) is int


def test_syntax_error_in_an_earlier_program_names_it():
    with pytest.raises(SyntaxError) as caught:
        compile("if x\n    pass", "step 1", "exec")
    info = syntax_error_info(caught.value, "step 1", "if x\n    pass", "your code")
    assert info["friendly"] == "missing ':' at the end of line 1 of step 1"
    assert (info["line"], info["column"]) == (1, 5)
    assert 'File "step 1", line 1' in info["traceback"]


def run_and_describe(source: str, names=("your code",)) -> dict:
    remember_source("your code", source)
    namespace: dict = {}
    try:
        exec(compile(source, "your code", "exec"), namespace)
    except Exception as error:
        return runtime_error_info(error, list(names), names[-1], [*namespace, *dir(builtins)])
    raise AssertionError("the source was expected to fail")


@pytest.mark.parametrize(
    ("source", "friendly"),
    [
        ("steps = []\nprint(step)", "name 'step' is not defined on line 2 — did you mean 'steps'?"),
        ("prnt('x')", "name 'prnt' is not defined on line 1 — did you mean 'print'?"),
        ("print(zzz)", "name 'zzz' is not defined on line 1 — create it first with zzz = ..."),
        ("x = []\nx.apend(1)",
         "'list' object has no attribute 'apend' (on line 2) — did you mean 'append'?"),
        ("x = 1 / 0", "you divided by zero (on line 1)"),
        ("x = [1][3]", "list index out of range (on line 1) — the position is past the end"),
        ("x = {}['a']", "the key 'a' is not in the dictionary (on line 1)"),
        ("x = int('abc')", "ValueError (on line 1): invalid literal for int() with base 10: 'abc'"),
        ("raise InputNotAvailable()", "input() is not available in lessons"),
    ],
)  # fmt: skip
def test_runtime_errors_are_explained(source, friendly):
    if "InputNotAvailable" in source:
        source = "from bot.executor.friendly import InputNotAvailable\n" + source
    assert run_and_describe(source)["friendly"].startswith(friendly)


def test_runtime_traceback_keeps_only_learner_frames_with_their_source():
    info = run_and_describe("import json\ndef load(t):\n    return json.loads(t)\n\nload('{')")
    assert info["type"] == "JSONDecodeError"
    assert (info["program"], info["line"]) == ("your code", 3)
    lines = info["traceback"].splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert 'File "your code", line 5, in <module>' in lines[1]
    assert lines[2].strip() == "load('{')"
    assert "json/decoder.py" not in info["traceback"]


def test_input_error_reads_plainly():
    assert "nobody can type" in str(InputNotAvailable("prompt"))
    assert InputNotAvailable.__module__ == "builtins"
