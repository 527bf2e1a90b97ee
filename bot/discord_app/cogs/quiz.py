"""/quiz practice and /quiz test: multiple choice with buttons, answered privately.

Practice gives feedback after every click (right answer, step-by-step explanation, common
mistakes, quick check) and a "Next question" button; the engine brings missed questions
back first, and without a difficulty the level follows the learner's record (adaptive).
A test shows ten questions balanced over difficulties with no feedback, then
a score card reviewing each miss. Answers are stored by the engine.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.content import Lesson, Question, option_letter
from bot.core.modes import item_ids
from bot.core.ports import TutorError, UnknownQuestion
from bot.core.quiz import TestReport
from bot.discord_app import learn_render, quiz_render
from bot.discord_app.learn_components import layout, plan_items
from bot.discord_app.options import LessonName, Level
from bot.discord_app.quiz_components import (
    QUIZ_ITEMS,
    ReviewButton,
    answered_buttons,
    next_button,
    practice_buttons,
    test_buttons,
)
from bot.discord_app.render import Reply, notice
from bot.discord_app.replies import edit, learner_id, send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


def question_at(lesson: Lesson, index: int) -> Question:
    """The question a button points at (by position: ids may be too long for a custom_id)."""
    if not 0 <= index < len(lesson.questions):
        raise TutorError("That question is no longer in the lesson. Start again with /quiz.")
    return lesson.questions[index]


def plan_targets(lesson: Lesson, plan: Any) -> list[tuple[str, int | None, str]]:
    """(mode, item index, label) per plan entry whose item the lesson still has."""
    targets = []
    for entry in plan:
        found = item_ids(lesson, entry.mode)
        if entry.item in found:
            targets.append((entry.mode, found.index(entry.item), entry.label))
    return targets


class QuizCog(commands.Cog):
    quiz = app_commands.Group(name="quiz", description="Multiple-choice practice and tests")

    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        self.engine = bot.flow.engine

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*QUIZ_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*QUIZ_ITEMS)

    # ------------------------------------------------------------------ practice

    @quiz.command(name="practice", description="One question at a time, with explanations")
    @app_commands.describe(
        lesson="Lesson to practise (default: the one you are working on)",
        difficulty="Only questions of this difficulty",
    )
    async def practice(
        self,
        interaction: discord.Interaction,
        lesson: LessonName | None = None,
        difficulty: Level | None = None,
    ) -> None:
        await self._send_practice(interaction, lesson, difficulty, after=None, replace=False)

    async def open_practice(self, interaction: discord.Interaction, lesson_id: str) -> None:
        """Practice from the lesson card (/learn): adaptive, like `/quiz practice`."""
        await self._send_practice(interaction, lesson_id, None, after=None, replace=False)

    async def _send_practice(
        self,
        interaction: discord.Interaction,
        lesson_id: str | None,
        difficulty: str | None,
        after: str | None,
        replace: bool,
    ) -> None:
        learner = learner_id(interaction.user)
        question = await self.engine.practice_question(
            learner, lesson_id, difficulty, after, adaptive=difficulty is None
        )
        lesson = self.engine.lesson(question.lesson_id or lesson_id or "")
        index = next(i for i, q in enumerate(lesson.questions) if q.id == question.id)
        reply = quiz_render.practice_reply(question, lesson.title)
        delivery = secrets.token_hex(3)  # this showing of the question takes one answer
        view = practice_buttons(lesson.id, index, question, difficulty, delivery)
        if replace:
            await edit(interaction, reply, view=view)
        else:
            await send(interaction, reply, view=view)

    async def on_practice_answer(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        index: int,
        difficulty: str | None,
        option: int,
        delivery: str = "",
    ) -> None:
        """One answer per showing: the question message becomes its answer (edited in place,
        buttons disabled); a second click, from a stale client, changes nothing."""
        lesson = self.engine.lesson(lesson_id)
        question = question_at(lesson, index)
        learner = learner_id(interaction.user)
        feedback = await self.engine.answer(
            learner, lesson.id, question.id, option, session=delivery
        )
        if feedback.repeated:
            text = (
                f"You already answered this question ({option_letter(feedback.choice)}); the "
                "first answer counts. Press **Next question** for another."
            )
            await send(interaction, notice(text), ephemeral=True)
            return
        if not delivery:  # a question shown before answers were tied to it: answer below
            view = next_button(lesson.id, index, difficulty)
            await send(interaction, quiz_render.feedback_reply(feedback), view=view)
            return
        reply = quiz_render.answered_reply(feedback.question, lesson.title, feedback)
        view = answered_buttons(lesson.id, index, feedback.question, difficulty, delivery, option)
        await edit(interaction, reply, view=view)

    async def on_practice_next(
        self, interaction: discord.Interaction, lesson_id: str, index: int, difficulty: str | None
    ) -> None:
        lesson = self.engine.lesson(lesson_id)
        after = question_at(lesson, index).id
        await self._send_practice(interaction, lesson.id, difficulty, after, replace=True)

    # ------------------------------------------------------------------ test

    @quiz.command(name="test", description="10 questions across difficulties, scored at the end")
    @app_commands.describe(lesson="Lesson to be tested on")
    async def test(self, interaction: discord.Interaction, lesson: LessonName) -> None:
        await self.open_test(interaction, lesson)

    async def open_test(self, interaction: discord.Interaction, lesson: str) -> None:
        """The first question of a new test (`/quiz test`, and the lesson card's button)."""
        session = await self.engine.start_test(learner_id(interaction.user), lesson)
        question = session.questions[0]
        reply = quiz_render.test_question_reply(question, 1, session.total, session.lesson.title)
        view = test_buttons(session.lesson.id, session.id, 1, question)
        await send(interaction, reply, view=view)

    async def on_test_answer(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        session_id: str,
        number: int,
        option: int,
    ) -> None:
        learner = learner_id(interaction.user)
        session = await self.engine.test_session(learner, lesson_id, session_id)
        if not 1 <= number <= session.total:
            raise UnknownQuestion(lesson_id, f"#{number}")
        question = session.questions[number - 1]
        session = await self.engine.answer_test(learner, lesson_id, session_id, question.id, option)
        upcoming = session.next_question
        if upcoming is None:
            report = await self.engine.finish_test(learner, lesson_id, session_id)
            reply, view = await self.scored(report, learner, interaction.user.id)
            await edit(interaction, reply, view=view)
            return
        position = session.questions.index(upcoming) + 1
        reply = quiz_render.test_question_reply(
            upcoming, position, session.total, session.lesson.title
        )
        await edit(interaction, reply, view=test_buttons(lesson_id, session.id, position, upcoming))

    async def scored(
        self, report: TestReport, learner: str, owner: int
    ) -> tuple[Reply, discord.ui.View | None]:
        """The score card; with the learning modes, the verdict per topic and difficulty
        and a plan whose buttons open the mode (concept card, step) for each missed topic."""
        reply = quiz_render.score_card(report)
        review = [ReviewButton(report.lesson.id, report.session_id)] if report.misses else []
        desk = getattr(self.bot.services, "modes", None)
        if desk is None or self.bot.get_cog("LearnCog") is None:
            return reply, layout(*review) if review else None
        card = await desk.test_score(learner, report.lesson.id, report.session_id)
        verdict = learn_render.score_embed(card)
        plan = plan_items(owner, report.lesson.id, plan_targets(report.lesson, card.plan))
        view = layout(*review, *plan) if review or plan else None
        return Reply(embeds=(*reply.embeds, verdict)), view

    async def on_test_review(
        self, interaction: discord.Interaction, lesson_id: str, session_id: str
    ) -> None:
        """Review: the misses of a finished test, rebuilt from the stored answers."""
        report = await self.engine.finish_test(learner_id(interaction.user), lesson_id, session_id)
        await send(interaction, quiz_render.review_reply(report))
