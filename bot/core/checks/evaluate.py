"""Evaluate step checks and say, in words a beginner can act on, what is wrong.

Runs inside the executor's checker process over values *decoded* from the learner's
snapshot (real primitives, `Opaque`, `FunctionValue`), the stdout the parent captured, and
the program sources. Nothing here runs learner code, so a check result cannot be forged.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.checks import diagnose
from bot.core.checks.calls import CaseResult, judge
from bot.core.checks.compare import (
    SHOW_LIMIT,
    counted,
    difference,
    same_kind,
    type_label,
    type_name,
)
from bot.core.checks.exprs import forbidden_message, run_expr
from bot.core.checks.failure import Failed as _Fail
from bot.core.checks.kinds import CHECK_KINDS
from bot.core.checks.model import Check, CheckResult

__all__ = ["CHECK_KINDS", "CheckContext", "evaluate", "type_label"]


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at once the learner's programs ran."""

    values: Mapping[str, Any] = field(default_factory=dict)  # decoded learner variables
    shown: Mapping[str, str] = field(default_factory=dict)  # str(var), as print() showed it
    stdout: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (program name, code); last is the submission
    sizes: Mapping[str, int] = field(default_factory=dict)  # real length of a cut variable
    calls: Mapping[int, tuple[CaseResult, ...]] = field(default_factory=dict)  # by check

    @property
    def submission(self) -> str:
        return self.sources[-1][1] if self.sources else ""


class _Missing(_Fail):
    """The variable a check reads does not exist (never hidden behind a check's message)."""


# --------------------------------------------------------------------------- wording


def _show_line(line: str) -> str:
    if not line.strip():
        return "(an empty line)"
    return line if len(line) <= SHOW_LIMIT else line[: SHOW_LIMIT - 1] + "…"


def _not_defined(name: str) -> str:
    return f"{name} is not defined — create it with {name} = ..."


def _lookup(ctx: CheckContext, name: str) -> Any:
    if name not in ctx.values:
        close = diagnose.misspelt(name, ctx.submission)
        raise _Missing(f"{name} is not defined: {close}" if close else _not_defined(name))
    return ctx.values[name]


# --------------------------------------------------------------------------- kinds


def _defined(params: dict, ctx: CheckContext) -> str:
    _lookup(ctx, params["name"])
    return f"{params['name']} is defined"


def _type(params: dict, ctx: CheckContext) -> str:
    name, wanted = params["name"], params["type"]
    actual = type_name(_lookup(ctx, name))
    if actual != wanted:
        raise _Fail(f"{name}: expected {type_label(wanted)}, got {type_label(actual)}")
    return f"{name} is {type_label(wanted)}"


def _nonempty_string(params: dict, ctx: CheckContext) -> str:
    name = params["name"]
    value = _lookup(ctx, name)
    if type(value) is not str:
        raise _Fail(f"{name}: expected a string, got {type_label(type_name(value))}")
    if not value:
        raise _Fail(f"{name} is an empty string — put some text between the quotes")
    if not value.strip():
        raise _Fail(f"{name} only contains spaces — write some words between the quotes")
    return f"{name} has text"


def mentions_word(text: str, word: str) -> bool:
    """Whole word or phrase, any case: "team" does not match "teams" (list both forms);
    a phrase's spaces also match hyphens ("machine learning" ~ "machine-learning")."""
    parts = [re.escape(part) for part in word.split()]
    if not parts:
        return False
    pattern = r"(?<!\w)" + r"[\s-]+".join(parts) + r"(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _mentions(params: dict, ctx: CheckContext) -> str:
    name, words = params["name"], [str(w) for w in params["words"]]
    value = _lookup(ctx, name)
    if type(value) is not str:
        raise _Fail(f"{name}: expected a string, got {type_label(type_name(value))}")
    if not any(mentions_word(value, word) for word in words):
        raise _Fail(f"{name} should mention one of: {', '.join(words)}")
    return f"{name} mentions a key idea"


def _equals(params: dict, ctx: CheckContext) -> str:
    name, expected = params["name"], params["value"]
    actual = _lookup(ctx, name)
    size = ctx.sizes.get(name)
    if size is not None and type(expected) in (list, tuple) and same_kind(expected, actual):
        raise _Fail(f"{name} should have {counted(len(expected), 'item')}; yours has {size}")
    problem = difference(name, expected, actual, params.get("tolerance") or 0.0)
    if problem:
        raise _Fail(problem)
    return f"{name} has the expected value"


# --------------------------------------------------------------------------- output


def _expected_lines(params: dict, ctx: CheckContext) -> list[str]:
    lines: list[str] = []
    for entry in params["lines"]:
        if type(entry) is dict:
            name = str(entry.get("name"))
            _lookup(ctx, name)
            text = ctx.shown.get(name)
            lines.extend((text if type(text) is str else str(ctx.values[name])).split("\n"))
        else:
            lines.append(str(entry))
    return [line.rstrip() for line in lines]


def printed_lines(stdout: str) -> list[str]:
    """The learner's output as lines, trailing spaces and trailing blank lines ignored."""
    lines = [line.rstrip() for line in stdout.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _output(params: dict, ctx: CheckContext) -> str:
    expected = _expected_lines(params, ctx)
    actual = printed_lines(ctx.stdout)
    if params["mode"] == "contains":
        return _output_contains(expected, actual)
    if expected == actual:
        return "your output is right"
    if not actual:
        raise _Fail(f"your program printed nothing; expected {_lines(len(expected))}")
    one_line = diagnose.one_line_output(expected, actual)
    if one_line:
        raise _Fail(one_line)
    problems = []
    if len(actual) != len(expected):
        problems.append(f"your output has {_lines(len(actual))}; expected {len(expected)}")
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        if want != got:
            problems.append(
                f"line {number} of your output should be {_show_line(want)} "
                f"but is {_show_line(got)}"
            )
            break
    raise _Fail("; ".join(problems))


def _lines(count: int) -> str:
    return "1 line" if count == 1 else f"{count} lines"


def _output_contains(expected: list[str], actual: list[str]) -> str:
    position = 0
    previous = None
    for want in expected:
        try:
            position = actual.index(want, position) + 1
        except ValueError:
            if want in actual:
                raise _Fail(
                    f"your output has the line {_show_line(want)}, but it should come after "
                    f"{_show_line(previous or '')}"
                ) from None
            raise _Fail(f"your output should include the line {_show_line(want)}") from None
        previous = want
    return "your output includes the expected lines"


# --------------------------------------------------------------------------- syntax tree

_CONSTRUCTS: dict[str, tuple[tuple[type, ...], str]] = {
    "for_loop": ((ast.For, ast.AsyncFor), "use a for loop"),
    "while_loop": ((ast.While,), "use a while loop"),
    "if_statement": ((ast.If,), "use an if statement"),
    "print_call": ((ast.Call,), "call print(...) to show the result"),
    "function_def": ((ast.FunctionDef, ast.AsyncFunctionDef), "define a function with def"),
    "return": ((ast.Return,), "return a value with return"),
    "list_comprehension": ((ast.ListComp,), "use a list comprehension"),
    "import": ((ast.Import, ast.ImportFrom), "import a module"),
}


def _uses(params: dict, ctx: CheckContext) -> str:
    construct, name = params["construct"], params.get("name")
    node_types, advice = _CONSTRUCTS[construct]
    if construct == "function_def" and name:
        advice = f"define a function named {name} with def {name}(...):"
    try:
        tree = ast.parse(ctx.submission)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise _Fail(advice) from None
    for node in ast.walk(tree):
        if not isinstance(node, node_types):
            continue
        if construct == "print_call" and not (
            isinstance(node.func, ast.Name) and node.func.id == "print"
        ):
            continue
        if construct == "function_def" and name and node.name != name:
            continue
        return f"uses {construct.replace('_', ' ')}"
    raise _Fail(advice)


# --------------------------------------------------------------------------- expr


def _expr(params: dict, ctx: CheckContext) -> str:
    expr = params["expr"]
    outcome = run_expr(expr, ctx.values, ctx.stdout)
    if outcome.held:
        return ""  # an author's condition has no generic pass line: `passed:` sets one
    if outcome.forbidden:
        message = f"this check is misconfigured: {forbidden_message(outcome.forbidden)}"
        raise _Fail(message, detail=f"expr {expr!r} raised {outcome.error}")
    if outcome.missing:
        raise _Fail(
            _not_defined(outcome.missing),
            why=f"{outcome.missing} is not defined",
            detail=f"expr {expr!r} raised {outcome.error}",
        )
    if outcome.error:
        raise _Fail(
            f"the check {expr!r} raised {outcome.error}",
            why=outcome.error,
            detail=f"expr {expr!r} raised {outcome.error}",
        )
    raise _Fail(f"the check {expr!r} did not hold")


def _calls(params: dict, ctx: CheckContext, position: int) -> str:
    results = ctx.calls.get(position)
    if results is None or len(results) != len(params["cases"]):
        results = tuple(CaseResult("setup", error="no result came back") for _ in params["cases"])
    return judge(params, results, ctx.values, ctx.stdout)


# --------------------------------------------------------------------------- entry points

_EVALUATORS: dict[str, Callable[[dict, CheckContext], str]] = {
    "defined": _defined,
    "type": _type,
    "equals": _equals,
    "nonempty_string": _nonempty_string,
    "mentions": _mentions,
    "output": _output,
    "uses": _uses,
    "expr": _expr,
}


def evaluate(check: Check, ctx: CheckContext, position: int = 0) -> CheckResult:
    """One check's result (`position`: its index in the step, which `calls` results are
    keyed by). `check.message`, when set, replaces the default failure message and
    `check.passed` the pass line."""
    try:
        if check.kind == "calls":
            text = _calls(check.params, ctx, position)
        elif check.kind in _EVALUATORS:
            text = _EVALUATORS[check.kind](check.params, ctx)
        else:
            return CheckResult(check.kind, False, f"unknown check kind {check.kind!r}")
        return CheckResult(check.kind, True, text if check.passed is None else check.passed)
    except _Missing as missing:
        return CheckResult(check.kind, False, str(missing))
    except _Fail as failure:
        return CheckResult(
            check.kind, False, failure.worded(check.message), _located(check, failure)
        )
    except (KeyError, TypeError, ValueError, RecursionError, MemoryError) as error:
        detail = f"this check is misconfigured ({type(error).__name__}: {error})"
        return CheckResult(check.kind, False, check.message or detail, _at(check, detail))


def _located(check: Check, failure: _Fail) -> str:
    return _at(check, failure.detail) if failure.detail else ""


def _at(check: Check, detail: str) -> str:
    return f"{detail} (lesson line {check.line})" if check.line else detail
