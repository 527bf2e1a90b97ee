"""The engine's ports: the values that cross them and the Protocols adapters implement.

`CodeExecutor` runs code somewhere that is not the bot process; `ProgressStore` keeps what
learners did; `Clock` tells the time so tests can freeze it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from bot.core.models import Check

# --------------------------------------------------------------------------- executor


class RunStatus(StrEnum):
    OK = "ok"
    SYNTAX_ERROR = "syntax_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    KILLED = "killed"


@dataclass(frozen=True)
class Program:
    """One piece of learner code. `name` is what tracebacks call it ("step 1", "your code")."""

    name: str
    code: str


@dataclass(frozen=True)
class RunJob:
    """Programs run in order in one namespace; the last one is the learner's submission.

    Earlier programs are the learner's accepted code of previous steps, so step N sees the
    variables steps 1..N-1 defined. Checks are evaluated after the last program finished.
    """

    programs: tuple[Program, ...]
    checks: tuple[Check, ...] = ()
    timeout: float | None = None  # seconds of wall time; None means the executor's default
    packages: tuple[str, ...] = ()

    @property
    def submission(self) -> Program:
        return self.programs[-1]


@dataclass(frozen=True)
class ErrorInfo:
    """What went wrong, located in the learner's own code and numbering."""

    type: str  # "SyntaxError", "NameError", ...
    message: str  # the interpreter's message
    friendly: str  # one beginner-friendly sentence ("missing ':' at the end of line 1")
    program: str = ""  # Program.name the error happened in
    line: int | None = None
    column: int | None = None
    traceback: str = ""  # trimmed to the learner's frames, numbered as written


@dataclass(frozen=True)
class CheckResult:
    kind: str
    passed: bool
    message: str  # failure message a beginner can act on, or a short "ok" description


@dataclass(frozen=True)
class RunResult:
    status: RunStatus
    stdout: str = ""
    truncated: bool = False  # output was cut at the executor's byte cap
    error: ErrorInfo | None = None
    checks: tuple[CheckResult, ...] = ()
    duration_ms: float = 0.0
    signal: int | None = None  # for KILLED
    detail: str = ""  # plain-language note for timeout/memory/output/killed statuses

    @property
    def passed(self) -> bool:
        """The step is accepted only when the program ran cleanly and every check held."""
        return self.status is RunStatus.OK and all(c.passed for c in self.checks)

    @property
    def failed_checks(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON with stable field names (`stepwise sandbox run --json`, the wire)."""
        error = self.error
        return {
            "status": self.status.value,
            "passed": self.passed,
            "stdout": self.stdout,
            "truncated": self.truncated,
            "error": None if error is None else {
                "type": error.type,
                "message": error.message,
                "friendly": error.friendly,
                "program": error.program,
                "line": error.line,
                "column": error.column,
                "traceback": error.traceback,
            },
            "checks": [{"kind": c.kind, "passed": c.passed, "message": c.message}
                       for c in self.checks],
            "duration_ms": round(self.duration_ms, 3),
            "signal": self.signal,
            "detail": self.detail,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        error = data.get("error")
        return cls(
            status=RunStatus(data["status"]),
            stdout=data.get("stdout", ""),
            truncated=bool(data.get("truncated")),
            error=None if error is None else ErrorInfo(**error),
            checks=tuple(CheckResult(**c) for c in data.get("checks") or ()),
            duration_ms=float(data.get("duration_ms") or 0.0),
            signal=data.get("signal"),
            detail=data.get("detail", ""),
        )


class ExecutorBusy(Exception):
    """The run would wait too long (or the queue is full): the learner should retry.

    `retry_after` is the executor's estimate, in seconds, of when a retry would be
    admitted (None if it cannot tell); a remote sandbox sends the same number in its 429.
    """

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message or "every sandbox runner is busy")
        self.retry_after = retry_after


class ExecutorUnavailable(Exception):
    """The executor refuses to run untrusted code (for example a sandbox layer is missing)."""


class CodeExecutor(Protocol):
    async def run(self, job: RunJob) -> RunResult: ...

    async def aclose(self) -> None: ...


# --------------------------------------------------------------------------- store

LearnerId = str  # "platform:id", e.g. "discord:1234" or "local:alice"


@dataclass(frozen=True)
class StepState:
    accepted_code: str | None = None  # the learner's passing submission
    failed_attempts: int = 0
    hints_shown: int = 0
    solution_revealed: bool = False
    gave_up: bool = False  # skipped or revealed the solution explicitly


@dataclass(frozen=True)
class LessonProgress:
    learner: LearnerId
    lesson_id: str
    current_step: int  # 1-based; len(steps) + 1 once complete
    steps: tuple[StepState, ...]
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.accepted_code is not None or s.gave_up)


@dataclass(frozen=True)
class Attempt:
    learner: LearnerId
    lesson_id: str
    step: int
    code: str
    status: str  # RunStatus value
    passed: bool
    summary: str  # first failing message or "passed"
    at: datetime


@dataclass(frozen=True)
class Answer:
    learner: LearnerId
    lesson_id: str
    question_id: str
    choice: int  # option index
    correct: bool
    mode: str  # "practice" | "test" | "daily"
    at: datetime
    session: str = ""  # groups a test run's answers


@dataclass(frozen=True)
class Learner:
    id: LearnerId
    display_name: str = ""
    created_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


class ProgressStore(Protocol):
    """Everything the engine persists. Every method commits before it returns."""

    async def ensure_learner(self, learner: LearnerId, display_name: str = "") -> Learner: ...

    async def get_progress(self, learner: LearnerId, lesson_id: str) -> LessonProgress | None: ...

    async def save_progress(self, progress: LessonProgress) -> None: ...

    async def list_progress(self, learner: LearnerId) -> list[LessonProgress]: ...

    async def delete_progress(self, learner: LearnerId, lesson_id: str) -> None: ...

    async def record_attempt(self, attempt: Attempt) -> None: ...

    async def attempts(
        self, learner: LearnerId, lesson_id: str, step: int | None = None
    ) -> list[Attempt]: ...

    async def record_answer(self, answer: Answer) -> None: ...

    async def answers(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[Answer]: ...

    async def record_activity(self, learner: LearnerId, day: date) -> None: ...

    async def activity_days(self, learner: LearnerId) -> list[date]: ...

    async def export_learner(self, learner: LearnerId) -> dict[str, Any]: ...

    async def delete_learner(self, learner: LearnerId) -> None: ...


# --------------------------------------------------------------------------- clock


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
