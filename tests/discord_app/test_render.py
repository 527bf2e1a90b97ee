"""Verdicts and run output stay inside Discord's limits and can't be hijacked by output."""

from __future__ import annotations

from bot.core.checks import CheckResult
from bot.core.ports import ErrorInfo, RunResult, RunStatus
from bot.discord_app import render


def output_field(embed) -> str:
    return next(f.value for f in embed.fields if f.name == "Your output")


def test_short_output_is_shown_whole_without_attachment():
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout="a\nb\n", duration_ms=12.4))
    assert output_field(reply.embeds[0]) == "```\na\nb\n```"
    assert reply.files == () and reply.embeds[0].footer.text == "ran in 12 ms"


def test_more_than_ten_lines_is_cut_and_attached_in_full():
    stdout = "".join(f"line {i}\n" for i in range(25))
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout))
    shown = output_field(reply.embeds[0])
    assert "line 9" in shown and "line 10" not in shown and "truncated" in shown
    assert [(f.filename, f.data.decode()) for f in reply.files] == [("output.txt", stdout)]


def test_more_than_a_thousand_chars_on_one_line_is_cut_and_attached():
    stdout = "x" * 5000
    reply = render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout))
    value = output_field(reply.embeds[0])
    assert len(value) <= render.FIELD_LIMIT
    assert reply.files[0].data == stdout.encode()


def test_code_fences_in_output_cannot_close_the_block():
    stdout = "```\n**bold** @everyone\n```py\n"
    value = output_field(render.sandbox_reply(RunResult(RunStatus.OK, stdout=stdout)).embeds[0])
    assert value.startswith("```\n") and value.endswith("\n```")
    assert value.count("```") == 2


def test_error_names_the_learners_line_and_the_friendly_sentence():
    error = ErrorInfo(
        type="SyntaxError",
        message="expected ':'",
        friendly="missing ':' at the end of line 2",
        line=2,
        traceback='  File "your code", line 2\n    if x\n        ^',
    )
    reply = render.sandbox_reply(RunResult(RunStatus.SYNTAX_ERROR, error=error))
    description = reply.embeds[0].description
    assert "SyntaxError on line 2" in description and "missing ':'" in description


def test_timeout_is_told_apart_from_memory():
    timeout = render.sandbox_reply(RunResult(RunStatus.TIMEOUT)).embeds[0].description
    memory = render.sandbox_reply(RunResult(RunStatus.MEMORY_LIMIT)).embeds[0].description
    assert "too long" in timeout and "memory" in memory


def test_every_text_fits_its_limit_even_with_huge_inputs():
    checks = tuple(CheckResult("expr", False, "m" * 3000) for _ in range(5))
    error = ErrorInfo("E", "m" * 5000, "f" * 5000, line=1, traceback="t" * 9000)
    reply = render.sandbox_reply(
        RunResult(RunStatus.RUNTIME_ERROR, stdout="o" * 9000, error=error, checks=checks)
    )
    embed = reply.embeds[0]
    assert len(embed.description) <= render.DESCRIPTION_LIMIT
    assert all(len(f.value) <= render.FIELD_LIMIT for f in embed.fields)
    assert len(embed) <= 6000


def test_a_failing_verdict_that_completes_nothing_and_a_completion_fit_one_message():
    from bot.core.content import Lesson
    from bot.core.lessons import StepView, Submission

    lesson = Lesson("l", "T" * 200, "t", (), 1, "s", "g", (), "", "", (), ())
    view = StepView(lesson, None, 2, 1, 1, False, completed=True)
    checks = tuple(CheckResult("expr", True, "m" * 3000) for _ in range(5))
    result = RunResult(RunStatus.OK, stdout="o" * 9000, checks=checks)
    reply = render.verdict_reply(Submission(result, True, 1, view, completed=True))
    assert len(reply.embeds) == 2
    assert sum(len(e) for e in reply.embeds) <= render.EMBEDS_TOTAL


def test_clip_and_notice_respect_limits():
    assert render.clip("abc", 5) == "abc"
    assert render.clip("abcdef", 4) == "abc…"
    assert len(render.notice("n" * 5000).content) == render.CONTENT_LIMIT


def test_the_fakes_limit_check_catches_what_discord_would_refuse():
    """The e2e fake enforces these limits; make sure it would notice a breach."""
    from tests.e2e.fake_limits import payload_problems

    assert payload_problems({"content": "x" * 2001}) == ["content: 2001 > 2000"]
    button = {"type": 2, "label": "l", "custom_id": "c" * 101}
    assert payload_problems({"components": [{"type": 1, "components": [button]}]}) == [
        "components[0][0].custom_id: 101 > 100"
    ]
    assert payload_problems({"title": "t" * 46, "custom_id": "m", "components": [{}]}, modal=True)


def test_a_passed_check_without_a_pass_line_shows_no_mark():
    checks = (
        CheckResult("equals", True, "gain has the expected value"),
        CheckResult("expr", True, ""),  # an `expr` without `passed:`
        CheckResult("calls", False, "log_run('run-9', 0.2, 3, 0.5) raised KeyError: 'acc'"),
    )
    embed = render.sandbox_reply(RunResult(RunStatus.OK, checks=checks)).embeds[0]
    marks = [line for line in embed.description.splitlines() if line[:1] in ("✅", "❌")]
    assert len(marks) == 2, embed.description
    assert "gain has the expected value" in marks[0] and "raised KeyError" in marks[1]
