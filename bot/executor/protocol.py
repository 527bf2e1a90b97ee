"""The run protocol between the trusted parent and its two children, and the verdict rules.

A job is two processes: the *learner child* runs the programs and writes a report that only
claims values (`{"status", "error", "values"}`), and the *checker child*, which runs no
learner code, turns the request, that report and the parent-captured stdout into check
results. `build_result` combines what the parent saw with both channels into a `RunResult`,
trusting the report for nothing but the learner's own error and values.
"""

from __future__ import annotations

import json
import signal as signals
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.core.checks import CheckResult, plan
from bot.core.ports import ErrorInfo, RunJob, RunResult, RunStatus

REPORT_LIMIT = 1 << 20  # max bytes read from the report channel
VERDICT_LIMIT = 1 << 20  # max bytes read from the verdict channel
MEMORY_LIMIT_MB = 256
DEFAULT_TIMEOUT = 5.0
DEFAULT_OUTPUT_LIMIT = 64 * 1024
REPORT_STATUSES = ("ok", "syntax_error", "runtime_error")
_TEXT = 500
_TRACEBACK = 4_000


@dataclass(frozen=True)
class ChildOutcome:
    """What the parent observed about the learner child."""

    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    output_limited: bool = False
    cpu_limited: bool = False  # SIGXCPU: reported as a timeout
    memory_limited: bool = False  # the parent has its own evidence (e.g. a cgroup event)


def encode_request(
    job: RunJob, *, seed: int = 0, timeout: float | None = None, output_limit: int | None = None
) -> dict[str, Any]:
    """The JSON-able request both children read; `timeout`/`output_limit` are for messages."""
    return {
        "programs": [{"name": p.name, "code": p.code} for p in job.programs],
        "checks": [check.to_dict() for check in job.checks],
        "seed": seed,
        "timeout": job.timeout or timeout or DEFAULT_TIMEOUT,
        "output_limit": output_limit or DEFAULT_OUTPUT_LIMIT,
        "packages": list(job.packages),
    }


def learner_request(request: dict[str, Any]) -> dict[str, Any]:
    """What the learner child needs: no checks, so learner code cannot read expected values;
    for `calls` checks only the calls to make (arguments, and the names a case's `then`
    reads), never what they should return."""
    needed = {key: request[key] for key in ("programs", "seed") if key in request}
    calls = plan(list(request.get("checks") or ()))
    if calls:
        needed["calls"] = calls
    return needed


# --------------------------------------------------------------------------- parsing


def _loads(data: bytes | None, limit: int) -> Any:
    if not data or len(data) > limit:
        return None
    try:
        return json.loads(data)
    except (ValueError, RecursionError, MemoryError):
        return None


def parse_report(data: bytes | None) -> dict[str, Any] | None:
    """The learner's report if it is well-formed, else None. Nothing in it is trusted."""
    report = _loads(data, REPORT_LIMIT)
    if type(report) is not dict or report.get("status") not in REPORT_STATUSES:
        return None
    if report["status"] != "ok" and type(report.get("error")) is not dict:
        return None
    if type(report.get("values", {})) is not dict:
        return None
    return report


def _text(value: Any, limit: int = _TEXT) -> str:
    if type(value) is not str:
        return ""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _number(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value < 10_000_000 else None


def error_from_report(error: dict[str, Any], programs: list[str]) -> ErrorInfo:
    program = error.get("program")
    return ErrorInfo(
        type=_text(error.get("type"), 100) or "Error",
        message=_text(error.get("message")),
        friendly=_text(error.get("friendly")) or _text(error.get("message")) or "error",
        program=program if program in programs else "",
        line=_number(error.get("line")),
        column=_number(error.get("column")),
        traceback=_text(error.get("traceback"), _TRACEBACK),
    )


def parse_verdict(data: bytes | None, expected: list[dict[str, Any]]) -> tuple[CheckResult, ...]:
    """One result per requested check; anything missing or malformed fails, never passes."""
    raw = _loads(data, VERDICT_LIMIT)
    entries = raw if type(raw) is list else []
    results = []
    for index, check in enumerate(expected):
        kind = _text(check.get("kind"), 50) or "check"
        entry = entries[index] if index < len(entries) else None
        if type(entry) is dict and type(entry.get("passed")) is bool:
            detail = _text(entry.get("detail"))
            results.append(CheckResult(kind, entry["passed"], _text(entry.get("message")), detail))
        else:
            results.append(CheckResult(kind, False, "the checker did not finish"))
    return tuple(results)


# --------------------------------------------------------------------------- verdict


def _signal_name(number: int) -> str:
    try:
        return signals.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _what_was_printed(stdout: bytes) -> str:
    """What the output held, in facts: how many lines, and the line it repeats most."""
    lines = stdout.decode("utf-8", "replace").split("\n")
    if lines and not lines[-1]:
        lines.pop()
    if not lines:
        return "no line ended before the limit"
    line, count = Counter(lines).most_common(1)[0]
    said = f"{len(lines):,} line{'s' if len(lines) != 1 else ''}"
    if count > 1:
        shown = line if len(line) <= 40 else line[:39] + "…"
        said += f", {count:,} of them {shown!r}"
    return said


def _seconds(value: Any) -> str:
    number = float(value) if type(value) in (int, float) else DEFAULT_TIMEOUT
    return f"{number:g}"


def _memory_evidence(outcome: ChildOutcome, report: dict | None, stdout: bytes) -> bool:
    if outcome.memory_limited:
        return True
    if report is not None:
        return report["status"] == "runtime_error" and report["error"].get("type") == "MemoryError"
    crashed = outcome.signal in (signals.SIGKILL, signals.SIGSEGV, signals.SIGABRT)
    return (crashed or bool(outcome.exit_code)) and b"MemoryError" in stdout[-2_000:]


def build_result(
    *,
    request: dict,
    report: bytes | None,
    verdict: bytes | None,
    stdout: bytes,
    truncated: bool,
    outcome: ChildOutcome,
    duration_ms: float,
) -> RunResult:
    """The job's RunResult from what the parent observed and the two channels."""
    parsed = parse_report(report)
    common = {
        "stdout": stdout.decode("utf-8", "replace"),
        "truncated": truncated,
        "duration_ms": duration_ms,
    }
    limit = request.get("output_limit") or DEFAULT_OUTPUT_LIMIT

    if outcome.timed_out or outcome.cpu_limited or outcome.signal == signals.SIGXCPU:
        detail = (
            f"Your program took longer than {_seconds(request.get('timeout'))} s and was "
            "stopped — look for a loop that never ends (a while whose condition stays True)."
        )
        return RunResult(RunStatus.TIMEOUT, detail=detail, **common)
    if outcome.output_limited:
        printed = _what_was_printed(stdout)
        detail = f"Your program printed more than {limit // 1024} KB and was stopped: {printed}."
        return RunResult(RunStatus.OUTPUT_LIMIT, detail=detail, **common)
    if _memory_evidence(outcome, parsed, stdout):
        detail = (
            f"Your program used more than {MEMORY_LIMIT_MB} MB of memory — look for a list "
            "or text that keeps growing."
        )
        error = None
        if parsed is not None and parsed["status"] == "runtime_error":
            error = error_from_report(parsed["error"], _program_names(request))
        return RunResult(RunStatus.MEMORY_LIMIT, detail=detail, error=error, **common)
    if outcome.signal is not None:
        detail = f"Your program was stopped by {_signal_name(outcome.signal)}."
        return RunResult(RunStatus.KILLED, detail=detail, signal=outcome.signal, **common)
    if parsed is None:
        return RunResult(RunStatus.RUNTIME_ERROR, error=_no_report(outcome), **common)
    if parsed["status"] != "ok":
        status = RunStatus(parsed["status"])
        error = error_from_report(parsed["error"], _program_names(request))
        return RunResult(status, error=error, **common)
    checks = parse_verdict(verdict, list(request.get("checks") or ()))
    return RunResult(RunStatus.OK, checks=checks, **common)


def _program_names(request: dict) -> list[str]:
    return [p.get("name") for p in request.get("programs") or () if type(p) is dict]


def _no_report(outcome: ChildOutcome) -> ErrorInfo:
    if outcome.exit_code:
        message = f"the program exited with code {outcome.exit_code}"
        friendly = (
            f"Your program stopped with exit code {outcome.exit_code} before it finished — "
            "remove any exit() call and try again."
        )
    else:
        message = "the program ended without reporting its results"
        friendly = (
            "Your program ended before Stepwise could read its results — remove any "
            "os._exit() call or code that closes files it did not open."
        )
    return ErrorInfo(type="ExecutionError", message=message, friendly=friendly)
