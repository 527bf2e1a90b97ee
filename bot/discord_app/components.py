"""Buttons and code boxes whose state lives in their `custom_id`, so they survive restarts.

Format (versioned, ≤ 100 chars): `stepwise:v1:<action>:<lesson id>:<owner user id>` for
step buttons, `stepwise:v1:code:<lesson id>:<owner>` for the code modal and
`stepwise:v1:run:<owner>` for the /run modal. A change of meaning bumps `v1` so old
messages fail politely instead of doing the wrong thing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Protocol

import discord

from bot.core.content import ID_PATTERN, Lesson
from bot.core.lessons import StepView, Submission
from bot.core.ports import NotYourSession
from bot.discord_app.errors import guarded
from bot.discord_app.render import notice
from bot.discord_app.replies import send

PREFIX = "stepwise:v1"
CUSTOM_ID_LIMIT = 100
CODE_LIMIT = 4000
# Lesson ids as the content loader allows them (≤ 50 chars), so every id fits in 100.
LESSON_ID = ID_PATTERN.pattern.removeprefix("^").removesuffix("$")


class Action(StrEnum):
    SUBMIT = "submit"
    HINT = "hint"
    SOLUTION = "solution"
    NEXT = "next"
    BEGIN = "begin"  # start the lesson named in the custom_id (the next one of a track)


LABELS = {
    Action.SUBMIT: ("Submit code", discord.ButtonStyle.primary),
    Action.HINT: ("Hint", discord.ButtonStyle.secondary),
    Action.SOLUTION: ("Show solution", discord.ButtonStyle.secondary),
    Action.NEXT: ("Next step", discord.ButtonStyle.success),
    Action.BEGIN: ("Next lesson", discord.ButtonStyle.success),
}
BUTTON_LABEL_LIMIT = 80


def _checked(custom_id: str) -> str:
    if len(custom_id) > CUSTOM_ID_LIMIT:
        raise ValueError(f"custom_id longer than {CUSTOM_ID_LIMIT}: {custom_id!r}")
    return custom_id


def step_custom_id(action: Action, lesson_id: str, owner_id: int) -> str:
    return _checked(f"{PREFIX}:{action}:{lesson_id}:{owner_id}")


def code_modal_id(lesson_id: str, owner_id: int) -> str:
    return _checked(f"{PREFIX}:code:{lesson_id}:{owner_id}")


def run_modal_id(owner_id: int) -> str:
    return _checked(f"{PREFIX}:run:{owner_id}")


CODE_MODAL = re.compile(rf"^{PREFIX}:code:(?P<lesson>{LESSON_ID}):(?P<owner>\d{{1,20}})$")
RUN_MODAL = re.compile(rf"^{PREFIX}:run:(?P<owner>\d{{1,20}})$")
OWNER = r"(?P<owner>\d{1,20})"
STEP_BUTTON = (
    rf"^{PREFIX}:(?P<action>submit|hint|solution|next|begin):(?P<lesson>{LESSON_ID}):{OWNER}$"
)


class StepActions(Protocol):
    """What a step button asks of the bot's lesson flow (`bot.discord_app.flow.LessonFlow`).

    Named here, not imported, so the flow can build these components without the two
    modules importing each other."""

    async def open_code_box(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None: ...

    async def hint(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None: ...

    async def solution(
        self, interaction: discord.Interaction, lesson_id: str | None = None, give_up: bool = False
    ) -> None: ...

    async def next_step(self, interaction: discord.Interaction, lesson_id: str) -> None: ...

    async def start(self, interaction: discord.Interaction, lesson_id: str) -> None: ...


def flow_of(interaction: discord.Interaction) -> StepActions:
    return interaction.client.flow  # type: ignore[attr-defined]


class StepButton(discord.ui.DynamicItem[discord.ui.Button], template=STEP_BUTTON):
    """A step action for one learner's lesson; anyone else is pointed to /lesson start."""

    def __init__(self, action: Action, lesson_id: str, owner_id: int, label: str = "") -> None:
        default, style = LABELS[action]
        label = (label or default)[:BUTTON_LABEL_LIMIT]
        button: discord.ui.Button = discord.ui.Button(
            label=label, style=style, custom_id=step_custom_id(action, lesson_id, owner_id)
        )
        super().__init__(button)
        self.action = action
        self.lesson_id = lesson_id
        self.owner_id = owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> StepButton:
        return cls(Action(match["action"]), match["lesson"], int(match["owner"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        text = f"{NotYourSession().message} Use `/lesson start` to begin your own lesson."
        await guarded(interaction, send(interaction, notice(text), ephemeral=True))
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        flow = flow_of(interaction)
        handlers = {
            Action.SUBMIT: flow.open_code_box,
            Action.HINT: flow.hint,
            Action.SOLUTION: flow.solution,
            Action.NEXT: flow.next_step,
            Action.BEGIN: flow.start,
        }
        await guarded(interaction, handlers[self.action](interaction, self.lesson_id))


def _buttons(lesson_id: str, owner_id: int, actions: list[Action]) -> discord.ui.View | None:
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions:
        view.add_item(StepButton(action, lesson_id, owner_id))
    # Clicks are routed by custom_id (StepButton is registered in setup_hook), so the view
    # object is only a layout. Stopped, discord.py neither stores it nor starts the 15-min
    # timer it gives every ephemeral view: nothing accumulates per message sent.
    view.stop()
    return view


def step_buttons(view: StepView, owner_id: int) -> discord.ui.View | None:
    """Submit code and Hint while a step is open; Show solution once it has unlocked."""
    if view.completed:
        return None
    actions = [Action.SUBMIT]
    if view.hints_left > 0:
        actions.append(Action.HINT)
    if view.solution_available:
        actions.append(Action.SOLUTION)
    return _buttons(view.lesson_id, owner_id, actions)


def verdict_buttons(submission: Submission, owner_id: int) -> discord.ui.View | None:
    """After a pass: Next step (or, when the lesson is finished, the next lesson of its
    track). After a failure: try again, hint, and the unlocked solution."""
    if submission.completed:
        return next_lesson_button(submission.next_lesson, owner_id)
    if submission.passed:
        return _buttons(submission.view.lesson_id, owner_id, [Action.NEXT])
    return step_buttons(submission.view, owner_id)


def next_lesson_button(following: Lesson | None, owner_id: int) -> discord.ui.View | None:
    """'Next lesson: <title>' under a finished lesson (None after a track's last lesson)."""
    if following is None:
        return None
    view = discord.ui.View(timeout=None)
    label = f"Next lesson: {following.title}"
    view.add_item(StepButton(Action.BEGIN, following.id, owner_id, label=label))
    view.stop()  # routed by custom_id, like every step button (see _buttons)
    return view


def code_modal(
    title: str, custom_id: str, prefill: str, label: str = "Your code"
) -> discord.ui.Modal:
    """A one-field code box. It is stopped before sending so discord.py does not keep it in
    memory: submissions are routed by custom_id (see `LessonFlow.on_modal`), which also
    makes a box opened before a restart still work after it."""
    modal = discord.ui.Modal(title=title[:45], custom_id=custom_id, timeout=None)
    modal.add_item(
        discord.ui.TextInput(
            label=label[:45],
            style=discord.TextStyle.paragraph,
            custom_id="code",
            default=prefill[:CODE_LIMIT] or None,
            max_length=CODE_LIMIT,
            required=True,
        )
    )
    modal.stop()
    return modal


def modal_value(data: dict[str, Any], custom_id: str = "code") -> str:
    """A TextInput's value from a modal submission (inside an ActionRow or a Label)."""
    for row in data.get("components", []):
        children = row.get("components") or ([row["component"]] if "component" in row else [])
        for child in children:
            if child.get("custom_id") == custom_id:
                return child.get("value") or ""
    return ""
