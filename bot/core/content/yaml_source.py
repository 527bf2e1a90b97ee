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

    def code_line(self, path: Path) -> int | None:
        """The line of the first character of the text at `path` (a block scalar's text
        starts on the line after its `|`)."""
        node = self.root
        for part in path:
            child = None if node is None else _child(node, part)
            if child is None:
                return None
            node = child[1]
        if node is None:
            return None
        block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
        return node.start_mark.line + (2 if block else 1)

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
        line, message = syntax_problem(error, text)
        report(line, (), message)
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


# PyYAML's words for the mistakes authors make most, and what to do instead.
_ALIGN_LIST = "this list item is not in line with the others: align the '-' with the items above"
_AUTHOR_WORDS = (
    (
        "mapping values are not allowed",
        "a ':' inside a value: put the value in quotes, e.g. title: \"Step 1: setup\"",
    ),
    ("found character '\\t'", "a tab character: indent with spaces, not tabs"),
    ("tab character", "a tab character: indent with spaces, not tabs"),
    ("did not find expected '-' indicator", _ALIGN_LIST),
    ("expected <block end>, but found '-'", _ALIGN_LIST),
    (
        "expected <block end>, but found '<block mapping start>'",
        "this line is indented differently from the fields around it: "
        "line it up with the field above",
    ),
    (
        "did not find expected key",
        "this line is indented differently from the fields around it: "
        "line it up with the field above",
    ),
    ("that cannot start any token", "a value cannot start with {char}: put it in quotes"),
    ("found unexpected end of stream", "a quote is opened but never closed"),
    ("expected a single document", "a lesson file is one document: remove this '---' line"),
    ("could not find expected ':'", "a field name without its ':' (or a quote left open)"),
)


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line of a YAML mistake, and the mistake in an author's words with its column
    and the offending line under a caret."""
    parser_words = _yaml_message(error)
    advice = next((words for key, words in _AUTHOR_WORDS if key in parser_words), None)
    mark = error.problem_mark or error.context_mark
    if "end of stream" in parser_words and error.context_mark is not None:
        mark = error.context_mark  # where the unclosed quote opened, not the end of the file
    if mark is None:
        return None, f"YAML syntax error: {advice or parser_words}"
    lines = text.splitlines() or [""]
    raw = lines[min(mark.line, len(lines) - 1)]
    if raw.lstrip().startswith("- ") and "expected key" in parser_words:
        advice = _ALIGN_LIST
    if advice and "{char}" in advice:
        char = raw[mark.column] if mark.column < len(raw) else "this character"
        advice = advice.format(char=repr(char))
    shown = raw.replace("\t", "→")
    caret = " " * min(mark.column, len(shown)) + "^"
    head = f"column {mark.column + 1}: {advice or 'YAML syntax error: ' + parser_words}"
    if advice:
        head += f" (YAML said: {parser_words})"
    return mark.line + 1, f"{head}\n    {shown}\n    {caret}"


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
    """("steps", 1, "checks", 0, "name") -> "step 2 › check 1 › name": items counted from 1,
    as `stepwise check --step` and learners count them."""
    words: list[str] = []
    for part in path:
        if isinstance(part, int):
            owner = words.pop() if words else ""
            if owner.endswith("s") and len(owner) > 1:
                single = owner[:-1]
            else:
                single = f"{owner} item".lstrip()
            words.append(f"{single} {part + 1}")
        else:
            words.append(part)
    return " › ".join(words)
