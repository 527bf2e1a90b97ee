"""Validating a step's checks against the vocabulary in `bot.core.checks.kinds`.

A check is written as one mapping, `{kind: equals, name: mlops_steps, value: [...]}`,
optionally with `message`. Whatever the checker process would trip over later (an unknown
kind, a check that names no variable, an `expr` that does not parse) is rejected here.
"""

from __future__ import annotations

import builtins
import keyword
from typing import Any

from bot.core.checks import (
    CASE_FIELDS,
    CHECK_KINDS,
    MESSAGE_REQUIRED,
    Check,
    CheckKind,
    Field,
    allowed_names,
    expression_names,
)
from bot.core.content.fields import Reader, describe, suggest
from bot.core.content.limits import EMBED_FIELD_VALUE
from bot.core.content.yaml_source import Path

COMMON_FIELDS = ("kind", "message", "passed")
MAX_CASES = 20  # cases of one `calls` check (each one reruns the learner's programs)
_ALLOWED_NAMES = frozenset(allowed_names().split(", "))


def read_check(reader: Reader, value: Any, path: Path) -> Check | None:
    """The check at `path`, or None after reporting what is wrong with it."""
    if not isinstance(value, dict):
        reader.problem(
            path, f"expected a check mapping like {{kind: defined, name: x}}, got {describe(value)}"
        )
        return None
    kind = _kind(reader, value, path)
    if kind is None:
        return None
    problems_before = len(reader.problems)
    allowed = {f.name for f in kind.fields} | set(COMMON_FIELDS)
    for key in value:
        if key not in allowed:
            hint = suggest(key, allowed) or f" (it takes: {', '.join(sorted(allowed))})"
            reader.problem((*path, key), f"unknown field {key!r} for check {kind.name!r}{hint}")
    params: dict[str, Any] = {}
    for spec in kind.fields:
        if spec.name in value:
            params[spec.name] = _param(reader, spec, value[spec.name], (*path, spec.name))
        elif spec.required:
            reader.problem(path, _missing(kind, spec))
    message = _message(reader, kind, value, path)
    passed = None
    if "passed" in value:
        passed = reader.string(
            value["passed"], (*path, "passed"), limit=EMBED_FIELD_VALUE, where="embed field"
        )
    if len(reader.problems) > problems_before:
        return None
    line = reader.document.line(path)
    return Check(kind=kind.name, params=params, message=message, passed=passed, line=line)


def _kind(reader: Reader, value: dict[str, Any], path: Path) -> CheckKind | None:
    if "kind" not in value:
        reader.problem(path, f"missing field 'kind' (expected one of: {', '.join(CHECK_KINDS)})")
        return None
    name = value["kind"]
    if isinstance(name, str) and name in CHECK_KINDS:
        return CHECK_KINDS[name]
    expected = f"(expected one of: {', '.join(CHECK_KINDS)})"
    if isinstance(name, str):
        reader.problem(path, f"unknown check {name!r} {expected}{suggest(name, CHECK_KINDS)}")
    else:
        reader.problem((*path, "kind"), f"expected a check kind {expected}, got {describe(name)}")
    return None


def _missing(kind: CheckKind, spec: Field) -> str:
    if spec.name == "name" and spec.kind == "name":
        return f"check {kind.name!r} names no variable: add `name: <variable>`"
    return f"check {kind.name!r} needs field {spec.name!r} ({spec.doc or spec.kind})"


def _message(reader: Reader, kind: CheckKind, value: dict[str, Any], path: Path) -> str | None:
    if "message" in value:
        return reader.string(
            value["message"], (*path, "message"), limit=EMBED_FIELD_VALUE, where="embed field"
        )
    if kind.name in MESSAGE_REQUIRED:
        reader.problem(
            path, f"check {kind.name!r} needs a 'message': the learner sees it when it fails"
        )
    return None


def _param(reader: Reader, spec: Field, value: Any, path: Path) -> Any:
    """One check field, validated according to its kind in the vocabulary."""
    if spec.kind == "name":
        return _identifier(reader, value, path)
    if spec.kind == "choice":
        return reader.choice(value, path, spec.choices, spec.name)
    if spec.kind == "str":
        return reader.string(value, path)
    if spec.kind == "expr":
        text = reader.string(value, path)
        if text:
            _compiles(reader, text, path)
        return text
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            reader.problem(path, f"expected a number of 0 or more, got {describe(value)}")
            return 0
        return value
    if spec.kind == "cases":
        return _cases(reader, value, path)
    if spec.kind == "strs":
        return _words(reader, value, path)
    if spec.kind == "lines":
        return _lines(reader, value, path)
    if not _plain(value):
        reader.problem(path, "must be plain data: text, numbers, true/false, null, lists, mappings")
    return value


def _identifier(reader: Reader, value: Any, path: Path) -> str:
    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value):
        reader.problem(path, f"expected a Python variable name, got {value!r}")
        return ""
    return value


def _compiles(reader: Reader, expr: str, path: Path) -> None:
    try:
        compile(expr, "<check>", "eval")
    except (SyntaxError, ValueError) as error:  # ValueError: a NUL byte on some 3.11s
        words = error.msg if isinstance(error, SyntaxError) else str(error)
        reader.problem(path, f"expression does not parse: {words}")
        return
    for name in expression_names(expr):
        if hasattr(builtins, name) and name not in _ALLOWED_NAMES:
            reader.problem(
                path, f"{name!r} is not available in checks (allowed: {allowed_names()})"
            )


def _cases(reader: Reader, value: Any, path: Path) -> list[dict[str, Any]]:
    """A `calls` check's cases: each {args, kwargs, returns, then, tolerance}."""
    if not isinstance(value, list) or not value:
        reader.problem(path, f"expected a non-empty list of cases, got {describe(value)}")
        return []
    if len(value) > MAX_CASES:
        reader.problem(path, f"{len(value)} cases; at most {MAX_CASES}")
    specs = {spec.name: spec for spec in CASE_FIELDS}
    cases = []
    for index, raw in enumerate(value):
        where = (*path, index)
        if not isinstance(raw, dict):
            reader.problem(
                where, f"expected a case like {{args: [...], returns: ...}}, got {describe(raw)}"
            )
            continue
        case: dict[str, Any] = {}
        for key, item in raw.items():
            if key not in specs:
                hint = suggest(str(key), specs) or f" (a case takes: {', '.join(specs)})"
                reader.problem((*where, key), f"unknown field {key!r} in a case{hint}")
            elif key == "args" and not isinstance(item, list):
                reader.problem((*where, key), f"expected a list of arguments, got {describe(item)}")
            elif key == "kwargs" and not (
                isinstance(item, dict) and all(_is_identifier(k) for k in item)
            ):
                reader.problem(
                    (*where, key), f"expected a mapping of argument names, got {describe(item)}"
                )
            else:
                case[key] = _param(reader, specs[key], item, (*where, key))
        if "returns" not in raw and "then" not in raw:
            reader.problem(where, "a case needs 'returns' (the value) or 'then' (a condition)")
        cases.append(case)
    return cases


def _is_identifier(name: Any) -> bool:
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)


def _words(reader: Reader, value: Any, path: Path) -> list[str]:
    if not isinstance(value, list) or not value:
        reader.problem(path, f"expected a non-empty list of words, got {describe(value)}")
        return []
    return [reader.string(word, (*path, index)) for index, word in enumerate(value)]


def _lines(reader: Reader, value: Any, path: Path) -> list[Any]:
    """Expected output lines: text, or `{name: var}` standing for str(var)."""
    if not isinstance(value, list) or not value:
        reader.problem(path, f"expected a non-empty list of lines, got {describe(value)}")
        return []
    lines: list[Any] = []
    for index, line in enumerate(value):
        where = (*path, index)
        if isinstance(line, str):
            lines.append(line)
        elif isinstance(line, dict) and set(line) == {"name"}:
            lines.append({"name": _identifier(reader, line["name"], (*where, "name"))})
        else:
            reader.problem(where, f"expected text or {{name: variable}}, got {describe(line)}")
    return lines


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False
