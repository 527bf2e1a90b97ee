"""What a lesson offers beyond its steps and questions: the content of the learning modes.

Concept cards, flashcards, predict-the-output snippets, broken code to fix, worked examples
with blanks, real-world cases and a cheat sheet. Plain frozen data like `models`, read from
the lesson file's `modes:` section; the modes themselves live in `bot.core.modes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content.options import Option

BLANK = "___"  # a gap in a fill item's template


@dataclass(frozen=True)
class QuickCheck:
    """The one question after a concept card: did the idea land?"""

    prompt: str
    options: tuple[Option, ...]  # exactly one correct
    explanation: str


@dataclass(frozen=True)
class ConceptCard:
    """One idea with one example. Its id is the topic that questions name (`topic:`)."""

    id: str
    title: str
    idea: str
    example: str
    check: QuickCheck
    steps: tuple[int, ...] = ()  # coding steps that practise this idea (the test's plan)


@dataclass(frozen=True)
class Flashcard:
    id: str
    term: str
    meaning: str


@dataclass(frozen=True)
class PredictItem:
    """A snippet and what it prints; `content check` runs it and compares."""

    id: str
    code: str
    output: str  # exactly what `code` prints, trailing whitespace ignored
    options: tuple[Option, ...]  # the correct one's text is `output`
    why: str


@dataclass(frozen=True)
class FixItem:
    """Code that fails coding step `step`'s checks for one realistic reason."""

    id: str
    step: int  # 1-based coding step whose checks judge the learner's fix
    broken: str
    fixed: str  # a reference fix that passes
    bug: str  # the reason, shown after the learner's attempt or on request
    hint: str


@dataclass(frozen=True)
class ExampleLine:
    code: str
    why: str


@dataclass(frozen=True)
class FillItem:
    """A worked example explained line by line, then step `step` with 1-3 blanks."""

    id: str
    step: int
    example: tuple[ExampleLine, ...]
    template: str  # the step's task with BLANK where the learner writes
    answers: tuple[str, ...]  # one per BLANK, in order
    wrong: tuple[tuple[str, ...], ...]  # answer sets that must fail the checks (at least one)

    def filled(self, answers: tuple[str, ...] | list[str]) -> str:
        """The template with each blank replaced, in order."""
        parts = self.template.split(BLANK)
        if len(answers) != len(parts) - 1:
            raise ValueError(f"{len(parts) - 1} blanks, {len(answers)} answers")
        code = parts[0]
        for answer, rest in zip(answers, parts[1:], strict=True):
            code += answer + rest
        return code


@dataclass(frozen=True)
class CaseOption:
    text: str
    consequence: str  # what happens if you choose it
    correct: bool = False


@dataclass(frozen=True)
class Decision:
    prompt: str
    options: tuple[CaseOption, ...]  # exactly one correct (the best move)
    explanation: str


@dataclass(frozen=True)
class Case:
    """A workplace situation in 3-5 decisions, ending with a debrief."""

    id: str
    title: str
    situation: str
    decisions: tuple[Decision, ...]
    debrief: str


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True)
class Pattern:
    title: str
    code: str


@dataclass(frozen=True)
class CheatSheet:
    summary: str
    terms: tuple[Term, ...]
    patterns: tuple[Pattern, ...]
    mistakes: tuple[str, ...]


@dataclass(frozen=True)
class ModeContent:
    """Everything under a lesson's `modes:`; empty tuples where the lesson has none."""

    concepts: tuple[ConceptCard, ...] = ()
    flashcards: tuple[Flashcard, ...] = ()
    predict: tuple[PredictItem, ...] = ()
    fix: tuple[FixItem, ...] = ()
    fill: tuple[FillItem, ...] = ()
    cases: tuple[Case, ...] = ()
    cheatsheet: CheatSheet | None = None

    def concept(self, card_id: str) -> ConceptCard | None:
        return next((c for c in self.concepts if c.id == card_id), None)
