"""/learn's Select and buttons: `DynamicItem`s routed by `custom_id` (`learn_ids.py`), so a
card or a mode message sent before a restart still works after it.

Every item carries its owner: a click by anyone else gets a polite private note and
changes nothing. The callbacks hand the parsed values to `LearnCog` (found on the bot).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot.core.content import option_letter
from bot.discord_app import learn_ids as ids
from bot.discord_app.custom_ids import BUTTON_LABEL_LIMIT
from bot.discord_app.errors import guarded
from bot.discord_app.learn_render import CHOOSER_PLACEHOLDER, JUMP_LABEL, TEST_LABEL
from bot.discord_app.render import notice
from bot.discord_app.replies import send

FOREIGN = (
    "This lesson card belongs to another learner, so nothing changed. "
    "Use `/learn` to open your own."
)
OPTION_DESCRIPTION = 100  # Discord's limit for a Select option's description
PER_ROW = 5


class LearnHandlers(Protocol):
    async def on_choose(
        self, interaction: discord.Interaction, lesson_id: str, mode: str
    ) -> None: ...

    async def on_open(
        self, interaction: discord.Interaction, lesson_id: str, target: str, index: int | None
    ) -> None: ...

    async def on_act(
        self, interaction: discord.Interaction, lesson_id: str, mode: str, index: int, act: str
    ) -> None: ...


def _cog(interaction: discord.Interaction) -> LearnHandlers:
    cog = interaction.client.get_cog("LearnCog")  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError("the learning modes are not loaded")
    return cog


async def owner_only(interaction: discord.Interaction, owner: int) -> bool:
    """The learner the message was made for may use it; anyone else is told so, privately."""
    if interaction.user.id == owner:
        return True
    await guarded(interaction, send(interaction, notice(FOREIGN), ephemeral=True))
    return False


class ModeSelect(discord.ui.DynamicItem[discord.ui.Select], template=ids.CHOOSER):
    """ "Choose your learning style": one option per mode, each with a one-line description."""

    def __init__(
        self,
        owner: int,
        lesson_id: str,
        modes: Sequence[tuple[str, str, str]] = (),
        row: int | None = None,
    ) -> None:
        options = [
            discord.SelectOption(
                label=title[:100], value=mode, description=description[:OPTION_DESCRIPTION] or None
            )
            for mode, title, description in modes
        ]
        select: discord.ui.Select = discord.ui.Select(
            custom_id=ids.chooser_id(owner, lesson_id),
            placeholder=CHOOSER_PLACEHOLDER,
            options=options or [discord.SelectOption(label="steps", value="steps")],
            min_values=1,
            max_values=1,
        )
        super().__init__(select, row=row)
        self.owner, self.lesson_id = owner, lesson_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ModeSelect:
        return cls(int(match["owner"]), match["lesson"])

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        mode = values[0] if values else ""
        await guarded(interaction, _cog(interaction).on_choose(interaction, self.lesson_id, mode))


class OpenButton(discord.ui.DynamicItem[discord.ui.Button], template=ids.OPEN):
    """Open a mode (at an item), "Jump into concepts and practice", or the lesson card."""

    def __init__(
        self,
        owner: int,
        lesson_id: str,
        target: str,
        index: int | None = None,
        label: str = "Open",
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
        row: int | None = None,
    ) -> None:
        button: discord.ui.Button = discord.ui.Button(
            label=label[:BUTTON_LABEL_LIMIT],
            style=style,
            custom_id=ids.open_id(owner, lesson_id, target, index),
        )
        super().__init__(button, row=row)
        self.owner, self.lesson_id, self.target, self.index = owner, lesson_id, target, index

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> OpenButton:
        index = int(match["index"]) if match["index"] is not None else None
        return cls(int(match["owner"]), match["lesson"], ids.target_of(match["target"]), index)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        opened = _cog(interaction).on_open(interaction, self.lesson_id, self.target, self.index)
        await guarded(interaction, opened)


class ActButton(discord.ui.DynamicItem[discord.ui.Button], template=ids.ACT):
    """One action on one item of a mode: an answer, Next, Flip, a rating, open the code box."""

    def __init__(
        self,
        owner: int,
        lesson_id: str,
        mode: str,
        index: int,
        act: str,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
        disabled: bool = False,
    ) -> None:
        button: discord.ui.Button = discord.ui.Button(
            label=(label or act)[:BUTTON_LABEL_LIMIT],
            style=style,
            custom_id=ids.act_id(owner, lesson_id, mode, index, act),
            disabled=disabled,
        )
        super().__init__(button)
        self.owner, self.lesson_id, self.mode, self.index, self.act = (
            owner,
            lesson_id,
            mode,
            index,
            act,
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActButton:
        mode = ids.MODES_BY_CODE[match["mode"]]
        return cls(int(match["owner"]), match["lesson"], mode, int(match["index"]), match["act"])

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await owner_only(interaction, self.owner)

    async def callback(self, interaction: discord.Interaction) -> None:
        action = _cog(interaction).on_act(
            interaction, self.lesson_id, self.mode, self.index, self.act
        )
        await guarded(interaction, action)


LEARN_ITEMS = (ModeSelect, OpenButton, ActButton)


# --------------------------------------------------------------------------- layouts


def layout(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A stopped view: clicks are routed by custom_id, nothing is kept per message."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


def card_view(owner: int, lesson_id: str, modes: Sequence[tuple[str, str, str]]) -> discord.ui.View:
    """The chooser under the card, and the two ways in."""
    return layout(
        ModeSelect(owner, lesson_id, modes, row=0),
        OpenButton(owner, lesson_id, ids.JUMP, label=JUMP_LABEL, row=1),
        OpenButton(
            owner, lesson_id, "test", label=TEST_LABEL, style=discord.ButtonStyle.success, row=1
        ),
    )


def chooser_only(owner: int, lesson_id: str, modes: Sequence[tuple[str, str, str]]) -> ModeSelect:
    """The chooser alone, for messages that lead to the card (`/lesson start`)."""
    return ModeSelect(owner, lesson_id, modes)


def answer_view(
    owner: int,
    lesson_id: str,
    mode: str,
    index: int,
    count: int,
    chosen: int | None = None,
    right: int | None = None,
) -> discord.ui.View:
    """A–D to answer; once answered, disabled (right green, a wrong choice red) and Next."""
    items: list[discord.ui.Item[Any]] = []
    for option in range(count):
        style = discord.ButtonStyle.primary
        if chosen is not None:
            style = discord.ButtonStyle.secondary
            if option == right:
                style = discord.ButtonStyle.success
            elif option == chosen:
                style = discord.ButtonStyle.danger
        items.append(
            ActButton(
                owner,
                lesson_id,
                mode,
                index,
                f"a{option}",
                option_letter(option),
                style,
                disabled=chosen is not None,
            )
        )
    if chosen is not None:
        items.append(next_button(owner, lesson_id, mode, index))
    return layout(*items)


def next_button(
    owner: int, lesson_id: str, mode: str, index: int, label: str = "Next"
) -> ActButton:
    return ActButton(owner, lesson_id, mode, index, "n", label, discord.ButtonStyle.success)


def flip_view(owner: int, lesson_id: str, index: int) -> discord.ui.View:
    return layout(ActButton(owner, lesson_id, "flashcards", index, "f", "Flip"))


def rating_view(owner: int, lesson_id: str, index: int) -> discord.ui.View:
    styles = {
        "again": discord.ButtonStyle.danger,
        "hard": discord.ButtonStyle.secondary,
        "good": discord.ButtonStyle.primary,
        "easy": discord.ButtonStyle.success,
    }
    return layout(
        *(
            ActButton(owner, lesson_id, "flashcards", index, ids.RATING_CODES[r], r.capitalize(), s)
            for r, s in styles.items()
        )
    )


def code_view(
    owner: int, lesson_id: str, mode: str, index: int, label: str, passed: bool | None = None
) -> discord.ui.View:
    """Open the code box (and Skip); after a pass, Next."""
    if passed:
        return layout(next_button(owner, lesson_id, mode, index))
    return layout(
        ActButton(owner, lesson_id, mode, index, "w", label),
        ActButton(owner, lesson_id, mode, index, "s", "Skip", discord.ButtonStyle.secondary),
    )


def finished_view(owner: int, lesson_id: str, mode: str) -> discord.ui.View:
    """After a mode's last item: the card; after concepts, on into practice."""
    items: list[discord.ui.Item[Any]] = []
    if mode == "concepts":
        items.append(
            OpenButton(
                owner,
                lesson_id,
                "practice",
                label="Continue to practice",
                style=discord.ButtonStyle.success,
            )
        )
    items.append(OpenButton(owner, lesson_id, ids.CARD, label="Back to the lesson card"))
    return layout(*items)


def plan_items(
    owner: int, lesson_id: str, plan: Sequence[tuple[str, int | None, str]], rows: int = 4
) -> list[discord.ui.Item[Any]]:
    """One button per plan entry (mode, item index, label), at most `rows` rows of five."""
    items: list[discord.ui.Item[Any]] = []
    seen: set[str] = set()
    for mode, index, label in plan:
        button = OpenButton(owner, lesson_id, mode, index, label=label)
        if button.item.custom_id in seen:  # type: ignore[attr-defined]
            continue  # two entries may name the same item: one button
        seen.add(button.item.custom_id)  # type: ignore[attr-defined]
        items.append(button)
        if len(items) == rows * PER_ROW:
            break
    return items
