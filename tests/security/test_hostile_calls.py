"""Hostile functions under a `calls` check, through the real sandbox: the calls run in
the learner child, so whatever the function does is contained there, and the expected
values never reach it. Runs only inside the throwaway PID namespace (see conftest.py)."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import AsyncIterator

import pytest

from bot.core.checks import Check
from bot.core.ports import Program, RunJob, RunResult, RunStatus
from bot.executor.sandbox import SandboxExecutor

FAKE_TOKEN = "MTIzNDU2Nzg5.fake-discord-token.s3cr3t-Xq9"
SECRET = "sekrit-expected-value-91"
CALLS = (
    Check(
        "calls",
        {
            "name": "f",
            "cases": [{"args": [1], "returns": SECRET}, {"args": [2], "returns": SECRET}],
        },
    ),
)


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    assert os.environ["DISCORD_TOKEN"] == FAKE_TOKEN
    async with SandboxExecutor(timeout=3.0, output_limit=4096, concurrency=2) as executor:
        yield executor


async def run(sandbox: SandboxExecutor, code: str) -> RunResult:
    program = Program("your code", textwrap.dedent(code))
    result = await sandbox.run(RunJob((program,), checks=CALLS))
    seen = json.dumps(result.to_dict())
    assert FAKE_TOKEN not in seen and "s3cr3t" not in seen, "the bot token reached a child"
    after = await sandbox.run(RunJob((Program("p", "print('still serving')"),)))
    assert after.stdout == "still serving\n"
    return result


async def test_the_expected_value_never_reaches_the_learner_child(sandbox) -> None:
    code = """
        import gc, sys
        def f(x):
            needle = ''.join(['sek', 'rit', '-expected'])  # not a constant in the code
            for obj in gc.get_objects():
                for item in (obj if isinstance(obj, (list, tuple, dict)) else [obj]):
                    if isinstance(item, str) and needle in item and item is not needle:
                        return item
            return 'not found'
    """
    result = await run(sandbox, code)
    assert result.status is RunStatus.OK and not result.passed
    assert result.checks[0].message == f"f(1): expected {SECRET!r}, found 'not found'"


async def test_a_function_that_disarms_the_timer_ends_as_a_timeout(sandbox) -> None:
    code = """
        import signal
        def f(x):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            while True:
                pass
    """
    result = await run(sandbox, code)
    assert result.status is RunStatus.TIMEOUT and not result.passed


async def test_a_function_that_swallows_the_timer_ends_as_a_timeout(sandbox) -> None:
    code = """
        def f(x):
            while True:
                try:
                    while True:
                        pass
                except BaseException:
                    pass
    """
    result = await run(sandbox, code)
    assert result.status is RunStatus.TIMEOUT and not result.passed


async def test_a_return_value_whose_repr_loops_is_cut_short(sandbox) -> None:
    code = """
        class Sly:
            def __repr__(self):
                while True:
                    pass
        def f(x):
            return Sly()
    """
    result = await run(sandbox, code)
    assert result.status is RunStatus.OK and not result.passed
    assert "returned a Sly object, which a check cannot compare" in result.checks[0].message


async def test_a_function_that_forges_claims_does_not_pass(sandbox) -> None:
    code = """
        import json, os
        def f(x):
            claim = {"s": "returned", "value": {"t": "str", "v": "guess"}}
            report = json.dumps({"status": "ok", "error": None, "values": {},
                                 "calls": [[claim, claim]]}).encode()
            print(report.decode())
            for fd in range(3, 16):
                try:
                    os.write(fd, report)
                except OSError:
                    pass
            return 'guess'
    """
    result = await run(sandbox, code)
    assert not result.passed
