"""Where a learner's value first differs from the expected one, said as a path.

`difference("runs", expected, actual)` walks both values together and names the first
place they part: `runs[1]['accuracy']: expected 0.91, found 0.9`, `new_run: unexpected key
'acc'`, `changed: missing 'epochs'`. The path is never shortened; only the two values shown
at that place are, and a long string is shown around its first differing character.
`tolerance` (absolute) applies to every number compared, however deep.
"""

from __future__ import annotations

import math
from typing import Any

from bot.core.checks.snapshot import FunctionValue, Opaque

SHOW_LIMIT = 60  # characters of a value quoted in a message

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
_NUMBERS = (int, float)


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


def same_kind(expected: Any, actual: Any) -> bool:
    if type(expected) in _NUMBERS and type(actual) in _NUMBERS:
        return True
    return type(expected) is type(actual)


def close(expected: Any, actual: Any, tolerance: float) -> bool:
    """Equal numbers, within `tolerance` when it is set (NaN equals NaN here)."""
    if type(expected) is float and type(actual) is float and math.isnan(expected):
        return math.isnan(actual)
    if tolerance and (type(expected) is float or type(actual) is float):
        return abs(expected - actual) <= tolerance
    return expected == actual


def difference(path: str, expected: Any, actual: Any, tolerance: float = 0.0) -> str:
    """Why `actual` is not `expected`, at the first place they differ; "" when equal."""
    if not same_kind(expected, actual):
        wanted, got = type_label(type_name(expected)), type_label(type_name(actual))
        if wanted == got:  # the snapshot could not carry it: a huge int, a too deep list
            return f"{path}: expected {show(expected)}, found {got} too large to compare"
        return f"{path}: expected {wanted}, got {got}"
    kind = type(expected)
    if kind in _NUMBERS:
        if close(expected, actual, tolerance):
            return ""
        return f"{path}: expected {show(expected)}, found {show(actual)}"
    if kind in (list, tuple):
        return _sequence(path, list(expected), list(actual), tolerance)
    if kind is dict:
        return _mapping(path, expected, actual, tolerance)
    if kind is str:
        return _text(path, expected, actual)
    if kind in (set, frozenset):
        return _members(path, expected, actual)
    if expected == actual:
        return ""
    return f"{path}: expected {show(expected)}, found {show(actual)}"


def near_miss(expected: str, actual: str) -> str:
    if expected.casefold() == actual.casefold():
        return " (check upper and lower case)"
    if expected.strip() == actual.strip():
        return " (check the spaces at the start and end)"
    return ""


def _text(path: str, expected: str, actual: str) -> str:
    if expected == actual:
        return ""
    first = next(
        (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
        min(len(expected), len(actual)),
    )
    hint = near_miss(expected, actual)
    if max(len(expected), len(actual)) + 2 <= SHOW_LIMIT or first < SHOW_LIMIT // 2:
        return f"{path}: expected {show(expected)}, found {show(actual)}{hint}"
    start = first - 10  # both strings agree up to `first`: show each from just before it
    return (
        f"{path}: from character {first + 1} on, expected …{show(expected[start:])[1:]}, "
        f"found …{show(actual[start:])[1:]}{hint}"
    )


def counted(number: int, noun: str) -> str:
    """ "1 item", "2 items": what a learner reads is counted in plain English."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _sequence(path: str, expected: list, actual: list, tolerance: float) -> str:
    if len(expected) == len(actual):
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            problem = difference(f"{path}[{index}]", want, got, tolerance)
            if problem:
                return problem
        return ""
    count = f"{path} should have {counted(len(expected), 'item')}; yours has {len(actual)}"
    missing = [e for e in expected if not _within(e, actual, tolerance)]
    extra = [a for a in actual if not _within(a, expected, tolerance)]
    if missing:
        return f"{count}: {show(missing[0])} is missing"
    if extra:
        return f"{count}: {show(extra[0])} should not be there"
    return count


def _within(value: Any, items: list, tolerance: float) -> bool:
    if not tolerance:
        return value in items
    return any(not difference("", value, item, tolerance) for item in items)


def _mapping(path: str, expected: dict, actual: dict, tolerance: float) -> str:
    for key in expected:
        if key not in actual:
            return f"{path}: missing {show(key)}"
    for key in actual:
        if key not in expected:
            return f"{path}: unexpected key {show(key)}"
    for key, want in expected.items():
        problem = difference(f"{path}[{show(key)}]", want, actual[key], tolerance)
        if problem:
            return problem
    return ""


def _members(path: str, expected: set | frozenset, actual: set | frozenset) -> str:
    if expected == actual:
        return ""
    missing = sorted(repr(m) for m in expected - actual)
    if missing:
        return f"{path}: missing {missing[0]}"
    extra = sorted(repr(m) for m in actual - expected)
    return f"{path}: unexpected {extra[0]}"
