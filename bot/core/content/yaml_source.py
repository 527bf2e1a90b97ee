"""Reading YAML while remembering where each value came from.

`yaml.safe_load` forgets line numbers, and an author told "steps[1].checks[0] is wrong"
still has to hunt for it. Here the document is composed into nodes (libyaml when available)
and turned into plain Python values; the node tree is kept, so validation can point at the
exact line of any path it reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[str | int, ...]
Report = Callable[[int | None, Path, str], None]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TEXT_TAGS = (_STR_TAG, "tag:yaml.org,2002:value")  # a lone "=" resolves to YAML 1.1's value tag
MAX_NODES = 100_000  # aliases can expand a small file enormously ("billion laughs")
MAX_DEPTH = 50


@dataclass
class Document:
    """A YAML document as plain values, plus its node tree to find where a path is written.

    Lines are looked up only when a problem is reported, by walking the nodes along the
    path: recording the line of every value up front cost more than the rest of validation.
    """

    data: Any
    root: yaml.Node | None = None

    def line(self, path: Path) -> int | None:
        """Where `path` is written: its field name's line, else its value's, else an ancestor's."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_line, node = child
            line = key_line or node.start_mark.line + 1
        return line


def _child(node: yaml.Node, part: str | int) -> tuple[int | None, yaml.Node] | None:
    """The key's line (None for a list item) and the value node one step down `part`."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return key_node.start_mark.line + 1, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a leaner tag resolver (a hot spot when loading many lessons).

    Same answers as PyYAML's `Resolver.resolve` for the safe implicit resolvers; path
    resolvers, which the safe loader never registers, are not consulted.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def read_yaml(text: str, report: Report) -> Document | None:
    """Parse one YAML document; syntax problems go to `report` and give None."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        report(line, (), f"YAML syntax error: {_yaml_message(error)}")
        return None
    except yaml.YAMLError as error:
        report(None, (), f"YAML syntax error: {error}")
        return None
    finally:
        loader.dispose()
    if node is None:
        report(1, (), "the file is empty; a lesson is a mapping of fields (id, title, ...)")
        return None
    document = Document(data=None, root=node)
    try:
        document.data = _Builder(loader, document, report).value(node, ())
    except _TooLarge as error:
        report(error.line, (), f"document too large (more than {MAX_NODES:,} values)")
        return None
    except _Abandon:
        return None
    return document


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    context = error.context or ""
    mark, problem_mark = error.context_mark, error.problem_mark
    if context and mark and problem_mark and mark.line != problem_mark.line:
        context += f" started on line {mark.line + 1}"
    parts = [part for part in (context, error.problem) if part]
    return ", ".join(parts) or "invalid YAML"


class _TooLarge(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _Abandon(Exception):
    """The document cannot be turned into values; the reason was already reported."""


class _Builder:
    """Turns a node tree into values; reports what YAML allows but a lesson cannot use."""

    def __init__(self, loader: yaml.SafeLoader, document: Document, report: Report) -> None:
        self.loader = loader
        self.document = document
        self.report = report
        self.visited = 0

    def value(self, node: yaml.Node, path: Path) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge(node.start_mark.line + 1)
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag in _TEXT_TAGS:
                return node.value
            return self.scalar(node, path, node.start_mark.line + 1)
        line = node.start_mark.line + 1
        if len(path) > MAX_DEPTH:  # also where an alias that contains itself ends up
            why = f"nested more than {MAX_DEPTH} levels deep (or an alias contains itself)"
            self.report(line, path[:1], why)
            raise _Abandon
        if node.tag not in (_SEQ_TAG, _MAP_TAG):
            self.report(line, path, f"unsupported YAML tag {node.tag!r}")
            return None
        if kind is yaml.SequenceNode:
            return [self.value(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.mapping(node, path)

    def scalar(self, node: yaml.ScalarNode, path: Path, line: int) -> Any:
        constructor = self.loader.yaml_constructors.get(node.tag)
        if constructor is None:
            self.report(line, path, f"unsupported YAML tag {node.tag!r}")
            return None
        try:
            return constructor(self.loader, node)
        except (yaml.YAMLError, ValueError) as error:
            self.report(line, path, f"invalid value {node.value!r}: {error}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag != _STR_TAG or type(key_node) is not yaml.ScalarNode:
                self.report(key_line, path, _bad_key(key_node))
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = self.document.line(child)
                self.report(key_line, child, f"duplicate field (first set on line {first})")
                continue
            result[key] = self.value(value_node, child)
        return result


def _bad_key(node: yaml.Node) -> str:
    if node.tag == _MERGE_TAG:
        return "YAML merge keys (<<) are not supported; write the fields out"
    shown = node.value if isinstance(node, yaml.ScalarNode) else "..."
    return f"field names must be plain words, not {shown!r}"


def format_path(path: Path) -> str:
    """("steps", 1, "checks", 0) -> "steps[1].checks[0]"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
