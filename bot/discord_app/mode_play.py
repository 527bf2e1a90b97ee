"""What each learning mode shows on Discord for the desk's current item, and its buttons.

`present` turns a `ModeView` (from `bot.core.modes.ModeDesk`) into one message: the item's
embed and the buttons that act on it. `answered` is the same message after a quick check,
a prediction or a case decision. Kept apart from the cog so the cog only routes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import discord

from bot.core.content import BLANK, Case, Decision, FillItem, Lesson
from bot.core.modes import ModeView
from bot.discord_app import learn_components as lc
from bot.discord_app import mode_render as mr
from bot.discord_app.components import CODE_LIMIT
from bot.discord_app.render import Reply

FIX_LABEL = "Fix the code"
FILL_LABEL = "Fill the blanks"
STEP_LABEL = "Write the code"
ATTEMPTS_KEPT = 2000  # last tries (fix items, plan steps) kept for the code box's prefill


def scenario_at(lesson: Lesson, index: int) -> tuple[Case, Decision, int]:
    """The `index`-th decision over all of the lesson's cases: (case, decision, 1-based)."""
    position = index
    for case in lesson.modes.cases:
        if position < len(case.decisions):
            return case, case.decisions[position], position + 1
        position -= len(case.decisions)
    raise IndexError(index)


def item_at(lesson: Lesson, mode: str, index: int) -> Any:
    """The content item a button's index names (IndexError when the lesson changed)."""
    modes = lesson.modes
    if mode == "scenario":
        return scenario_at(lesson, index)
    items: tuple[Any, ...] = {
        "steps": lesson.steps,
        "concepts": modes.concepts,
        "flashcards": modes.flashcards,
        "predict": modes.predict,
        "fix": modes.fix,
        "fill": modes.fill,
    }[mode]
    if not 0 <= index < len(items):
        raise IndexError(index)
    return items[index]


def present(owner: int, view: ModeView) -> tuple[Reply, discord.ui.View]:
    """The current item of a mode (a `ModeView` that is not finished)."""
    lesson, mode, index, total = view.lesson, view.mode.id, view.index, view.total
    item = view.item
    if mode == "scenario":
        case, decision, number = item
        reply = mr.decision_reply(lesson, case, decision, number, index, total)
        return reply, lc.answer_view(owner, lesson.id, mode, index, len(decision.options))
    if mode == "concepts":
        reply = mr.concept_reply(lesson, item, index, total)
        return reply, lc.answer_view(owner, lesson.id, mode, index, len(item.check.options))
    if mode == "flashcards":
        reply = mr.flashcard_reply(lesson, item, index, total, flipped=view.flipped)
        if view.flipped:  # resumed after a flip: the meaning side, waiting for a rating
            return reply, lc.rating_view(owner, lesson.id, index)
        return reply, lc.flip_view(owner, lesson.id, index)
    if mode == "predict":
        reply = mr.predict_reply(lesson, item, index, total)
        return reply, lc.answer_view(owner, lesson.id, mode, index, len(item.options))
    if mode == "fix":
        reply = mr.fix_reply(lesson, item, index, total)
        return reply, lc.code_view(owner, lesson.id, mode, index, FIX_LABEL)
    if mode == "fill":
        reply = mr.fill_reply(lesson, item, index, total)
        return reply, lc.code_view(owner, lesson.id, mode, index, FILL_LABEL)
    if mode == "steps":  # a plan button: practise this step, checked but not recorded
        reply = mr.step_practice_reply(lesson, index + 1)
        return reply, lc.layout(lc.ActButton(owner, lesson.id, mode, index, "w", STEP_LABEL))
    raise ValueError(f"{mode} is not played item by item")


def answered(
    owner: int, lesson: Lesson, mode: str, index: int, total: int, choice: int, right: int
) -> tuple[Reply, discord.ui.View]:
    """A quick check, prediction or decision after the learner's choice."""
    if mode == "scenario":
        case, decision, number = scenario_at(lesson, index)
        reply = mr.decision_answered(lesson, case, decision, number, index, total, choice)
        count = len(decision.options)
    elif mode == "concepts":
        card = lesson.modes.concepts[index]
        reply = mr.concept_answered(lesson, card, index, total, choice)
        count = len(card.check.options)
    else:
        item = lesson.modes.predict[index]
        reply = mr.predict_answered(lesson, item, index, total, choice)
        count = len(item.options)
    return reply, lc.answer_view(owner, lesson.id, mode, index, count, choice, right)


def fill_modal(title: str, custom_id: str, item: FillItem) -> discord.ui.Modal:
    """One text input per blank, each labelled with the line it sits on."""
    modal = discord.ui.Modal(title=title[:45], custom_id=custom_id, timeout=None)
    lines = [line for line in item.template.splitlines() if BLANK in line]
    number = 0
    for line in lines:
        for _ in range(line.count(BLANK)):
            number += 1
            modal.add_item(
                discord.ui.TextInput(
                    label=f"Blank {number}",
                    custom_id=f"b{number}",
                    placeholder=mr.numbered_blanks(line).strip()[:100] or None,
                    max_length=400,
                    required=True,
                )
            )
    modal.stop()  # routed by custom_id (`LearnCog.on_interaction`)
    return modal


def blanks(item: FillItem) -> int:
    return item.template.count(BLANK)


class LastAttempts:
    """The learner's last try per fix item (or practised step), for the code box's
    prefill (memory only: after a restart the box starts again from the broken code)."""

    def __init__(self, size: int = ATTEMPTS_KEPT) -> None:
        self.size = size
        self._known: OrderedDict[tuple[int, str, str, int], str] = OrderedDict()

    def remember(self, owner: int, lesson_id: str, mode: str, index: int, code: str) -> None:
        key = (owner, lesson_id, mode, index)
        self._known[key] = code[:CODE_LIMIT]
        self._known.move_to_end(key)
        while len(self._known) > self.size:
            self._known.popitem(last=False)

    def forget(self, owner: int, lesson_id: str, mode: str, index: int) -> None:
        self._known.pop((owner, lesson_id, mode, index), None)

    def get(self, owner: int, lesson_id: str, mode: str, index: int, default: str) -> str:
        return self._known.get((owner, lesson_id, mode, index), default)
