"""The question-bank half of `stepwise content check`: cues and proven outputs, located.

The rules themselves live in `bot.core.quiz.lint` (pure, shared with every question
source); this module adds what only a command line has: the executor that runs a question's
code when it says what that code prints, and the file and line each finding points at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.content import Lesson, Question
from bot.core.content.yaml_source import Document, format_path, read_yaml
from bot.core.ports import CodeExecutor, Program, RunJob, RunResult, RunStatus
from bot.core.quiz import BankReport, Finding, Printed, Rule, lint_bank, output_findings

PROGRAM_NAME = "question code"


@dataclass(frozen=True)
class Located:
    """A finding with the file, line and field path an author fixes it at."""

    finding: Finding
    file: str
    line: int | None
    path: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        kind = "" if self.finding.is_error else "warning: "
        return f"{where} {self.path}: {kind}{self.finding.message} [{self.finding.rule}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": str(self.finding.rule),
            "severity": "error" if self.finding.is_error else "warning",
            "question": self.finding.question_id or None,
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.finding.message,
        }


@dataclass(frozen=True)
class BankCheck:
    """One lesson's question bank: its summary numbers and every finding, in file order."""

    report: BankReport
    located: tuple[Located, ...]

    @property
    def errors(self) -> tuple[Located, ...]:
        return tuple(item for item in self.located if item.finding.is_error)

    @property
    def warnings(self) -> tuple[Located, ...]:
        return tuple(item for item in self.located if not item.finding.is_error)

    def to_dict(self) -> dict[str, Any]:
        report = self.report
        return {
            "questions": report.questions,
            "longest_correct": report.longest_correct,
            "longest_correct_rate": round(report.longest_rate, 4),
            "positions": {"ABCDE"[i]: n for i, n in enumerate(report.positions)},
            "cues": len(report.findings),
            "summary": report.summary(),
            "findings": [item.to_dict() for item in self.located],
        }


async def check_bank(executor: CodeExecutor, lesson: Lesson) -> BankCheck:
    """Lint the bank, and run the code of every question that states its output."""
    report = lint_bank(lesson.questions)
    proven: list[Finding] = []
    for question in lesson.questions:
        if question.output_of_code:
            proven += await stated_output(executor, lesson, question)
    return BankCheck(report, tuple(locate(lesson, [*proven, *report.findings])))


async def stated_output(
    executor: CodeExecutor, lesson: Lesson, question: Question
) -> list[Finding]:
    """Run the question's code in the sandbox; the correct option must say what it printed."""
    job = RunJob(
        programs=(Program(name=PROGRAM_NAME, code=question.code),), packages=lesson.packages
    )
    result = await executor.run(job)
    printed = printed_by(result)
    if printed is None:
        why = result.detail or str(result.status)
        message = f"the code could not be run to prove its output: {why}"
        return [Finding(Rule.OUTPUT_MISMATCH, message, question.id, (question.correct_index,))]
    return output_findings(question, printed)


def printed_by(result: RunResult) -> Printed | None:
    """What the run printed, or None when it was cut short (time, memory, output cap)."""
    if result.truncated:
        return None
    if result.status is RunStatus.OK:
        return Printed(result.stdout)
    if result.status in (RunStatus.SYNTAX_ERROR, RunStatus.RUNTIME_ERROR) and result.error:
        return Printed(result.stdout, result.error.type)
    return None


def locate(lesson: Lesson, findings: list[Finding]) -> list[Located]:
    """Each finding with its line in the lesson file (bank-wide ones point at `questions`)."""
    if not findings:
        return []
    document = document_of(lesson.source)
    index = {question.id: number for number, question in enumerate(lesson.questions)}
    located = []
    for finding in findings:
        path: tuple[str | int, ...] = ("questions",)
        if finding.question_id in index:
            path = (*path, index[finding.question_id])
            if finding.options:
                path = (*path, "options", finding.options[0])
        line = document.line(path) if document is not None else None
        located.append(Located(finding, lesson.source or lesson.id, line, format_path(path)))
    located.sort(key=lambda item: (item.line or 0, not item.finding.is_error))
    return located


def document_of(source: str) -> Document | None:
    """The lesson file's node tree, for line numbers; None if it cannot be read again."""
    try:
        text = Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return read_yaml(text, lambda *_: None)
