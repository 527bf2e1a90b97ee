"""The `calls` check: which calls the learner child makes, and judging what it claims.

The bot never calls learner code and neither does the checker. `plan` turns the request's
checks into what the learner child needs to make each call (arguments, and the names a
case's `then` reads, but never the expected values); the child makes every call from a
fresh copy of the namespace its programs left and claims, per case, what happened.
`read_case` decodes one such claim defensively and `judge` compares it with the case.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.checks.compare import counted, difference, show, type_label, type_name
from bot.core.checks.exprs import forbidden_message, run_expr
from bot.core.checks.failure import Failed
from bot.core.checks.kinds import CALL_SECONDS
from bot.core.checks.snapshot import FunctionValue, Opaque, SnapshotError, decode, is_cut

STATUSES = ("returned", "raised", "timeout", "missing", "skipped", "setup")
CALL_TEXT_LIMIT = 200
PRINTED_LIMIT = 200  # characters of a case's printing the child keeps


@dataclass(frozen=True)
class CaseResult:
    """What the learner child claims one call did (decoded; nothing here is trusted)."""

    status: str  # one of STATUSES
    value: Any = None  # the returned value, decoded
    cut: bool = False  # the returned value was too large to carry whole
    error: str = ""  # "KeyError: 'acc'" (raised), the setup error (setup)
    printed: str = ""
    names: Mapping[str, Any] = field(default_factory=dict)  # `then`'s names after the call


def plan(checks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The calls the learner child makes: one entry per `calls` check, in order."""
    entries = []
    for index, check in enumerate(checks):
        if check.get("kind") != "calls":
            continue
        params = check.get("params") or {}
        cases = [
            {
                "args": list(case.get("args") or ()),
                "kwargs": dict(case.get("kwargs") or {}),
                "names": expression_names(case.get("then") or ""),
            }
            for case in params.get("cases") or ()
        ]
        entries.append({"check": index, "name": params.get("name", ""), "cases": cases})
    return entries


def expression_names(expr: str) -> list[str]:
    """The names an expression reads (so the child reports only those)."""
    try:
        tree = ast.parse(expr, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)})


# --------------------------------------------------------------------------- claims


def _text(value: Any, limit: int = 300) -> str:
    return value[:limit] if type(value) is str else ""


def read_case(claim: Any) -> CaseResult:
    """One claimed case result; anything malformed reads as a call that did not return."""
    if type(claim) is not dict or claim.get("s") not in STATUSES:
        return CaseResult("setup", error="its result could not be read")
    status = claim["s"]
    printed = _text(claim.get("printed"), PRINTED_LIMIT)
    if status != "returned":
        return CaseResult(status, error=_text(claim.get("error")), printed=printed)
    names: dict[str, Any] = {}
    try:
        value = decode(claim.get("value"))
        for name, node in (claim.get("names") or {}).items():
            if type(name) is str and name.isidentifier():
                names[name] = decode(node)
    except (SnapshotError, RecursionError, MemoryError, AttributeError):
        return CaseResult("setup", error="its result could not be read")
    return CaseResult(status, value, is_cut(claim.get("value")), printed=printed, names=names)


def read_cases(claims: Any, count: int) -> tuple[CaseResult, ...]:
    claimed = claims if type(claims) is list else []
    missing = CaseResult("setup", error="no result came back")
    return tuple(read_case(claimed[i]) if i < len(claimed) else missing for i in range(count))


# --------------------------------------------------------------------------- judging


def call_text(name: str, case: Mapping[str, Any]) -> str:
    """The call as the learner would type it: log_run('run-9', 0.2, 3, 0.5)."""
    parts = [repr(arg) for arg in case.get("args") or ()]
    parts += [f"{key}={value!r}" for key, value in (case.get("kwargs") or {}).items()]
    text = f"{name}({', '.join(parts)})"
    return text if len(text) <= CALL_TEXT_LIMIT else text[: CALL_TEXT_LIMIT - 2] + "…)"


def judge(
    params: Mapping[str, Any],
    results: Sequence[CaseResult],
    values: Mapping[str, Any],
    stdout: str,
) -> str:
    """The pass line, or raise `Failed` naming the first case that went wrong."""
    name = params["name"]
    function = values.get(name)
    if name not in values:
        raise Failed(f"{name} is not defined — define it with def {name}(...):")
    if type(function) is not FunctionValue:
        label = type_label(type_name(function))
        raise Failed(f"{name} should be a function (def {name}(...):), but it is {label}")
    cases = params["cases"]
    for case, result in zip(cases, results, strict=True):
        _judge_case(name, case, result, params.get("tolerance") or 0.0, values, stdout)
    return f"{name} returns the right values ({counted(len(cases), 'call')})"


def _judge_case(
    name: str,
    case: Mapping[str, Any],
    result: CaseResult,
    default_tolerance: float,
    values: Mapping[str, Any],
    stdout: str,
) -> None:
    call = call_text(name, case)
    if result.status == "raised":
        raise Failed(f"{call} raised {result.error}", about=call, why=f"raised {result.error}")
    if result.status == "timeout":
        why = f"did not return within {CALL_SECONDS} s"
        raise Failed(f"{call} {why} — look for a loop that never ends", about=call, why=why)
    if result.status == "skipped":
        why = "not run: an earlier call did not return"
        raise Failed(f"{call} was {why}", about=call, why=why)
    if result.status != "returned":
        why = f"could not be called: {result.error or 'no result'}"
        raise Failed(f"{call} {why}", about=call, why=why)
    if "returns" in case:
        _judge_value(call, case["returns"], result, case.get("tolerance", default_tolerance))
    then = case.get("then")
    if then:
        outcome = run_expr(then, {**values, **result.names}, stdout)
        if outcome.forbidden:
            message = f"this check is misconfigured: {forbidden_message(outcome.forbidden)}"
            raise Failed(message, detail=f"then {then!r} after {call}: {outcome.error}")
        detail = f"then {then!r} after {call} raised {outcome.error}" if outcome.error else ""
        if outcome.missing:
            why = f"{outcome.missing} is not defined"
            raise Failed(f"after {call}, {why}", about=call, why=why, detail=detail)
        if not outcome.held:
            why = f"raised {outcome.error}" if outcome.error else f"{then} is not true"
            raise Failed(f"after {call}, {why}", about=call, why=why, detail=detail)


def _judge_value(call: str, expected: Any, result: CaseResult, tolerance: float) -> None:
    value = result.value
    if type(value) is Opaque and type_name(expected) != value.type:
        why = (
            f"returned a {value.type} object, which a check cannot compare — "
            "return plain values: numbers, text, lists, dicts"
        )
        raise Failed(f"{call} {why}", about=call, why=why)
    if result.cut or type(value) is Opaque:  # the same type, not carried: an int of 5,000 bits
        why = "returned a value too large to compare"
        raise Failed(f"{call} {why}", about=call, why=why)
    problem = difference(call, expected, value, tolerance)
    if not problem:
        return
    if value is None and result.printed:
        problem += f" (it printed {show(result.printed.rstrip())} — use return to give it back)"
    elif value is None and expected is not None:
        problem += " (did you forget return?)"
    raise Failed(problem, about=call, why=problem.removeprefix(call).lstrip(": "))
