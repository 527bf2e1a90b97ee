"""build_result: what the parent saw plus two untrusted-or-trusted channels → one RunResult."""

from __future__ import annotations

import json
import os
import signal

import pytest

from bot.core.checks import Check
from bot.core.ports import Program, RunJob, RunStatus
from bot.executor.harness import context_from_report, run_checker
from bot.executor.protocol import (
    REPORT_LIMIT,
    ChildOutcome,
    build_result,
    encode_request,
    learner_request,
)

CHECKS = (Check("defined", {"name": "x"}), Check("equals", {"name": "x", "value": 1}))
JOB = RunJob((Program("step 1", "a = 1"), Program("your code", "x = 1")), CHECKS, timeout=2)
REQUEST = encode_request(JOB, seed=7, output_limit=1024)
OK_REPORT = json.dumps({"status": "ok", "error": None, "values": {}}).encode()
PASSING = json.dumps([{"kind": "defined", "passed": True, "message": "ok"}] * 2).encode()


CLEAN_EXIT = ChildOutcome(exit_code=0)


def result(report=OK_REPORT, verdict=PASSING, outcome=CLEAN_EXIT, stdout=b""):
    return build_result(
        request=REQUEST,
        report=report,
        verdict=verdict,
        stdout=stdout,
        truncated=False,
        outcome=outcome,
        duration_ms=1.0,
    )


def test_request_is_json_and_the_learner_never_sees_the_checks():
    assert json.loads(json.dumps(REQUEST)) == REQUEST
    assert REQUEST["seed"] == 7 and REQUEST["timeout"] == 2
    assert REQUEST["checks"][1] == {
        "kind": "equals",
        "params": {"name": "x", "value": 1},
        "message": None,
        "passed": None,
        "line": None,
    }
    assert learner_request(REQUEST) == {"programs": REQUEST["programs"], "seed": 7}


def test_ok_with_a_passing_verdict_passes():
    run = result()
    assert run.status is RunStatus.OK and run.passed


@pytest.mark.parametrize(
    ("outcome", "status", "detail"),
    [
        (ChildOutcome(timed_out=True, signal=9), RunStatus.TIMEOUT, "took longer than 2 s"),
        (ChildOutcome(signal=signal.SIGXCPU), RunStatus.TIMEOUT, "took longer than 2 s"),
        (ChildOutcome(cpu_limited=True), RunStatus.TIMEOUT, "took longer than 2 s"),
        (ChildOutcome(output_limited=True, signal=9), RunStatus.OUTPUT_LIMIT, "more than 1 KB"),
        (ChildOutcome(memory_limited=True, signal=9), RunStatus.MEMORY_LIMIT, "more than 256 MB"),
        (ChildOutcome(signal=signal.SIGTERM), RunStatus.KILLED, "stopped by SIGTERM"),
        (ChildOutcome(signal=signal.SIGKILL), RunStatus.KILLED, "stopped by SIGKILL"),
    ],
)
def test_what_the_parent_saw_wins_over_any_report(outcome, status, detail):
    run = result(outcome=outcome)
    assert run.status is status
    assert detail in run.detail
    assert not run.passed


def test_the_output_limit_says_what_was_printed_not_a_guess():
    outcome = ChildOutcome(output_limited=True, signal=9)
    run = result(outcome=outcome, stdout=b"hello\n" * 170 + b"bye\n")
    assert run.detail == (
        "Your program printed more than 1 KB and was stopped: 171 lines, 170 of them 'hello'."
    )


def test_memory_error_in_the_report_is_a_memory_limit():
    error = {"type": "MemoryError", "message": "", "friendly": "out of memory"}
    report = {"status": "runtime_error", "values": {}, "error": error}
    run = result(report=json.dumps(report).encode())
    assert run.status is RunStatus.MEMORY_LIMIT
    assert run.error is not None and run.error.type == "MemoryError"


def test_segfault_with_memory_error_in_output_is_a_memory_limit():
    run = result(report=None, outcome=ChildOutcome(signal=signal.SIGSEGV), stdout=b"MemoryError\n")
    assert run.status is RunStatus.MEMORY_LIMIT


@pytest.mark.parametrize(
    "report",
    [
        None,
        b"",
        b"{",
        b"[]",
        b'{"status": "passed"}',
        b'{"status": "runtime_error"}',
        b"[" * 100_000,
        b"x" * (REPORT_LIMIT + 1),
    ],
)
def test_missing_or_garbled_report_is_never_trusted(report):
    run = result(report=report)
    assert run.status is RunStatus.RUNTIME_ERROR
    assert "before Stepwise could read its results" in run.error.friendly
    assert run.checks == ()


def test_missing_report_with_an_exit_code_says_so():
    run = result(report=None, outcome=ChildOutcome(exit_code=3))
    assert run.status is RunStatus.RUNTIME_ERROR
    assert "exit code 3" in run.error.friendly


def test_report_error_is_sanitised():
    error = {
        "type": "NameError",
        "message": "m" * 10_000,
        "friendly": "f",
        "program": "/etc/passwd",
        "line": True,
        "column": -1,
        "traceback": 5,
    }
    run = result(report=json.dumps({"status": "runtime_error", "error": error}).encode())
    assert run.status is RunStatus.RUNTIME_ERROR
    assert run.error.program == "" and run.error.line is None and run.error.column is None
    assert len(run.error.message) <= 500 and run.error.traceback == ""


@pytest.mark.parametrize(
    "verdict",
    [
        None,
        b"",
        b"not json",
        b"{}",
        b"[]",
        json.dumps([{"passed": True}]).encode(),
        json.dumps([{"passed": "yes"}, {"passed": 1}]).encode(),
    ],
)
def test_missing_verdict_fails_every_unanswered_check(verdict):
    run = result(verdict=verdict)
    assert run.status is RunStatus.OK
    assert len(run.checks) == len(CHECKS)
    assert not run.passed
    assert run.failed_checks[-1].message == "the checker did not finish"


def test_job_without_checks_passes_on_a_clean_run():
    request = encode_request(RunJob((Program("your code", "pass"),)))
    run = build_result(
        request=request,
        report=OK_REPORT,
        verdict=None,
        stdout=b"hi\xff",
        truncated=True,
        outcome=CLEAN_EXIT,
        duration_ms=2,
    )
    assert run.passed and run.truncated and run.stdout == "hi\ufffd"


# --------------------------------------------------------------------------- checker side


def test_checker_drops_malformed_or_dunder_claims():
    values = {
        "x": {"t": "int", "v": "1", "str": "1"},
        "bad": {"t": "int", "v": 1},
        "__builtins__": {"t": "none"},
        "not an identifier": {"t": "none"},
    }
    report = json.dumps({"status": "ok", "error": None, "values": values}).encode()
    ctx = context_from_report(report, "", REQUEST)
    assert dict(ctx.values) == {"x": 1}
    assert ctx.sources[-1] == ("your code", "x = 1")


def test_run_checker_writes_one_result_per_check():
    read, write = os.pipe()
    report = json.dumps({"status": "ok", "values": {"x": {"t": "int", "v": "2"}}}).encode()
    run_checker(REQUEST, report, "", write)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        verdict = json.loads(pipe.read())
    assert [v["passed"] for v in verdict] == [True, False]
    assert verdict[1]["message"] == "x: expected 1, found 2"
