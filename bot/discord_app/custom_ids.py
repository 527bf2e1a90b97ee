"""The `custom_id` formats of Stepwise's buttons and code boxes, in one place.

Kept apart from the components that answer them, so any message builder (a refusal that
offers a way on, a verdict) can lay out a button without importing the click handlers.
Format (≤ 100 chars): `stepwise:v1:<action>:<lesson id>:<owner user id>` for step actions,
`stepwise:v1:code:<lesson id>:<owner>[:<step>.<run>]` for the code box (the suffix is the
lesson state it was opened for, also carried by the Submit code button that opens it),
`stepwise:v1:run:<owner>` for /run's box and `stepwise:v1:browse` for "Browse lessons".
A change of meaning bumps `v1`.
"""

from __future__ import annotations

from enum import StrEnum

import discord

from bot.core.content import ID_PATTERN

PREFIX = "stepwise:v1"
CUSTOM_ID_LIMIT = 100
# Lesson ids as the content loader allows them (≤ 50 chars), so every id fits in 100.
LESSON_ID = ID_PATTERN.pattern.removeprefix("^").removesuffix("$")
OWNER = r"(?P<owner>\d{1,20})"
BROWSE_ID = f"{PREFIX}:browse"
# Retry on a busy refusal; the code itself is read back from the refusal message.
RETRY_BUTTON = rf"^{PREFIX}:retry:(?P<lesson>{LESSON_ID}):{OWNER}$"


class Action(StrEnum):
    SUBMIT = "submit"
    HINT = "hint"
    SOLUTION = "solution"
    NEXT = "next"
    SKIP = "skip"
    RESET = "reset"
    GIVE_UP = "giveup"
    SHARE = "share"
    BEGIN = "begin"  # start the lesson named in the custom_id (the next one of a track)


LABELS = {
    Action.SUBMIT: ("Submit code", discord.ButtonStyle.primary),
    Action.HINT: ("Hint", discord.ButtonStyle.secondary),
    Action.SOLUTION: ("Show solution", discord.ButtonStyle.secondary),
    Action.NEXT: ("Next step", discord.ButtonStyle.success),
    Action.SKIP: ("Skip step", discord.ButtonStyle.secondary),
    Action.RESET: ("Reset lesson", discord.ButtonStyle.danger),
    Action.GIVE_UP: ("Show solution now", discord.ButtonStyle.secondary),
    Action.SHARE: ("Share 🎉", discord.ButtonStyle.success),
    Action.BEGIN: ("Next lesson", discord.ButtonStyle.success),
}
BUTTON_LABEL_LIMIT = 80


def checked(custom_id: str) -> str:
    if len(custom_id) > CUSTOM_ID_LIMIT:
        raise ValueError(f"custom_id longer than {CUSTOM_ID_LIMIT}: {custom_id!r}")
    return custom_id


def step_custom_id(action: Action, lesson_id: str, owner_id: int) -> str:
    return checked(f"{PREFIX}:{action}:{lesson_id}:{owner_id}")


def code_modal_id(lesson_id: str, owner_id: int, version: str = "") -> str:
    suffix = f":{version}" if version else ""
    return checked(f"{PREFIX}:code:{lesson_id}:{owner_id}{suffix}")


def retry_custom_id(lesson_id: str, owner_id: int) -> str:
    return checked(f"{PREFIX}:retry:{lesson_id}:{owner_id}")


def run_modal_id(owner_id: int) -> str:
    return checked(f"{PREFIX}:run:{owner_id}")


def step_button(action: Action, lesson_id: str, owner_id: int) -> discord.ui.Button:
    """A plain button with a step action's id: the registered `StepButton` answers it."""
    label, style = LABELS[action]
    return discord.ui.Button(
        label=label, style=style, custom_id=step_custom_id(action, lesson_id, owner_id)
    )


def browse_button() -> discord.ui.Button:
    return discord.ui.Button(
        label="Browse lessons", style=discord.ButtonStyle.primary, custom_id=BROWSE_ID
    )


def layout(*buttons: discord.ui.Button) -> discord.ui.View | None:
    """A view that only lays buttons out: clicks are routed by custom_id, so it is stopped
    (discord.py then neither stores it nor starts a timer per message)."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button)
    view.stop()
    return view
