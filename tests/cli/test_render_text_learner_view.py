"""What `stepwise study`, `practice` and `test` print, from real engine outcomes, in-process.

The subprocess tests beside this file prove the commands end to end; these pin the text a
learner reads in the terminal line by line, which a subprocess test can only sample.
"""

from __future__ import annotations

import dataclasses

from bot.cli import render_text
from bot.core.checks import CheckResult
from bot.core.lessons import Solution
from bot.core.ports import ErrorInfo, RunResult, RunStatus
from tests.unit.helpers import build_engine, make_lesson, make_question

LEARNER = "local:alice"


# --------------------------------------------------------------------------- lessons


def test_the_intro_gives_scenario_goal_objectives_and_why_it_matters():
    lesson = make_lesson()
    assert render_text.lesson_intro(lesson).split("\n") == [
        "─" * 60,
        "Lesson demo  (testing, ~5 min)",
        "─" * 60,
        "Scenario: A scenario.",
        "",
        "Goal: A goal.",
        "",
        "What you'll learn:",
        "  • learn",
        "",
        "Why this matters:",
        "  Real world: real",
        "  Career: career",
    ]
    bare = dataclasses.replace(lesson, objectives=(), why_real_world="", why_career="career")
    assert render_text.lesson_intro(bare).split("\n")[-3:] == [
        "",
        "Why this matters:",
        "  Career: career",
    ]
    plain = dataclasses.replace(bare, why_career="")
    assert render_text.lesson_intro(plain).split("\n")[-1] == "Goal: A goal."


# --------------------------------------------------------------------------- verdicts


def test_a_failing_verdict_marks_each_check_by_its_own_result():
    checks = (
        CheckResult("defined", True, "total exists"),
        CheckResult("expr", False, "total should be 10"),
    )
    text = render_text.verdict_text(RunResult(RunStatus.OK, checks=checks, duration_ms=7.6))
    assert text.split("\n") == [
        "✗ Not yet: 1 of 2 checks failed  (ran in 8 ms)",
        "  ✓ total exists",
        "  ✗ total should be 10",
    ]
    passed = RunResult(RunStatus.OK, checks=checks[:1])
    assert render_text.verdict_text(passed) == "✓ Passed  (ran in 0 ms)\n  ✓ total exists"


def test_a_verdict_shows_output_with_what_was_left_out():
    stdout = "".join(f"{i}\n" for i in range(45))
    text = render_text.verdict_text(RunResult(RunStatus.OK, stdout=stdout))
    lines = text.split("\n")
    assert lines[1:3] == ["Output:", "  | 0"]
    assert lines[-2:] == ["  | 39", "  | … (5 more lines not shown)"]
    cut = render_text.verdict_text(RunResult(RunStatus.OUTPUT_LIMIT, stdout="a\n", truncated=True))
    assert cut.split("\n") == [
        "✗ Your code did not finish (output limit)  (ran in 0 ms)",
        "Output:",
        "  | a",
        "  | … (output cut: too long)",
    ]


def test_output_lines_are_clipped_at_the_terminal_width():
    exact, hidden = render_text.clip_output("x" * 200 + "\n" + "y" * 201)
    assert exact.split("\n") == ["x" * 200, "y" * 199 + "…"] and hidden == 0
    forty, hidden = render_text.clip_output("\n".join("z" * 40))
    assert len(forty.split("\n")) == 40 and hidden == 0


def test_an_error_is_located_in_the_learners_code_or_in_an_earlier_step():
    error = ErrorInfo("NameError", "name 'x' is not defined", "", program="step 1", line=2)
    text = render_text.verdict_text(RunResult(RunStatus.RUNTIME_ERROR, error=error))
    assert text.split("\n")[1:] == [
        "Error on line 2 of step 1: name 'x' is not defined",
        "  NameError: name 'x' is not defined",
    ]
    said = ErrorInfo("SyntaxError", "bad", "line 4 needs a colon", line=4, traceback="  tb\n")
    text = render_text.verdict_text(RunResult(RunStatus.SYNTAX_ERROR, error=said))
    assert text.split("\n")[1:] == ["Error: line 4 needs a colon", "    tb"]
    unlocated = ErrorInfo("ValueError", "bad", "Bad value.")
    text = render_text.verdict_text(RunResult(RunStatus.RUNTIME_ERROR, error=unlocated))
    assert text.split("\n")[1] == "Error: Bad value."


def test_the_sandboxs_explanation_ends_the_verdict():
    text = render_text.verdict_text(RunResult(RunStatus.TIMEOUT, detail="Stopped after 5 s."))
    assert text == "✗ Your code did not finish (timeout)  (ran in 0 ms)\nStopped after 5 s."


def test_the_json_verdict_puts_lesson_and_step_first_and_rounds_the_duration():
    result = RunResult(RunStatus.OK, stdout="hi\n", duration_ms=12.345)
    verdict = render_text.verdict_dict(result, "demo", 2)
    assert list(verdict)[:2] == ["lesson", "step"]
    assert (verdict["lesson"], verdict["step"], verdict["duration_ms"]) == ("demo", 2, 12.3)
    assert verdict["stdout"] == "hi\n"


# --------------------------------------------------------------------------- lists


# --------------------------------------------------------------------------- questions


def test_a_question_shows_its_number_difficulty_code_and_options():
    question = dataclasses.replace(make_question("q1", "hard"), code="x = 1")
    assert render_text.question_text(question, 2, 10).split("\n") == [
        "",
        "(2/10) [hard] Question q1?",
        "",
        "    x = 1",
        "",
        "  A. q1 option 0",
        "  B. q1 option 1",
        "  C. q1 option 2",
        "  D. q1 option 3",
    ]
    assert render_text.question_text(make_question("q2")).split("\n")[1] == "[easy] Question q2?"


# --------------------------------------------------------------------------- edges


def test_output_keeps_its_spaces_and_letters_and_splits_only_at_newlines():
    text = render_text.verdict_text(RunResult(RunStatus.OK, stdout="two words\nMAX\ntrailing  \n"))
    assert text.split("\n")[1:] == ["Output:", "  | two words", "  | MAX", "  | trailing  "]
    ends_in_x = render_text.verdict_text(RunResult(RunStatus.OK, stdout="MAX\n"))
    assert ends_in_x.split("\n")[1:] == ["Output:", "  | MAX"]


def test_blank_lines_inside_code_stay_inside_the_indented_block():
    solution = Solution(step_number=1, code="a = 1\n\nb = 2\n", gave_up=False)
    assert render_text.solution_text(solution) == (
        "Reference solution for step 1:\n    a = 1\n    \n    b = 2"
    )


async def test_instructions_and_prompts_lose_only_their_trailing_newlines():
    lesson = make_lesson()
    first = dataclasses.replace(lesson.steps[0], instructions="  Do it.\n\n", starter="")
    engine, *_ = build_engine(dataclasses.replace(lesson, steps=(first, *lesson.steps[1:])))
    text = render_text.step_text(await engine.start(LEARNER, "demo"))
    assert text.endswith("\n\n  Do it.")

    question = dataclasses.replace(make_question("q1"), prompt="  Which one?\n")
    assert render_text.question_text(question).split("\n")[1] == "[easy]   Which one?"
    assert render_text.question_text(question, 3).split("\n")[1] == "[easy]   Which one?"
