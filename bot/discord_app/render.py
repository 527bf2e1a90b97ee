"""Engine outcomes → Discord messages (embeds, files), always within Discord's limits.

The engine decides; this module only presents. Nothing printed by learner code is trusted
for formatting: code fences are neutralised, long output is cut for the message and
attached in full as a `.txt` file, and every text is clipped to its Discord limit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import discord

from bot.core.content import Lesson
from bot.core.lessons import Hint, ProgressSummary, Solution, StepView, Submission
from bot.core.ports import RunResult, RunStatus

# Discord limits (PRODUCT.md).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
CONTENT_LIMIT = 2000
EMBEDS_TOTAL = 6000  # across all embeds of one message
RUN_DESCRIPTION = 3000  # a verdict's checks + error, leaving room for output and a 2nd embed
# What a verdict shows inline before it attaches the full output.
OUTPUT_LINES = 10
OUTPUT_CHARS = 1000

PASS, FAIL = "✅", "❌"
COLOUR_STEP = discord.Colour.blurple()
COLOUR_PASS = discord.Colour.green()
COLOUR_FAIL = discord.Colour.red()
COLOUR_INFO = discord.Colour.light_grey()
ZWSP = "\u200b"


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    description: str = ""  # alt text, read out by screen readers

    def to_file(self) -> discord.File:
        return discord.File(
            io.BytesIO(self.data), filename=self.filename, description=self.description or None
        )


@dataclass(frozen=True)
class Reply:
    """One message's worth of presentation; files stay bytes so a reply can be re-sent."""

    embeds: tuple[discord.Embed, ...] = ()
    content: str = ""
    files: tuple[Attachment, ...] = ()

    def discord_files(self) -> list[discord.File]:
        return [attachment.to_file() for attachment in self.files]


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def defuse(text: str) -> str:
    """Text that cannot close or open a code block, whatever a program printed."""
    return text.replace("```", f"`{ZWSP}`{ZWSP}`")


def code_block(text: str, limit: int, lang: str = "") -> str:
    """A fenced block of untrusted text that fits `limit` characters including the fence."""
    room = limit - len(lang) - 8
    body = defuse(text) or " "
    if len(body) > room:
        body = body[: room - 1] + "…"
    return f"```{lang}\n{body}\n```"


def cut_output(stdout: str) -> tuple[str, bool]:
    """The part of the output shown inline, and whether anything was left out."""
    lines = stdout.splitlines()
    shown = "\n".join(lines[:OUTPUT_LINES])
    if len(shown) > OUTPUT_CHARS:
        shown = shown[:OUTPUT_CHARS]
    return shown, shown != stdout.rstrip("\n")


def progress_line(view: StepView) -> str:
    return f"Progress {view.done} / {view.total} steps"


# --------------------------------------------------------------------------- lessons


def step_embed(view: StepView) -> discord.Embed:
    """The step a learner works on: scenario and goal first, then the instructions."""
    lesson = view.lesson
    if view.completed or view.step is None:
        return completion_embed(view)
    embed = discord.Embed(
        title=clip(f"{lesson.title} — Step {view.number}: {view.step.title}", TITLE_LIMIT),
        colour=COLOUR_STEP,
    )
    parts = []
    if view.is_first:
        parts.append(f"**Scenario:** {lesson.scenario}")
        parts.append(f"**Goal:** {lesson.goal}")
        if lesson.objectives:
            parts.append("**You'll learn:**\n" + "\n".join(f"• {o}" for o in lesson.objectives))
    parts.append(view.step.instructions)
    if view.step.starter:
        parts.append("Starter code:\n" + code_block(view.step.starter, 1000, "py"))
    embed.description = clip("\n\n".join(parts), DESCRIPTION_LIMIT)
    status = progress_line(view)
    if view.failed_attempts:
        status += f" · {view.failed_attempts} failed attempt(s) on this step"
    embed.set_footer(text=clip(status, FOOTER_LIMIT))
    return embed


def completion_embed(view: StepView) -> discord.Embed:
    return discord.Embed(
        title=clip(f"🎉 {view.lesson.title} — complete", TITLE_LIMIT),
        description=(
            f"You finished every step. {progress_line(view)}.\n"
            "See `/progress` for your record, or `/lessons` for what to learn next."
        ),
        colour=COLOUR_PASS,
    )


def step_reply(view: StepView) -> Reply:
    return Reply(embeds=(step_embed(view),))


def hint_reply(hint: Hint) -> Reply:
    embed = discord.Embed(
        title=f"💡 Hint {hint.number} of {hint.total} (step {hint.step_number})",
        description=clip(hint.text, DESCRIPTION_LIMIT),
        colour=COLOUR_INFO,
    )
    if hint.is_last:
        embed.set_footer(text="That was the last hint for this step.")
    return Reply(embeds=(embed,))


def solution_reply(solution: Solution) -> Reply:
    embed = discord.Embed(
        title=f"Solution for step {solution.step_number}",
        description=code_block(solution.code, DESCRIPTION_LIMIT, "py"),
        colour=COLOUR_INFO,
    )
    embed.set_footer(text="Type it yourself and submit it: that's how it sticks.")
    return Reply(embeds=(embed,))


def lessons_reply(lessons: list[Lesson], summary: ProgressSummary | None) -> Reply:
    embed = discord.Embed(title="Lessons", colour=COLOUR_STEP)
    if not lessons:
        embed.description = "No lessons are installed yet."
    for lesson in lessons[:25]:
        status = summary.status(lesson.id) if summary else None
        if status and status.completed:
            mark = f"{PASS} done"
        elif status and status.started:
            mark = f"{status.done} / {status.total} steps"
        else:
            mark = f"{len(lesson.steps)} steps"
        embed.add_field(
            name=clip(f"{lesson.title}", TITLE_LIMIT),
            value=clip(
                f"`{lesson.id}` · {lesson.track} · ~{lesson.minutes} min · {mark}", FIELD_LIMIT
            ),
            inline=False,
        )
    embed.set_footer(text="Start one with /lesson start")
    return Reply(embeds=(embed,))


def progress_reply(summary: ProgressSummary, name: str) -> Reply:
    embed = discord.Embed(title=clip(f"Progress — {name}", TITLE_LIMIT), colour=COLOUR_STEP)
    lines = []
    for status in summary.lessons:
        if status.completed:
            lines.append(f"{PASS} **{status.lesson.title}** — complete ({status.total} steps)")
        elif status.started:
            lines.append(f"▶️ **{status.lesson.title}** — {status.done} / {status.total} steps")
    embed.description = clip("\n".join(lines) or "No lessons started yet.", DESCRIPTION_LIMIT)
    quiz = summary.quiz
    accuracy = "—" if quiz.accuracy is None else f"{quiz.accuracy:.0%}"
    embed.add_field(
        name="Quiz answers", value=f"{quiz.correct} / {quiz.answered} correct ({accuracy})"
    )
    streak = summary.streak
    embed.add_field(name="Streak", value=f"{streak.current} day(s) (best {streak.longest})")
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- verdicts


def _error_text(result: RunResult) -> str:
    error = result.error
    if error is None:
        return ""
    where = f" on line {error.line}" if error.line else ""
    headline = f"**{error.type}{where}**: {error.friendly or error.message}"
    if error.traceback:
        return headline + "\n" + code_block(error.traceback, FIELD_LIMIT - len(headline) - 1)
    return headline


def _status_text(result: RunResult) -> str:
    if result.status in (RunStatus.OK, RunStatus.SYNTAX_ERROR, RunStatus.RUNTIME_ERROR):
        return ""
    default = {
        RunStatus.TIMEOUT: "Your program took too long and was stopped.",
        RunStatus.MEMORY_LIMIT: "Your program used too much memory and was stopped.",
        RunStatus.OUTPUT_LIMIT: "Your program printed too much and was stopped.",
        RunStatus.KILLED: "Your program was stopped.",
    }
    return result.detail or default.get(result.status, str(result.status))


def run_embed(
    result: RunResult, title: str, colour: discord.Colour
) -> tuple[discord.Embed, tuple[Attachment, ...]]:
    """Output, error and duration of one run; long output is attached as output.txt."""
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), colour=colour)
    parts = []
    status = _status_text(result)
    if status:
        parts.append(f"⏱️ {status}")
    error = _error_text(result)
    if error:
        parts.append(error)
    marks = [  # a passed check with no pass line (an `expr` without `passed:`) shows none
        f"{PASS if c.passed else FAIL} {c.message}" for c in result.checks if c.message
    ]
    if marks:
        parts.append("\n".join(marks))
    embed.description = clip("\n\n".join(parts), RUN_DESCRIPTION) or None
    files: tuple[Attachment, ...] = ()
    if result.stdout:
        shown, cut = cut_output(result.stdout)
        note = ""
        if cut or result.truncated:
            files = (Attachment("output.txt", result.stdout.encode()),)
            note = "\n(output truncated — full output attached as output.txt)"
        embed.add_field(
            name="Your output",
            value=code_block(shown, FIELD_LIMIT - len(note)) + note,
            inline=False,
        )
    elif result.status is RunStatus.OK:
        embed.add_field(name="Your output", value="(nothing printed)", inline=False)
    embed.set_footer(text=f"ran in {round(result.duration_ms)} ms")
    return embed, files


def verdict_reply(submission: Submission) -> Reply:
    """Per-check verdict, output and errors; then what comes next."""
    number = submission.step_number
    if submission.passed:
        title, colour = f"{PASS} Step {number} passed", COLOUR_PASS
    else:
        title, colour = f"{FAIL} Not yet — step {number}", COLOUR_FAIL
    embed, files = run_embed(submission.result, title, colour)
    advice = []
    if not submission.passed:
        if submission.hint_suggested:
            advice.append("Stuck? Press **Hint** for a nudge.")
        if submission.solution_unlocked:
            advice.append("The solution is now available: press **Show solution**.")
        if advice:
            embed.add_field(name="Next", value=" ".join(advice), inline=False)
    else:
        view = submission.view
        embed.add_field(name="Progress", value=progress_line(view), inline=False)
    embeds = [embed]
    if submission.completed:
        embeds.append(completion_embed(submission.view))
    return Reply(embeds=tuple(embeds), files=files)


def sandbox_reply(result: RunResult) -> Reply:
    ok = result.status is RunStatus.OK
    embed, files = run_embed(
        result, "Ran your code" if ok else "Your code stopped", COLOUR_INFO if ok else COLOUR_FAIL
    )
    return Reply(embeds=(embed,), files=files)


def notice(text: str) -> Reply:
    """A plain sentence (errors, refusals, pointers) as message content."""
    return Reply(content=clip(text, CONTENT_LIMIT))
