"""Buttons and code boxes whose state lives in their `custom_id`, so they survive restarts.

The formats are in `custom_ids.py` (Retry on a busy refusal included: its code is read
back from the refusal message); here are the items that answer them. A change of
meaning bumps `v1` so old messages fail politely instead of doing the wrong thing.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.core.content import Lesson
from bot.core.lessons import StepView, Submission
from bot.core.ports import NotYourSession
from bot.discord_app.custom_ids import (
    BROWSE_ID,
    BUTTON_LABEL_LIMIT,
    LABELS,
    LESSON_ID,
    OWNER,
    PREFIX,
    RETRY_BUTTON,
    Action,
    checked,
    code_modal_id,
    retry_custom_id,
    run_modal_id,
    step_custom_id,
)
from bot.discord_app.errors import guarded
from bot.discord_app.render import notice
from bot.discord_app.replies import send
from bot.discord_app.sharing import POST_RUN, post_button, post_run_id

CODE_LIMIT = 4000


__all__ = ["Action", "code_modal_id", "run_modal_id", "step_custom_id"]

VERSION = r"(?P<version>\d{1,3}\.[0-9a-f]{5})"
CODE_MODAL = re.compile(rf"^{PREFIX}:code:(?P<lesson>{LESSON_ID}):{OWNER}(?::{VERSION})?$")
RUN_MODAL = re.compile(rf"^{PREFIX}:run:{OWNER}$")
ACTIONS = "|".join(action.value for action in Action)
# Submit code carries the lesson state its message showed, and passes it to the code box.
STATE = r"(?::(?P<version>\d{1,3}\.[0-9a-f]{5}))?"
STEP_BUTTON = rf"^{PREFIX}:(?P<action>{ACTIONS}):(?P<lesson>{LESSON_ID}):{OWNER}{STATE}$"


class StepActions(Protocol):
    """What a step button asks of the bot's lesson flow (`bot.discord_app.flow.LessonFlow`).

    Named here, not imported, so the flow can build these components without the two
    modules importing each other."""

    async def open_code_box(
        self, interaction: discord.Interaction, lesson_id: str | None = None, version: str = ""
    ) -> None: ...

    async def hint(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None: ...

    async def solution(
        self, interaction: discord.Interaction, lesson_id: str | None = None, give_up: bool = False
    ) -> None: ...

    async def next_step(self, interaction: discord.Interaction, lesson_id: str) -> None: ...

    async def skip(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None: ...

    async def reset(self, interaction: discord.Interaction, lesson_id: str | None) -> None: ...

    async def browse(self, interaction: discord.Interaction) -> None: ...

    async def give_up(self, interaction: discord.Interaction, lesson_id: str) -> None: ...

    async def share(self, interaction: discord.Interaction, lesson_id: str) -> None: ...

    async def post_run(self, interaction: discord.Interaction, token: str, owner: int) -> None: ...

    async def retry(self, interaction: discord.Interaction, lesson_id: str) -> None: ...

    async def start(self, interaction: discord.Interaction, lesson_id: str) -> None: ...


def flow_of(interaction: discord.Interaction) -> StepActions:
    return interaction.client.flow  # type: ignore[attr-defined]


async def owner_only(interaction: discord.Interaction, owner_id: int) -> bool:
    """A button works for the learner it was made for; anyone else is told so, privately."""
    if interaction.user.id == owner_id:
        return True
    text = f"{NotYourSession().message} Use `/lesson start` to begin your own lesson."
    await guarded(interaction, send(interaction, notice(text), ephemeral=True))
    return False


class StepButton(discord.ui.DynamicItem[discord.ui.Button], template=STEP_BUTTON):
    """A step action for one learner's lesson; anyone else is pointed to /lesson start."""

    def __init__(
        self, action: Action, lesson_id: str, owner_id: int, version: str = "", label: str = ""
    ) -> None:
        default, style = LABELS[action]
        label = (label or default)[:BUTTON_LABEL_LIMIT]
        custom_id = step_custom_id(action, lesson_id, owner_id)
        if version:
            custom_id = checked(f"{custom_id}:{version}")
        button: discord.ui.Button = discord.ui.Button(label=label, style=style, custom_id=custom_id)
        super().__init__(button)
        self.action = action
        self.lesson_id = lesson_id
        self.owner_id = owner_id
        self.version = version

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> StepButton:
        version = match["version"] or ""
        return cls(Action(match["action"]), match["lesson"], int(match["owner"]), version)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        flow = flow_of(interaction)
        if self.action is Action.SUBMIT:
            opened = flow.open_code_box(interaction, self.lesson_id, self.version)
            await guarded(interaction, opened)
            return
        handlers = {
            Action.SUBMIT: flow.open_code_box,
            Action.HINT: flow.hint,
            Action.SOLUTION: flow.solution,
            Action.NEXT: flow.next_step,
            Action.SKIP: flow.skip,
            Action.RESET: flow.reset,
            Action.GIVE_UP: flow.give_up,
            Action.SHARE: flow.share,
            Action.BEGIN: flow.start,
        }
        await guarded(interaction, handlers[self.action](interaction, self.lesson_id))


class BrowseButton(discord.ui.DynamicItem[discord.ui.Button], template=f"^{BROWSE_ID}$"):
    """ "Browse lessons": the catalog and the clicker's own progress, for whoever clicks."""

    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(
                label="Browse lessons", style=discord.ButtonStyle.primary, custom_id=BROWSE_ID
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> BrowseButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, flow_of(interaction).browse(interaction))


class PostRunButton(discord.ui.DynamicItem[discord.ui.Button], template=POST_RUN):
    """Post to channel, under a /run result: the code and its output, in public."""

    def __init__(self, token: str, owner_id: int) -> None:
        super().__init__(post_button(post_run_id(token, owner_id)))
        self.token, self.owner_id = token, owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PostRunButton:
        return cls(match["token"], int(match["owner"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        posted = flow_of(interaction).post_run(interaction, self.token, self.owner_id)
        await guarded(interaction, posted)


class RetryButton(discord.ui.DynamicItem[discord.ui.Button], template=RETRY_BUTTON):
    """Submits the code a busy refusal kept (shown on the same message) once more."""

    def __init__(self, lesson_id: str, owner_id: int) -> None:
        button: discord.ui.Button = discord.ui.Button(
            label="Retry",
            style=discord.ButtonStyle.primary,
            custom_id=retry_custom_id(lesson_id, owner_id),
        )
        super().__init__(button)
        self.lesson_id = lesson_id
        self.owner_id = owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RetryButton:
        return cls(match["lesson"], int(match["owner"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await owner_only(interaction, self.owner_id)

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, flow_of(interaction).retry(interaction, self.lesson_id))


def retry_button(lesson_id: str, owner_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RetryButton(lesson_id, owner_id))
    view.stop()  # routed by custom_id, like the step buttons
    return view


def _buttons(
    lesson_id: str, owner_id: int, actions: list[Action], version: str = ""
) -> discord.ui.View | None:
    if not actions:
        return None
    view = discord.ui.View(timeout=None)
    for action in actions:
        view.add_item(
            StepButton(action, lesson_id, owner_id, version if action is Action.SUBMIT else "")
        )
    # Clicks are routed by custom_id (StepButton is registered in setup_hook), so the view
    # object is only a layout. Stopped, discord.py neither stores it nor starts the 15-min
    # timer it gives every ephemeral view: nothing accumulates per message sent.
    view.stop()
    return view


def step_buttons(view: StepView, owner_id: int) -> discord.ui.View | None:
    """Submit code and Hint while a step is open; Show solution once it has unlocked, and
    Skip step beside it (seeing the solution is no dead end: the learner can move on).
    A finished lesson offers Share 🎉."""
    if view.completed:
        return _buttons(view.lesson_id, owner_id, [Action.SHARE])
    if view.finished or view.step is None:
        return None
    actions = [Action.SUBMIT]
    if view.hints_left > 0:
        actions.append(Action.HINT)
    if view.solution_available:
        actions += [Action.SOLUTION, Action.SKIP]
    return _buttons(view.lesson_id, owner_id, actions, view.version)


def verdict_buttons(submission: Submission, owner_id: int) -> discord.ui.View | None:
    """After a pass: Next step (or, when the lesson is finished, the next lesson of its
    track). After a failure: try again, hint, and the unlocked solution."""
    if submission.completed:
        items = [StepButton(Action.SHARE, submission.view.lesson_id, owner_id)]
        following = submission.next_lesson
        if following is not None:  # the next lesson of the track, one click away
            label = f"Next lesson: {following.title}"
            items.append(StepButton(Action.BEGIN, following.id, owner_id, label=label))
        return layout(*items)
    if submission.passed:
        return _buttons(submission.view.lesson_id, owner_id, [Action.NEXT])
    return step_buttons(submission.view, owner_id)


def layout(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A stopped view of items routed by custom_id (nothing kept in memory per message)."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


def next_lesson_button(following: Lesson | None, owner_id: int) -> discord.ui.View | None:
    """'Next lesson: <title>' under a finished lesson (None after a track's last lesson)."""
    if following is None:
        return None
    label = f"Next lesson: {following.title}"
    return layout(StepButton(Action.BEGIN, following.id, owner_id, label=label))


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
