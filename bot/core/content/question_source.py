"""Questions outside lesson files: a YAML file of questions, or one question typed in Discord.

Both go through `lesson_reader.read_questions`, the rules lesson files use, so a question
is valid in the server's bank exactly when it would be valid in a lesson. Text members
write gets three rules more: its code is never run (no `output_of_code`: no member text
reaches the sandbox); it may not mention anyone (`@everyone`, users, roles), since a quiz
is posted to a whole server; its prompt fits one chat message (2,000) and its code what a
daily post shows (1,500).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.core.content import limits
from bot.core.content.fields import Reader, too_long
from bot.core.content.lesson_reader import read_questions
from bot.core.content.models import Question
from bot.core.content.problems import Problem
from bot.core.content.yaml_source import Document, Path, format_path, read_yaml

MENTION = re.compile(r"@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>", re.IGNORECASE)
NO_RUNS = "a server's questions never run code: its answer key cannot be checked by a run"
NO_MENTIONS = "mentions (@everyone, @here, users, roles, channels) are not allowed in a question"


def questions_from_yaml(
    text: str, file: str, lesson_id: str, *, member_text: bool = False
) -> tuple[tuple[Question, ...], list[Problem]]:
    """The `questions:` of a YAML file (a lesson file, or a file holding only `questions:`),
    and every problem with its line. Questions are only worth keeping when problems is empty."""
    problems: list[Problem] = []

    def report(line: int | None, where: Path, message: str) -> None:
        problems.append(Problem(file, line, format_path(where), message))

    document = read_yaml(text, report)
    if document is None:
        return (), problems
    reader = Reader(file, document, problems)
    data = document.data
    if not isinstance(data, dict) or "questions" not in data:
        reader.problem((), "expected a mapping with a `questions:` list (the lesson format)")
        return (), problems
    questions = read_questions(reader, data, lesson_id)
    if member_text:
        _member_rules(reader, data.get("questions"))
    problems.sort(key=lambda problem: problem.line or 0)
    return questions, problems


def question_from_fields(
    fields: Mapping[str, Any], lesson_id: str, *, member_text: bool = True
) -> tuple[Question | None, list[Problem]]:
    """One question given as the mapping a lesson file would hold (no lines: typed in a form).
    Problem paths are relative to the question (`option 2 › text`)."""
    problems: list[Problem] = []
    data = {"questions": [dict(fields)]}
    reader = Reader("", Document(data=data), problems)
    questions = read_questions(reader, data, lesson_id)
    if member_text:
        _member_rules(reader, data["questions"])
    prefix = "question 1"
    relative = [
        Problem("", None, p.path.removeprefix(prefix).removeprefix(" › "), p.message)
        for p in problems
    ]
    return (questions[0] if questions and not problems else None), relative


def _member_rules(reader: Reader, questions: Any) -> None:
    _no_mentions(reader, questions, ("questions",))
    for index, raw in enumerate(questions if isinstance(questions, list) else ()):
        if isinstance(raw, dict) and raw.get("output_of_code"):
            reader.problem(("questions", index, "output_of_code"), NO_RUNS)
        for key, limit, ceiling, where in (
            ("prompt", limits.MEMBER_PROMPT, limits.EMBED_DESCRIPTION, "one chat message"),
            ("code", limits.MEMBER_CODE, limits.CODE, "the code block of a daily post"),
        ):
            value = raw.get(key) if isinstance(raw, dict) else None
            size = len(value.strip()) if isinstance(value, str) else 0
            if limit < size <= ceiling:  # longer ones were reported by the lesson rules
                reader.problem(("questions", index, key), too_long(size, limit, where))


def _no_mentions(reader: Reader, value: Any, path: Path) -> None:
    if isinstance(value, str):
        if MENTION.search(value):
            reader.problem(path, NO_MENTIONS)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_mentions(reader, item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_mentions(reader, item, (*path, key))
