"""What a learner reads around a run: the repair notes on their code, a /run posted in
public, the share line, a stale submission, alt text on attachments, and the verdict and
progress details that depend on which step or track is meant.

Submissions come from the real engine (its executor scripted); the assertions are on the
embeds, content and files Discord receives.
"""

from __future__ import annotations

import dataclasses

import discord

from bot.core.checks import Check, CheckResult
from bot.core.lessons import clean_source
from bot.core.ports import RunJob, RunResult, RunStatus
from bot.discord_app import render
from tests.unit.helpers import PASSING, build_engine, make_lesson

LEARNER = "local:alice"


def engine_returning(result: RunResult, *lessons):
    """An engine whose executor answers every non-PASSING submission with `result`."""

    def handler(job: RunJob) -> RunResult:
        if job.submission.code == PASSING:
            return RunResult(RunStatus.OK, checks=(CheckResult("expr", True, "ok"),))
        return result

    return build_engine(*lessons, handler=handler)[0]


def field(embed: discord.Embed, name: str):
    return next((f for f in embed.fields if f.name == name), None)


# --------------------------------------------------------------------------- repair notes


async def test_a_verdict_on_code_with_a_nul_byte_says_what_was_replaced():
    failing = RunResult(RunStatus.OK, checks=(CheckResult("defined", False, "v1 is missing"),))
    engine = engine_returning(failing, make_lesson(steps=1))
    code = "x = 1\x00\ny = 2\x00"
    submission = await engine.submit(LEARNER, "demo", code)
    embed = render.verdict_reply(submission).embeds[0]
    notes = clean_source(code).notes
    assert len(notes) == 3  # two characters, then what they became
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Note", "\n".join(notes), False)
    ]
    assert embed.fields[0].value.startswith("line 1, column 6: ")
    clean = await engine_returning(failing, make_lesson(steps=1)).submit(LEARNER, "demo", "x")
    assert field(render.verdict_reply(clean).embeds[0], "Note") is None


def test_a_sandbox_run_lists_its_notes_one_a_line_clipped_to_a_field():
    notes = ("line 1, column 2: a NUL byte", "Each was replaced.")
    embed = render.sandbox_reply(RunResult(RunStatus.OK, stdout="hi\n"), notes).embeds[0]
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Your output", "```\nhi\n```", False),
        ("Note", "line 1, column 2: a NUL byte\nEach was replaced.", False),
    ]
    many = tuple(f"line {n}, column 1: a NUL byte" for n in range(1, 100))
    long = render.sandbox_reply(RunResult(RunStatus.OK, stdout="hi\n"), many).embeds[0]
    assert field(long, "Note").value == "\n".join(many)[:1024]
    assert len(field(long, "Note").value) == 1024
    assert field(render.sandbox_reply(RunResult(RunStatus.OK)).embeds[0], "Note") is None


# --------------------------------------------------------------------------- /run in public


def test_a_posted_run_shows_who_ran_it_the_code_as_python_then_the_result():
    result = RunResult(RunStatus.OK, stdout="3\n", duration_ms=4)
    reply = render.posted_run_reply("Ada", "print(1 + 2)", result)
    assert reply.content == "Ada ran this with `/run`:\n```py\nprint(1 + 2)\n```"
    (embed,) = reply.embeds
    assert embed.title == "Ran your code"
    assert field(embed, "Your output").value == "```\n3\n```"
    assert embed.footer.text == "ran in 4 ms"
    assert reply.files == ()


def test_a_posted_run_of_long_code_fills_the_message_and_attaches_long_output():
    stdout = "".join(f"{n}\n" for n in range(50))
    result = RunResult(RunStatus.OK, stdout=stdout)
    reply = render.posted_run_reply("Ada", "x = 1\n" * 1000, result)
    assert len(reply.content) == 2000  # Discord's message limit, to the character
    assert reply.content.startswith("Ada ran this with `/run`:\n```py\nx = 1\n")
    assert reply.content.endswith("…\n```")
    assert [(a.filename, a.data) for a in reply.files] == [("output.txt", stdout.encode())]
    assert reply.embeds[0].fields[0].value.endswith("full output attached as output.txt)")


# --------------------------------------------------------------------------- share, stale


def test_sharing_a_finished_lesson_names_the_member_and_the_lesson():
    reply = render.share_reply("Ada", "Loops & lists", 4)
    assert reply.content == "🎉 Ada completed **Loops & lists** (4 steps) with Stepwise!"
    pinged = render.share_reply("Ada", "Say @everyone", 2)
    assert "@everyone" not in pinged.content.replace("@\u200beveryone", "")


async def test_code_for_a_lesson_that_changed_is_shown_in_the_neutral_colour():
    engine = engine_returning(RunResult(RunStatus.OK), make_lesson(steps=2))
    passed = await engine.submit(LEARNER, "demo", PASSING)
    stale = dataclasses.replace(passed, stale=True, step_number=1)
    embed = render.verdict_reply(stale).embeds[0]
    assert embed.colour == discord.Colour.light_grey()


# --------------------------------------------------------------------------- attachments


def test_an_attachment_carries_its_alt_text_and_one_without_sends_none():
    reply = render.Reply(
        files=(
            render.Attachment("card.png", b"\x89PNG", "A card: 3 lessons complete"),
            render.Attachment("output.txt", b"hello\n"),
        )
    )
    card, output = reply.discord_files()
    assert card.to_dict(0) == {
        "id": 0,
        "filename": "card.png",
        "description": "A card: 3 lessons complete",
    }
    assert output.to_dict(1) == {"id": 1, "filename": "output.txt"}  # no empty alt text
    assert (card.fp.read(), output.fp.read()) == (b"\x89PNG", b"hello\n")


# --------------------------------------------------------------------------- step, track


async def test_nothing_printed_is_judged_by_the_submitted_steps_own_checks():
    lesson = make_lesson(steps=2)
    printing = dataclasses.replace(
        lesson.steps[0], checks=(Check("output", {"mode": "equals", "lines": ["hi"]}),)
    )
    quiet = lesson.steps[1]  # checks a name, not the output
    failing = RunResult(RunStatus.OK, checks=(CheckResult("output", False, "print hi"),))
    engine = engine_returning(failing, dataclasses.replace(lesson, steps=(printing, quiet)))
    embed = render.verdict_reply(await engine.submit(LEARNER, "demo", "x = 1")).embeds[0]
    assert field(embed, "Your output").value == "(nothing printed)"

    swapped = dataclasses.replace(lesson, steps=(quiet, dataclasses.replace(printing, index=2)))
    engine = engine_returning(failing, swapped)
    embed = render.verdict_reply(await engine.submit(LEARNER, "demo", "x = 1")).embeds[0]
    assert field(embed, "Your output") is None


async def test_progress_skips_an_untouched_track_and_still_lists_the_next_one():
    untouched = dataclasses.replace(make_lesson("alpha", steps=1), track="aaa")
    started = dataclasses.replace(make_lesson("beta", steps=2), track="bbb")
    engine = engine_returning(RunResult(RunStatus.OK), untouched, started)
    summary = await engine.summary(LEARNER)
    assert [track.name for track in summary.tracks()] == ["aaa", "bbb"]
    await engine.submit(LEARNER, "beta", PASSING)
    embed = render.progress_reply(await engine.summary(LEARNER), "Alice").embeds[0]
    assert embed.description == (
        "**Track bbb — 0 of 1 lessons complete**\n▶️ Lesson beta — 1 / 2 solved"
        "\nNext: Lesson beta (`beta`)"
    )
