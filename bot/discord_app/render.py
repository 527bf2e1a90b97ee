"""Engine outcomes → Discord messages (embeds, files), always within Discord's limits.

The engine decides; this module only presents. Nothing printed by learner code is trusted
for formatting (`escape.py` is the rule: no fence inside code blocks, no Markdown outside
them, author Markdown kept with mentions made inert), long output is cut for the message and
attached in full as a `.txt` file, and every text is clipped to its Discord limit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import discord

from bot.core.checks import SAME_PROBLEM, CheckResult
from bot.core.content import Lesson
from bot.core.lessons import Hint, ProgressSummary, Solution, StepView, Submission, TrackStatus
from bot.core.ports import RunResult, RunStatus
from bot.discord_app.escape import authored, in_code, plain

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

PASS, FAIL, SKIP = "✅", "❌", "⏭"
FEW_LINES = 3  # an output limit hit in this many lines came from one big print, not a loop
COLOUR_STEP = discord.Colour.blurple()
COLOUR_PASS = discord.Colour.green()
COLOUR_FAIL = discord.Colour.red()
COLOUR_INFO = discord.Colour.light_grey()


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


def code_block(text: str, limit: int, lang: str = "") -> str:
    """A fenced block of untrusted text that fits `limit` characters including the fence."""
    room = limit - len(lang) - 8
    body = in_code(text) or " "
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
    return f"Progress {view.progress.words()}"


# --------------------------------------------------------------------------- lessons


def step_embed(view: StepView) -> discord.Embed:
    """The step a learner works on: scenario and goal first, then the instructions."""
    lesson = view.lesson
    if view.completed or view.step is None:
        return completion_embed(view)
    embed = discord.Embed(
        title=clip(
            authored(f"{lesson.title} — Step {view.number}: {view.step.title}"), TITLE_LIMIT
        ),
        colour=COLOUR_STEP,
    )
    parts = []
    if view.is_first:
        parts.append(f"**Scenario:** {authored(lesson.scenario)}")
        parts.append(f"**Goal:** {authored(lesson.goal)}")
        if lesson.objectives:
            objectives = "\n".join(f"• {authored(o)}" for o in lesson.objectives)
            parts.append("**You'll learn:**\n" + objectives)
    parts.append(authored(view.step.instructions))
    if view.step.starter:
        parts.append("Starter code:\n" + code_block(view.step.starter, 1000, "py"))
    embed.description = clip("\n\n".join(parts), DESCRIPTION_LIMIT)
    status = progress_line(view)
    if view.failed_attempts:
        status += f" · {view.failed_attempts} failed attempt(s) on this step"
    embed.set_footer(text=clip(status, FOOTER_LIMIT))
    return embed


def completion_embed(view: StepView) -> discord.Embed:
    if not view.completed:  # past the last step with skipped steps left
        return discord.Embed(
            title=clip(f"{view.lesson.title} — end of the lesson", TITLE_LIMIT),
            description=(
                f"{progress_line(view)}. The lesson is complete when every step is solved: "
                f"`/lesson start {view.lesson_id}` takes you back to the skipped steps."
            ),
            colour=COLOUR_STEP,
        )
    return discord.Embed(
        title=clip(f"🎉 {authored(view.lesson.title)} — complete", TITLE_LIMIT),
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
        description=clip(authored(hint.text), DESCRIPTION_LIMIT),
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
    embed.set_footer(
        text="Type it yourself and submit it: that's how it sticks. Or Skip step to move on; "
        "/lesson reset starts the lesson over."
    )
    return Reply(embeds=(embed,))


def lessons_reply(lessons: list[Lesson], summary: ProgressSummary) -> Reply:
    """One field per track (at most 25): its progress, then its lessons in order."""
    embed = discord.Embed(title="Lessons", colour=COLOUR_STEP)
    if not lessons:
        embed.description = "No lessons are installed yet."
    for track in summary.tracks()[:25]:
        lines = []
        for number, status in enumerate(track.lessons, start=1):
            lesson = status.lesson
            if status.completed:
                mark = f"{PASS} done"
            elif status.started:
                mark = status.progress.words()
            else:
                mark = f"{len(lesson.steps)} steps"
            lines.append(
                f"{number}. **{authored(lesson.title)}** `{lesson.id}` · ~{lesson.minutes} min"
                f" · {mark}"
            )
        embed.add_field(
            name=clip(track_title(track), TITLE_LIMIT),
            value=clip("\n".join(lines), FIELD_LIMIT),
            inline=False,
        )
    embed.set_footer(text="Start one with /lesson start")
    return Reply(embeds=(embed,))


def track_title(track: TrackStatus) -> str:
    return f"Track {track.name} — {track.completed} of {track.total} lessons complete"


def progress_reply(summary: ProgressSummary, name: str, daily: str = "") -> Reply:
    """Lessons by track, then answers labelled by what they count; `daily` is the member's
    daily-quiz standing as the leaderboard shows it (`standing.py`)."""
    embed = discord.Embed(title=clip(f"Progress — {plain(name)}", TITLE_LIMIT), colour=COLOUR_STEP)
    lines = []
    for track in summary.tracks():
        if not any(status.started for status in track.lessons):
            continue
        lines.append(f"**{track_title(track)}**")
        for status in track.lessons:
            title = authored(status.lesson.title)
            if status.completed:
                lines.append(f"{PASS} {title} — complete ({status.progress.words()})")
            elif status.started:
                lines.append(f"▶️ {title} — {status.progress.words()}")
        if track.next_up is not None:
            lines.append(
                f"Next: {authored(track.next_up.lesson.title)} (`{track.next_up.lesson.id}`)"
            )
    embed.description = clip("\n".join(lines) or "No lessons started yet.", DESCRIPTION_LIMIT)
    for name, mode in (("Practice", "practice"), ("Tests", "test")):
        stats = summary.mode(mode)
        accuracy = "" if stats.accuracy is None else f" ({stats.accuracy:.0%})"
        embed.add_field(name=name, value=f"{stats.correct} / {stats.answered} correct{accuracy}")
    if daily:
        embed.add_field(name="Daily quiz", value=daily)
    streak = summary.streak
    embed.add_field(name="Study streak", value=f"{streak.current} day(s) (best {streak.longest})")
    embed.set_footer(text="Study streak: days with a lesson, practice, test or daily answer.")
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- verdicts


def _error_text(result: RunResult) -> str:
    error = result.error
    if error is None:
        return ""
    where = f" on line {error.line}" if error.line else ""
    headline = f"**{plain(error.type)}{where}**: {plain(error.friendly or error.message)}"
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
    text = result.detail or default.get(result.status, str(result.status))
    if result.status is RunStatus.OUTPUT_LIMIT and len(result.stdout.splitlines()) <= FEW_LINES:
        # Not a loop: one print of something huge. Say that instead of "a loop".
        head, _, _ = text.partition(" — ")
        text = f"{head.rstrip('.')} — in one print: show a slice of it (like `text[:200]`)."
    return text


def _footer(result: RunResult) -> str:
    """How long it ran, unless a limit stopped it: then the status line says what happened
    and a duration (wall time, or CPU time elsewhere) would only contradict it."""
    if result.status in (RunStatus.TIMEOUT, RunStatus.KILLED):
        return "stopped by the sandbox"
    return f"ran in {round(result.duration_ms)} ms"


def check_marks(checks: tuple[CheckResult, ...]) -> str:
    """✅/❌ per check; checks that only repeat the first failure collapse into one ⏭ line,
    so one mistake reads as one mistake."""
    lines, skipped = [], 0
    for check in checks:
        if check.passed and not check.message:
            continue  # a passed check with no pass line (an `expr` without `passed:`)
        if not check.passed and check.message == SAME_PROBLEM:
            skipped += 1
            continue
        lines.append(f"{PASS if check.passed else FAIL} {plain(check.message)}")
    if skipped:
        more = "check waits" if skipped == 1 else f"{skipped} checks wait"
        lines.append(f"{SKIP} {more} for the one above to pass")
    return "\n".join(lines)


def run_embed(
    result: RunResult, title: str, colour: discord.Colour, *, show_nothing_printed: bool = True
) -> tuple[discord.Embed, tuple[Attachment, ...]]:
    """Output, error and duration of one run; long output is attached as output.txt.
    "(nothing printed)" only where printing was expected (`show_nothing_printed`)."""
    embed = discord.Embed(title=clip(title, TITLE_LIMIT), colour=colour)
    parts = []
    status = _status_text(result)
    if status:
        parts.append(f"⏱️ {status}")
    error = _error_text(result)
    if error:
        parts.append(error)
    if result.checks:
        parts.append(check_marks(result.checks))
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
    elif result.status is RunStatus.OK and show_nothing_printed:
        embed.add_field(name="Your output", value="(nothing printed)", inline=False)
    embed.set_footer(text=_footer(result))
    return embed, files


def stale_reply(submission: Submission) -> Reply:
    """Code written for a lesson state that is gone (reset, step passed or skipped)."""
    view = submission.view
    now = "the lesson is complete" if view.completed else f"you are on step {view.number}"
    embed = discord.Embed(
        title="⏳ Not counted: your lesson changed",
        description=(
            f"This code was for step {submission.step_number} as it was before your lesson "
            f"changed (a reset, or the step was passed or skipped meanwhile), so nothing was "
            f"recorded. Now {now}: press **Submit code** to try it there."
        ),
        colour=COLOUR_INFO,
    )
    return Reply(embeds=(embed,))


def verdict_reply(submission: Submission) -> Reply:
    """Per-check verdict, output and errors; then what comes next."""
    if submission.stale:
        return stale_reply(submission)
    number = submission.step_number
    if submission.passed:
        title, colour = f"{PASS} Step {number} passed", COLOUR_PASS
    else:
        title, colour = f"{FAIL} Not yet — step {number}", COLOUR_FAIL
    steps = submission.view.lesson.steps
    checks = steps[number - 1].checks if 0 < number <= len(steps) else ()
    prints = not checks or any(check.kind == "output" for check in checks)
    embed, files = run_embed(submission.result, title, colour, show_nothing_printed=prints)
    add_notes(embed, submission.notes)
    advice = []
    if not submission.passed:
        if submission.hint_suggested:
            advice.append("Stuck? Press **Hint** for a nudge.")
        if submission.solution_unlocked:
            advice.append("The solution is now available: press **Show solution**.")
        if advice:  # what to do next, as the verdict's last line, above the buttons
            tail = "\n\n" + " ".join(advice)
            embed.description = clip((embed.description or "") + tail, RUN_DESCRIPTION)
    else:
        view = submission.view
        embed.add_field(name="Progress", value=view.progress.words(), inline=False)
    embeds = [embed]
    if submission.completed:
        embeds.append(completion_embed(submission.view))
    return Reply(embeds=tuple(embeds), files=files)


def sandbox_reply(result: RunResult, notes: tuple[str, ...] = ()) -> Reply:
    ok = result.status is RunStatus.OK
    embed, files = run_embed(
        result, "Ran your code" if ok else "Your code stopped", COLOUR_INFO if ok else COLOUR_FAIL
    )
    add_notes(embed, notes)
    return Reply(embeds=(embed,), files=files)


def share_reply(name: str, lesson_title: str, steps: int) -> Reply:
    """Share 🎉: the one public line about a finished lesson."""
    title = authored(lesson_title)
    return notice(f"🎉 {plain(name)} completed **{title}** ({steps} steps) with Stepwise!")


def posted_run_reply(name: str, code: str, result: RunResult) -> Reply:
    """A /run result posted in public by its author: who, the code, then the result."""
    head = f"{plain(name)} ran this with `/run`:\n"
    shown = head + code_block(code, CONTENT_LIMIT - len(head), "py")
    ran = sandbox_reply(result)
    return Reply(content=shown, embeds=ran.embeds, files=ran.files)


def add_notes(embed: discord.Embed, notes: tuple[str, ...]) -> None:
    """What was repaired in the code before it ran (bytes that were not UTF-8, NULs)."""
    if notes:
        text = "\n".join(notes)
        embed.add_field(name="Note", value=text[:FIELD_LIMIT], inline=False)


def notice(text: str) -> Reply:
    """A plain sentence (errors, refusals, pointers) as message content."""
    return Reply(content=clip(text, CONTENT_LIMIT))
