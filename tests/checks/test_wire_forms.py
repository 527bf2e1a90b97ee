"""The JSON forms that leave the process: `stepwise check --json` / `sandbox run --json`
(a verdict) and what the checker process is sent (a check). Field names and values are a
documented contract; a reader on the other side must get back exactly what was sent."""

from __future__ import annotations

import json

from bot.core.checks import Check, CheckResult
from bot.core.ports import ErrorInfo, RunResult, RunStatus

FAILED = RunResult(
    status=RunStatus.RUNTIME_ERROR,
    stdout="partial\n",
    truncated=True,
    error=ErrorInfo(
        "NameError",
        "name 'x' is not defined",
        "x is used before it is set",
        "your code",
        3,
        5,
        "tb",
    ),
    checks=(CheckResult("defined", False, "x is not defined"), CheckResult("expr", True, "ok")),
    duration_ms=12.34567,
    signal=9,
    detail="stopped",
)


def test_a_verdict_survives_the_wire_and_missing_fields_take_their_defaults():
    sent = json.loads(json.dumps(FAILED.to_dict()))
    back = RunResult.from_dict(sent)
    assert back == RunResult(**{**FAILED.__dict__, "duration_ms": 12.346})
    assert RunResult.from_dict({"status": "timeout"}) == RunResult(RunStatus.TIMEOUT)
    sparse = RunResult.from_dict(
        {"status": "ok", "truncated": 1, "checks": None, "duration_ms": None, "error": None}
    )
    assert sparse == RunResult(RunStatus.OK, truncated=True)


def test_a_verdict_has_its_documented_json_fields():
    assert FAILED.to_dict() == {
        "status": "runtime_error",
        "passed": False,
        "stdout": "partial\n",
        "truncated": True,
        "error": {
            "type": "NameError",
            "message": "name 'x' is not defined",
            "friendly": "x is used before it is set",
            "program": "your code",
            "line": 3,
            "column": 5,
            "traceback": "tb",
        },
        "checks": [
            {"kind": "defined", "passed": False, "message": "x is not defined", "detail": ""},
            {"kind": "expr", "passed": True, "message": "ok", "detail": ""},
        ],
        "duration_ms": 12.346,
        "signal": 9,
        "detail": "stopped",
    }
    clean = RunResult(RunStatus.OK, checks=(CheckResult("expr", True, "ok"),)).to_dict()
    assert (clean["passed"], clean["error"], clean["signal"]) == (True, None, None)
    broken = RunResult(RunStatus.OK, checks=(CheckResult("expr", False, "x", "bad expr"),))
    assert broken.to_dict()["checks"][0]["detail"] == "bad expr"


def test_a_check_survives_the_wire_to_the_checker():
    check = Check(
        "mentions", {"name": "why", "words": ["teams"]}, message="Say why.", passed="Good.", line=7
    )
    sent = json.loads(json.dumps(check.to_dict()))
    assert sent == {
        "kind": "mentions",
        "params": {"name": "why", "words": ["teams"]},
        "message": "Say why.",
        "passed": "Good.",
        "line": 7,
    }
    back = Check.from_dict(sent)
    assert back == check
    assert (back.params, back.passed, back.line) == (check.params, "Good.", 7)
    assert Check.from_dict({"kind": "defined", "params": None}) == Check("defined")
    bare = Check.from_dict({"kind": "defined"})
    assert (bare.params, bare.message, bare.passed, bare.line) == ({}, None, None, None)
    assert Check.from_dict({"kind": "defined", "line": "7"}).line is None
