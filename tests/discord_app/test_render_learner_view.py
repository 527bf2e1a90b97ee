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

from bot.core.checks import SAME_PROBLEM, Check, CheckResult
from bot.core.ports import ErrorInfo, RunJob, RunResult, RunStatus
from bot.discord_app import render
from tests.unit.helpers import (
    PASSING,
    build_engine,
    make_lesson,
    make_question,
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


ADVICE_HINT = "Stuck? Press **Hint** for a nudge."
ADVICE_SOLUTION = "The solution is now available: press **Show solution**."


async def test_the_next_advice_follows_the_hint_and_the_unlocked_solution():
    engine = engine_returning(MIXED)
    first = render.verdict_reply(await engine.submit(LEARNER, "demo", "a")).embeds[0]
    assert first.description.endswith("✅ printed hello\n\n" + ADVICE_HINT)

    await engine.hint(LEARNER, "demo")
    await engine.hint(LEARNER, "demo")  # no hint left to suggest
    second = render.verdict_reply(await engine.submit(LEARNER, "demo", "b")).embeds[0]
    assert second.description.endswith("✅ printed hello")  # no advice at all

    third = render.verdict_reply(await engine.submit(LEARNER, "demo", "c")).embeds[0]
    assert third.description.endswith("✅ printed hello\n\n" + ADVICE_SOLUTION)
    assert [f.name for f in third.fields] == ["Your output"]  # no Progress on a failure


async def test_finishing_the_lesson_adds_the_completion_embed():
    engine = engine_returning(MIXED, make_lesson(steps=1))
    reply = render.verdict_reply(await engine.submit(LEARNER, "demo", PASSING))
    verdict, done = reply.embeds
    assert verdict.title == "✅ Step 1 passed"
    assert done.title == "🎉 Lesson demo — complete"
    assert done.colour == discord.Colour.green()
    assert done.description == (
        "You finished every step. Progress 1 / 1 solved.\n"
        "See `/progress` for your record, or `/lessons` for what to learn next."
    )
    assert render.step_reply(await engine.current(LEARNER, "demo")).embeds[0].title == (
        "🎉 Lesson demo — complete"
    )


async def test_the_end_of_a_lesson_with_a_skipped_step_sends_the_learner_back():
    engine = engine_returning(MIXED, make_lesson(steps=1))
    await engine.solution(LEARNER, "demo", give_up=True)
    embed = render.step_reply(await engine.skip(LEARNER, "demo")).embeds[0]
    assert embed.title == "Lesson demo — end of the lesson"
    assert embed.colour == discord.Colour.blurple()
    assert embed.description == (
        "Progress 0 / 1 solved · 1 skipped. The lesson is complete when every step is solved: "
        "`/lesson start demo` takes you back to the skipped steps."
    )


def test_output_the_sandbox_truncated_is_flagged_even_when_short():
    result = RunResult(RunStatus.OUTPUT_LIMIT, stdout="a\nb\nc\nd\n", truncated=True)
    reply = render.sandbox_reply(result)
    embed = reply.embeds[0]
    assert field(embed, "Your output").value == (
        "```\na\nb\nc\nd\n```\n(output truncated — full output attached as output.txt)"
    )
    assert reply.files[0].data == b"a\nb\nc\nd\n"
    assert embed.description == "⏱️ Your program printed too much and was stopped."
    assert (embed.title, embed.colour) == ("Your code stopped", discord.Colour.red())


def test_output_cut_off_in_one_big_print_says_to_print_a_slice():
    for stdout in ("a\n", "a\nb\nc\n"):
        result = RunResult(RunStatus.OUTPUT_LIMIT, stdout=stdout, truncated=True)
        assert render.sandbox_reply(result).embeds[0].description == (
            "⏱️ Your program printed too much and was stopped — in one print: "
            "show a slice of it (like `text[:200]`)."
        )
    told = RunResult(
        RunStatus.OUTPUT_LIMIT, stdout="a\n", truncated=True, detail="Too much output — a loop?"
    )
    assert render.sandbox_reply(told).embeds[0].description == (
        "⏱️ Too much output — in one print: show a slice of it (like `text[:200]`)."
    )


@pytest.mark.parametrize(
    ("status", "sentence", "footer"),
    [
        (
            RunStatus.TIMEOUT,
            "Your program took too long and was stopped.",
            "stopped by the sandbox",
        ),
        (
            RunStatus.MEMORY_LIMIT,
            "Your program used too much memory and was stopped.",
            "ran in 0 ms",
        ),
        (
            RunStatus.OUTPUT_LIMIT,
            "Your program printed too much and was stopped.",
            "ran in 0 ms",
        ),
        (RunStatus.KILLED, "Your program was stopped.", "stopped by the sandbox"),
    ],
)
def test_each_way_a_program_is_stopped_has_its_own_sentence(status, sentence, footer):
    stdout = "".join(f"{i}\n" for i in range(5))  # more than one big print
    embed = render.sandbox_reply(RunResult(status, stdout=stdout)).embeds[0]
    assert embed.description == f"⏱️ {sentence}"
    assert embed.footer.text == footer
    silent = render.sandbox_reply(RunResult(status)).embeds[0]
    assert field(silent, "Your output") is None  # a stopped run is not "nothing printed"


async def test_the_first_step_opens_with_scenario_goal_and_objectives():
    engine, *_ = build_engine()
    view = await engine.start(LEARNER, "demo")
    embed = render.step_reply(view).embeds[0]
    assert embed.title == "Lesson demo — Step 1: Step 1"
    assert embed.colour == discord.Colour.blurple()
    assert embed.description == (
        "**Scenario:** A scenario.\n\n**Goal:** A goal.\n\n**You'll learn:**\n• learn\n\n"
        "Do thing 1.\n\nStarter code:\n```py\n# start here\n```"
    )
    assert embed.footer.text == "Progress 0 / 3 solved"


async def test_a_later_step_shows_only_its_instructions_and_failed_attempts():
    engine = engine_returning(MIXED)
    await engine.submit(LEARNER, "demo", PASSING)
    await engine.submit(LEARNER, "demo", "wrong")
    await engine.submit(LEARNER, "demo", "wrong again")
    embed = render.step_reply(await engine.current(LEARNER, "demo")).embeds[0]
    assert embed.title == "Lesson demo — Step 2: Step 2"
    assert embed.description == "Do thing 2."
    assert embed.footer.text == "Progress 1 / 3 solved · 2 failed attempt(s) on this step"


async def test_the_solution_is_a_python_block_with_a_nudge_to_type_it():
    engine, *_ = build_engine()
    await engine.start(LEARNER, "demo")
    embed = render.solution_reply(await engine.solution(LEARNER, "demo", give_up=True)).embeds[0]
    assert embed.title == "Solution for step 1"
    assert embed.description == "```py\nv1 = 1\n```"
    assert embed.footer.text == (
        "Type it yourself and submit it: that's how it sticks. Or Skip step to move on; "
        "/lesson reset starts the lesson over."
    )
    assert embed.colour == discord.Colour.light_grey()


async def test_the_lesson_list_marks_done_started_and_new_lessons():
    lessons = (make_lesson("alpha", steps=1), make_lesson("beta"), make_lesson("gamma", steps=2))
    engine = engine_returning(MIXED, *lessons)
    await engine.submit(LEARNER, "alpha", PASSING)
    await engine.submit(LEARNER, "beta", PASSING)
    summary = await engine.summary(LEARNER)
    embed = render.lessons_reply(list(lessons), summary).embeds[0]
    assert embed.title == "Lessons"
    assert embed.description is None
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        (
            "Track testing — 1 of 3 lessons complete",
            "1. **Lesson alpha** `alpha` · ~5 min · ✅ done\n"
            "2. **Lesson beta** `beta` · ~5 min · 1 / 3 solved\n"
            "3. **Lesson gamma** `gamma` · ~5 min · 2 steps",
            False,
        ),
    ]
    assert embed.footer.text == "Start one with /lesson start"


async def test_an_empty_lesson_list_says_so_and_a_long_one_stops_at_25_fields():
    engine, *_ = build_engine()
    empty = render.lessons_reply([], await engine.summary(LEARNER)).embeds[0]
    assert empty.description == "No lessons are installed yet."
    many = [
        dataclasses.replace(make_lesson(f"l{i:02}"), track=f"t{i:02}", title="T" * 1100)
        for i in range(30)
    ]
    engine, *_ = build_engine(*many)
    reply = render.lessons_reply(many, await engine.summary(LEARNER))
    names = [f.name for f in reply.embeds[0].fields]
    assert names == [f"Track t{i:02} — 0 of 1 lessons complete" for i in range(25)]
    assert all(len(f.value) == 1024 for f in reply.embeds[0].fields)  # clipped, not refused


async def test_progress_lists_started_lessons_quiz_accuracy_and_streak():
    questions = (make_question("q1", pinned=True), make_question("q2", pinned=True))
    lessons = (
        make_lesson("alpha", steps=1, questions=questions),
        make_lesson("beta"),
        make_lesson("gamma"),
    )
    engine = engine_returning(MIXED, *lessons)
    await engine.submit(LEARNER, "alpha", PASSING)
    await engine.start(LEARNER, "beta")
    await engine.answer(LEARNER, "alpha", "q1", 0)
    await engine.answer(LEARNER, "alpha", "q2", 0)
    await engine.answer(LEARNER, "alpha", "q2", 1)
    session = await engine.start_test(LEARNER, "alpha")
    await engine.answer_test(LEARNER, "alpha", session.id, "q1", 1)
    embed = render.progress_reply(await engine.summary(LEARNER), "Alice").embeds[0]
    assert embed.title == "Progress — Alice"
    assert embed.description == (
        "**Track testing — 1 of 3 lessons complete**\n"
        "✅ Lesson alpha — complete (1 / 1 solved)\n"
        "▶️ Lesson beta — 0 / 3 solved\n"
        "Next: Lesson beta (`beta`)"
    )
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Practice", "2 / 3 correct (67%)"),
        ("Tests", "0 / 1 correct (0%)"),
        ("Study streak", "1 day(s) (best 1)"),
    ]
    assert embed.footer.text == "Study streak: days with a lesson, practice, test or daily answer."
    ranked = render.progress_reply(await engine.summary(LEARNER), "Alice", "#3 · 40 points")
    assert [f.name for f in ranked.embeds[0].fields] == [
        "Practice",
        "Tests",
        "Daily quiz",
        "Study streak",
    ]
    assert ranked.embeds[0].fields[2].value == "#3 · 40 points"


async def test_progress_of_a_newcomer_says_nothing_started_and_no_accuracy():
    engine, *_ = build_engine()
    embed = render.progress_reply(await engine.summary(LEARNER), "N" * 300).embeds[0]
    assert embed.description == "No lessons started yet."
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Practice", "0 / 0 correct"),
        ("Tests", "0 / 0 correct"),
        ("Study streak", "0 day(s) (best 0)"),
    ]
    assert len(embed.title) == 256


async def test_lists_are_in_the_lesson_colour_and_fields_are_stacked():
    engine = engine_returning(MIXED)
    summary = await engine.summary(LEARNER)
    lessons = render.lessons_reply([make_lesson()], summary).embeds[0]
    assert lessons.colour == discord.Colour.blurple()
    assert all(f.inline is False for f in lessons.fields)
    assert render.progress_reply(summary, "A").embeds[0].colour == discord.Colour.blurple()
    passed = render.verdict_reply(await engine.submit(LEARNER, "demo", PASSING)).embeds[0]
    assert [(f.name, f.value, f.inline) for f in passed.fields] == [
        ("Progress", "1 / 3 solved", False),
    ]
    printed = engine_returning(RunResult(RunStatus.OK, stdout="hi\n", checks=MIXED.checks))
    failed = render.verdict_reply(await printed.submit(LEARNER, "demo", "x")).embeds[0]
    assert [(f.name, f.inline) for f in failed.fields] == [("Your output", False)]


async def test_a_failure_that_suggests_a_hint_and_unlocks_the_solution_says_both():
    engine = engine_returning(MIXED, make_lesson(solution_after_failures=1))
    embed = render.verdict_reply(await engine.submit(LEARNER, "demo", "x")).embeds[0]
    assert embed.description.endswith("\n\n" + ADVICE_HINT + " " + ADVICE_SOLUTION)


def test_checks_waiting_on_a_failure_collapse_into_one_line():
    waiting = CheckResult("equals", False, SAME_PROBLEM)
    checks = (CheckResult("defined", False, "`total` is not defined"), waiting, waiting)
    embed = render.sandbox_reply(RunResult(RunStatus.OK, checks=checks)).embeds[0]
    assert (
        embed.description
        == "❌ \\`total\\` is not defined\n⏭ 2 checks wait for the one above to pass"
    )
    one = (checks[0], waiting, CheckResult("expr", True, SAME_PROBLEM))
    embed = render.sandbox_reply(RunResult(RunStatus.OK, checks=one)).embeds[0]
    assert embed.description == (
        "❌ \\`total\\` is not defined\n✅ fix the problem above first\n"
        "⏭ check waits for the one above to pass"
    )


def test_a_run_that_printed_nothing_says_so_where_printing_is_expected():
    ran = render.sandbox_reply(RunResult(RunStatus.OK)).embeds[0]
    assert [(f.name, f.value, f.inline) for f in ran.fields] == [
        ("Your output", "(nothing printed)", False)
    ]


async def test_a_failed_step_that_checks_output_says_nothing_was_printed():
    lesson = make_lesson(steps=1)
    printing = dataclasses.replace(
        lesson.steps[0], checks=(Check("output", {"mode": "equals", "lines": ["hi"]}),)
    )
    failing = RunResult(RunStatus.OK, checks=(CheckResult("output", False, "print hi"),))
    engine = engine_returning(failing, dataclasses.replace(lesson, steps=(printing,)))
    embed = render.verdict_reply(await engine.submit(LEARNER, "demo", "x = 1")).embeds[0]
    assert field(embed, "Your output").value == "(nothing printed)"
    quiet = engine_returning(failing, make_lesson(steps=1))  # its check is not about output
    embed = render.verdict_reply(await quiet.submit(LEARNER, "demo", "x = 1")).embeds[0]
    assert field(embed, "Your output") is None


async def test_code_for_a_lesson_that_changed_is_not_counted_and_says_where_the_learner_is():
    engine = engine_returning(MIXED, make_lesson(steps=2))
    late = await engine.submit(LEARNER, "demo", PASSING)
    on_step = dataclasses.replace(late, stale=True, step_number=1)
    embed = render.verdict_reply(on_step).embeds[0]
    assert embed.title == "⏳ Not counted: your lesson changed"
    assert embed.description.endswith(
        "Now you are on step 2: press **Submit code** to try it there."
    )
    done = await engine.submit(LEARNER, "demo", PASSING)
    finished = dataclasses.replace(done, stale=True, step_number=1)
    assert (
        render.verdict_reply(finished)
        .embeds[0]
        .description.endswith("Now the lesson is complete: press **Submit code** to try it there.")
    )
