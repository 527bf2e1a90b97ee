"""Reading the real-world cases and the cheat sheet of a lesson's `modes:` section.

The other modes are read in `mode_reader`; the rules are the same (unknown fields refused,
every problem with file, line and field path, texts within Discord's limits).
"""

from __future__ import annotations

from typing import Any

from bot.core.content import limits
from bot.core.content.fields import Reader, too_long
from bot.core.content.mode_models import (
    Case,
    CaseOption,
    CheatSheet,
    Decision,
    Pattern,
    Term,
)
from bot.core.content.option_reader import one_correct, option_list
from bot.core.content.yaml_source import Path, format_path

CASE_FIELDS = {"id": True, "title": True, "situation": True, "decisions": True, "debrief": True}
DECISION_FIELDS = {"prompt": True, "options": True, "explanation": True}
CASE_OPTION_FIELDS = {"text": True, "consequence": True, "correct": False}
CHEATSHEET_FIELDS = {"summary": True, "terms": True, "patterns": True, "mistakes": True}
TERM_FIELDS = {"term": True, "meaning": True}
PATTERN_FIELDS = {"title": True, "code": True}

DECISIONS = (3, 5)
DECISION_OPTIONS = (2, 4)
MIN_TERMS, MIN_PATTERNS, MIN_MISTAKES = 4, 1, 2

# Code shown in an embed field inside a ```py block: the fences count towards the field.
CODE_FIELD = limits.EMBED_FIELD_VALUE - len("```py\n\n```")
_FIELD = limits.EMBED_FIELD_VALUE
_DESCRIPTION = limits.EMBED_DESCRIPTION


def read_cases(reader: Reader, modes: dict[str, Any], root: Path) -> tuple[Case, ...]:
    cases: list[Case] = []
    first: dict[str, Path] = {}
    for index, raw in enumerate(reader.items(modes, root, "cases")):
        path: Path = (*root, "cases", index)
        case = _case(reader, raw, path)
        if case is None:
            continue
        if case.id and case.id in first:
            used = format_path(first[case.id])
            reader.problem((*path, "id"), f"duplicate case id {case.id!r} (first used by {used})")
            continue
        first[case.id] = path
        cases.append(case)
    return tuple(cases)


def read_cheatsheet(reader: Reader, modes: dict[str, Any], root: Path) -> CheatSheet | None:
    if "cheatsheet" not in modes:
        return None
    path: Path = (*root, "cheatsheet")
    data = reader.fields(modes["cheatsheet"], path, CHEATSHEET_FIELDS)
    if data is None:
        return None
    terms = []
    for index, raw in enumerate(reader.items(data, path, "terms", minimum=MIN_TERMS)):
        where = (*path, "terms", index)
        fields = reader.fields(raw, where, TERM_FIELDS)
        if fields is not None:
            term = reader.text(fields, where, "term", limit=limits.EMBED_TITLE, where="field name")
            meaning = reader.text(fields, where, "meaning", limit=_FIELD, where="embed field")
            terms.append(Term(term=term, meaning=meaning))
    patterns = []
    for index, raw in enumerate(reader.items(data, path, "patterns", minimum=MIN_PATTERNS)):
        where = (*path, "patterns", index)
        fields = reader.fields(raw, where, PATTERN_FIELDS)
        if fields is not None:
            title = reader.text(
                fields, where, "title", limit=limits.EMBED_TITLE, where="field name"
            )
            code = reader.text(
                fields,
                where,
                "code",
                limit=CODE_FIELD,
                where="embed field with a code block",
                code=True,
            )
            patterns.append(Pattern(title=title, code=code))
    sheet = CheatSheet(
        summary=reader.text(data, path, "summary", limit=_DESCRIPTION, where="embed description"),
        terms=tuple(terms),
        patterns=tuple(patterns),
        mistakes=reader.texts(
            data, path, "mistakes", minimum=MIN_MISTAKES, limit=_FIELD, where="embed field"
        ),
    )
    size = len(sheet.summary) + sum(len(t.term) + len(t.meaning) for t in terms)
    size += sum(len(p.title) + len(p.code) for p in patterns) + sum(map(len, sheet.mistakes))
    if size > limits.EMBED_TOTAL:
        reader.problem(path, too_long(size, limits.EMBED_TOTAL, "one message: the cheat sheet"))
    return sheet


def _case(reader: Reader, raw: Any, path: Path) -> Case | None:
    data = reader.fields(raw, path, CASE_FIELDS)
    if data is None:
        return None
    low, high = DECISIONS
    raws = reader.items(data, path, "decisions")
    if "decisions" in data and not low <= len(raws) <= high:
        reader.problem(
            (*path, "decisions"), f"has {len(raws)} decision(s); a case has {low} to {high}"
        )
    decisions = [
        _decision(reader, decision, (*path, "decisions", index))
        for index, decision in enumerate(raws)
    ]
    return Case(
        id=reader.identifier(data, path),
        title=reader.text(data, path, "title", limit=limits.EMBED_TITLE, where="embed title"),
        situation=reader.text(
            data, path, "situation", limit=_DESCRIPTION, where="embed description"
        ),
        decisions=tuple(decision for decision in decisions if decision is not None),
        debrief=reader.text(data, path, "debrief", limit=_DESCRIPTION, where="embed description"),
    )


def _decision(reader: Reader, raw: Any, path: Path) -> Decision | None:
    data = reader.fields(raw, path, DECISION_FIELDS)
    if data is None:
        return None
    low, high = DECISION_OPTIONS
    raws = option_list(reader, data, path, low, high, "a decision")
    options = []
    for index, option in enumerate(raws):
        where = (*path, "options", index)
        fields = reader.fields(option, where, CASE_OPTION_FIELDS)
        if fields is not None:
            options.append(
                CaseOption(
                    text=reader.text(
                        fields, where, "text", limit=limits.BUTTON_LABEL, where="button label"
                    ),
                    consequence=reader.text(
                        fields, where, "consequence", limit=_FIELD, where="embed field"
                    ),
                    correct=reader.boolean(fields, where, "correct", default=False),
                )
            )
    if len(options) == len(raws) and raws:
        one_correct(reader, (*path, "options"), options)
    decision = Decision(
        prompt=reader.text(data, path, "prompt", limit=_FIELD, where="embed field"),
        options=tuple(options),
        explanation=reader.text(data, path, "explanation", limit=_FIELD, where="embed field"),
    )
    size = len(decision.prompt) + len(decision.explanation)
    size += sum(len(o.text) + len(o.consequence) for o in options)
    if size > limits.EMBED_TOTAL:
        reader.problem(path, too_long(size, limits.EMBED_TOTAL, "one message: the decision"))
    return decision
