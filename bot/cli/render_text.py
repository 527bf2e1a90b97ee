"""Plain-text rendering of engine outcomes for the terminal: strings in, strings out.

Kept apart from the command loop so the wording can be read (and changed) in one place,
and so the JSON form of a verdict (`verdict_dict`) has a single, documented definition.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from bot.core.content import Lesson, Question, option_letter
from bot.core.lessons import Hint, ProgressSummary, Solution, StepView, Tally, TrackStatus
from bot.core.ports import QueueNotice, RunResult, RunStatus, about
from bot.core.quiz import AnswerFeedback, TestReport

PASS, FAIL = "✓", "✗"
RULE = "─" * 60
SHOW_LINES, SHOW_WIDTH = 40, 200  # program output shown in a terminal verdict


def indent(text: str, prefix: str = "    ") -> str:
    return textwrap.indent(text.rstrip("\n"), prefix, lambda _line: True)


def progress_line(tally: Tally) -> str:
    return f"Progress {tally.words()}"


# --------------------------------------------------------------------------- lessons


def lesson_intro(lesson: Lesson) -> str:
    lines = [
        RULE,
        f"{lesson.title}  ({lesson.track}, ~{lesson.minutes} min)",
        RULE,
        f"Scenario: {lesson.scenario}",
        "",
        f"Goal: {lesson.goal}",
    ]
    if lesson.objectives:
        lines += ["", "What you'll learn:", *(f"  • {o}" for o in lesson.objectives)]
    if lesson.why_real_world or lesson.why_career:
        lines += ["", "Why this matters:"]
        if lesson.why_real_world:
            lines.append(f"  Real world: {lesson.why_real_world}")
        if lesson.why_career:
            lines.append(f"  Career: {lesson.why_career}")
    return "\n".join(lines)


def step_text(view: StepView) -> str:
    assert view.step is not None
    step = view.step
    lines = [
        "",
        f"Step {view.number} of {view.total}: {step.title}    [{progress_line(view.progress)}]",
        "",
        step.instructions.rstrip(),
    ]
    if step.starter.strip():
        lines += ["", "Starter code:", indent(step.starter)]
    return "\n".join(lines)


def verdict_text(result: RunResult) -> str:
    """Per-check ✓/✗ lines, the program's output, the error located in the learner's code."""
    if result.passed:
        head = f"{PASS} Passed"
    elif result.status is RunStatus.OK:
        failed = len(result.failed_checks)
        head = f"{FAIL} Not yet: {failed} of {len(result.checks)} checks failed"
    else:
        head = f"{FAIL} Your code did not finish ({result.status.value.replace('_', ' ')})"
    lines = [f"{head}  (ran in {result.duration_ms:.0f} ms)"]
    for check in result.checks:
        if check.message:  # a passed `expr` without `passed:` has no pass line
            lines.append(f"  {PASS if check.passed else FAIL} {check.message}")
    if result.stdout:
        shown, hidden = clip_output(result.stdout)
        lines += ["Output:", indent(shown, "  | ")]
        if hidden:
            lines.append(f"  | … ({hidden} more lines not shown)")
        elif result.truncated:
            lines.append("  | … (output cut: too long)")
    if result.error is not None:
        error = result.error
        friendly = error.friendly or error.message
        located = error.line and f"line {error.line}" not in friendly
        where = f" on line {error.line}" if located else ""
        program = f" of {error.program}" if error.program and error.program != "your code" else ""
        lines.append(f"Error{where}{program}: {friendly}")
        if error.traceback:
            lines.append(indent(error.traceback, "  "))
        else:
            lines.append(f"  {error.type}: {error.message}")
    if result.detail:
        lines.append(result.detail)
    return "\n".join(lines)


def clip_output(stdout: str) -> tuple[str, int]:
    """At most SHOW_LINES lines of SHOW_WIDTH characters for the terminal, and how many
    lines were left out (`stepwise check --json` keeps everything)."""
    lines = stdout.rstrip("\n").split("\n")
    shown = [
        line if len(line) <= SHOW_WIDTH else line[: SHOW_WIDTH - 1] + "…"
        for line in lines[:SHOW_LINES]
    ]
    return "\n".join(shown), max(len(lines) - SHOW_LINES, 0)


def hint_text(hint: Hint) -> str:
    return f"Hint {hint.number} of {hint.total}: {hint.text}"


def solution_text(solution: Solution) -> str:
    note = " (recorded as given up)" if solution.gave_up else ""
    return f"Reference solution for step {solution.step_number}{note}:\n{indent(solution.code)}"


def completion_text(view: StepView) -> str:
    """The end of the lesson: complete only when every step is solved."""
    progress = progress_line(view.progress)
    if view.completed:
        return f"\n{PASS} Lesson complete: {view.lesson.title}. {progress}."
    return (
        f"\nEnd of the lesson: {view.lesson.title}. {progress}.\n"
        "The lesson is complete when every step is solved: run "
        f"`stepwise study {view.lesson.id}` again to go back to the skipped steps."
    )


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def lessons_table(summary: ProgressSummary) -> str:
    """One table per track, lessons in the order to take them, with the track's progress."""
    parts = []
    for track in summary.tracks():
        rows = []
        for number, status in enumerate(track.lessons, start=1):
            state = "done" if status.completed else "in progress" if status.started else "new"
            rows.append(
                [
                    status.lesson.id,
                    str(number),
                    status.lesson.title,
                    f"{status.lesson.minutes} min",
                    status.progress.words(),
                    state,
                    ", ".join(status.lesson.prerequisites) or "-",
                ]
            )
        header = ["ID", "#", "TITLE", "TIME", "PROGRESS", "STATUS", "AFTER"]
        parts.append(f"{track_line(track)}\n{table(rows, header)}")
    return "\n\n".join([*parts, summary_footer(summary)])


def track_line(track: TrackStatus) -> str:
    """'Track mlops: 1 of 8 lessons complete · next: Data validation (data-validation)'."""
    line = f"Track {track.name}: {track.completed} of {track.total} lessons complete"
    upcoming = track.next_up
    if upcoming is not None:
        line += f" · next: {upcoming.lesson.title} ({upcoming.lesson.id})"
    return line


def summary_footer(summary: ProgressSummary) -> str:
    accuracy = summary.quiz.accuracy
    quiz = (
        f"{summary.quiz.correct}/{summary.quiz.answered} correct ({accuracy:.0%})"
        if accuracy is not None
        else "no answers yet"
    )
    days = summary.streak.current
    streak = f"{days} day{'s' if days != 1 else ''}"
    if summary.streak.at_risk:
        streak += " (study today to keep it)"
    return f"Quiz accuracy: {quiz}   Streak: {streak}"


# --------------------------------------------------------------------------- questions


def question_text(question: Question, number: int | None = None, total: int | None = None) -> str:
    position = f"({number}/{total}) " if number and total else ""
    lines = ["", f"{position}[{question.difficulty}] {question.prompt.rstrip()}"]
    if question.code:
        lines += ["", indent(question.code)]
    lines.append("")
    for index, option in enumerate(question.options):
        lines.append(f"  {option_letter(index)}. {option.text}")
    return "\n".join(lines)


def _numbered(items: Iterable[str]) -> list[str]:
    return [f"  {i}. {item}" for i, item in enumerate(items, start=1)]


def feedback_text(feedback: AnswerFeedback) -> str:
    question = feedback.question
    right = f"{option_letter(feedback.correct_index)}. {question.correct_option.text}"
    if feedback.correct:  # the learner knows it: no hint or worked solution again
        lines = [f"{PASS} Correct: {right}"]
        if feedback.quick_check:
            lines.append(f"Quick check: {feedback.quick_check}")
        return "\n".join(lines)
    lines = [f"{FAIL} Not quite. You chose {option_letter(feedback.choice)}; the answer is {right}"]
    if feedback.explanation:
        lines += ["Solution:", *_numbered(feedback.explanation)]
    if feedback.quick_check:
        lines.append(f"Quick check: {feedback.quick_check}")
    if feedback.hint:
        lines.append(f"Hint: {feedback.hint}")
    if feedback.mistakes:
        lines += ["Common mistakes:", *(f"  • {m}" for m in feedback.mistakes)]
    return "\n".join(lines)


def report_text(report: TestReport) -> str:
    lines = [
        "",
        RULE,
        f"Test result: {report.score} / {report.total} ({report.percent}%)",
        "  " + "   ".join(f"{b.difficulty}: {b.correct}/{b.total}" for b in report.by_difficulty),
    ]
    misses = report.misses
    if report.unanswered:
        count = report.unanswered
        lines.append(
            f"{count} question{'s' if count != 1 else ''} left unanswered: counted as "
            f"miss{'es' if count != 1 else ''}; "
            f"{'their answers stay' if count != 1 else 'its answer stays'} hidden for your retake."
        )
    elif not misses:
        lines.append(f"{PASS} No misses. This pattern is strong.")
    if misses:
        lines += ["", "Review of your misses:"]
    for item in misses:
        question = item.question
        assert item.choice is not None  # misses are answered questions
        yours = f"{option_letter(item.choice)}. {question.options[item.choice].text}"
        right = f"{option_letter(question.correct_index)}. {question.correct_option.text}"
        lines += [
            "",
            f"[{question.difficulty}] {question.prompt.rstrip()}",
            f"  You answered: {yours}",
            f"  Correct:      {right}",
            *_numbered(question.explanation),
        ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- JSON


def verdict_dict(result: RunResult, lesson_id: str, step: int) -> dict[str, Any]:
    """The stable JSON form of a verdict: `RunResult.to_dict()` (the same fields as
    `stepwise sandbox run --json`) with the lesson and step in front."""
    verdict = result.to_dict()
    verdict["duration_ms"] = round(result.duration_ms, 1)
    return {"lesson": lesson_id, "step": step, **verdict}


def queued_line(notice: QueueNotice) -> str:
    """The terminal's twin of Discord's queued notice."""
    runs = "run" if notice.ahead == 1 else "runs"
    return f"queued — {notice.ahead} {runs} ahead of you ({about(notice.wait)})"


def busy_line(retry_after: float | None, retry_command: bool = True) -> str:
    """`retry_command`: the session offers :retry (study); elsewhere, send it again."""
    when = about(retry_after) if retry_after is not None else "a moment"
    again = "Type :retry to submit the same code again." if retry_command else "Send it again."
    return f"Every code runner is busy right now: try again in {when}. {again}"
