"""Evaluating an author's `expr` (and a `calls` case's `then`) and saying why it failed.

The expression sees the learner's decoded values, `stdout`, `math` and the builtins in
`ALLOWED`: nothing that reaches outside the values it is given. A name Python knows but
checks do not allow is an author's mistake, so it is reported as one, with the list.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ALLOWED = (
    "abs", "all", "any", "bool", "callable", "dict", "divmod", "enumerate", "filter", "float",
    "frozenset", "hasattr", "int", "isinstance", "len", "list", "map", "max", "min", "pow",
    "range", "repr", "reversed", "round", "set", "sorted", "str", "sum", "tuple", "type",
    "zip", "True", "False", "None",
)  # fmt: skip
_BUILTINS = {name: getattr(builtins, name) for name in ALLOWED}
EXTRA_NAMES = ("math", "stdout")  # besides the learner's own names
MESSAGE_LIMIT = 120  # characters of an exception's message quoted back


@dataclass(frozen=True)
class Outcome:
    """An expression's result: `held`, or the exception it raised (`error`), or a name
    it used that checks do not allow (`forbidden`), or a learner name that is missing."""

    held: bool = False
    error: str = ""  # "IndexError: list index out of range"
    forbidden: str = ""
    missing: str = ""


def allowed_names() -> str:
    return ", ".join([*ALLOWED, *EXTRA_NAMES])


def run_expr(expr: str, values: Mapping[str, Any], stdout: str) -> Outcome:
    """Evaluate `expr` over `values`; never raises."""
    names = {"__builtins__": _BUILTINS, "math": math, **dict(values), "stdout": stdout}
    try:
        return Outcome(held=bool(eval(compile(expr, "<check>", "eval"), names)))
    except NameError as error:
        name = getattr(error, "name", None) or ""
        if hasattr(builtins, name) or name in ("__import__", "open", "eval", "exec"):
            return Outcome(forbidden=name, error=describe(error))
        return Outcome(missing=name, error=describe(error))
    except Exception as error:  # the author's expression over the learner's values
        return Outcome(error=describe(error))


def describe(error: BaseException) -> str:
    text = str(error)
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def forbidden_message(name: str) -> str:
    return f"{name!r} is not available in checks (allowed: {allowed_names()})"
