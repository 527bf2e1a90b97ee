"""Learner values as tagged JSON, so the checker can judge them without running learner code.

The learner child `encode`s its variables; the checker child `decode`s them back into real
Python primitives and containers. Encoding uses exact `type(x) is ...` tests and never calls
a learner method except `repr()`/`str()` of values it cannot represent (guarded), so a
hostile object cannot change what the snapshot says about a list or a string. Decoding
trusts nothing: anything malformed raises `SnapshotError`.

Wire form, one node per value: `{"t": tag, ...}` with tags none, bool, int, float, str,
bytes, list, tuple, set, frozenset, dict, function, other. Containers and strings cut by a
cap carry `"cut": true` and their real length in `"len"`.
"""

from __future__ import annotations

import re
import types
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 12
MAX_NODES = 5_000  # per encode() call
MAX_STR = 8_192  # characters kept of one string
MAX_REPR = 200  # characters kept of an opaque value's repr
MAX_INT_BITS = 4_096
MAX_VARIABLES = 200
MAX_CHARS = 256_000  # string characters per snapshot, all strings together
MAX_SHOWN = 65_536  # characters kept of what print(variable) shows


class SnapshotError(ValueError):
    """The snapshot is malformed: it was not produced by `encode` (or was tampered with)."""


@dataclass(frozen=True)
class Opaque:
    """A value the snapshot could not carry: its type name and (capped) repr."""

    type: str
    repr: str

    def __repr__(self) -> str:
        return self.repr

    def __str__(self) -> str:
        return self.repr


@dataclass(frozen=True)
class FunctionValue:
    """A function the learner defined: its name and parameter names."""

    name: str
    params: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<function {self.name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Callable, so `callable(f)` holds, but never run here: the learner's code stays
        in the learner's process (a `calls` check calls it there)."""
        raise TypeError(f"{self.name}() cannot be called in a check: use a 'calls' check")


# --------------------------------------------------------------------------- encode


class _Budget:
    """Nodes and string characters left for one snapshot (shared across a namespace)."""

    def __init__(self, nodes: int, chars: int = MAX_CHARS):
        self.nodes = nodes
        self.chars = chars

    def take(self) -> bool:
        self.nodes -= 1
        return self.nodes >= 0

    def text(self, length: int) -> int:
        """How many characters of a `length`-long string may be kept."""
        kept = max(0, min(length, MAX_STR, self.chars))
        self.chars -= kept
        return kept


def _safe_text(fn: Any, value: Any, limit: int) -> str:
    """`repr`/`str` of a value that may be hostile: never raises, result capped."""
    try:
        text = fn(value)
    except BaseException:  # learner __repr__ may raise anything
        return f"<{type(value).__name__} object>"
    if type(text) is not str:
        return f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(value: Any) -> str:
    name = getattr(type(value), "__name__", "object")
    return name if type(name) is str else "object"


def _opaque(value: Any) -> dict[str, Any]:
    return {"t": "other", "type": _type_name(value), "repr": _safe_text(repr, value, MAX_REPR)}


def _encode(value: Any, depth: int, budget: _Budget) -> dict[str, Any]:
    kind = type(value)
    if not budget.take():
        return {"t": "other", "type": _type_name(value), "repr": "…"}
    if value is None:
        return {"t": "none"}
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        if value.bit_length() > MAX_INT_BITS:
            return {"t": "other", "type": "int", "repr": f"<int with {value.bit_length()} bits>"}
        return {"t": "int", "v": str(value)}
    if kind is float:
        return {"t": "float", "v": float.__repr__(value)}
    if kind is str:
        kept = budget.text(len(value))
        if kept < len(value):
            return {"t": "str", "v": value[:kept], "cut": True, "len": len(value)}
        return {"t": "str", "v": value}
    if kind is bytes:
        shown = value[: budget.text(len(value) * 2) // 2]
        node: dict[str, Any] = {"t": "bytes", "v": shown.hex()}
        if len(shown) < len(value):
            node.update(cut=True, len=len(value))
        return node
    if kind is types.FunctionType:
        code = value.__code__
        params = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        return {"t": "function", "name": str(code.co_name), "params": [str(p) for p in params]}
    if kind in (list, tuple, set, frozenset, dict):
        if depth <= 0:
            return {"t": "other", "type": kind.__name__, "repr": "…"}
        return _encode_container(value, kind, depth, budget)
    return _opaque(value)


def _encode_container(value: Any, kind: type, depth: int, budget: _Budget) -> dict[str, Any]:
    items: list[Any] = []
    size = len(value)  # exact builtin type: len() runs no learner code
    # Copy first: an opaque member's __repr__ (learner code) could resize the container.
    source = list(dict.items(value)) if kind is dict else list(value)
    for entry in source:
        if budget.nodes <= 0:
            break
        if kind is dict:
            key, val = entry
            items.append([_encode(key, depth - 1, budget), _encode(val, depth - 1, budget)])
        else:
            items.append(_encode(entry, depth - 1, budget))
    node: dict[str, Any] = {"t": kind.__name__, "items": items}
    if len(items) < size:
        node.update(cut=True, len=size)
    return node


def encode(
    value: Any, *, depth: int = MAX_DEPTH, budget: int = MAX_NODES, chars: int = MAX_CHARS
) -> dict[str, Any]:
    """Tagged JSON for `value`, at most `depth` containers deep, `budget` nodes large and
    `chars` string characters long."""
    return _encode(value, depth, _Budget(budget, chars))


def _shown(value: Any, budget: _Budget) -> str:
    limit = max(min(MAX_SHOWN, budget.chars), 1)
    text = _safe_text(str, value, limit)
    budget.chars -= len(text)
    return text


def encode_variable(value: Any, *, budget: int = MAX_NODES) -> dict:
    """`encode(value)` plus `"str"`: what `print(value)` shows (capped), for output checks."""
    state = _Budget(budget)
    return {**_encode(value, MAX_DEPTH, state), "str": _shown(value, state)}


def is_variable(name: str, value: Any) -> bool:
    """Whether a namespace entry is the learner's own variable (not a module, dunder, builtin)."""
    if name.startswith("__") and name.endswith("__"):
        return False
    return type(value) not in (types.ModuleType, types.BuiltinFunctionType)


def encode_namespace(
    namespace: dict[str, Any], *, budget: int = 20_000, chars: int = MAX_CHARS * 2
) -> dict[str, dict]:
    """Snapshot every learner variable of a namespace within one shared budget.

    Each variable may use at most a quarter of the nodes still left, so one huge list
    cannot starve the variables after it.
    """
    values: dict[str, dict] = {}
    state = _Budget(budget, chars)
    for name, value in list(dict.items(namespace)):
        if type(name) is not str or not is_variable(name, value):
            continue
        if len(values) >= MAX_VARIABLES or state.nodes <= 0:
            break
        share = max(state.nodes // 4, min(state.nodes, 100))
        rest, state.nodes = state.nodes - share, share
        node = _encode(value, MAX_DEPTH, state)
        state.nodes = max(state.nodes, 0) + rest
        values[name] = {**node, "str": _shown(value, state)}
    return values


# --------------------------------------------------------------------------- decode

_SCALARS = {"none", "bool", "int", "float", "str", "bytes", "function", "other"}
_CONTAINERS = {"list", "tuple", "set", "frozenset", "dict"}


def _field(node: dict, key: str, kind: type) -> Any:
    value = node.get(key)
    if type(value) is not kind:
        raise SnapshotError(f"{node.get('t')!r} node: {key!r} should be a {kind.__name__}")
    return value


def _decode(node: Any, depth: int) -> Any:
    if depth < 0:
        raise SnapshotError("snapshot nested too deeply")
    if type(node) is not dict:
        raise SnapshotError(f"expected a node object, got {type(node).__name__}")
    tag = node.get("t")
    if tag == "none":
        return None
    if tag == "bool":
        return _field(node, "v", bool)
    if tag == "int":
        text = _field(node, "v", str)
        if len(text) > MAX_INT_BITS or not re.fullmatch(r"-?[0-9]+", text):
            raise SnapshotError("int node: not a decimal number")
        return int(text)
    if tag == "float":
        try:
            return float(_field(node, "v", str))
        except ValueError:
            raise SnapshotError("float node: not a number") from None
    if tag == "str":
        return _field(node, "v", str)
    if tag == "bytes":
        try:
            return bytes.fromhex(_field(node, "v", str))
        except ValueError:
            raise SnapshotError("bytes node: not hex") from None
    if tag == "function":
        params = _field(node, "params", list)
        if not all(type(p) is str for p in params):
            raise SnapshotError("function node: params should be strings")
        return FunctionValue(_field(node, "name", str), tuple(params))
    if tag == "other":
        return Opaque(_field(node, "type", str)[:MAX_REPR], _field(node, "repr", str)[:MAX_REPR])
    if tag in _CONTAINERS:
        return _decode_container(tag, _field(node, "items", list), depth)
    raise SnapshotError(f"unknown node tag {tag!r}")


def _decode_container(tag: str, items: list, depth: int) -> Any:
    try:
        if tag == "dict":
            pairs = []
            for pair in items:
                if type(pair) is not list or len(pair) != 2:
                    raise SnapshotError("dict node: items should be [key, value] pairs")
                pairs.append((_decode(pair[0], depth - 1), _decode(pair[1], depth - 1)))
            return dict(pairs)
        decoded = [_decode(item, depth - 1) for item in items]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](decoded)
    except TypeError:  # an unhashable key or set member: no real encoder produces that
        raise SnapshotError(f"{tag} node: unhashable member") from None


def decode(data: Any, *, depth: int = MAX_DEPTH + 2) -> Any:
    """The Python value a snapshot node describes. Raises SnapshotError if malformed."""
    return _decode(data, depth)


def is_cut(data: Any) -> bool:
    """Whether a node (or anything inside it) was shortened by a cap."""
    if type(data) is not dict:
        return False
    if data.get("cut") is True or (data.get("t") == "other" and data.get("repr") == "…"):
        return True
    return any(is_cut(i) for i in data.get("items", ()) if type(i) is dict) or any(
        is_cut(x) for pair in data.get("items", ()) if type(pair) is list for x in pair
    )
