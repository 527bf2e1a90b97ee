"""The JSON forms that leave the process: `stepwise check --json` / `sandbox run --json`
(a verdict) and what the checker process is sent (a check). Field names and values are a
documented contract; a reader on the other side must get back exactly what was sent."""

from __future__ import annotations

import json

from bot.core.checks import CheckResult
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
