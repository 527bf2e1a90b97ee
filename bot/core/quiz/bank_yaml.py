"""A server's question bank as YAML, both ways, in the lesson format.

Export writes a whole lesson file (`stepwise content check` accepts it): the bank's
questions under `questions:`, wrapped in a one-step lesson whose step the checker can run.
Import reads `questions:` from such a file (or a file holding only that list) through the
lesson rules plus the no-mentions rule for member text; every problem keeps its line, and
the caller saves nothing unless there are none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from bot.core.content import Problem, Question, questions_from_yaml
from bot.core.quiz.bank import BANK_LESSON, fields_of

MAX_IMPORT_BYTES = 256 * 1024
MAX_IMPORT_QUESTIONS = 200
EXPORT_ID = "server-question-bank"

# The wrapper lesson: a step whose reference passes and whose empty submission fails.
_WRAPPER: dict[str, Any] = {
    "id": EXPORT_ID,
    "title": "Server question bank",
    "track": "community",
    "tags": ["community"],
    "minutes": 5,
    "scenario": "Questions written and approved by this server's members and moderators.",
    "goal": "Answer the server's daily quiz questions.",
    "objectives": ["Check your understanding with questions from your community."],
    "why": {
        "real_world": "Explaining an idea well enough to ask about it is how teams share it.",
        "career": "Writing clear questions is part of reviewing and teaching at work.",
    },
    "steps": [
        {
            "title": "Ready",
            "instructions": "Set `ready` to `True` to start the questions.",
            "hints": ["Write `ready = True`."],
            "checks": [{"kind": "equals", "name": "ready", "value": True}],
            "solution": "ready = True",
        }
    ],
}


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def export_yaml(questions: Sequence[Question]) -> str:
    """The bank as a lesson file (tags are not a question field of the lesson format)."""
    lesson = dict(_WRAPPER, questions=[fields_of(q) for q in questions])
    text = yaml.dump(lesson, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    header = "# Exported by Stepwise: /question import reads this file back.\n"
    return header + text


def import_yaml(text: str | bytes, file: str) -> tuple[tuple[Question, ...], list[Problem]]:
    """Every question of the file, or every problem (file, line, field, message)."""
    if isinstance(text, bytes):
        if len(text) > MAX_IMPORT_BYTES:
            size = f"{len(text):,} bytes, limit {MAX_IMPORT_BYTES:,}"
            return (), [Problem(file, None, "", f"the file is too large ({size})")]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            return (), [Problem(file, None, "", f"not UTF-8 text (byte {error.start})")]
    questions, problems = questions_from_yaml(text, file, BANK_LESSON, member_text=True)
    if not problems and not questions:
        problems = [Problem(file, 1, "questions", "no questions in the file")]
    if len(questions) > MAX_IMPORT_QUESTIONS:
        limit = f"{len(questions)}; at most {MAX_IMPORT_QUESTIONS} per import"
        problems.append(Problem(file, None, "questions", f"too many questions: {limit}"))
    return questions, problems
