"""What `stepwise study`, `practice` and `test` print, from real engine outcomes, in-process.

The subprocess tests beside this file prove the commands end to end; these pin the text a
learner reads in the terminal line by line, which a subprocess test can only sample.
"""

from __future__ import annotations

import dataclasses

from bot.cli import render_text
from bot.core import quiz
from bot.core.checks import CheckResult
from bot.core.lessons import Solution
from bot.core.ports import ErrorInfo, QueueNotice, RunResult, RunStatus
from bot.core.quiz.outcomes import ReviewItem
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

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


async def test_a_step_shows_its_position_progress_and_indented_starter():
    engine, *_ = build_engine()
    view = await engine.start(LEARNER, "demo")
    assert render_text.step_text(view) == (
        "\nStep 1 of 3: Step 1    [Progress 0 / 3 solved]\n\nDo thing 1.\n\n"
        "Starter code:\n    # start here"
    )
    await engine.submit(LEARNER, "demo", PASSING)
    later = await engine.current(LEARNER, "demo")
    assert (
        render_text.step_text(later)
        == "\nStep 2 of 3: Step 2    [Progress 1 / 3 solved]\n\nDo thing 2."
    )


async def test_hint_solution_and_completion_lines():
    engine, *_ = build_engine(make_lesson(steps=1))
    assert render_text.hint_text(await engine.hint(LEARNER, "demo")) == "Hint 1 of 2: hint 1.1"
    gave_up = await engine.solution(LEARNER, "demo", give_up=True)
    assert render_text.solution_text(gave_up) == (
        "Reference solution for step 1 (recorded as given up):\n    v1 = 1"
    )
    unlocked = dataclasses.replace(gave_up, gave_up=False)
    assert render_text.solution_text(unlocked) == "Reference solution for step 1:\n    v1 = 1"
    skipped = await engine.current(LEARNER, "demo")
    assert render_text.completion_text(skipped) == (
        "\nEnd of the lesson: Lesson demo. Progress 0 / 1 solved.\n"
        "The lesson is complete when every step is solved: run "
        "`stepwise study demo` again to go back to the skipped steps."
    )
    engine, *_ = build_engine(make_lesson(steps=1))
    await engine.submit(LEARNER, "demo", PASSING)
    done = await engine.current(LEARNER, "demo")
    assert render_text.completion_text(done) == (
        "\n✓ Lesson complete: Lesson demo. Progress 1 / 1 solved."
    )


async def test_the_lessons_table_aligns_columns_and_ends_with_quiz_and_streak():
    questions = (make_question("q1", pinned=True), make_question("q2", pinned=True))
    engine, *_ = build_engine(
        make_lesson("alpha", steps=1, questions=questions),
        make_lesson("beta"),
        make_lesson("gamma-long-id"),
    )
    await engine.submit(LEARNER, "alpha", PASSING)
    await engine.start(LEARNER, "beta")
    await engine.answer(LEARNER, "alpha", "q1", 0)
    await engine.answer(LEARNER, "alpha", "q2", 1)
    text = render_text.lessons_table(await engine.summary(LEARNER))
    assert text.split("\n") == [
        "Track testing: 1 of 3 lessons complete · next: Lesson beta (beta)",
        "ID             #  TITLE                 TIME   PROGRESS      STATUS       AFTER",
        "-------------  -  --------------------  -----  ------------  -----------  -----",
        "alpha          1  Lesson alpha          5 min  1 / 1 solved  done         -",
        "beta           2  Lesson beta           5 min  0 / 3 solved  in progress  -",
        "gamma-long-id  3  Lesson gamma-long-id  5 min  0 / 3 solved  new          -",
        "",
        "Quiz accuracy: 1/2 correct (50%)   Streak: 1 day",
    ]


async def test_the_footer_of_a_newcomer_and_of_a_streak_at_risk():
    engine, _, _, clock = build_engine(make_lesson(questions=(make_question("q1", pinned=True),)))
    assert render_text.summary_footer(await engine.summary(LEARNER)) == (
        "Quiz accuracy: no answers yet   Streak: 0 days"
    )
    await engine.answer(LEARNER, "demo", "q1", 0)
    clock.advance(days=1)
    await engine.answer(LEARNER, "demo", "q1", 0)
    clock.advance(days=1)
    assert render_text.summary_footer(await engine.summary(LEARNER)) == (
        "Quiz accuracy: 2/2 correct (100%)   Streak: 2 days (study today to keep it)"
    )


async def test_feedback_teaches_and_names_mistakes_only_after_a_miss():
    question = make_question("q1", correct=1, pinned=True)
    engine, *_ = build_engine(make_lesson(questions=(question,)))
    right = render_text.feedback_text(await engine.answer(LEARNER, "demo", "q1", 1))
    assert right.split("\n") == [  # a learner who knows it is not taught it again
        "✓ Correct: B. q1 option 1",
        "Quick check: q1 quick",
    ]
    wrong = render_text.feedback_text(await engine.answer(LEARNER, "demo", "q1", 3))
    assert wrong.split("\n") == [
        "✗ Not quite. You chose D; the answer is B. q1 option 1",
        "Solution:",
        "  1. q1 step one",
        "  2. q1 step two",
        "Quick check: q1 quick",
        "Hint: q1 hint",
        "Common mistakes:",
        "  • q1 mistake",
    ]


async def test_the_test_report_scores_bands_and_reviews_misses_in_order():
    engine, *_ = build_engine(
        make_lesson(
            questions=(
                make_question("e1", pinned=True),
                make_question("m1", "medium", pinned=True),
                make_question("h1", "hard", pinned=True),
            )
        )
    )
    session = await engine.start_test(LEARNER, "demo")
    asked = {q.id: q for q in session.questions}
    for qid in ("e1", "m1"):  # both wrong; h1 left unanswered
        await engine.answer_test(LEARNER, "demo", session.id, qid, 2)
    report = await engine.finish_test(LEARNER, "demo", session.id)
    order = [q.id for q in session.questions if q.id != "h1"]
    reviewed = []
    for qid in order:
        question = asked[qid]
        reviewed += [
            "",
            f"[{question.difficulty}] Question {qid}?",
            f"  You answered: C. {qid} option 2",
            f"  Correct:      A. {qid} option 0",
            f"  1. {qid} step one",
            f"  2. {qid} step two",
        ]
    assert render_text.report_text(report).split("\n") == [
        "",
        "─" * 60,
        "Test result: 0 / 3 (0%)",
        "  easy: 0/1   medium: 0/1   hard: 0/1",
        "1 question left unanswered: counted as miss; its answer stays hidden for your retake.",
        "",
        "Review of your misses:",
        *reviewed,
    ]


async def test_two_unanswered_questions_are_counted_in_the_plural():
    engine, *_ = build_engine(
        make_lesson(questions=(make_question("e1", pinned=True), make_question("e2", pinned=True)))
    )
    session = await engine.start_test(LEARNER, "demo")
    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert render_text.report_text(report).split("\n")[2:] == [
        "Test result: 0 / 2 (0%)",
        "  easy: 0/2",
        "2 questions left unanswered: counted as misses; "
        "their answers stay hidden for your retake.",
    ]


async def test_a_perfect_test_says_there_is_nothing_to_review():
    engine, *_ = build_engine(make_lesson(questions=(make_question("e1", pinned=True),)))
    session = await engine.start_test(LEARNER, "demo")
    await engine.answer_test(LEARNER, "demo", session.id, "e1", 0)
    text = render_text.report_text(await engine.finish_test(LEARNER, "demo", session.id))
    assert text.split("\n")[2:] == [
        "Test result: 1 / 1 (100%)",
        "  easy: 1/1",
        "✓ No misses. This pattern is strong.",
    ]


def test_the_review_of_a_miss_shows_its_prompt_without_the_trailing_newline():
    question = dataclasses.replace(make_question("q1"), prompt="  Which one?\n")
    miss = ReviewItem(question=question, choice=1)
    report = quiz.TestReport("t", make_lesson(questions=(question,)), 0, 1, (miss,), ())
    assert "[easy]   Which one?\n  You answered: B. q1 option 1" in render_text.report_text(report)


async def test_the_lessons_table_pads_no_column_past_its_widest_cell():
    alpha = make_lesson("alpha", steps=1)
    gamma = make_lesson("gamma", steps=1)
    beta = dataclasses.replace(make_lesson("beta"), prerequisites=("alpha", "gamma"))
    engine, *_ = build_engine(alpha, beta, gamma)
    lines = render_text.lessons_table(await engine.summary(LEARNER)).split("\n")
    assert lines[1:6] == [  # no trailing spaces after the header's last word
        "ID     #  TITLE         TIME   PROGRESS      STATUS  AFTER",
        "-----  -  ------------  -----  ------------  ------  ------------",
        "alpha  1  Lesson alpha  5 min  0 / 1 solved  new     -",
        "beta   2  Lesson beta   5 min  0 / 3 solved  new     alpha, gamma",
        "gamma  3  Lesson gamma  5 min  0 / 1 solved  new     -",
    ]


# --------------------------------------------------------------------------- waiting


def test_the_queued_line_counts_the_runs_ahead_in_the_singular_and_plural():
    assert render_text.queued_line(QueueNotice(ahead=1, wait=0.2)) == (
        "queued — 1 run ahead of you (about 1 s)"
    )
    assert render_text.queued_line(QueueNotice(ahead=2, wait=3.5)) == (
        "queued — 2 runs ahead of you (about 4 s)"
    )


def test_the_busy_line_says_when_to_retry_and_how():
    assert render_text.busy_line(11.2) == (
        "Every code runner is busy right now: try again in about 12 s. "
        "Type :retry to submit the same code again."
    )
    assert render_text.busy_line(None, retry_command=False) == (
        "Every code runner is busy right now: try again in a moment. Send it again."
    )
