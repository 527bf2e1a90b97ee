"""Beginner-friendly explanations of syntax and runtime errors, located in the learner's code.

Runs inside the learner child (it needs the live exception), imports only the standard
library, and produces the report's `error` object: type, message, one friendly sentence,
the program and line it happened in, and a traceback trimmed to the learner's own frames.
"""

from __future__ import annotations

import linecache
import re
from collections.abc import Iterable
from typing import Any

TEXT_LIMIT = 500
TRACEBACK_LIMIT = 4_000
INPUT_MESSAGE = (
    "input() is not available in lessons — nobody can type an answer while your code "
    "runs. Put the value straight into your code instead, e.g. name = 'Ada'."
)
BLOCK_KEYWORDS = ("if", "elif", "else", "for", "while", "def", "class", "try", "except",
                  "finally", "with")  # fmt: skip


class InputNotAvailable(RuntimeError):
    """Raised by the lesson's `input()`: there is no keyboard behind a lesson run."""

    __module__ = "builtins"  # tracebacks show "InputNotAvailable: ...", not our package path

    def __init__(self, *args: Any) -> None:
        super().__init__(INPUT_MESSAGE)


def remember_source(filename: str, code: str) -> None:
    """Let tracebacks show the learner's source lines for a compiled-from-string program."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)


def _cap(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(line: int | None, program: str, submission: str) -> str:
    if line is None:
        return "" if program == submission else f" of {program}"
    return f"line {line}" + ("" if program == submission else f" of {program}")


# --------------------------------------------------------------------------- syntax errors


def _source_line(source: str, line: int | None) -> str:
    lines = source.splitlines()
    if line is None or not 1 <= line <= len(lines):
        return ""
    return lines[line - 1]


def syntax_friendly(error: SyntaxError, source: str, where: str) -> str:
    """One sentence for a SyntaxError; `where` is "line 3" or "line 3 of step 1"."""
    msg = str(error.msg or "")
    text = _source_line(source, error.lineno)
    rules: list[tuple[str, str]] = [
        (r"^expected ':'", "missing ':' at the end of {where}"),
        (
            r"^'(.)' was never closed",
            "the '{0}' on {where} is never closed — add the matching '{1}'",
        ),
        (
            r"^unterminated triple-quoted string",
            "the triple-quoted text starting on {where} is never closed — end it with the "
            "same three quotes",
        ),
        (
            r"^unterminated string literal",
            "the text on {where} has no closing quote — end it with the same quote it starts with",
        ),
        (
            r"^unexpected indent",
            "{where} is indented more than the line before — remove the extra spaces at its start",
        ),
        (
            r"^expected an indented block after (.*?) on line (\d+)",
            "{where} should be indented (4 spaces) because it belongs to the {0} on line {1}",
        ),
        (
            r"^unindent does not match",
            "{where} is indented by a different amount than the lines above it — line up "
            "its spaces with the block it belongs to",
        ),
        (r"^inconsistent use of tabs", "{where} mixes tabs and spaces — indent with spaces only"),
        (
            r"Maybe you meant '==' ",
            "on {where}, use == to compare two values (a single = stores a value)",
        ),
        (
            r"^Missing parentheses in call to 'print'",
            "print needs parentheses on {where}: print(...)",
        ),
        (r"Perhaps you forgot a comma", "{where} seems to be missing a comma between items"),
        (
            r"^invalid character '\ufffd'",
            "{where} contains '\ufffd', which stands in for a byte that was not UTF-8 text "
            "(or a NUL): retype that character",
        ),
        (
            r"^invalid character '(.)'",
            "{where} contains the character '{0}' — if it is a curly quote, type a "
            "straight ' or \" instead",
        ),
        (
            r"^closing parenthesis '(.)' does not match opening parenthesis '(.)'",
            "on {where}, '{0}' closes a '{1}' — close brackets in the reverse order you "
            "opened them",
        ),
        (r"^unmatched '(.)'", "{where} has a '{0}' without a matching opening bracket"),
        (
            r"^invalid decimal literal",
            "on {where}, a number is glued to letters — names cannot start with a digit",
        ),
        (r"outside function", "{where}: {msg} — it can only be used inside a def"),
    ]
    closers = {"(": ")", "[": "]", "{": "}"}
    if "\ufffd" in text:  # a repaired byte: Python's own words for it vary between patch
        # releases ("invalid character", "invalid decimal literal" after a digit, ...)
        return (
            f"{where} contains '\ufffd', which stands in for a byte that was not UTF-8 text "
            "(or a NUL): retype that character"
        )
    for pattern, template in rules:
        match = re.search(pattern, msg)
        if match:
            groups = list(match.groups())
            if "never closed" in pattern:
                groups.append(closers.get(groups[0], groups[0]))
            return template.format(*groups, where=where, msg=msg)
    stripped = text.strip()
    first_word = re.match(r"[A-Za-z]+", stripped)
    if first_word and first_word.group() in BLOCK_KEYWORDS and not stripped.endswith(":"):
        return f"missing ':' at the end of {where}"
    return f"Python could not read {where}: {msg}"


def syntax_error_info(error: SyntaxError, program: str, source: str, submission: str) -> dict:
    line = error.lineno if type(error.lineno) is int else None
    column = error.offset if type(error.offset) is int else None
    import traceback  # only on errors: keeps a clean run's start-up short

    detail = "".join(traceback.format_exception_only(type(error), error))
    return {
        "type": type(error).__name__,
        "message": _cap(str(error.msg)),
        "friendly": _cap(syntax_friendly(error, source, _where(line, program, submission))),
        "program": program,
        "line": line,
        "column": column,
        "traceback": _cap(detail, TRACEBACK_LIMIT),
    }


# --------------------------------------------------------------------------- runtime errors


def _safe_str(error: BaseException) -> str:
    try:
        text = str(error)
    except BaseException:
        return ""
    return text if type(text) is str else ""


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    candidates = [k for k in known if isinstance(k, str) and not k.startswith("__")]
    import difflib

    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.7)
    return f" — did you mean '{match[0]}'?" if match else ""


def _attribute_hint(error: AttributeError) -> str:
    name = getattr(error, "name", None)
    if not isinstance(name, str):
        return ""
    try:
        known = dir(error.obj)
    except BaseException:  # a learner object's __dir__ may raise anything
        return ""
    return _did_you_mean(name, known)


def runtime_friendly(error: BaseException, where: str, names: Iterable[str]) -> str:
    message = _safe_str(error)
    at = f" (on {where})" if where else ""
    if isinstance(error, InputNotAvailable):
        return INPUT_MESSAGE
    if isinstance(error, RecursionError):
        return (
            "a function keeps calling itself without stopping (recursion too deep)"
            f"{at} — check the condition that should end it"
        )
    if isinstance(error, MemoryError):
        return f"your program ran out of memory{at} — look for a list or text that keeps growing"
    if isinstance(error, NameError):
        name = getattr(error, "name", None)
        if isinstance(name, str):
            hint = _did_you_mean(name, names) or f" — create it first with {name} = ..."
            on = f" on {where}" if where else ""
            return f"name '{name}' is not defined{on}{hint}"
    if isinstance(error, ZeroDivisionError):
        return f"you divided by zero{at}"
    if isinstance(error, IndexError):
        return f"{message}{at} — the position is past the end; the first item is at 0"
    if isinstance(error, KeyError):
        return f"the key {message} is not in the dictionary{at}"
    if isinstance(error, AttributeError):
        return f"{message}{at}{_attribute_hint(error)}"
    return f"{type(error).__name__}{at}: {message}" if message else f"{type(error).__name__}{at}"


def runtime_error_info(
    error: BaseException, programs: list[str], submission: str, names: Iterable[str]
) -> dict:
    """The report's error object for an exception raised by the learner's code."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in programs]
    program = frames[-1].filename if frames else submission
    line = frames[-1].lineno if frames else None
    body = "".join(traceback.format_list(frames)) if frames else ""
    try:
        last = "".join(traceback.format_exception_only(type(error), error))
    except BaseException:
        last = f"{type(error).__name__}\n"
    detail = ("Traceback (most recent call last):\n" + body if body else "") + last
    return {
        "type": _cap(type(error).__name__, 100),
        "message": _cap(_safe_str(error)),
        "friendly": _cap(runtime_friendly(error, _where(line, program, submission), names)),
        "program": program,
        "line": line,
        "column": None,
        "traceback": _cap(detail, TRACEBACK_LIMIT),
    }
