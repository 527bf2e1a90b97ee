"""A learner cannot forge a pass: not by printing, not by writing to any descriptor, not by
patching the harness. The checks in these jobs are not met, so every run must fail."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.core.checks import Check
from bot.core.ports import ExecutorBusy, Program, RunJob, RunStatus
from bot.executor import SubprocessExecutor
from bot.executor.admission import Policy

EQUALS = Check("equals", {"name": "mlops_steps", "value": ["Data Preparation", "Monitoring"]})
OUTPUT = Check("output", {"mode": "equals", "lines": ["Data Preparation"]})
FAKE_VERDICT = json.dumps([{"kind": "equals", "passed": True, "message": "ok"}])
FAKE_REPORT = json.dumps({"status": "ok", "error": None, "values": {}})

FORGERIES = {
    "prints a fake verdict": f"print({FAKE_VERDICT!r})",
    "prints a fake report": f"print({FAKE_REPORT!r})",
    "writes a fake verdict to fds 3..20 and exits": (
        "import os\n"
        "for fd in range(3, 21):\n"
        "    try:\n"
        f"        os.write(fd, {FAKE_VERDICT.encode()!r})\n"
        "    except OSError:\n"
        "        pass\n"
        "os._exit(0)"
    ),
    "writes a fake report to fds 3..20 and exits": (
        "import os\n"
        "for fd in range(3, 21):\n"
        "    try:\n"
        f"        os.write(fd, {FAKE_REPORT.encode()!r})\n"
        "        os.close(fd)\n"
        "    except OSError:\n"
        "        pass\n"
        "os._exit(0)"
    ),
    "patches the harness it runs in": (
        "import sys\n"
        "harness = sys.modules['__main__']\n"
        "harness.evaluate_all = lambda checks, ctx: []\n"
        "harness.run_checker = lambda *a: None\n"
        "harness.parse_report = lambda data: {'status': 'ok', 'values': {}}"
    ),
    "reads the request to find the expected values": (
        "import gc\n"
        "mlops_steps = []\n"
        "for o in gc.get_objects():\n"
        "    if type(o) is dict and type(o.get('checks')) is list and o['checks']:\n"
        "        mlops_steps = o['checks'][0]['params']['value']"
    ),
}


@pytest.mark.parametrize("code", FORGERIES.values(), ids=FORGERIES.keys())
async def test_forged_verdicts_never_pass(code):
    executor = SubprocessExecutor(timeout=5.0)
    run = await executor.run(RunJob((Program("your code", code),), (EQUALS,)))
    assert not run.passed
    assert run.status is not RunStatus.OK or run.failed_checks[0].kind == "equals"


async def test_claiming_values_is_the_same_as_writing_them():
    """The report may claim values; that is all a learner gains, and it still needs output."""
    report = json.dumps(
        {"status": "ok", "error": None, "values": {"mlops_steps": {"t": "list", "items": [
            {"t": "str", "v": "Data Preparation"}, {"t": "str", "v": "Monitoring"}]}}}
    ).encode()  # fmt: skip
    code = f"import os, sys\nos.write(int(sys.argv[2]), {report!r})\nos._exit(0)"
    run = await SubprocessExecutor().run(RunJob((Program("your code", code),), (EQUALS, OUTPUT)))
    assert run.status is RunStatus.OK
    assert [c.passed for c in run.checks] == [True, False]  # stdout is the parent's, not claimed


async def test_a_full_queue_says_busy_with_the_wait():
    executor = SubprocessExecutor(policy=Policy(1, queue_cap=4))
    job = RunJob((Program("your code", "pass"),))
    running = [asyncio.ensure_future(executor.run(job)) for _ in range(5)]
    await asyncio.sleep(0)
    with pytest.raises(ExecutorBusy) as busy:
        await executor.run(job)
    assert busy.value.retry_after is not None and "try again in about" in str(busy.value)
    results = await asyncio.gather(*running)
    assert all(r.passed for r in results)
    assert (await executor.run(job)).passed  # the queue drained: accepted again
