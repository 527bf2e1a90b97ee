"""The vocabulary of step checks: which kinds exist and which fields each one takes.

The content loader validates lesson files against this table; `bot.core.checks.evaluate` evaluates
the same kinds inside the executor's checker process. One table keeps both honest.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    kind: str  # "name" (an identifier), "str", "strs", "any", "lines", "choice", "number",
    # "expr" (a Python expression), "cases" (a list of CASE_FIELDS mappings)
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
_TOLERANCE = Field(
    "tolerance",
    "number",
    required=False,
    doc="numbers may differ by this much (absolute), at any depth",
)
CALL_SECONDS = 1  # how long one `calls` case may run before it is stopped

# The fields of one `calls` case (all optional, but a case needs `returns` or `then`).
CASE_FIELDS: tuple[Field, ...] = (
    Field("args", "any", required=False, doc="a list: the positional arguments"),
    Field("kwargs", "any", required=False, doc="a mapping: the keyword arguments"),
    Field("returns", "any", required=False, doc="what the call must return (YAML literal)"),
    Field("then", "expr", required=False, doc="an expression over the names after the call"),
    _TOLERANCE,
)

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
            (
                _VAR,
                Field("value", "any", doc="a YAML literal: string, number, list, mapping"),
                _TOLERANCE,
            ),
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
            (Field("expr", "expr", doc="evaluated in the checker; must be True to pass"),),
        ),
        CheckKind(
            "calls",
            "calls the learner's function with each case (in the learner's sandbox, each "
            "from the namespace the program left) and compares what it returns",
            (
                Field("name", "name", doc="the learner's function"),
                Field("cases", "cases", doc="calls: {args, kwargs, returns, then, tolerance}"),
                _TOLERANCE,
            ),
        ),
    )
}

# Kinds whose failure message the author must write (the default would say nothing useful).
MESSAGE_REQUIRED = frozenset({"expr"})
