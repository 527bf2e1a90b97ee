"""Reading typed fields out of a parsed lesson, reporting every problem with its location.

Each getter returns a usable fallback after reporting, so validation carries on and the
author sees all problems of a file at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from bot.core.content.limits import ID_PATTERN, ID_RULE
from bot.core.content.problems import Problem
from bot.core.content.yaml_source import Document, Path, format_path

FieldTable = Mapping[str, bool]  # field name -> required


def describe(value: Any) -> str:
    """How a YAML value reads to an author ("a list", "a number")."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest(word: str, choices: Any) -> str:
    """ "; did you mean 'x'?" when a choice is close to `word`, else ""."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def too_long(length: int, limit: int, where: str) -> str:
    return f"too long for Discord: {length:,} characters, limit {limit:,} ({where})"


class Reader:
    """Typed access to one file's values; problems accumulate in `problems`."""

    def __init__(self, file: str, document: Document, problems: list[Problem]) -> None:
        self.file = file
        self.document = document
        self.problems = problems

    def problem(self, path: Path, message: str, line: int | None = None) -> None:
        """A problem at `path`, on the line where it is written (or `line` when known)."""
        line = line or self.document.line(path)
        self.problems.append(Problem(self.file, line, format_path(path), message))

    # -------------------------------------------------------------- structure

    def fields(self, value: Any, path: Path, table: FieldTable) -> dict[str, Any] | None:
        """`value` as a mapping with only known fields and every required one (else None)."""
        if not isinstance(value, dict):
            expected = ", ".join(table)
            self.problem(path, f"expected a mapping of fields ({expected}), got {describe(value)}")
            return None
        for key in value:
            if key not in table:
                hint = suggest(key, table) or f" (expected one of: {', '.join(table)})"
                self.problem((*path, key), f"unknown field {key!r}{hint}")
        for key, required in table.items():
            if required and key not in value:
                self.problem(path, f"missing field {key!r}")
        return value

    def items(self, data: dict[str, Any], path: Path, key: str, *, minimum: int = 0) -> list[Any]:
        """A list field; missing optional lists are empty."""
        value = data.get(key)
        where = (*path, key)
        if value is None:
            if key in data:
                self.problem(where, f"expected a list, got {describe(value)}")
            return []
        if not isinstance(value, list):
            self.problem(where, f"expected a list, got {describe(value)}")
            return []
        if len(value) < minimum:
            self.problem(where, f"needs at least {minimum} item{'s' if minimum > 1 else ''}")
        return value

    # -------------------------------------------------------------- scalars

    def text(
        self,
        data: dict[str, Any],
        path: Path,
        key: str,
        *,
        limit: int | None = None,
        where: str = "",
        code: bool = False,
    ) -> str:
        """A non-empty string (if present). Prose is stripped; code keeps its indentation."""
        if key not in data:
            return ""
        return self.string(data[key], (*path, key), limit=limit, where=where, code=code)

    def string(
        self,
        value: Any,
        path: Path,
        *,
        limit: int | None = None,
        where: str = "",
        code: bool = False,
    ) -> str:
        if not isinstance(value, str):
            quoted = " (put it in quotes)" if isinstance(value, int | float | bool) else ""
            self.problem(path, f"expected text, got {describe(value)}{quoted}")
            return ""
        value = value.strip("\n").rstrip() if code else value.strip()
        if not value:
            self.problem(path, "must not be empty")
        elif limit is not None and len(value) > limit:
            self.problem(path, too_long(len(value), limit, where))
        return value

    def texts(
        self,
        data: dict[str, Any],
        path: Path,
        key: str,
        *,
        minimum: int = 0,
        limit: int | None = None,
        where: str = "",
    ) -> tuple[str, ...]:
        items = self.items(data, path, key, minimum=minimum)
        where_key = (*path, key)
        return tuple(
            self.string(item, (*where_key, index), limit=limit, where=where)
            for index, item in enumerate(items)
        )

    def integer(
        self, data: dict[str, Any], path: Path, key: str, *, default: int, minimum: int
    ) -> int:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem((*path, key), f"expected a whole number, got {describe(value)}")
            return default
        if value < minimum:
            self.problem((*path, key), f"must be at least {minimum}, got {value}")
            return default
        return value

    def boolean(self, data: dict[str, Any], path: Path, key: str, *, default: bool) -> bool:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.problem((*path, key), f"expected true or false, got {describe(value)}")
            return default
        return value

    def choice(self, value: Any, path: Path, choices: tuple[str, ...], what: str) -> str | None:
        """One of `choices`, or None after reporting "unknown <what> 'x' (expected one of...)"."""
        if isinstance(value, str) and value in choices:
            return value
        expected = f"(expected one of: {', '.join(choices)})"
        if isinstance(value, str):
            self.problem(path, f"unknown {what} {value!r} {expected}{suggest(value, choices)}")
        else:
            self.problem(path, f"expected a {what} {expected}, got {describe(value)}")
        return None

    def identifier(self, data: dict[str, Any], path: Path, key: str = "id") -> str:
        """An id that can travel inside a Discord custom_id."""
        if key not in data:
            return ""
        text = self.string(data[key], (*path, key))
        if text and not ID_PATTERN.fullmatch(text):
            self.problem((*path, key), f"{text!r} is not a valid id: {ID_RULE}")
        return text


def unparsable(error: SyntaxError | ValueError) -> str:
    """Why code does not parse, and " (its line 3)" where Python names one. A NUL byte is a
    SyntaxError without a line on newer Pythons, a ValueError on Debian's 3.11.2."""
    words = error.msg if isinstance(error, SyntaxError) else str(error)
    line = getattr(error, "lineno", None)
    return words if line is None else f"{words} (its line {line})"
