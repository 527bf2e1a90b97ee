"""Reading a lesson's `modes:` section (and the `topic:` of its questions) into `ModeContent`.

Same rules as the rest of the lesson file (`lesson_reader`): unknown fields refused, every
problem with file, line and field path, texts that fit where Discord shows them. What only
a run can prove (a predict snippet prints its `output`, a fix passes) is `content check`'s
job; here is everything the file alone can show. Cases and the cheat sheet: `case_reader`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.core.content import limits
from bot.core.content.case_reader import CODE_FIELD, read_cases, read_cheatsheet
from bot.core.content.fields import Reader, suggest, too_long, unparsable
from bot.core.content.mode_models import (
    BLANK,
    ConceptCard,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    ModeContent,
    PredictItem,
    QuickCheck,
)
from bot.core.content.option_reader import read_options
from bot.core.content.yaml_source import Path, format_path

MODES_FIELDS = {
    "concepts": False,
    "flashcards": False,
    "predict": False,
    "fix": False,
    "fill": False,
    "cases": False,
    "cheatsheet": False,
}
CONCEPT_FIELDS = {
    "id": True,
    "title": True,
    "idea": True,
    "example": True,
    "steps": False,
    "check": True,
}
QUICK_CHECK_FIELDS = {"prompt": True, "options": True, "explanation": True}
FLASHCARD_FIELDS = {"id": True, "term": True, "meaning": True}
PREDICT_FIELDS = {"id": True, "code": True, "output": True, "options": True, "why": True}
FIX_FIELDS = {"id": True, "step": True, "broken": True, "fixed": True, "bug": True, "hint": True}
FILL_FIELDS = {
    "id": True,
    "step": True,
    "example": True,
    "template": True,
    "answers": True,
    "wrong": True,
}
EXAMPLE_LINE_FIELDS = {"code": True, "why": True}

QUICK_CHECK_OPTIONS = (2, 4)
PREDICT_OPTIONS = (3, 4)
PREDICT_LINES = 8  # a snippet a learner reads in one glance
BLANKS = (1, 3)  # one modal holds a text input per blank
EXAMPLE_LINES = limits.EMBED_FIELDS - 1  # one embed field per explained line

_FIELD = limits.EMBED_FIELD_VALUE
ROOT: Path = ("modes",)
Item = TypeVar("Item", ConceptCard, Flashcard, PredictItem, FixItem, FillItem)


def read_modes(reader: Reader, lesson: dict[str, Any]) -> ModeContent:
    """The `modes:` of a lesson's fields (empty when there is none); problems to `reader`."""
    if "modes" not in lesson:
        return ModeContent()
    data = reader.fields(lesson["modes"], ROOT, MODES_FIELDS)
    if data is None:
        return ModeContent()
    raw_steps = lesson.get("steps")
    steps = len(raw_steps) if isinstance(raw_steps, list) else 0
    return ModeContent(
        concepts=_unique(
            reader, data, "concepts", "concept card", lambda r, v, p: _concept(r, v, p, steps)
        ),
        flashcards=_unique(reader, data, "flashcards", "flashcard", _flashcard),
        predict=_unique(reader, data, "predict", "predict item", _predict),
        fix=_unique(reader, data, "fix", "fix item", lambda r, v, p: _fix(r, v, p, steps)),
        fill=_unique(reader, data, "fill", "fill item", lambda r, v, p: _fill(r, v, p, steps)),
        cases=read_cases(reader, data, ROOT),
        cheatsheet=read_cheatsheet(reader, data, ROOT),
    )


def topic_problems(reader: Reader, lesson: dict[str, Any]) -> None:
    """Each question's `topic` must name one of the lesson's concept cards."""
    cards = _card_ids(lesson)
    questions = lesson.get("questions")
    for index, raw in enumerate(questions if isinstance(questions, list) else ()):
        topic = raw.get("topic") if isinstance(raw, dict) else None
        topic = topic.strip() if isinstance(topic, str) else ""
        if not limits.ID_PATTERN.fullmatch(topic) or topic in cards:
            continue  # a topic that is not an id was reported with the question
        if cards:
            known = ", ".join(cards)
            message = f"no concept card {topic!r} in `modes: concepts:` (cards: {known})"
            message += suggest(topic, cards)
        else:
            message = f"names concept card {topic!r}, but the lesson has no `modes: concepts:`"
        reader.problem(("questions", index, "topic"), message)


def same_output(printed: str, expected: str) -> bool:
    """Whether `printed` is `expected`, trailing whitespace of lines and text ignored."""
    return printed_text(printed) == printed_text(expected)


def printed_text(text: str) -> str:
    """Output as compared: each line without trailing whitespace, no trailing blank lines."""
    return "\n".join(line.rstrip() for line in text.splitlines()).rstrip("\n")


# ------------------------------------------------------------------ lists with ids


def _unique(
    reader: Reader,
    data: dict[str, Any],
    key: str,
    what: str,
    read: Callable[[Reader, Any, Path], Item | None],
) -> tuple[Item, ...]:
    items: list[Item] = []
    first: dict[str, Path] = {}
    for index, raw in enumerate(reader.items(data, ROOT, key)):
        path: Path = (*ROOT, key, index)
        item = read(reader, raw, path)
        if item is None:
            continue
        if item.id and item.id in first:
            used = format_path(first[item.id])
            reader.problem((*path, "id"), f"duplicate {what} id {item.id!r} (first used by {used})")
            continue
        first[item.id] = path
        items.append(item)
    return tuple(items)


def _card_ids(lesson: dict[str, Any]) -> tuple[str, ...]:
    """Concept card ids as written (so one broken card does not also break every topic)."""
    modes = lesson.get("modes")
    concepts = modes.get("concepts") if isinstance(modes, dict) else None
    return tuple(
        card["id"].strip()
        for card in (concepts if isinstance(concepts, list) else ())
        if isinstance(card, dict) and isinstance(card.get("id"), str)
    )


# ------------------------------------------------------------------ items


def _concept(reader: Reader, raw: Any, path: Path, steps: int) -> ConceptCard | None:
    data = reader.fields(raw, path, CONCEPT_FIELDS)
    if data is None:
        return None
    check = _quick_check(reader, data, path)
    card = ConceptCard(
        id=reader.identifier(data, path),
        title=reader.text(data, path, "title", limit=limits.EMBED_TITLE, where="embed title"),
        idea=reader.text(data, path, "idea", limit=_FIELD, where="embed field"),
        example=reader.text(
            data,
            path,
            "example",
            limit=CODE_FIELD,
            where="embed field with a code block",
            code=True,
        ),
        check=check,
        steps=_step_list(reader, data, path, steps),
    )
    size = len(card.title) + len(card.idea) + len(card.example) + len(check.prompt)
    size += sum(len(option.text) for option in check.options) + len(check.explanation)
    if size > limits.EMBED_TOTAL:
        reader.problem(path, too_long(size, limits.EMBED_TOTAL, "one message: card and check"))
    return card


def _quick_check(reader: Reader, card: dict[str, Any], card_path: Path) -> QuickCheck:
    path = (*card_path, "check")
    data = reader.fields(card["check"], path, QUICK_CHECK_FIELDS) if "check" in card else None
    data = data or {}
    low, high = QUICK_CHECK_OPTIONS
    return QuickCheck(
        prompt=reader.text(data, path, "prompt", limit=_FIELD, where="embed field"),
        options=read_options(reader, data, path, low, high, "a quick check"),
        explanation=reader.text(data, path, "explanation", limit=_FIELD, where="embed field"),
    )


def _flashcard(reader: Reader, raw: Any, path: Path) -> Flashcard | None:
    data = reader.fields(raw, path, FLASHCARD_FIELDS)
    if data is None:
        return None
    return Flashcard(
        id=reader.identifier(data, path),
        term=reader.text(data, path, "term", limit=limits.EMBED_TITLE, where="embed title"),
        meaning=reader.text(data, path, "meaning", limit=_FIELD, where="embed field"),
    )


def _predict(reader: Reader, raw: Any, path: Path) -> PredictItem | None:
    before = len(reader.problems)
    data = reader.fields(raw, path, PREDICT_FIELDS)
    if data is None:
        return None
    code = _code(reader, data, path, "code", CODE_FIELD, "embed field with a code block")
    if code.count("\n") >= PREDICT_LINES:
        lines = code.count("\n") + 1
        reader.problem(
            (*path, "code"), f"has {lines} lines; a predict snippet has at most {PREDICT_LINES}"
        )
    low, high = PREDICT_OPTIONS
    item = PredictItem(
        id=reader.identifier(data, path),
        code=code,
        output=printed_text(
            reader.text(data, path, "output", limit=_FIELD, where="embed field", code=True)
        ),
        options=read_options(reader, data, path, low, high, "a predict item"),
        why=reader.text(data, path, "why", limit=_FIELD, where="embed field"),
    )
    if len(reader.problems) == before:
        index = next(i for i, option in enumerate(item.options) if option.correct)
        if not same_output(item.options[index].text, item.output):
            reader.problem(
                (*path, "options", index, "text"),
                f"the correct option must say exactly what the code prints, `output` "
                f"{item.output!r}; it says {item.options[index].text!r}",
            )
    return item


def _fix(reader: Reader, raw: Any, path: Path, steps: int) -> FixItem | None:
    data = reader.fields(raw, path, FIX_FIELDS)
    if data is None:
        return None
    item = FixItem(
        id=reader.identifier(data, path),
        step=_step_number(reader, data, path, steps),
        broken=reader.text(data, path, "broken", limit=limits.CODE, where="code box", code=True),
        fixed=_code(reader, data, path, "fixed", limits.CODE, "code box"),
        bug=reader.text(data, path, "bug", limit=_FIELD, where="embed field"),
        hint=reader.text(data, path, "hint", limit=_FIELD, where="embed field"),
    )
    if item.broken and item.broken == item.fixed:
        reader.problem((*path, "fixed"), "is the same code as `broken`; the fix must change it")
    return item


def _fill(reader: Reader, raw: Any, path: Path, steps: int) -> FillItem | None:
    before = len(reader.problems)
    data = reader.fields(raw, path, FILL_FIELDS)
    if data is None:
        return None
    template = reader.text(data, path, "template", limit=limits.CODE, where="code box", code=True)
    blanks = template.count(BLANK)
    low, high = BLANKS
    counted = bool(template) and low <= blanks <= high
    if template and not counted:
        reader.problem(
            (*path, "template"), f"has {blanks} blanks ({BLANK}); a fill item has {low} to {high}"
        )
    answers = reader.texts(data, path, "answers", minimum=1, limit=_FIELD, where="embed field")
    if "answers" in data and counted and len(answers) != blanks:
        reader.problem((*path, "answers"), f"{len(answers)} answer(s) for {blanks} blank(s)")
    item = FillItem(
        id=reader.identifier(data, path),
        step=_step_number(reader, data, path, steps),
        example=_example(reader, data, path),
        template=template,
        answers=answers,
        wrong=_wrong_sets(reader, data, path, blanks if counted else 0, answers),
    )
    if len(reader.problems) == before and template:
        _parses(reader, (*path, "template"), item.filled(answers), "the template with its answers")
    return item


def _example(reader: Reader, data: dict[str, Any], path: Path) -> tuple[ExampleLine, ...]:
    raws = reader.items(data, path, "example", minimum=1)
    if len(raws) > EXAMPLE_LINES:
        reader.problem((*path, "example"), f"has {len(raws)} lines; at most {EXAMPLE_LINES} fit")
    lines = []
    for index, raw in enumerate(raws):
        line_path = (*path, "example", index)
        fields = reader.fields(raw, line_path, EXAMPLE_LINE_FIELDS)
        if fields is not None:
            code = reader.text(
                fields, line_path, "code", limit=CODE_FIELD, where="embed field", code=True
            )
            why = reader.text(fields, line_path, "why", limit=_FIELD, where="embed field")
            lines.append(ExampleLine(code=code, why=why))
    size = sum(len(line.code) + len(line.why) for line in lines)
    if size > limits.EMBED_TOTAL:
        reader.problem((*path, "example"), too_long(size, limits.EMBED_TOTAL, "one message"))
    return tuple(lines)


def _wrong_sets(
    reader: Reader, data: dict[str, Any], path: Path, blanks: int, answers: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    sets = []
    for index, raw in enumerate(reader.items(data, path, "wrong", minimum=1)):
        where = (*path, "wrong", index)
        if not isinstance(raw, list):
            reader.problem(where, "expected a list of answers, one per blank")
            continue
        one = tuple(
            reader.string(value, (*where, n), limit=_FIELD, where="embed field")
            for n, value in enumerate(raw)
        )
        if blanks and len(one) != blanks:
            reader.problem(where, f"{len(one)} answer(s) for {blanks} blank(s)")
        elif one == answers:
            reader.problem(where, "is the same as `answers`; a wrong set must differ")
        sets.append(one)
    return tuple(sets)


# ------------------------------------------------------------------ steps and code


def _step_number(reader: Reader, data: dict[str, Any], path: Path, steps: int) -> int:
    number = reader.integer(data, path, "step", default=0, minimum=1)
    if number > steps:
        reader.problem((*path, "step"), f"no coding step {number}: the lesson has {steps}")
    return number


def _step_list(reader: Reader, data: dict[str, Any], path: Path, steps: int) -> tuple[int, ...]:
    numbers: list[int] = []
    for index, value in enumerate(reader.items(data, path, "steps")):
        where = (*path, "steps", index)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            reader.problem(where, f"expected a step number (1, 2, ...), got {value!r}")
        elif value > steps:
            reader.problem(where, f"no coding step {value}: the lesson has {steps}")
        elif value in numbers:
            reader.problem(where, f"names step {value} twice")
        else:
            numbers.append(value)
    return tuple(numbers)


def _code(
    reader: Reader, data: dict[str, Any], path: Path, key: str, limit: int, where: str
) -> str:
    """Code that must parse as Python (its syntax error located on its own line)."""
    code = reader.text(data, path, key, limit=limit, where=where, code=True)
    if code:
        _parses(reader, (*path, key), code, f"`{key}`")
    return code


def _parses(reader: Reader, path: Path, code: str, what: str) -> None:
    try:
        compile(code, "<content>", "exec")
    except (SyntaxError, ValueError) as error:
        first = reader.document.code_line(path)
        lineno = getattr(error, "lineno", None)
        at = None if first is None or lineno is None else first + lineno - 1
        message = f"{what} does not parse: {unparsable(error)}"
        reader.problem(path, message, line=at)
