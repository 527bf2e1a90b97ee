"""What each learner action does on Discord: one engine call, then render and send.

Slash commands, buttons, code boxes and DM messages all end up here, so a button and the
command it mirrors behave the same. Every action acknowledges before it touches the
database or the sandbox (Discord wants an answer within 3 s, whatever the load); the one
exception is the code box, which must be the first response: its prefill is read within a
time budget (see `prefill.py`).
"""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.core.content import next_in_track
from bot.core.lessons import Submission, TutorEngine
from bot.core.ports import CodeExecutor, NotYourSession, Program, RunJob
from bot.discord_app import components, render
from bot.discord_app.codeblocks import code_from_input, fenced_code
from bot.discord_app.errors import guarded, report, report_in_channel
from bot.discord_app.prefill import Prefills
from bot.discord_app.replies import acknowledge, edit, learner_id, send, send_to_channel

log = logging.getLogger(__name__)

BUSY_BOX = "I'm very busy right now: press Submit code on your step message, or try again."


def age(interaction: discord.Interaction) -> float:
    """Seconds since Discord created the interaction (its id encodes the time)."""
    return (discord.utils.utcnow() - interaction.created_at).total_seconds()


class LessonFlow:
    def __init__(self, engine: TutorEngine, executor: CodeExecutor) -> None:
        self.engine = engine
        self.executor = executor
        self.prefills = Prefills(engine)

    # ------------------------------------------------------------------ steps

    async def start(self, interaction: discord.Interaction, lesson_id: str) -> None:
        user = interaction.user
        await acknowledge(interaction)
        view = await self.engine.start(learner_id(user), lesson_id, user.display_name)
        buttons = components.step_buttons(view, user.id)
        if view.completed:  # a finished lesson points on to the next one of its track
            following = next_in_track(self.engine.lessons(), view.lesson_id)
            buttons = components.next_lesson_button(following, user.id)
        await send(interaction, render.step_reply(view), view=buttons)
        self.prefills.warm(learner_id(user), view.lesson_id)

    async def show_current(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None:
        await acknowledge(interaction)
        view = await self.engine.current(learner_id(interaction.user), lesson_id)
        buttons = components.step_buttons(view, interaction.user.id)
        await send(interaction, render.step_reply(view), view=buttons)
        self.prefills.warm(learner_id(interaction.user), view.lesson_id)

    async def next_step(self, interaction: discord.Interaction, lesson_id: str) -> None:
        """The Next step button: the message becomes the next step (no new message)."""
        await acknowledge(interaction, update=True)
        view = await self.engine.current(learner_id(interaction.user), lesson_id)
        await edit(
            interaction,
            render.step_reply(view),
            view=components.step_buttons(view, interaction.user.id),
        )

    async def hint(self, interaction: discord.Interaction, lesson_id: str | None = None) -> None:
        await acknowledge(interaction)
        hint = await self.engine.hint(learner_id(interaction.user), lesson_id)
        await send(interaction, render.hint_reply(hint))

    async def solution(
        self, interaction: discord.Interaction, lesson_id: str | None = None, give_up: bool = False
    ) -> None:
        await acknowledge(interaction)
        solution = await self.engine.solution(learner_id(interaction.user), lesson_id, give_up)
        await send(interaction, render.solution_reply(solution))

    async def reset(self, interaction: discord.Interaction, lesson_id: str | None) -> None:
        learner = learner_id(interaction.user)
        await acknowledge(interaction)
        if lesson_id is None:
            lesson_id = (await self.engine.current(learner)).lesson_id
        view = await self.engine.reset(learner, lesson_id)
        self.prefills.forget(learner, lesson_id)
        self.prefills.warm(learner, lesson_id)
        reply = render.step_reply(view)
        reply = render.Reply(content="Lesson reset: you're back at step 1.", embeds=reply.embeds)
        await send(interaction, reply, view=components.step_buttons(view, interaction.user.id))

    # ------------------------------------------------------------------ code

    async def submit(self, learner: str, lesson_id: str | None, code: str) -> Submission:
        """Run the engine's check and keep the code box's prefill in step with it."""
        submission = await self.engine.submit(learner, lesson_id, code)
        if submission.passed:
            self.prefills.forget(learner, submission.view.lesson_id)
            if not submission.completed:
                self.prefills.warm(learner, submission.view.lesson_id)
        else:
            self.prefills.remember(learner, submission.view.lesson_id, code)
        return submission

    async def open_code_box(
        self, interaction: discord.Interaction, lesson_id: str | None = None
    ) -> None:
        """The code modal, prefilled with the last attempt. It must be the first response."""
        learner = learner_id(interaction.user)
        if lesson_id is None:  # /submit: the lesson the learner touched last
            current = asyncio.create_task(self.engine.current(learner))
            done, _ = await asyncio.wait({current}, timeout=self.prefills.budget(age(interaction)))
            if current not in done:
                current.add_done_callback(lambda task: task.exception())  # retrieved, ignored
                await send(interaction, render.notice(BUSY_BOX), ephemeral=True)
                return
            lesson_id = current.result().lesson_id
        prefill = await self.prefills.code_for(learner, lesson_id, age(interaction))
        title = f"Your code — {self.engine.lesson(lesson_id).title}"
        modal_id = components.code_modal_id(lesson_id, interaction.user.id)
        await interaction.response.send_modal(components.code_modal(title, modal_id, prefill))

    async def on_modal(self, interaction: discord.Interaction) -> bool:
        """Route a code-box submission by its custom_id; False if it is not ours."""
        data = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        code = code_from_input(components.modal_value(data))  # type: ignore[arg-type]
        if match := components.CODE_MODAL.match(custom_id):
            if int(match["owner"]) != interaction.user.id:
                await guarded(
                    interaction, send(interaction, render.notice(NotYourSession().message))
                )
                return True
            await self.evaluate(interaction, match["lesson"], code)
            return True
        if components.RUN_MODAL.match(custom_id):
            await self.run_free(interaction, code)
            return True
        return False

    async def evaluate(
        self, interaction: discord.Interaction, lesson_id: str | None, code: str
    ) -> None:
        """Check `code` against the learner's current step and show the verdict."""
        try:
            await acknowledge(interaction)
            submission = await self.submit(learner_id(interaction.user), lesson_id, code)
            buttons = components.verdict_buttons(submission, interaction.user.id)
            await send(interaction, render.verdict_reply(submission), view=buttons)
        except Exception as error:
            await report(interaction, error)

    async def run_free(self, interaction: discord.Interaction, code: str) -> None:
        """/run: any code through the sandbox, no lesson involved."""
        try:
            await acknowledge(interaction)
            result = await self.executor.run(RunJob(programs=(Program("your code", code),)))
            await send(interaction, render.sandbox_reply(result))
        except Exception as error:
            await report(interaction, error)

    async def open_run_box(self, interaction: discord.Interaction) -> None:
        modal_id = components.run_modal_id(interaction.user.id)
        await interaction.response.send_modal(
            components.code_modal("Run Python code", modal_id, "")
        )

    # ------------------------------------------------------------------ DM study sessions

    async def on_direct_message(self, message: discord.Message) -> None:
        """A ```py block pasted in the bot's DM is checked against the learner's current step."""
        code = fenced_code(message.content)
        if code is None:
            return
        try:
            async with message.channel.typing():
                submission = await self.submit(learner_id(message.author), None, code)
            buttons = components.verdict_buttons(submission, message.author.id)
            await send_to_channel(
                message.channel, render.verdict_reply(submission), view=buttons, reference=message
            )
        except Exception as error:
            await report_in_channel(message.channel, error, "direct message")
