"""Review buttons and the step-code modal, routed by `custom_id` so they survive restarts.

    stepwise:v1:rv:<lesson>:<question index>:<shown at, epoch s>:<option>   answer a card
    stepwise:v1:rvgo                                                        next due card
    stepwise:v1:rvstep:<lesson>:<step>                                      write a step's code
    stepwise:v1:rvfc:<lesson>:<flashcard index>:<rating 1-4>                rate a flashcard

The shown-at time lets a quick right answer count as Easy.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import discord

from bot.core.content import Question, option_letter
from bot.discord_app.custom_ids import PREFIX
from bot.discord_app.custom_ids import checked as _checked
from bot.discord_app.errors import guarded
from bot.discord_app.quiz_components import LESSON, OPTION

ANSWER = rf"^{PREFIX}:rv:{LESSON}:(?P<index>\d{{1,3}}):(?P<shown>\d{{1,12}}):{OPTION}$"
START = rf"^{PREFIX}:rvgo$"
STEP = rf"^{PREFIX}:rvstep:{LESSON}:(?P<step>\d{{1,3}})$"
RATE = rf"^{PREFIX}:rvfc:{LESSON}:(?P<index>\d{{1,3}}):(?P<rating>[1-4])$"
RATING_LABELS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}  # FSRS rating -> button
CODE_FIELD = "code"


class ReviewHandlers(Protocol):
    async def on_review_answer(
        self, interaction: discord.Interaction, lesson_id: str, index: int, shown: int, option: int
    ) -> None: ...

    async def on_review_start(self, interaction: discord.Interaction) -> None: ...

    async def on_step_code(
        self, interaction: discord.Interaction, lesson_id: str, step: int
    ) -> None: ...

    async def on_review_rate(
        self, interaction: discord.Interaction, lesson_id: str, index: int, rating: int
    ) -> None: ...


def _cog(interaction: discord.Interaction) -> ReviewHandlers:
    cog = interaction.client.get_cog("ReviewCog")  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError("the review feature is not loaded")
    return cog


def _button(custom_id: str, label: str, style: discord.ButtonStyle) -> discord.ui.Button:
    return discord.ui.Button(label=label, style=style, custom_id=_checked(custom_id))


class ReviewAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=ANSWER):
    def __init__(self, lesson_id: str, index: int, shown: int, option: int) -> None:
        custom_id = f"{PREFIX}:rv:{lesson_id}:{index}:{shown}:{option}"
        super().__init__(_button(custom_id, option_letter(option), discord.ButtonStyle.primary))
        self.lesson_id, self.index, self.shown, self.option = lesson_id, index, shown, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewAnswerButton:
        return cls(match["lesson"], int(match["index"]), int(match["shown"]), int(match["option"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        action = _cog(interaction).on_review_answer(
            interaction, self.lesson_id, self.index, self.shown, self.option
        )
        await guarded(interaction, action)


class ReviewStartButton(discord.ui.DynamicItem[discord.ui.Button], template=START):
    def __init__(self, label: str = "Start reviews") -> None:
        super().__init__(_button(f"{PREFIX}:rvgo", label, discord.ButtonStyle.success))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewStartButton:
        return cls()

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, _cog(interaction).on_review_start(interaction))


class StepCodeButton(discord.ui.DynamicItem[discord.ui.Button], template=STEP):
    def __init__(self, lesson_id: str, step: int) -> None:
        custom_id = f"{PREFIX}:rvstep:{lesson_id}:{step}"
        super().__init__(_button(custom_id, "Write the code", discord.ButtonStyle.primary))
        self.lesson_id, self.step = lesson_id, step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> StepCodeButton:
        return cls(match["lesson"], int(match["step"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(
            interaction, _cog(interaction).on_step_code(interaction, self.lesson_id, self.step)
        )


class ReviewRateButton(discord.ui.DynamicItem[discord.ui.Button], template=RATE):
    """Again / Hard / Good / Easy under a flashcard (its meaning shown as a spoiler)."""

    def __init__(self, lesson_id: str, index: int, rating: int) -> None:
        custom_id = f"{PREFIX}:rvfc:{lesson_id}:{index}:{rating}"
        style = discord.ButtonStyle.danger if rating == 1 else discord.ButtonStyle.primary
        super().__init__(_button(custom_id, RATING_LABELS[rating], style))
        self.lesson_id, self.index, self.rating = lesson_id, index, rating

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewRateButton:
        return cls(match["lesson"], int(match["index"]), int(match["rating"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        action = _cog(interaction).on_review_rate(
            interaction, self.lesson_id, self.index, self.rating
        )
        await guarded(interaction, action)


def _view(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


def answer_buttons(lesson_id: str, index: int, shown: int, question: Question) -> discord.ui.View:
    return _view(
        *(ReviewAnswerButton(lesson_id, index, shown, o) for o in range(len(question.options)))
    )


def start_button(label: str = "Start reviews") -> discord.ui.View:
    return _view(ReviewStartButton(label))


def step_button(lesson_id: str, step: int) -> discord.ui.View:
    return _view(StepCodeButton(lesson_id, step))


def rating_buttons(lesson_id: str, index: int) -> discord.ui.View:
    return _view(*(ReviewRateButton(lesson_id, index, rating) for rating in RATING_LABELS))


REVIEW_ITEMS = (ReviewAnswerButton, ReviewStartButton, StepCodeButton, ReviewRateButton)
