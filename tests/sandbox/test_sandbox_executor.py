"""The fork-server sandbox as the engine uses it: verdicts, checks, limits, lifecycle.

Benign programs only (the hostile corpus lives in tests/security, in its own PID
namespace). Every test drives a real server and real sandboxed children.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.content import load_catalog
from bot.core.lessons import build_job
from bot.core.ports import ExecutorBusy, ExecutorUnavailable, Program, RunJob, RunStatus
from bot.executor.admission import Policy
from bot.executor.sandbox import SandboxExecutor

ROOT = Path(__file__).resolve().parents[2]


def job(*codes: str, **options: object) -> RunJob:
    programs = tuple(Program(f"step {i}", code) for i, code in enumerate(codes, start=1))
    return RunJob(programs, **options)  # type: ignore[arg-type]


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=3.0, output_limit=2048) as executor:
        yield executor


async def test_every_layer_is_in_place(sandbox: SandboxExecutor) -> None:
    assert sandbox.missing == []
    assert sandbox.status == "sandbox: all layers ok"
    assert sandbox.evidence["socket"].startswith("blocked")
    assert "proc" not in sandbox.evidence["files"]


async def test_prints_and_uses_the_standard_library(sandbox: SandboxExecutor) -> None:
    code = (
        "import math, json, statistics, collections\n"
        "print(math.sqrt(16), json.dumps([1]), statistics.mean([1, 3]),"
        " collections.Counter('aab')['a'])"
    )
    result = await sandbox.run(job(code))
    assert result.status is RunStatus.OK
    assert result.stdout == "4.0 [1] 2 2\n"


async def test_runs_are_deterministic(sandbox: SandboxExecutor) -> None:
    code = "import random\nprint(random.random(), random.randint(1, 10**9))"
    first, second = await sandbox.run(job(code)), await sandbox.run(job(code))
    assert first.stdout == second.stdout != ""


async def test_syntax_error_points_at_the_line(sandbox: SandboxExecutor) -> None:
    result = await sandbox.run(job("x = 1\nif x == 1\n    print(x)"))
    assert result.status is RunStatus.SYNTAX_ERROR
    assert result.error is not None and result.error.line == 2


async def test_runtime_error_is_numbered_as_written(sandbox: SandboxExecutor) -> None:
    result = await sandbox.run(job("a = 1\nprint(undefined_name)"))
    assert result.status is RunStatus.RUNTIME_ERROR
    assert result.error is not None
    assert (result.error.type, result.error.line) == ("NameError", 2)


async def test_later_programs_see_earlier_variables(sandbox: SandboxExecutor) -> None:
    result = await sandbox.run(job("total = 40", "total += 2\nprint(total)"))
    assert result.stdout == "42\n"


async def test_seed_lesson_step_checks(sandbox: SandboxExecutor) -> None:
    lesson = load_catalog(ROOT / "content").get("what-is-mlops")
    assert lesson is not None
    solution = lesson.step(2).solution
    passed = await sandbox.run(build_job(lesson, 2, solution))
    assert passed.passed and len(passed.checks) == len(lesson.step(2).checks)
    wrong = await sandbox.run(build_job(lesson, 2, "mlops_steps = ['Monitoring']"))
    assert wrong.status is RunStatus.OK and not wrong.passed


async def test_output_is_capped_and_marked(sandbox: SandboxExecutor) -> None:
    result = await sandbox.run(job("for i in range(10000):\n    print(i)"))
    assert result.status is RunStatus.OUTPUT_LIMIT
    assert result.truncated and len(result.stdout.encode()) == 2048


async def test_declared_packages_are_importable() -> None:
    async with SandboxExecutor() as executor:
        code = "import yaml\nprint(yaml.safe_load('a: 1'))"
        without = await executor.run(job(code))
        with_package = await executor.run(job(code, packages=("yaml",)))
    assert without.status is RunStatus.RUNTIME_ERROR  # not on the sandbox's path by default
    assert with_package.stdout == "{'a': 1}\n"


async def test_server_starts_with_an_empty_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "token-that-must-stay-home")
    async with SandboxExecutor() as executor:
        assert executor.server_pid is not None
        with open(f"/proc/{executor.server_pid}/environ", "rb") as f:
            assert f.read() == b""
        result = await executor.run(job("import os\nprint(dict(os.environ))"))
    assert result.stdout == "{}\n"


async def test_busy_past_the_deadline_with_the_expected_wait() -> None:
    async with SandboxExecutor(policy=Policy(1, deadline=0.001, long_room=0)) as executor:
        slow = asyncio.create_task(executor.run(job("import time\ntime.sleep(0.5)")))
        while executor.admission.free:  # until the slow run holds the only slot
            await asyncio.sleep(0)
        with pytest.raises(ExecutorBusy) as busy:
            await executor.run(job("print(1)"))
        assert busy.value.retry_after == 1.0 and "try again in about 1 s" in str(busy.value)
        assert (await slow).status is RunStatus.OK


def niceness_of_children(server: int) -> list[tuple[int, str]]:
    """(nice value, scheduling autogroup line) of every process the server's zygote forked."""
    values = []
    for zygote in Path(f"/proc/{server}/task/{server}/children").read_text().split():
        for child in Path(f"/proc/{zygote}/task/{zygote}/children").read_text().split():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{child}/stat").read_text()
                group = ""
                with contextlib.suppress(OSError):
                    group = Path(f"/proc/{child}/autogroup").read_text().strip()
                values.append((int(stat.rsplit(")", 1)[1].split()[16]), group))
    return values


async def until(predicate, what: str) -> None:
    for _ in range(400):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


async def test_a_spinning_run_leaves_its_slot_and_yields_the_cpu_only_to_short_runs() -> None:
    async with SandboxExecutor(policy=Policy(1, budget=0.05), timeout=4) as executor:
        server = executor.server_pid
        assert server is not None
        spinner = asyncio.create_task(executor.run(job("while True: pass")))
        await until(lambda: executor.admission.long == 1, "the spinner leaves its slot")
        short = asyncio.create_task(executor.run(job("import time\ntime.sleep(0.8)\nprint(1)")))
        if os.geteuid() == 0:  # only root can give the priority back, so only root lowers it
            # while the short run is in flight, the spinner runs at nice 19, its session's
            # scheduling group too (where autogroups exist)
            await until(lambda: any(n == 19 for n, _ in niceness_of_children(server)), "nice")
            groups = [g for n, g in niceness_of_children(server) if n == 19]
            assert all(g.endswith("nice 19") for g in groups if g), groups
        assert (await short).stdout == "1\n"  # in the slot the spinner left
        # alone again, the spinner gets its normal priority back: nobody else needs the CPU
        await until(lambda: all(n == 0 for n, _ in niceness_of_children(server)), "nice 0")
        assert (await spinner).status is RunStatus.TIMEOUT
        assert executor.admission.long == 0 and executor.admission.busy == 0


async def test_server_death_loses_no_job() -> None:
    async with SandboxExecutor() as executor:
        first_server = executor.server_pid
        assert first_server is not None
        running = asyncio.create_task(
            executor.run(job("import time\ntime.sleep(0.3)\nprint('ok')"))
        )
        await asyncio.sleep(0.1)
        os.kill(first_server, signal.SIGKILL)
        result = await running
        assert result.stdout == "ok\n"
        assert executor.restarts == 1 and executor.server_pid != first_server
        assert (await executor.run(job("print(2)"))).stdout == "2\n"


async def test_fails_closed_when_the_server_cannot_start() -> None:
    executor = SandboxExecutor(python="/bin/false")
    with pytest.raises(ExecutorUnavailable):
        await executor.start()
    with pytest.raises(ExecutorUnavailable):
        await executor.run(job("print(1)"))
    await executor.aclose()


async def test_close_stops_the_server() -> None:
    executor = SandboxExecutor()
    await executor.start()
    pid = executor.server_pid
    await executor.aclose()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # type: ignore[arg-type]
    with pytest.raises(ExecutorUnavailable):
        await executor.run(job("print(1)"))


async def test_insecure_dev_mode_warns_on_start(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="stepwise.sandbox"):
        async with SandboxExecutor(insecure_dev=True) as executor:
            result = await executor.run(job("print('dev')"))
    assert result.stdout == "dev\n"
    assert any("insecure-dev" in record.getMessage() for record in caplog.records)


async def test_undeclared_installed_packages_are_hidden(sandbox: SandboxExecutor) -> None:
    code = (
        "import os, sys, sysconfig\n"
        "site = sysconfig.get_paths()['purelib']\n"
        "print(os.path.isdir(site) and os.listdir(site))"
    )
    result = await sandbox.run(job(code))
    assert result.stdout.strip() in ("False", "[]")


async def test_a_sleeping_run_leaves_its_slot_after_a_second() -> None:
    async with SandboxExecutor(policy=Policy(1), timeout=4) as executor:
        sleeper = asyncio.create_task(executor.run(job("import time\ntime.sleep(3)")))
        while executor.admission.long == 0 and not sleeper.done():  # long after 1 s asleep
            await asyncio.sleep(0.05)
        assert executor.admission.long == 1
        quick = await executor.run(job("print('quick')"))
        assert quick.stdout == "quick\n"
        assert (await sleeper).status is RunStatus.OK
