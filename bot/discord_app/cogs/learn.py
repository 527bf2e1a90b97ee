"""/learn lesson: the lesson card and its ten learning modes.

The card (scenario, goal, what you'll learn, why it matters, progress per mode) carries a
Select of the ten modes and two ways in. Guided steps, practice and the test are the
existing flows (`LessonFlow`, `QuizCog`); the other modes are played here, one item per
message edit, through `bot.core.modes.ModeDesk`, which saves after every action so a
learner can leave at any point and resume. Replies are private in servers, plain in DMs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.content import Lesson
from bot.core.modes import MODE_IDS, MODES, ModeDesk, ModeView, UnknownMode, item_ids, missing_modes
from bot.core.ports import TutorError
from bot.discord_app import learn_components as lc
from bot.discord_app import learn_ids as ids
from bot.discord_app import learn_render, mode_play
from bot.discord_app import mode_render as mr
from bot.discord_app.components import code_modal, modal_value
from bot.discord_app.errors import guarded
from bot.discord_app.escape import plain
from bot.discord_app.options import LessonName, clean_text
from bot.discord_app.render import Reply, notice
from bot.discord_app.replies import acknowledge, edit, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

BOX = re.compile(ids.BOX)
CHANGED = "This item is no longer in the lesson (it was updated). Open the mode again from /learn."


def mode_options(lesson_missing: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(id, title, one-line description) per mode, for the chooser."""
    options = []
    for info in MODES:
        description = info.description
        if info.id in lesson_missing:
            description = "Not written for this lesson yet"
        options.append((info.id, info.title, description))
    return options


class LearnCog(commands.Cog):
    def __init__(self, bot: TutorBot, desk: ModeDesk) -> None:
        self.bot = bot
        self.desk = desk
        self.engine = bot.flow.engine
        self.attempts = mode_play.LastAttempts()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*lc.LEARN_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*lc.LEARN_ITEMS)

    def chooser(self, owner: int, lesson_id: str) -> lc.ModeSelect:
        """The mode Select alone (under `/lesson start`'s step)."""
        lesson = self.engine.lesson(lesson_id)
        return lc.chooser_only(owner, lesson_id, mode_options(missing_modes(lesson)))

    # ------------------------------------------------------------------ the card

    @app_commands.command(name="learn", description="A lesson's card: ten ways to learn it")
    @app_commands.describe(lesson="Lesson id or title")
    async def learn(self, interaction: discord.Interaction, lesson: LessonName) -> None:
        await self.show_card(interaction, lesson)

    async def show_card(self, interaction: discord.Interaction, lesson_id: str) -> None:
        await acknowledge(interaction)
        owner = interaction.user.id
        card = await self.desk.card(learner_id(interaction.user), lesson_id)
        options = mode_options(missing_modes(card.lesson))
        view = lc.card_view(owner, card.lesson.id, options)
        await send(interaction, learn_render.card_reply(card), view=view)

    # ------------------------------------------------------------------ entering a mode

    async def on_choose(
        self, interaction: discord.Interaction, lesson_id: str, chosen: str
    ) -> None:
        if chosen not in MODE_IDS:  # a value no client offers: named, escaped, refused
            raise UnknownMode(plain(clean_text(chosen)[:40]))
        await self.open_mode(interaction, lesson_id, chosen, None)

    async def on_open(
        self, interaction: discord.Interaction, lesson_id: str, target: str, index: int | None
    ) -> None:
        if target == ids.CARD:
            await self.show_card(interaction, lesson_id)
            return
        if target == ids.JUMP:  # concepts first; once they are done, on into practice
            await acknowledge(interaction)
            lesson = self.engine.lesson(lesson_id)
            concepts = await self.desk.current(learner_id(interaction.user), lesson.id, "concepts")
            done = "concepts" in missing_modes(lesson) or concepts.finished
            target = "practice" if done else "concepts"
        item = None
        if index is not None:
            found = item_ids(self.engine.lesson(lesson_id), target)
            if not 0 <= index < len(found):
                raise TutorError(CHANGED)
            item = found[index]
        await self.open_mode(interaction, lesson_id, target, item)

    async def open_mode(
        self, interaction: discord.Interaction, lesson_id: str, chosen: str, item: str | None
    ) -> None:
        """A new message with the mode, where the learner stopped (or at `item`)."""
        await acknowledge(interaction)
        owner, learner = interaction.user.id, learner_id(interaction.user)
        view = await self.desk.enter(learner, lesson_id, chosen, item)  # records the visit
        lesson = view.lesson
        if chosen == "steps" and item is None:
            await self.bot.flow.start(interaction, lesson.id)
        elif chosen == "steps":  # a plan's step, to practise even in a finished lesson
            reply, buttons = mode_play.present(owner, view)
            await send(interaction, reply, view=buttons)
        elif chosen in ("practice", "test"):
            quiz = self.bot.get_cog("QuizCog")
            if quiz is None:
                raise TutorError("Practice and tests are switched off on this bot.")
            opener = quiz.open_practice if chosen == "practice" else quiz.open_test  # type: ignore[attr-defined]
            await opener(interaction, lesson.id)
        elif chosen == "cheatsheet":
            markdown = await self.desk.open_cheatsheet(learner, lesson.id)
            reply = mr.cheatsheet_reply(lesson, lesson.modes.cheatsheet, markdown)  # type: ignore[arg-type]
            await send(interaction, reply, view=lc.finished_view(owner, lesson.id, chosen))
        else:
            reply, buttons = self.showing(owner, view)
            await send(interaction, reply, view=buttons)

    def showing(self, owner: int, view: ModeView) -> tuple[Reply, discord.ui.View]:
        """The message for a `ModeView`: its item, or the end of the mode."""
        if not view.finished:
            return mode_play.present(owner, view)
        reply = mr.finished_reply(view.lesson, view.mode.title, view.done, view.right, view.wrong)
        return reply, lc.finished_view(owner, view.lesson.id, view.mode.id)

    # ------------------------------------------------------------------ acting on an item

    async def on_act(
        self, interaction: discord.Interaction, lesson_id: str, chosen: str, index: int, act: str
    ) -> None:
        lesson = self.engine.lesson(lesson_id)
        owner = interaction.user.id
        if act == "w":  # the code box must be Discord's first answer: no awaits before it
            await self.open_box(interaction, lesson, chosen, index)
            return
        await acknowledge(interaction, update=True)
        learner = learner_id(interaction.user)
        found = item_ids(lesson, chosen)
        if not 0 <= index < len(found):
            raise TutorError(CHANGED)
        if act.startswith("a"):
            choice = int(act[1:])
            result = await self.desk.choose(learner, lesson.id, chosen, found[index], choice)
            reply, buttons = mode_play.answered(
                owner, lesson, chosen, index, len(found), choice, result.correct_index
            )
            await edit(interaction, reply, view=buttons)
            return
        if act == "f":
            view = await self.desk.flip(learner, lesson.id, found[index])
            reply = mr.flashcard_reply(lesson, view.item, index, view.total, flipped=True)
            await edit(interaction, reply, view=lc.rating_view(owner, lesson.id, index))
            return
        if act in ids.RATINGS:
            view = (await self.desk.rate(learner, lesson.id, found[index], ids.RATINGS[act])).next
        elif act == "s":
            view = await self.desk.skip(learner, lesson.id, chosen)
        else:  # "n": wherever the desk says the learner is now
            view = await self.desk.current(learner, lesson.id, chosen)
        reply, buttons = self.showing(owner, view)
        await edit(interaction, reply, view=buttons)

    async def open_box(
        self, interaction: discord.Interaction, lesson: Lesson, chosen: str, index: int
    ) -> None:
        """The code box of a fix item (its broken code, or the learner's last try), a fill
        item (one field per blank) or a plan's step (its starter)."""
        owner = interaction.user.id
        try:
            item = mode_play.item_at(lesson, chosen, index)
        except (IndexError, KeyError):
            raise TutorError(CHANGED) from None
        custom_id = ids.box_id(owner, lesson.id, chosen, index)
        if chosen == "fill":
            title = f"Fill the blanks — step {item.step}"
            await interaction.response.send_modal(mode_play.fill_modal(title, custom_id, item))
            return
        if chosen == "steps":
            title, default = f"Practise step {index + 1}", item.starter
        else:
            title, default = f"Fix the bug — step {item.step}", item.broken
        prefill = self.attempts.get(owner, lesson.id, chosen, index, default)
        await interaction.response.send_modal(code_modal(title, custom_id, prefill))

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data = interaction.data or {}
        match = BOX.match(str(data.get("custom_id", "")))
        if match is None:
            return
        if int(match["owner"]) != interaction.user.id:
            await guarded(interaction, send(interaction, notice(lc.FOREIGN), ephemeral=True))
            return
        chosen = ids.MODES_BY_CODE[match["mode"]]
        action = self.check_code(interaction, match["lesson"], chosen, int(match["index"]), data)
        await guarded(interaction, action)

    async def check_code(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        chosen: str,
        index: int,
        data: dict[str, Any],
    ) -> None:
        """A fix, a filled template or a practised step through the step's checks, in the
        sandbox; the verdict reads like a step's."""
        await acknowledge(interaction)
        lesson = self.engine.lesson(lesson_id)
        owner, learner = interaction.user.id, learner_id(interaction.user)
        try:
            item = mode_play.item_at(lesson, chosen, index)
        except IndexError:
            raise TutorError(CHANGED) from None
        if chosen == "fill":
            count = mode_play.blanks(item)
            answers = tuple(clean_text(modal_value(data, f"b{n}")) for n in range(1, count + 1))
            result = await self.desk.submit_fill(learner, lesson.id, item.id, answers)
            note = "" if result.passed else "Compare each blank with the worked example above."
            reply = mr.code_verdict(result.run, result.passed, item.step, lesson, "Filled", note)
            view = lc.code_view(
                owner, lesson.id, chosen, index, mode_play.FILL_LABEL, result.passed
            )
            await send(interaction, reply, view=view)
            return
        code = clean_text(modal_value(data))
        if chosen == "steps":  # a plan's step: checked like the step, recorded nowhere
            run = await self.engine.check_step(learner, lesson.id, index + 1, code)
            passed, step, title, note = run.passed, index + 1, "Practised", ""
        else:
            result = await self.desk.submit_fix(learner, lesson.id, item.id, code)
            run, passed, step, title = result.run, result.passed, item.step, "Fixed"
            note = f"The bug: {item.bug}" if passed else f"Hint: {item.hint}"
        if passed:
            self.attempts.forget(owner, lesson.id, chosen, index)
        else:
            self.attempts.remember(owner, lesson.id, chosen, index, code)
        reply = mr.code_verdict(run, passed, step, lesson, title, note)
        if chosen == "steps" and passed:
            view = lc.finished_view(owner, lesson.id, chosen)
        else:
            label = mode_play.STEP_LABEL if chosen == "steps" else mode_play.FIX_LABEL
            view = lc.code_view(owner, lesson.id, chosen, index, label, passed)
        await send(interaction, reply, view=view)
