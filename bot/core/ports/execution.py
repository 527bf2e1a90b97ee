"""The executor port: a job of learner programs in, a verdict out.

`CodeExecutor` runs code somewhere that is not the bot process (the sandbox, a subprocess,
a test fake); the values here are all that crosses, so every executor answers alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from bot.core.checks import Check, CheckResult

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
            "checks": [{"kind": c.kind, "passed": c.passed, "message": c.message,
                        "detail": c.detail} for c in self.checks],
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
