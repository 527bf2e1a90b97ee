"""The per-server question bank's rules: what a form or a file makes into a question, who
may change what, and the limits members meet.

Validity is not decided here: every question goes through the lesson rules
(`content.question_from_fields` / `questions_from_yaml`), with the one extra rule member
text gets (no mentions). The question-quality lint (`lint`) is shown as warnings.
What the store keeps is the question's lesson-format mapping as JSON (`body_of`), read
back through the same rules (`question_of`), so the bank and the lesson files cannot drift.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.core.content import (
    Difficulty,
    Option,
    Problem,
    Question,
    option_letter,
    question_from_fields,
)
from bot.core.ports import BankQuestion, BankStatus
from bot.core.quiz.lint import lint_question

MAX_OPEN_SUGGESTIONS = 5
BANK_LESSON = "@server"  # the lesson id daily posts of bank questions carry (no lesson has "@")
DRAFT_ID = "draft"
MAX_TAGS = 5
TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
CORRECT_MARK = "*"

# What a form field is called on the form, by the lesson-format field it fills.
LABELS = {
    "prompt": "Question",
    "code": "Code",
    "options": "Options",
    "explanation": "Explanation",
    "hint": "Hint",
    "mistakes": "Common mistakes",
    "difficulty": "Difficulty",
    "tags": "Tags",
}

# Allowed moves: a suggestion is decided once; approved questions can be retired.
APPROVABLE = (BankStatus.SUGGESTED,)
REJECTABLE = (BankStatus.SUGGESTED,)
RETIRABLE = (BankStatus.APPROVED, BankStatus.SUGGESTED)
EDITABLE = (BankStatus.SUGGESTED, BankStatus.APPROVED)


class BankRuleError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Draft:
    """What a member typed in the question form, untouched."""

    prompt: str = ""
    code: str = ""
    options: str = ""  # one per line; the correct one starts with "*"
    explanation: str = ""  # one step per line
    hint: str = ""
    difficulty: str = "easy"
    tags: str = ""  # comma-separated
    mistakes: str = ""  # one per line


@dataclass(frozen=True)
class Checked:
    """A draft judged: the question (None if anything is wrong), the problems in the form's
    words, the lint's warnings, and the tags."""

    question: Question | None
    problems: tuple[str, ...]
    warnings: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.question is not None and not self.problems


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def draft_fields(draft: Draft) -> dict[str, Any]:
    """The draft as the mapping a lesson file would hold for it."""
    fields: dict[str, Any] = {
        "id": DRAFT_ID,
        "prompt": draft.prompt,
        "difficulty": (draft.difficulty or "easy").strip().lower(),
        "options": [],
        "explanation": _lines(draft.explanation),
    }
    for line in _lines(draft.options):
        correct = line.startswith(CORRECT_MARK)
        text = line[len(CORRECT_MARK) :].strip() if correct else line
        fields["options"].append({"text": text, "correct": True} if correct else {"text": text})
    if draft.code.strip():
        fields["code"] = draft.code
    if draft.hint.strip():
        fields["hint"] = draft.hint
    if _lines(draft.mistakes):
        fields["mistakes"] = _lines(draft.mistakes)
    return fields


def read_tags(text: str) -> tuple[tuple[str, ...], list[str]]:
    tags = tuple(dict.fromkeys(t.strip().lower() for t in text.split(",") if t.strip()))
    problems = [
        f"Tags: {tag[:40]!r} is not a tag (lowercase letters, digits and '-', at most 30)"
        for tag in tags
        if not TAG.fullmatch(tag)
    ]
    if len(tags) > MAX_TAGS:
        problems.append(f"Tags: {len(tags)} tags; at most {MAX_TAGS}")
    return tags, problems


def check_draft(draft: Draft) -> Checked:
    """The lesson rules over the form, then the lint's cues for the moderator."""
    question, found = question_from_fields(draft_fields(draft), BANK_LESSON)
    tags, tag_problems = read_tags(draft.tags)
    problems = tuple(friendly(problem) for problem in found) + tuple(tag_problems)
    if question is None or problems:
        return Checked(None, problems, (), tags)
    warnings = tuple(finding.message for finding in lint_question(question))
    return Checked(question, (), warnings, tags)


def friendly(problem: Problem) -> str:
    """A loader problem in the form's words: "Option B: too long for Discord: …"."""
    head, _, rest = problem.path.partition(" › ")  # "option 2 › text", counted from 1
    rest = "" if rest == "text" else rest
    name, _, count = head.rpartition(" ")
    if not count.isdigit():
        name, count = head, ""
    # the loader names a list's items in the singular ("option 2", "explanation item 2")
    plural = name.removesuffix(" item") if name.endswith(" item") else f"{name}s"
    field = plural if count and plural in LABELS else name
    label = LABELS.get(field, "The question")
    if count:
        number = int(count) - 1
        label = (
            f"Option {option_letter(number)}"
            if field == "options"
            else f"{label} line {number + 1}"
        )
    message = problem.message
    if "no option is marked" in message:
        message = (
            f"no option is marked correct: start the correct option's line with {CORRECT_MARK}"
        )
    elif "marked correct" in message:
        message = message.replace("marked correct", f"marked correct (with {CORRECT_MARK})")
    return f"{label}: {message}" if rest == "" else f"{label} ({rest}): {message}"


# --------------------------------------------------------------------------- stored form


def fields_of(question: Question) -> dict[str, Any]:
    """A question as the mapping a lesson file holds (what is stored and exported)."""
    fields: dict[str, Any] = {"id": question.id, "prompt": question.prompt}
    if question.code:
        fields["code"] = question.code
    fields["difficulty"] = question.difficulty.value
    fields["options"] = [_option_fields(o) for o in question.options]
    fields["explanation"] = list(question.explanation)
    if question.hint:
        fields["hint"] = question.hint
    if question.mistakes:
        fields["mistakes"] = list(question.mistakes)
    if question.quick_check:
        fields["quick_check"] = question.quick_check
    return fields


def _option_fields(option: Option) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": option.text}
    if option.correct:
        fields["correct"] = True
    if option.pinned:  # "All of the above" keeps its place when the options are shuffled
        fields["pinned"] = True
    return fields


def body_of(question: Question) -> str:
    fields = fields_of(question)
    fields["id"] = DRAFT_ID  # the store's id names it
    return json.dumps(fields, ensure_ascii=False, sort_keys=True)


def bank_question_id(entry_id: int) -> str:
    return f"q{entry_id}"


def entry_id(question_id: str) -> int | None:
    """The store id in a bank question's id ("q17" → 17)."""
    if question_id.startswith("q") and question_id[1:].isdigit():
        return int(question_id[1:])
    return None


def question_of(entry: BankQuestion) -> Question:
    """The stored question, read back through the lesson rules (id "q<id>")."""
    fields = json.loads(entry.body)
    fields["id"] = bank_question_id(entry.id)
    question, _ = question_from_fields(fields, BANK_LESSON, member_text=False)
    if question is None:
        raise BankRuleError(f"question #{entry.id} no longer passes the question rules")
    return question


def draft_of(entry: BankQuestion) -> Draft:
    """A stored question back in the form, for editing."""
    q = question_of(entry)
    options = "\n".join(f"{CORRECT_MARK} {o.text}" if o.correct else o.text for o in q.options)
    return Draft(
        prompt=q.prompt,
        code=q.code,
        options=options,
        explanation="\n".join(q.explanation),
        hint=q.hint,
        difficulty=q.difficulty.value,
        tags=", ".join(entry.tags),
        mistakes="\n".join(q.mistakes),
    )


# --------------------------------------------------------------------------- moves


def check_move(entry: BankQuestion, allowed: tuple[BankStatus, ...], verb: str) -> None:
    if entry.status not in allowed:
        raise BankRuleError(f"Question #{entry.id} is {entry.status.value}; it cannot be {verb}.")


def open_limit_message(limit: int = MAX_OPEN_SUGGESTIONS) -> str:
    return (
        f"You already have {limit} suggestions waiting for review, the most a member can "
        "have at once. Thanks for writing them! Once a moderator has looked at one, you "
        "can suggest another."
    )


DIFFICULTIES = tuple(d.value for d in Difficulty)
