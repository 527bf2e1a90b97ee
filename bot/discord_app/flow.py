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
from bot.core.lessons import Submission, TutorEngine, clean_source
from bot.core.ports import (
    CodeExecutor,
    ExecutorBusy,
    NotYourSession,
    Program,
    RunJob,
    TutorError,
    listening,
)
from bot.discord_app import components, render
from bot.discord_app.codeblocks import bare_code, fenced_code
from bot.discord_app.custom_ids import Action
from bot.discord_app.errors import guarded, report, report_in_channel
from bot.discord_app.options import clean_text
from bot.discord_app.prefill import Prefills
from bot.discord_app.replies import (
    acknowledge,
    edit,
    in_own_dm,
    learner_id,
    send,
    send_to_channel,
)
from bot.discord_app.run_gate import RunGate
from bot.discord_app.sharing import PostCooldown, RecentRun, RecentRuns
from bot.discord_app.waiting import QueuedNotices, busy_reply, kept_code
from bot.discord_app.way_on import HOW_TO_DM

log = logging.getLogger(__name__)

RUN_COOLDOWN_SECONDS = 5.0  # between two /run submissions of one member
BUSY_BOX = "I'm very busy right now: press Submit code on your step message, or try again."
RETRY_GONE = "That code is no longer on this message: press Submit code on your step message."


def age(interaction: discord.Interaction) -> float:
    """Seconds since Discord created the interaction (its id encodes the time)."""
    return (discord.utils.utcnow() - interaction.created_at).total_seconds()


class LessonFlow:
    def __init__(self, engine: TutorEngine, executor: CodeExecutor) -> None:
        self.engine = engine
        self.executor = executor
        self.prefills = Prefills(engine)
        self.run_gate = RunGate(RUN_COOLDOWN_SECONDS)
        self.recent_runs = RecentRuns()
        self.post_cooldown = PostCooldown()

    # ------------------------------------------------------------------ steps

    async def start(
        self,
        interaction: discord.Interaction,
        lesson_id: str,
        chooser: discord.ui.Item | None = None,
    ) -> None:
        """The learner's step of the lesson; `chooser` (the lesson card's Select of
        learning modes, from `/lesson start`) goes under its buttons."""
        user = interaction.user
        await acknowledge(interaction)
        view = await self.engine.start(learner_id(user), lesson_id, user.display_name)
        buttons = components.step_buttons(view, user.id)
        if view.completed:  # a finished lesson points on to the next one of its track
            following = next_in_track(self.engine.lessons(), view.lesson_id)
            buttons = components.next_lesson_button(following, user.id)
        if chooser is not None:
            buttons = buttons or components.layout()
            buttons.add_item(chooser)
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
        skip = components.StepButton(Action.SKIP, solution.lesson_id, interaction.user.id)
        await send(interaction, render.solution_reply(solution), view=components.layout(skip))

    async def give_up(self, interaction: discord.Interaction, lesson_id: str) -> None:
        """ "Show solution now": the solution before it unlocks, recorded as a give-up."""
        await self.solution(interaction, lesson_id, give_up=True)

    async def skip(self, interaction: discord.Interaction, lesson_id: str | None = None) -> None:
        """Skip step: move on (recorded as skipped); later steps build on its reference code."""
        learner = learner_id(interaction.user)
        await acknowledge(interaction)
        view = await self.engine.skip(learner, lesson_id)
        self.prefills.forget(learner, view.lesson_id)
        self.prefills.warm(learner, view.lesson_id)
        reply = render.step_reply(view)
        reply = render.Reply(content="Step skipped.", embeds=reply.embeds)
        await send(interaction, reply, view=components.step_buttons(view, interaction.user.id))

    async def share(self, interaction: discord.Interaction, lesson_id: str) -> None:
        """Share 🎉: one public line about a finished lesson, only when its owner clicks."""
        view = await self.engine.current(learner_id(interaction.user), lesson_id)
        if not view.completed:
            raise TutorError("Share opens once you have completed the lesson.")
        self.post_cooldown.take(interaction.user.id)
        reply = render.share_reply(interaction.user.display_name, view.lesson.title, view.total)
        await send(interaction, reply, ephemeral=False)

    async def post_run(self, interaction: discord.Interaction, token: str, owner: int) -> None:
        """Post to channel under a /run result: the code and what it printed, in public."""
        if owner != interaction.user.id:
            raise NotYourSession()
        run = self.recent_runs.get(token)
        self.post_cooldown.take(interaction.user.id)
        reply = render.posted_run_reply(interaction.user.display_name, run.code, run.result)
        await send(interaction, reply, ephemeral=False)

    async def browse(self, interaction: discord.Interaction) -> None:
        """Browse lessons: the catalog with the clicker's progress in each."""
        await acknowledge(interaction)
        summary = await self.engine.summary(learner_id(interaction.user))
        await send(interaction, render.lessons_reply(self.engine.lessons(), summary))

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

    async def submit(
        self, learner: str, lesson_id: str | None, code: str, version: str = ""
    ) -> Submission:
        """Run the engine's check and keep the code box's prefill in step with it."""
        submission = await self.engine.submit(learner, lesson_id, code, version or None)
        if submission.stale:
            self.prefills.forget(learner, submission.view.lesson_id)
        elif submission.passed:
            self.prefills.forget(learner, submission.view.lesson_id)
            if not submission.completed:
                self.prefills.warm(learner, submission.view.lesson_id)
        else:
            self.prefills.remember(learner, submission.view.lesson_id, code)
        return submission

    async def open_code_box(
        self, interaction: discord.Interaction, lesson_id: str | None = None, version: str = ""
    ) -> None:
        """The code modal, prefilled with the last attempt. It must be the first response.

        The box remembers the lesson state it was opened for (`version`, from the Submit
        code button's message, or read here for /submit): code submitted after a reset or a
        step change is reported as such instead of being graded against another step."""
        learner = learner_id(interaction.user)
        if lesson_id is None:  # /submit: the lesson the learner touched last
            current = asyncio.create_task(self.engine.current(learner))
            done, _ = await asyncio.wait({current}, timeout=self.prefills.budget(age(interaction)))
            if current not in done:
                current.add_done_callback(lambda task: task.exception())  # retrieved, ignored
                await send(interaction, render.notice(BUSY_BOX), ephemeral=True)
                return
            lesson_id, version = current.result().lesson_id, current.result().version
        prefill = await self.prefills.code_for(learner, lesson_id, age(interaction))
        title = f"Your code — {self.engine.lesson(lesson_id).title}"
        modal_id = components.code_modal_id(lesson_id, interaction.user.id, version)
        await interaction.response.send_modal(components.code_modal(title, modal_id, prefill))

    async def on_modal(self, interaction: discord.Interaction) -> bool:
        """Route a code-box submission by its custom_id; False if it is not ours."""
        data = interaction.data or {}
        custom_id = str(data.get("custom_id", ""))
        # The box's text exactly as typed: no fence extraction (that is for DM messages).
        code = clean_text(components.modal_value(data))  # type: ignore[arg-type]
        if match := components.CODE_MODAL.match(custom_id):
            if int(match["owner"]) != interaction.user.id:
                await guarded(
                    interaction, send(interaction, render.notice(NotYourSession().message))
                )
                return True
            await self.evaluate(interaction, match["lesson"], code, match["version"] or "")
            return True
        if components.RUN_MODAL.match(custom_id):
            await self.run_free(interaction, code)
            return True
        return False

    async def evaluate(
        self, interaction: discord.Interaction, lesson_id: str | None, code: str, version: str = ""
    ) -> None:
        """Check `code` against the learner's current step and show the verdict; while it
        waits for a runner, the reply says how many runs are ahead."""
        queued = QueuedNotices.for_interaction(interaction)
        try:
            await acknowledge(interaction)
            learner = learner_id(interaction.user)
            with listening(queued):
                submission = await self.submit(learner, lesson_id, code, version)
            await queued.settled()
            buttons = components.verdict_buttons(submission, interaction.user.id)
            await send(interaction, render.verdict_reply(submission), view=buttons)
        except ExecutorBusy as busy:
            await queued.settled()
            await self.refuse(interaction, lesson_id, code, busy)
        except Exception as error:
            await queued.settled()
            await report(interaction, error)

    async def refuse(
        self, interaction: discord.Interaction, lesson_id: str | None, code: str, busy: ExecutorBusy
    ) -> None:
        """Too long a wait: say when to try again, and keep the code (in the code box's
        prefill, and on the refusal itself for its Retry button)."""
        if lesson_id is not None:
            self.prefills.remember(learner_id(interaction.user), lesson_id, code)
        reply, kept = busy_reply(busy.retry_after, code)
        owner = interaction.user.id
        view = components.retry_button(lesson_id, owner) if kept and lesson_id else None
        await send(interaction, reply, view=view)

    async def retry(self, interaction: discord.Interaction, lesson_id: str) -> None:
        """The Retry button: the code the refusal kept, submitted again."""
        code = kept_code(interaction.message)
        if code is None:
            await send(interaction, render.notice(RETRY_GONE), ephemeral=True)
            return
        await self.evaluate(interaction, lesson_id, code)

    async def run_free(self, interaction: discord.Interaction, code: str) -> None:
        """/run: any code through the sandbox, no lesson involved; one in flight per member."""
        queued = QueuedNotices.for_interaction(interaction)
        try:
            user = interaction.user
            source = clean_source(code)
            with self.run_gate.admit(user.id):
                await acknowledge(interaction)
                job = RunJob(programs=(Program("your code", source.text),))
                with listening(queued):
                    result = await self.executor.run(job)
                await queued.settled()
            view = None
            if not in_own_dm(interaction):  # posting is for shared channels
                token = self.recent_runs.add(RecentRun(user.id, source.text, result))
                view = components.layout(components.PostRunButton(token, user.id))
            await send(interaction, render.sandbox_reply(result, source.notes), view=view)
        except Exception as error:
            await queued.settled()
            await report(interaction, error)

    async def open_run_box(self, interaction: discord.Interaction) -> None:
        modal_id = components.run_modal_id(interaction.user.id)
        await interaction.response.send_modal(
            components.code_modal("Run Python code", modal_id, "")
        )

    # ------------------------------------------------------------------ DM study sessions

    async def on_direct_message(self, message: discord.Message) -> None:
        """A ```py block (or bare code) sent in the bot's DM is checked against the learner's
        current step; anything else gets the one-line how-to, never silence."""
        text = clean_text(message.content)
        code = fenced_code(text) or bare_code(text)
        if code is None:
            await send_to_channel(message.channel, render.notice(HOW_TO_DM), reference=message)
            return
        queued = QueuedNotices(lambda reply: send_to_channel(message.channel, reply))
        try:
            async with message.channel.typing():
                with listening(queued):
                    submission = await self.submit(learner_id(message.author), None, code)
                await queued.settled()
            buttons = components.verdict_buttons(submission, message.author.id)
            await send_to_channel(
                message.channel, render.verdict_reply(submission), view=buttons, reference=message
            )
        except Exception as error:
            await report_in_channel(message.channel, error, "direct message", message.author.id)
