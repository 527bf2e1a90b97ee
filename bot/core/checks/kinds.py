"""The vocabulary of step checks: which kinds exist and which fields each one takes.

The content loader validates lesson files against this table; `bot.core.checks.evaluate` evaluates
the same kinds inside the executor's checker process. One table keeps both honest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Python type names a `type` check may ask for.
TYPE_NAMES = ("str", "int", "float", "bool", "list", "tuple", "dict", "set", "NoneType", "function")

# Constructs a `uses` check may ask for (found in the submission's syntax tree).
CONSTRUCTS = (
    "for_loop",
    "while_loop",
    "if_statement",
    "print_call",
    "function_def",
    "return",
    "list_comprehension",
    "import",
)

OUTPUT_MODES = ("equals", "contains")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "name" (a Python identifier), "str", "strs", "any", "lines", "choice"
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class CheckKind:
    name: str
    doc: str
    fields: tuple[Field, ...]

    @property
    def names_variable(self) -> bool:
        return any(f.name == "name" for f in self.fields)


_VAR = Field("name", "name", doc="the learner's variable the check looks at")

CHECK_KINDS: dict[str, CheckKind] = {
    kind.name: kind
    for kind in (
        CheckKind("defined", "the variable exists after the program ran", (_VAR,)),
        CheckKind(
            "type",
            "the variable has exactly this type",
            (_VAR, Field("type", "choice", choices=TYPE_NAMES)),
        ),
        CheckKind(
            "equals",
            "the variable equals a literal (lists are compared item by item)",
            (_VAR, Field("value", "any", doc="a YAML literal: string, number, list, mapping")),
        ),
        CheckKind("nonempty_string", "the variable is a string with visible text", (_VAR,)),
        CheckKind(
            "mentions",
            "the string variable mentions at least one of the words (case-insensitive)",
            (_VAR, Field("words", "strs", doc="accepted words or phrases")),
        ),
        CheckKind(
            "output",
            "printed output equals or contains lines; {name: x} stands for str(x)",
            (
                Field("mode", "choice", choices=OUTPUT_MODES),
                Field("lines", "lines", doc="strings, or {name: var} for str() of a variable"),
            ),
        ),
        CheckKind(
            "uses",
            "the submission's syntax tree contains a construct",
            (
                Field("construct", "choice", choices=CONSTRUCTS),
                Field("name", "name", required=False, doc="for function_def: its name"),
            ),
        ),
        CheckKind(
            "expr",
            "a boolean Python expression over the learner's names and `stdout`",
            (Field("expr", "str", doc="evaluated in the checker; must be True to pass"),),
        ),
    )
}

# Kinds whose failure message the author must write (the default would say nothing useful).
MESSAGE_REQUIRED = frozenset({"expr"})


def describe_kinds() -> str:
    return ", ".join(CHECK_KINDS)


def check_params(kind: CheckKind, raw: dict[str, Any]) -> dict[str, Any]:
    """The subset of `raw` that belongs to `kind` (validation lives in the content loader)."""
    names = {f.name for f in kind.fields}
    return {key: value for key, value in raw.items() if key in names}
