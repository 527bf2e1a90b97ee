"""A mode's items in a lesson, by position and by id, as the objects a surface shows."""

from __future__ import annotations

from typing import Any

from bot.core.content import Case, Decision, Lesson, Option
from bot.core.modes.catalog import SHEET, UnknownItem, item_ids
from bot.core.modes.outcomes import ChoiceResult, ModeView


def item_at(lesson: Lesson, mode_id: str, index: int) -> tuple[str, Any]:
    """The id and the object of the item at `index` ("", None past the end or for the
    modes the engine serves: practice and test)."""
    ids = item_ids(lesson, mode_id)
    if not 0 <= index < len(ids) or mode_id in ("practice", "test"):
        return "", None
    item_id = ids[index]
    content = lesson.modes
    match mode_id:
        case "steps":
            return item_id, lesson.step(index + 1)
        case "concepts":
            return item_id, content.concepts[index]
        case "flashcards":
            return item_id, content.flashcards[index]
        case "predict":
            return item_id, content.predict[index]
        case "fix":
            return item_id, content.fix[index]
        case "fill":
            return item_id, content.fill[index]
        case "cheatsheet":
            return SHEET, content.cheatsheet
        case _:
            return item_id, decision(lesson, item_id)


def index_of(lesson: Lesson, mode_id: str, item_id: str) -> int:
    """The position of `item_id` in the mode, or UnknownItem."""
    try:
        return item_ids(lesson, mode_id).index(item_id)
    except ValueError:
        raise UnknownItem(lesson.id, mode_id, item_id) from None


def decision(lesson: Lesson, item_id: str) -> tuple[Case, Decision, int]:
    """A scenario item "<case id>.<n>" as (case, its n-th decision, n)."""
    case_id, _, number = item_id.rpartition(".")
    for case in lesson.modes.cases:
        if case.id == case_id and number.isdigit() and 1 <= int(number) <= len(case.decisions):
            return case, case.decisions[int(number) - 1], int(number)
    raise UnknownItem(lesson.id, "scenario", item_id)


def choice_options(lesson: Lesson, mode_id: str, item: Any) -> tuple[Option, ...] | tuple:
    """The options a learner chooses among (quick check, predict, a case's decision)."""
    if mode_id == "concepts":
        return item.check.options
    if mode_id == "predict":
        return item.options
    return item[1].options


def choice_result(
    mode_id: str,
    item: object,
    item_id: str,
    choice: int,
    correct: bool,
    correct_index: int,
    view: ModeView,
    repeated: bool,
) -> ChoiceResult:
    """What the learner reads after a choice: the item's teaching, and where they go next."""
    if mode_id == "concepts":
        return ChoiceResult(
            item_id, choice, correct, correct_index, item.check.explanation, view,
            repeated=repeated,
        )  # fmt: skip
    if mode_id == "predict":
        return ChoiceResult(
            item_id, choice, correct, correct_index, item.why, view, output=item.output,
            repeated=repeated,
        )  # fmt: skip
    case, decision, number = item
    return ChoiceResult(
        item_id,
        choice,
        correct,
        correct_index,
        decision.explanation,
        view,
        consequence=decision.options[choice].consequence,
        debrief=case.debrief if number == len(case.decisions) else "",
        repeated=repeated,
    )
