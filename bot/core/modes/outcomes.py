"""Typed results of the mode desk: what a surface shows, never how.

Frozen values carrying the content objects themselves (a concept card, a fix item, a case
and its decision), so surfaces never look anything up again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.content import Lesson
from bot.core.modes.catalog import ModeInfo
from bot.core.ports import ReviewCard, RunResult


@dataclass(frozen=True)
class ModeLine:
    """One mode's progress line on the lesson card ("Flashcards 5 / 12, 4 right, 1 wrong")."""

    mode: ModeInfo
    done: int
    total: int
    right: int
    wrong: int
    last_visit: datetime | None  # None: never opened

    @property
    def started(self) -> bool:
        return self.last_visit is not None


@dataclass(frozen=True)
class LessonCard:
    """The lesson's front door: the lesson, its steps progress and the modes started."""

    lesson: Lesson
    steps_solved: int
    steps_total: int
    lines: tuple[ModeLine, ...]  # only modes the learner has started, in catalogue order


@dataclass(frozen=True)
class ModeView:
    """Where a learner stands in a mode: the item to show now, `index` of `total` (0-based).

    `item` is a ConceptCard, Flashcard, PredictItem, FixItem, FillItem, a
    (Case, Decision, number) triple for scenario, the CheatSheet, a Step when a plan button
    opens a step, and None for practice and test (the QuestionEngine serves those) or when
    `finished` (every item of this round done: entering again starts a new round)."""

    mode: ModeInfo
    lesson: Lesson
    index: int
    total: int
    item: Any
    finished: bool
    item_id: str = ""  # the id of `item` (what buttons carry), "" when there is none
    flipped: bool = False  # flashcards: the meaning side is showing
    done: int = 0  # items finished so far (the progress line)
    right: int = 0
    wrong: int = 0


@dataclass(frozen=True)
class ChoiceResult:
    """After a choice in a concept's quick check, a predict item or a case's decision."""

    item_id: str
    choice: int
    correct: bool
    correct_index: int
    explanation: str  # quick check's explanation, predict's `why`, the decision's explanation
    next: ModeView
    consequence: str = ""  # scenario: what happened after the chosen option
    output: str = ""  # predict: what the snippet really prints
    debrief: str = ""  # scenario: the case's debrief, after its last decision
    repeated: bool = False  # the same item answered twice in a row (a double click): not counted


@dataclass(frozen=True)
class CodeResult:
    """A fix or a filled template after the sandbox ran it as its step: rendered like a step."""

    item_id: str
    passed: bool
    run: RunResult
    item: Any  # the FixItem or FillItem
    code: str  # what was run (a fill item: the template with the answers in)
    next: ModeView  # on a pass, the next item; on a failure, this item again


@dataclass(frozen=True)
class RateResult:
    """A flashcard rated: the next card, and the review card it feeds (when reviews are on)."""

    card_id: str
    rating: str  # "again" | "hard" | "good" | "easy"
    next: ModeView
    review: ReviewCard | None = None

    @property
    def next_due(self) -> datetime | None:
        return self.review.due if self.review else None
