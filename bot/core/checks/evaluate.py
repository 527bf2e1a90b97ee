"""Evaluate step checks and say, in words a beginner can act on, what is wrong.

Runs inside the executor's checker process over values *decoded* from the learner's
snapshot (real primitives, `Opaque`, `FunctionValue`), the stdout the parent captured, and
the program sources. Nothing here runs learner code, so a check result cannot be forged.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.checks import diagnose
from bot.core.checks.kinds import CHECK_KINDS
from bot.core.checks.model import Check, CheckResult
from bot.core.checks.snapshot import FunctionValue, Opaque

__all__ = ["CHECK_KINDS", "CheckContext", "evaluate", "type_label"]

SHOW_LIMIT = 60  # characters of a value quoted in a message


@dataclass(frozen=True)
class CheckContext:
    """Everything a check may look at once the learner's programs ran."""

    values: Mapping[str, Any] = field(default_factory=dict)  # decoded learner variables
    shown: Mapping[str, str] = field(default_factory=dict)  # str(var), as print() showed it
    stdout: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (program name, code); last is the submission
    sizes: Mapping[str, int] = field(default_factory=dict)  # real length of a cut variable

    @property
    def submission(self) -> str:
        return self.sources[-1][1] if self.sources else ""


class _Fail(Exception):
    """A check failed; the message says why."""


class _Missing(_Fail):
    """The variable a check reads does not exist (never hidden behind a check's message)."""


# --------------------------------------------------------------------------- wording

_LABELS = {
    "str": "a string",
    "int": "a whole number (int)",
    "float": "a decimal number (float)",
    "bool": "True or False (bool)",
    "list": "a list",
    "tuple": "a tuple",
    "dict": "a dictionary",
    "set": "a set",
    "frozenset": "a frozenset",
    "bytes": "bytes",
    "NoneType": "None",
    "function": "a function",
}


def type_name(value: Any) -> str:
    if type(value) is FunctionValue:
        return "function"
    if type(value) is Opaque:
        return value.type
    return type(value).__name__


def type_label(name: str) -> str:
    """'list' -> 'a list': how a type is named in a message."""
    return _LABELS.get(name, f"a {name}")


def show(value: Any, limit: int = SHOW_LIMIT) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    if size is not None and type(expected) in (list, tuple) and _same_kind(expected, actual):
        raise _Fail(f"{name} should have {len(expected)} items; yours has {size}")
    problem = difference(name, expected, actual)
    if problem:
        raise _Fail(problem)
    return f"{name} has the expected value"


def _same_kind(expected: Any, actual: Any) -> bool:
    numbers = (int, float)
    if type(expected) in numbers and type(actual) in numbers:
        return True
    return type(expected) is type(actual)


def difference(name: str, expected: Any, actual: Any) -> str:
    """Why `actual` is not `expected`, or "" when they are equal."""
    if not _same_kind(expected, actual):
        wanted, got = type_label(type_name(expected)), type_label(type_name(actual))
        return f"{name}: expected {wanted}, got {got}"
    if type(expected) in (list, tuple):
        return _sequence_difference(name, list(expected), list(actual))
    if type(expected) is dict:
        return _dict_difference(name, expected, actual)
    if expected == actual:
        return ""
    message = f"{name} should be {show(expected)} but is {show(actual)}"
    if type(expected) is str:
        message += _near_miss(expected, actual)
    return message


def _near_miss(expected: str, actual: str) -> str:
    if expected.casefold() == actual.casefold():
        return " (check upper and lower case)"
    if expected.strip() == actual.strip():
        return " (check the spaces at the start and end)"
    return ""


def _sequence_difference(name: str, expected: list, actual: list) -> str:
    if expected == actual and all(_same_kind(e, a) for e, a in zip(expected, actual, strict=True)):
        return ""
    if len(expected) == len(actual):
        for position, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
            if want != got or not _same_kind(want, got):
                hint = _near_miss(want, got) if type(want) is type(got) is str else ""
                return f"item {position} should be {show(want)} but is {show(got)}{hint}"
    count = f"{name} should have {len(expected)} items; yours has {len(actual)}"
    missing = [e for e in expected if e not in actual]
    extra = [a for a in actual if a not in expected]
    if missing:
        return f"{count}: {show(missing[0])} is missing"
    if extra:
        return f"{count}: {show(extra[0])} should not be there"
    return count


def _dict_difference(name: str, expected: dict, actual: dict) -> str:
    for key in expected:
        if key not in actual:
            return f"{name} is missing the key {show(key)}"
    for key in actual:
        if key not in expected:
            return f"{name} has a key that should not be there: {show(key)}"
    for key, want in expected.items():
        problem = difference(f"{name}[{show(key)}]", want, actual[key])
        if problem:
            return problem
    return ""


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

_SAFE_NAMES = (
    "abs all any bool dict enumerate float frozenset int isinstance len list max min "
    "range repr reversed round set sorted str sum tuple zip True False None"
)
_SAFE_BUILTINS = {name: getattr(builtins, name) for name in _SAFE_NAMES.split(" ")}


def _expr(params: dict, ctx: CheckContext) -> str:
    names = {"__builtins__": _SAFE_BUILTINS, **dict(ctx.values), "stdout": ctx.stdout}
    try:
        held = bool(eval(compile(params["expr"], "<check>", "eval"), names))
    except NameError as error:
        missing = getattr(error, "name", None)
        raise _Fail(_not_defined(missing) if missing else str(error)) from None
    except Exception:
        held = False
    if not held:
        raise _Fail(f"the check {params['expr']!r} did not hold")
    return "the step's condition holds"


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


def evaluate(check: Check, ctx: CheckContext) -> CheckResult:
    """One check's result. `check.message`, when set, replaces the default failure message."""
    evaluator = _EVALUATORS.get(check.kind)
    if evaluator is None:
        return CheckResult(check.kind, False, f"unknown check kind {check.kind!r}")
    try:
        return CheckResult(check.kind, True, evaluator(check.params, ctx))
    except _Missing as missing:
        return CheckResult(check.kind, False, str(missing))
    except _Fail as failure:
        return CheckResult(check.kind, False, check.message or str(failure))
    except (KeyError, TypeError, ValueError, RecursionError, MemoryError) as error:
        detail = f"this check is misconfigured ({type(error).__name__}: {error})"
        return CheckResult(check.kind, False, check.message or detail)
