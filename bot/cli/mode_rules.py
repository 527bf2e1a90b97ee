"""The learning modes' content judged without running anything, for `stepwise content
check`: which modes a lesson lacks, whether each mode has enough items (the content
guide's amounts), questions without a topic, and the question-lint cues in the options of
quick checks, predict items and case decisions.

Every finding but a predict item whose key is not its output is a warning (so `--strict`,
which CI uses, fails on it): a lesson that lacks
a mode still works in the modes it has.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.cli.content_quality import document_of
from bot.core.content import (
    Difficulty,
    Lesson,
    Option,
    Question,
    mode_shortfalls,
    same_output,
)
from bot.core.content.yaml_source import format_path
from bot.core.modes import missing_modes
from bot.core.quiz import lint_question

MODE_OF_KEY = {"cases": "scenario"}  # a `modes:` key whose mode id differs


@dataclass(frozen=True)
class Note:
    """One finding about a lesson's mode content, with the YAML path it is about."""

    path: tuple[str | int, ...]
    message: str
    error: bool = False


def located(lesson: Lesson, notes: list[Note]) -> list[str]:
    """`file:line path: message` lines (warnings marked), in file order."""
    document = document_of(lesson.source) if notes else None
    lines = []
    for note in notes:
        line = document.line(note.path) if document is not None else None
        file = lesson.source or lesson.id
        where = file if line is None else f"{file}:{line}"
        kind = "" if note.error else "warning: "
        lines.append((line or 0, f"{where} {format_path(note.path)}: {kind}{note.message}"))
    return [text for _, text in sorted(lines, key=lambda pair: pair[0])]


def lacking(lesson: Lesson) -> list[Note]:
    """ "what-is-mlops lacks: flashcards, fix" (one note per lesson, or none)."""
    missing = missing_modes(lesson)
    if not missing:
        return []
    return [Note(("modes",), f"{lesson.id} lacks: {', '.join(missing)}")]


def amounts(lesson: Lesson) -> list[Note]:
    """Modes that have content but fewer items than a lesson needs (`mode_shortfalls`;
    a mode with none is reported once, by `lacking`), and questions without a topic."""
    missing = set(missing_modes(lesson))
    notes = []
    for where, message in mode_shortfalls(lesson):
        key = where.split(" › ")[-1]
        if MODE_OF_KEY.get(key, key) not in missing:
            notes.append(Note(("modes", key), message))
    if lesson.modes.concepts:
        untopical = [q.id for q in lesson.questions if not q.topic]
        if untopical:
            names = ", ".join(untopical)
            message = f"questions without a topic (the test's plan cannot name them): {names}"
            notes.append(Note(("questions",), message))
    return notes


def option_cues(lesson: Lesson) -> list[Note]:
    """The question-lint rules of one question over every set of options in the modes."""
    content = lesson.modes
    asked: list[tuple[tuple[str | int, ...], str, tuple[Option, ...], bool]] = []
    for n, card in enumerate(content.concepts):
        asked.append(
            (("modes", "concepts", n, "check"), card.check.prompt, card.check.options, False)
        )
    for n, item in enumerate(content.predict):
        # no prompt: the stem is code, and an output echoing the code is the point
        asked.append((("modes", "predict", n), "", item.options, True))
    for n, case in enumerate(content.cases):
        for d, decision in enumerate(case.decisions):
            options = tuple(Option(o.text, o.correct) for o in decision.options)
            asked.append((("modes", "cases", n, "decisions", d), decision.prompt, options, False))
    notes = []
    for path, prompt, options, outputs in asked:
        if sum(o.correct for o in options) != 1:
            continue  # the reader refuses these already
        question = Question(
            id=format_path(path), prompt=prompt, difficulty=Difficulty.EASY, options=options,
            explanation=(), output_of_code=outputs,
        )  # fmt: skip
        for finding in lint_question(question):
            at = (*path, "options", finding.options[0]) if finding.options else path
            notes.append(Note(at, f"{finding.message} [{finding.rule}]"))
    return notes


def predict_keys(lesson: Lesson) -> list[Note]:
    """A predict item's correct option must be its stated output, and only that one."""
    notes = []
    for n, item in enumerate(lesson.modes.predict):
        said = [i for i, o in enumerate(item.options) if same_output(o.text, item.output)]
        correct = next((i for i, o in enumerate(item.options) if o.correct), None)
        if correct is not None and correct not in said:
            message = f"the correct option is not the stated output {item.output!r}"
            notes.append(Note(("modes", "predict", n, "options", correct), message, error=True))
        for other in (i for i in said if i != correct):
            message = "a wrong option is the stated output too"
            notes.append(Note(("modes", "predict", n, "options", other), message, error=True))
    return notes
