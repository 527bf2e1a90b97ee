"""The embeds a learner reads, built from real engine outcomes.

Submissions, step views and summaries come from `TutorEngine` (in-memory store, scripted
executor), so these tests pin what a learner sees on Discord, not how render builds it:
marks per check, titles, footers, the "Next" advice, clipping to Discord's documented
limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits),
the truncation note and its attachment, and the 25-field limit of the lesson list.
"""

from __future__ import annotations

import dataclasses

import discord
import pytest

from bot.core.checks import CheckResult
from bot.core.ports import ErrorInfo, RunJob, RunResult, RunStatus
from bot.discord_app import render
from tests.unit.helpers import (
    PASSING,
    build_engine,
    make_lesson,
)

LEARNER = "local:alice"
MIXED = RunResult(
    RunStatus.OK,
    stdout="hello\n",
    duration_ms=12.6,
    checks=(
        CheckResult("defined", True, "`total` exists"),
        CheckResult("expr", False, "`total` should be 10, found 9"),
        CheckResult("output", True, "printed hello"),
    ),
)


def engine_returning(result: RunResult, *lessons):
    """An engine whose executor answers every non-PASSING submission with `result`."""

    def handler(job: RunJob) -> RunResult:
        if job.submission.code == PASSING:
            return RunResult(RunStatus.OK, checks=(CheckResult("expr", True, "ok"),))
        return result

    return build_engine(*lessons, handler=handler)[0]


def field(embed: discord.Embed, name: str) -> discord.embeds._EmbedFieldProxy | None:
    return next((f for f in embed.fields if f.name == name), None)


def fits_discord(reply: render.Reply) -> None:
    """Discord's documented limits, which it enforces by refusing the whole message."""
    assert len(reply.content) <= 2000
    assert len(reply.embeds) <= 10
    assert sum(len(e) for e in reply.embeds) <= 6000
    for embed in reply.embeds:
        assert len(embed.title or "") <= 256
        assert len(embed.description or "") <= 4096
        assert len(embed.footer.text or "") <= 2048
        assert len(embed.fields) <= 25
        for f in embed.fields:
            assert len(f.name) <= 256 and len(f.value) <= 1024


# --------------------------------------------------------------------------- verdicts


async def test_a_failing_run_marks_each_check_by_its_own_result():
    engine = engine_returning(MIXED)
    submission = await engine.submit(LEARNER, "demo", "total = 9")
    embed = render.verdict_reply(submission).embeds[0]
    assert embed.title == "❌ Not yet — step 1"
    assert embed.colour == discord.Colour.red()
    assert embed.description == (  # check messages quote values: escaped (one rule, #21)
        "✅ \\`total\\` exists\n❌ \\`total\\` should be 10, found 9\n✅ printed hello"
        "\n\nStuck? Press **Hint** for a nudge."
    )
    assert embed.footer.text == "ran in 13 ms"


async def test_a_passing_run_is_green_and_shows_the_progress():
    engine = engine_returning(MIXED)
    submission = await engine.submit(LEARNER, "demo", PASSING)
    reply = render.verdict_reply(submission)
    (embed,) = reply.embeds
    assert embed.title == "✅ Step 1 passed"
    assert embed.colour == discord.Colour.green()
    assert embed.description == "✅ ok"
    assert field(embed, "Progress").value == "1 / 3 solved"
    assert field(embed, "Next") is None
    assert field(embed, "Your output") is None  # a step that prints nothing: no empty output


async def test_output_over_ten_lines_is_cut_with_a_note_and_attached_in_full():
    stdout = "".join(f"line {i}\n" for i in range(11))
    engine = engine_returning(RunResult(RunStatus.OK, stdout=stdout))
    reply = render.verdict_reply(await engine.submit(LEARNER, "demo", "x"))
    output = field(reply.embeds[0], "Your output")
    shown = "\n".join(f"line {i}" for i in range(10))
    assert output.value == (
        f"```\n{shown}\n```\n(output truncated — full output attached as output.txt)"
    )
    assert output.inline is False
    assert [(f.filename, f.data) for f in reply.files] == [("output.txt", stdout.encode())]
    sent = reply.discord_files()
    assert [f.filename for f in sent] == ["output.txt"]
    assert sent[0].fp.read() == stdout.encode()


@pytest.mark.parametrize(
    "stdout",
    [
        "".join(f"line {i}\n" for i in range(10)),  # exactly ten lines, trailing newline
        "y" * render.OUTPUT_CHARS,  # exactly the inline character budget
    ],
)
async def test_output_that_fits_is_shown_whole_without_a_note(stdout):
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout))
    output = field(reply.embeds[0], "Your output")
    assert output.value == f"```\n{stdout.rstrip(chr(10))}\n```"
    assert reply.files == ()


def test_one_character_over_the_budget_is_cut_and_attached():
    stdout = "y" * (render.OUTPUT_CHARS + 1)
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout))
    output = field(reply.embeds[0], "Your output")
    note = "\n(output truncated — full output attached as output.txt)"
    # The block and its note fill the field exactly; the block's own cut is marked with "…".
    assert len(output.value) == render.FIELD_LIMIT
    assert output.value.startswith("```\nyyy") and output.value.endswith("y…\n```" + note)
    assert reply.files[0].data == stdout.encode()


def test_a_run_that_printed_nothing_after_an_error_shows_no_output_field():
    error = ErrorInfo("NameError", "name 'x' is not defined", "", line=None)
    embed = render.sandbox_reply(RunResult(RunStatus.RUNTIME_ERROR, error=error)).embeds[0]
    assert field(embed, "Your output") is None
    assert embed.description == "**NameError**: name 'x' is not defined"
    assert embed.title == "Your code stopped" and embed.colour == discord.Colour.red()


def test_an_error_with_a_traceback_shows_it_in_a_block_under_the_headline():
    error = ErrorInfo("ValueError", "bad", "That value is wrong.", line=3, traceback="tb here")
    embed = render.sandbox_reply(RunResult(RunStatus.RUNTIME_ERROR, error=error)).embeds[0]
    assert embed.description == "**ValueError on line 3**: That value is wrong.\n```\ntb here\n```"


def test_a_clean_run_is_titled_as_such():
    embed = render.sandbox_reply(RunResult(RunStatus.OK, stdout="1\n", duration_ms=0.4)).embeds[0]
    assert embed.title == "Ran your code" and embed.colour == discord.Colour.light_grey()
    assert embed.description is None  # no status, no error, no checks
    assert embed.footer.text == "ran in 0 ms"


def test_the_sandboxs_own_explanation_wins_over_the_default_sentence():
    result = RunResult(RunStatus.TIMEOUT, detail="Stopped after 5 s of CPU time.")
    assert render.sandbox_reply(result).embeds[0].description == "⏱️ Stopped after 5 s of CPU time."


def test_status_error_and_checks_are_separate_paragraphs():
    error = ErrorInfo("MemoryError", "", "Too much memory.")
    result = RunResult(
        RunStatus.MEMORY_LIMIT, error=error, checks=(CheckResult("expr", False, "no"),)
    )
    description = render.sandbox_reply(result).embeds[0].description
    assert description == (
        "⏱️ Your program used too much memory and was stopped.\n\n"
        "**MemoryError**: Too much memory.\n\n❌ no"
    )


def test_huge_titles_checks_and_tracebacks_are_clipped_to_discords_limits():
    checks = tuple(CheckResult("expr", False, "m" * 900) for _ in range(6))
    error = ErrorInfo("E", "m", "f" * 300, line=1, traceback="t" * 5000)
    result = RunResult(RunStatus.RUNTIME_ERROR, stdout="```" * 400, error=error, checks=checks)
    embed, _ = render.run_embed(result, "T" * 300, discord.Colour.red())
    assert embed.title == "T" * 255 + "…"
    assert len(embed.description) == render.RUN_DESCRIPTION
    assert embed.description.endswith("…")
    output = field(embed, "Your output").value
    assert output.startswith("```\n") and output.endswith(
        "```\n(output truncated — full output attached as output.txt)"
    )
    assert output.count("```") == 2  # the learner's fences cannot close the block
    assert len(output) <= render.FIELD_LIMIT
    fits_discord(render.Reply(embeds=(embed,)))


def test_a_long_traceback_block_still_fits_beside_its_headline():
    error = ErrorInfo("E", "m", "f" * 100, line=1, traceback="t" * 5000)
    description = (
        render.sandbox_reply(RunResult(RunStatus.RUNTIME_ERROR, error=error)).embeds[0].description
    )
    headline, block = description.split("\n", 1)
    assert len(headline) + 1 + len(block) == render.FIELD_LIMIT
    assert block.startswith("```\n") and block.endswith("…\n```")


# --------------------------------------------------------------------------- steps


async def test_a_finished_lesson_shows_the_completion_instead_of_a_step():
    engine = engine_returning(MIXED, make_lesson(steps=1))
    await engine.submit(LEARNER, "demo", PASSING)
    embed = render.step_reply(await engine.current(LEARNER, "demo")).embeds[0]
    assert embed.title == "🎉 Lesson demo — complete"


async def test_a_long_step_is_clipped_to_the_title_and_description_limits():
    lesson = make_lesson()
    long_step = lesson.steps[0].__class__(
        **{**lesson.steps[0].__dict__, "title": "S" * 300, "instructions": "i" * 5000}
    )
    lesson = lesson.__class__(**{**lesson.__dict__, "steps": (long_step, *lesson.steps[1:])})
    engine, *_ = build_engine(lesson)
    reply = render.step_reply(await engine.start(LEARNER, "demo"))
    embed = reply.embeds[0]
    assert len(embed.title) == 256 and embed.title.endswith("…")
    assert len(embed.description) == 4096 and embed.description.endswith("…")
    fits_discord(reply)


async def test_hints_are_numbered_and_the_last_one_says_so():
    engine, *_ = build_engine()
    first = render.hint_reply(await engine.hint(LEARNER, "demo")).embeds[0]
    last = render.hint_reply(await engine.hint(LEARNER, "demo")).embeds[0]
    assert (first.title, first.description, first.footer.text) == (
        "💡 Hint 1 of 2 (step 1)",
        "hint 1.1",
        None,
    )
    assert (last.title, last.description, last.footer.text) == (
        "💡 Hint 2 of 2 (step 1)",
        "hint 1.2",
        "That was the last hint for this step.",
    )
    assert first.colour == discord.Colour.light_grey()


# --------------------------------------------------------------------------- lists


def test_a_notice_is_plain_content_clipped_to_2000():
    assert render.notice("Nothing to do.").content == "Nothing to do."
    assert render.notice("n" * 2000).content == "n" * 2000
    clipped = render.notice("n" * 2001).content
    assert clipped == "n" * 1999 + "…"


# --------------------------------------------------------------------------- edges


def lesson_with_first_step(**changes):
    lesson = make_lesson()
    first = dataclasses.replace(lesson.steps[0], **changes)
    return dataclasses.replace(lesson, steps=(first, *lesson.steps[1:]))


@pytest.mark.parametrize(("size", "clipped"), [(990, False), (991, True)])
async def test_starter_code_fills_its_thousand_characters_and_no_more(size, clipped):
    engine, *_ = build_engine(lesson_with_first_step(starter="s" * size))
    description = render.step_reply(await engine.start(LEARNER, "demo")).embeds[0].description
    block = description.split("Starter code:\n", 1)[1]
    assert block.startswith("```py\n") and block.endswith("\n```")
    assert len(block) == min(size, 990) + 10  # "```py\n" + body + "\n```"
    assert block.endswith("…\n```") is clipped


async def test_every_objective_gets_its_own_bullet():
    lesson = dataclasses.replace(make_lesson(), objectives=("read data", "plot it"))
    engine, *_ = build_engine(lesson)
    description = render.step_reply(await engine.start(LEARNER, "demo")).embeds[0].description
    assert "**You'll learn:**\n• read data\n• plot it\n\n" in description


@pytest.mark.parametrize(
    ("stdout", "shown"),
    [
        ("\n", "```\n \n```"),  # an empty line still makes a visible block
        ("MAX\n", "```\nMAX\n```"),
        ("spaces  \n", "```\nspaces  \n```"),
    ],
)
def test_output_that_ends_oddly_is_shown_whole_and_not_called_truncated(stdout, shown):
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout))
    assert field(reply.embeds[0], "Your output").value == shown
    assert reply.files == ()
