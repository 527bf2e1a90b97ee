"""Name the mistake behind a failed check, not its symptom.

A check sees values; a beginner needs to hear what they typed wrong. These readings of the
submission's source (tokens and syntax tree, never run) turn a symptom into the cause:
two strings with no comma between them ("'Data Preparation' is missing"), a name spelt
almost like the expected one ("definition is not defined"), values printed on one line
where lines were expected. Standard library only: this runs in the checker process.
"""

from __future__ import annotations

import ast
import difflib
import io
import tokenize

from bot.core.checks.model import Check

_OPEN, _CLOSE = "([{", ")]}"


def missing_comma(source: str) -> str | None:
    """Two string literals side by side inside brackets, which Python joins into one."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    stack: list[str] = []
    previous: tokenize.TokenInfo | None = None
    for token in tokens:
        if token.type == tokenize.OP and token.string in _OPEN:
            stack.append(token.string)
        elif token.type == tokenize.OP and token.string in _CLOSE and stack:
            stack.pop()
        if token.type in (tokenize.NL, tokenize.COMMENT):
            continue
        if (
            token.type == tokenize.STRING
            and previous is not None
            and previous.type == tokenize.STRING
            and stack
            and (stack[-1] != "(" or previous.start[0] == token.start[0])
        ):
            joined = _joined(previous.string, token.string)
            return (
                f"line {token.start[0]}: there is no comma between {previous.string} and "
                f"{token.string}, so Python joins them into one string{joined}: "
                "put a comma between them"
            )
        previous = token
    return None


def _joined(first: str, second: str) -> str:
    try:
        value = ast.literal_eval(f"{first} {second}")
    except (ValueError, SyntaxError):
        return ""
    return f" ({value!r})" if isinstance(value, str | bytes) else ""


def assigned_names(source: str) -> set[str]:
    """Names the submission assigns or defines."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def misspelt(name: str, source: str) -> str | None:
    """ "you wrote `defintion` — did you mean `definition`?" when the submission assigns a
    name close to the expected one."""
    close = difflib.get_close_matches(name, sorted(assigned_names(source) - {name}), 1, 0.75)
    return f"you wrote `{close[0]}` — did you mean `{name}`?" if close else None


def one_line_output(expected: list[str], actual: list[str]) -> str | None:
    """Several expected lines printed on one line (print(a, b, c) instead of three prints)."""
    if len(expected) < 2 or len(actual) >= len(expected) or not actual:
        return None
    if " ".join(expected) != " ".join(actual):
        return None
    return (
        f"your output puts {len(expected)} values on {_lines(len(actual))} where "
        f"{len(expected)} lines are expected: print each value with its own print()"
    )


def _lines(count: int) -> str:
    return "1 line" if count == 1 else f"{count} lines"


def depends_on(check: Check) -> set[str]:
    """The learner variables a check reads (a failure on one makes the rest say so)."""
    names = set()
    if isinstance(check.params.get("name"), str):
        names.add(check.params["name"])
    for entry in check.params.get("lines") or ():
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            names.add(entry["name"])
    return names
