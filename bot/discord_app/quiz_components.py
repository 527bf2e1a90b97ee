"""Quiz buttons whose whole state is in their `custom_id`, so they work after a restart.

    stepwise:v1:daily:<post id>:<option>                       daily answer (public message)
    stepwise:v1:quiz:<lesson>:<question index>:<difficulty>:<option>[:<delivery>]   practice answer
    stepwise:v1:qnext:<lesson>:<question index>:<difficulty>   practice "Next question"
    stepwise:v1:test:<lesson>:<session>:<number>:<option>      test answer
    stepwise:v1:review:<lesson>:<session>                      test misses explained
    stepwise:v1:board:<daily|lessons>:<page>                   leaderboard paging

Each callback hands the parsed values to the cog that owns the feature (found on the bot),
so the buttons stay thin and the cogs stay testable through the real interaction path.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

import discord

from bot.core.content import Question, option_letter
from bot.discord_app.custom_ids import PREFIX
from bot.discord_app.custom_ids import checked as _checked
from bot.discord_app.errors import guarded
from bot.discord_app.sharing import POST_BOARD, post_board_id, post_button

if TYPE_CHECKING:
    from collections.abc import Awaitable

LESSON = r"(?P<lesson>[a-z0-9][a-z0-9-]{0,49})"
OPTION = r"(?P<option>[0-4])"
DAILY = rf"^{PREFIX}:daily:(?P<post>\d{{1,18}}):{OPTION}$"
DIFFICULTY = r"(?P<difficulty>easy|medium|hard|any)"
DELIVERY = r"(?::(?P<delivery>[0-9a-f]{6}))?"  # one showing of a question: one answer
PRACTICE = rf"^{PREFIX}:quiz:{LESSON}:(?P<index>\d{{1,3}}):{DIFFICULTY}:{OPTION}{DELIVERY}$"
PRACTICE_NEXT = rf"^{PREFIX}:qnext:{LESSON}:(?P<index>\d{{1,3}}):{DIFFICULTY}$"
TEST = rf"^{PREFIX}:test:{LESSON}:(?P<session>[a-z0-9]{{1,20}}):(?P<number>\d{{1,2}}):{OPTION}$"
REVIEW = rf"^{PREFIX}:review:{LESSON}:(?P<session>[a-z0-9]{{1,20}})$"
BOARD = rf"^{PREFIX}:board:(?P<kind>daily|lessons):(?P<page>\d{{1,5}})$"


class QuizHandlers(Protocol):
    async def on_practice_answer(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        index: int,
        difficulty: str | None,
        option: int,
        delivery: str = "",
    ) -> None: ...

    async def on_practice_next(
        self, interaction: discord.Interaction, lesson_id: str, index: int, difficulty: str | None
    ) -> None: ...

    async def on_test_answer(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        session: str,
        number: int,
        option: int,
    ) -> None: ...

    async def on_test_review(
        self, interaction: discord.Interaction, lesson_id: str, session: str
    ) -> None: ...


class DailyHandlers(Protocol):
    async def on_daily_answer(
        self, interaction: discord.Interaction, post_id: int, option: int
    ) -> None: ...


class BoardHandlers(Protocol):
    async def on_board_page(
        self, interaction: discord.Interaction, kind: str, page: int
    ) -> None: ...

    async def post_board(self, interaction: discord.Interaction, kind: str, page: int) -> None: ...


def _cog(interaction: discord.Interaction, name: str) -> Any:
    cog = interaction.client.get_cog(name)  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError(f"the {name} feature is not loaded")
    return cog


async def _run(interaction: discord.Interaction, action: Awaitable[None]) -> None:
    await guarded(interaction, action)


def _button(custom_id: str, label: str, style: discord.ButtonStyle, disabled: bool = False):
    return discord.ui.Button(
        label=label, style=style, custom_id=_checked(custom_id), disabled=disabled
    )


# --------------------------------------------------------------------------- daily


class DailyAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=DAILY):
    def __init__(self, post_id: int, option: int, style: discord.ButtonStyle) -> None:
        custom_id = f"{PREFIX}:daily:{post_id}:{option}"
        super().__init__(_button(custom_id, option_letter(option), style))
        self.post_id, self.option = post_id, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DailyAnswerButton:
        return cls(int(match["post"]), int(match["option"]), discord.ButtonStyle.primary)

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: DailyHandlers = _cog(interaction, "DailyCog")
        await _run(interaction, cog.on_daily_answer(interaction, self.post_id, self.option))


def daily_buttons(post_id: int, question: Question, revealed: bool = False) -> discord.ui.View:
    """A–E under the daily post; after the reveal the right one turns green."""
    view = discord.ui.View(timeout=None)
    for i in range(len(question.options)):
        style = discord.ButtonStyle.primary
        if revealed:
            right = i == question.correct_index
            style = discord.ButtonStyle.success if right else discord.ButtonStyle.secondary
        view.add_item(DailyAnswerButton(post_id, i, style))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


# --------------------------------------------------------------------------- practice and test


class PracticeAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=PRACTICE):
    def __init__(
        self,
        lesson_id: str,
        index: int,
        difficulty: str | None,
        option: int,
        delivery: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
        disabled: bool = False,
    ) -> None:
        custom_id = f"{PREFIX}:quiz:{lesson_id}:{index}:{difficulty or 'any'}:{option}"
        custom_id += f":{delivery}" if delivery else ""
        super().__init__(_button(custom_id, option_letter(option), style, disabled))
        self.lesson_id, self.index, self.option = lesson_id, index, option
        self.difficulty, self.delivery = difficulty, delivery

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PracticeAnswerButton:
        difficulty = None if match["difficulty"] == "any" else match["difficulty"]
        return cls(
            match["lesson"],
            int(match["index"]),
            difficulty,
            int(match["option"]),
            match["delivery"] or "",
        )

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: QuizHandlers = _cog(interaction, "QuizCog")
        action = cog.on_practice_answer(
            interaction, self.lesson_id, self.index, self.difficulty, self.option, self.delivery
        )
        await _run(interaction, action)


class PracticeNextButton(discord.ui.DynamicItem[discord.ui.Button], template=PRACTICE_NEXT):
    def __init__(self, lesson_id: str, index: int, difficulty: str | None) -> None:
        custom_id = f"{PREFIX}:qnext:{lesson_id}:{index}:{difficulty or 'any'}"
        super().__init__(_button(custom_id, "Next question", discord.ButtonStyle.success))
        self.lesson_id, self.index, self.difficulty = lesson_id, index, difficulty

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PracticeNextButton:
        difficulty = None if match["difficulty"] == "any" else match["difficulty"]
        return cls(match["lesson"], int(match["index"]), difficulty)

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: QuizHandlers = _cog(interaction, "QuizCog")
        action = cog.on_practice_next(interaction, self.lesson_id, self.index, self.difficulty)
        await _run(interaction, action)


class TestAnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=TEST):
    def __init__(self, lesson_id: str, session: str, number: int, option: int) -> None:
        custom_id = f"{PREFIX}:test:{lesson_id}:{session}:{number}:{option}"
        super().__init__(_button(custom_id, option_letter(option), discord.ButtonStyle.primary))
        self.lesson_id, self.session, self.number, self.option = lesson_id, session, number, option

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TestAnswerButton:
        return cls(match["lesson"], match["session"], int(match["number"]), int(match["option"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: QuizHandlers = _cog(interaction, "QuizCog")
        action = cog.on_test_answer(
            interaction, self.lesson_id, self.session, self.number, self.option
        )
        await _run(interaction, action)


def practice_buttons(
    lesson_id: str,
    index: int,
    question: Question,
    difficulty: str | None = None,
    delivery: str = "",
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in range(len(question.options)):
        view.add_item(PracticeAnswerButton(lesson_id, index, difficulty, option, delivery))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


def answered_buttons(
    lesson_id: str,
    index: int,
    question: Question,
    difficulty: str | None,
    delivery: str,
    chosen: int,
) -> discord.ui.View:
    """After the one answer: options disabled, the right one green, a wrong choice red,
    and Next question."""
    view = discord.ui.View(timeout=None)
    for option in range(len(question.options)):
        style = discord.ButtonStyle.secondary
        if option == question.correct_index:
            style = discord.ButtonStyle.success
        elif option == chosen:
            style = discord.ButtonStyle.danger
        button = PracticeAnswerButton(lesson_id, index, difficulty, option, delivery, style, True)
        view.add_item(button)
    view.add_item(PracticeNextButton(lesson_id, index, difficulty))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


def next_button(lesson_id: str, index: int, difficulty: str | None) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PracticeNextButton(lesson_id, index, difficulty))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


def test_buttons(lesson_id: str, session: str, number: int, question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for option in range(len(question.options)):
        view.add_item(TestAnswerButton(lesson_id, session, number, option))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button], template=REVIEW):
    """Under a test's score card: each miss in full, for whoever took the test."""

    def __init__(self, lesson_id: str, session: str) -> None:
        custom_id = f"{PREFIX}:review:{lesson_id}:{session}"
        super().__init__(_button(custom_id, "Review", discord.ButtonStyle.primary))
        self.lesson_id, self.session = lesson_id, session

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        return cls(match["lesson"], match["session"])

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: QuizHandlers = _cog(interaction, "QuizCog")
        await _run(interaction, cog.on_test_review(interaction, self.lesson_id, self.session))


def review_button(lesson_id: str, session: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton(lesson_id, session))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


# --------------------------------------------------------------------------- leaderboard


class BoardPageButton(discord.ui.DynamicItem[discord.ui.Button], template=BOARD):
    def __init__(self, kind: str, page: int, label: str, disabled: bool = False) -> None:
        custom_id = f"{PREFIX}:board:{kind}:{page}"
        super().__init__(_button(custom_id, label, discord.ButtonStyle.secondary, disabled))
        self.kind, self.page = kind, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> BoardPageButton:
        return cls(match["kind"], int(match["page"]), "page")

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: BoardHandlers = _cog(interaction, "LeaderboardCog")
        await _run(interaction, cog.on_board_page(interaction, self.kind, self.page))


class PostBoardButton(discord.ui.DynamicItem[discord.ui.Button], template=POST_BOARD):
    """Post to channel, under a leaderboard page: that page, in public."""

    def __init__(self, kind: str, page: int) -> None:
        super().__init__(post_button(post_board_id(kind, page)))
        self.kind, self.page = kind, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PostBoardButton:
        return cls(match["kind"], int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        cog: BoardHandlers = _cog(interaction, "LeaderboardCog")
        await _run(interaction, cog.post_board(interaction, self.kind, self.page))


def board_buttons(
    kind: str, page: int, pages: int, postable: bool = True
) -> discord.ui.View | None:
    """Paging when there is more than one page; Post to channel when `postable`."""
    if pages <= 1 and not postable:
        return None
    view = discord.ui.View(timeout=None)
    if pages > 1:
        # Two buttons may not share a custom_id: at an edge the disabled one names this page.
        previous = max(page - 1, 0)
        following = min(page + 1, pages - 1)
        view.add_item(BoardPageButton(kind, previous, "◀ Previous", disabled=page == 0))
        view.add_item(BoardPageButton(kind, following, "Next ▶", disabled=page + 1 >= pages))
    if postable:
        view.add_item(PostBoardButton(kind, page))
    view.stop()  # routed by custom_id: nothing to keep in memory per message
    return view


QUIZ_ITEMS = (PracticeAnswerButton, PracticeNextButton, TestAnswerButton, ReviewButton)
DAILY_ITEMS = (DailyAnswerButton,)
BOARD_ITEMS = (BoardPageButton, PostBoardButton)
