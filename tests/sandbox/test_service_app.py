"""`stepwise sandbox serve`: its HTTP answers over the real sandbox, and when it refuses to start.

A `Counting` wrapper around the real `SandboxExecutor` records every job handed to it, so
"never reached the sandbox" is observed, not inferred.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.core.ports import ExecutorBusy, ExecutorUnavailable, RunJob, RunResult
from bot.executor.job_codec import decode_job
from bot.executor.remote import RemoteExecutor
from bot.executor.sandbox import SandboxExecutor
from bot.executor.service_main import Listen, ServiceConfigError, parse_listen, serve
from tests.service_process import SECRET, LocalService, service_env

JOB = {"programs": [{"name": "your code", "code": "print(6 * 7)"}]}
AUTH = {"Authorization": f"Bearer {SECRET}"}


class Counting:
    """The real sandbox; remembers each job it was given, or answers as a busy/broken one."""

    def __init__(self, inner: SandboxExecutor) -> None:
        self.inner = inner
        self.jobs: list[RunJob] = []
        self.fail: Exception | None = None

    @property
    def layers(self) -> dict[str, str]:
        return self.inner.layers

    async def run(self, job: RunJob) -> RunResult:
        self.jobs.append(job)
        if self.fail is not None:
            raise self.fail
        return await self.inner.run(job)

    async def aclose(self) -> None:
        return None


@pytest.fixture
async def counting() -> AsyncIterator[Counting]:
    async with SandboxExecutor(timeout=5.0) as sandbox:
        yield Counting(sandbox)


@pytest.fixture
async def service(counting: Counting) -> AsyncIterator[LocalService]:
    local = LocalService(counting, body_limit=4096)
    await local.start()
    try:
        yield local
    finally:
        await local.stop()


async def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict, dict]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url + "/run", data=body, headers=headers) as response,
    ):
        return response.status, dict(response.headers), await response.json()


async def test_run_answers_the_verdict_json(service: LocalService, counting: Counting) -> None:
    status, _, verdict = await post(service.url, json.dumps(JOB).encode(), AUTH)
    assert status == 200
    assert verdict["status"] == "ok" and verdict["stdout"] == "42\n" and verdict["passed"]
    assert set(verdict) == {"status", "passed", "stdout", "truncated", "error", "checks",
                            "duration_ms", "signal", "detail"}  # fmt: skip
    assert len(counting.jobs) == 1 and service.load.served == 1


async def test_refused_requests_never_reach_the_sandbox(
    service: LocalService, counting: Counting
) -> None:
    body = json.dumps(JOB).encode()
    values = ["Bearer no", SECRET, f"Basic {SECRET}", f"Bearer {SECRET}x", f"Bearer {SECRET[:-1]}"]
    wrong = [{}, *({"Authorization": value} for value in values)]
    for headers in wrong:
        assert (await post(service.url, body, headers))[0] == 401
    big = json.dumps({"programs": [{"name": "p", "code": "x" * 5000}]}).encode()
    status, _, answer = await post(service.url, big, AUTH)
    assert status == 413 and "4096" in answer["error"]
    for bad in (b"{", b"null", b'{"programs": [{"name": "p", "code": 1}]}'):
        status, _, answer = await post(service.url, bad, AUTH)
        assert status == 400 and answer["error"]
    assert counting.jobs == []
    assert service.load.rejected == len(wrong) + 1 + 3 and service.load.served == 0


async def test_a_full_sandbox_is_429_with_retry_after(
    service: LocalService, counting: Counting
) -> None:
    busy = ExecutorBusy("every sandbox runner is busy")
    busy.retry_after = 2.2  # type: ignore[attr-defined]
    counting.fail = busy
    status, headers, answer = await post(service.url, json.dumps(JOB).encode(), AUTH)
    assert status == 429 and headers["Retry-After"] == "3" and answer["retry_after"] == 2.2
    counting.fail = ExecutorBusy("busy, and it does not say for how long")
    status, headers, _ = await post(service.url, json.dumps(JOB).encode(), AUTH)
    assert status == 429 and headers["Retry-After"] == "1"
    counting.fail = ExecutorUnavailable("the sandbox failed twice on this job")
    status, _, answer = await post(service.url, json.dumps(JOB).encode(), AUTH)
    assert status == 503 and "failed twice" in answer["error"]
    assert service.load.busy == 2 and service.load.served == 0


async def test_health_reports_layers_and_load(service: LocalService) -> None:
    async with (
        aiohttp.ClientSession(headers=AUTH) as session,
        session.get(service.url + "/health") as response,
    ):
        health = await response.json()
    assert health["ok"] is True and health["missing"] == []
    assert set(health["layers"]) >= {"user_ns", "seccomp"}
    assert health["load"] == {"in_flight": 0, "served": 0, "busy": 0, "rejected": 0,
                              "concurrency": None}  # fmt: skip


async def test_a_unix_socket_needs_no_secret_and_is_not_world_writable(
    tmp_path: Path, counting: Counting
) -> None:
    socket = tmp_path / "sandbox.sock"
    stop, ready = asyncio.Event(), asyncio.Event()
    urls: list[str] = []

    def on_ready(url: str, _service: object) -> None:
        urls.append(url)
        ready.set()

    async def opened() -> Counting:
        return counting

    task = asyncio.create_task(
        serve(opened, Listen(path=str(socket)), secret="", on_ready=on_ready, stop=stop)
    )
    await asyncio.wait_for(ready.wait(), 60)
    try:
        assert urls == [f"unix:{socket}"] and socket.stat().st_mode & 0o777 == 0o660
        async with RemoteExecutor(urls) as remote:
            result = await remote.run(decode_job(JOB))
        assert result.stdout == "42\n" and len(counting.jobs) == 1
    finally:
        stop.set()
        await task


@pytest.mark.parametrize(
    ("listen", "secret", "problem"),
    [
        (Listen("127.0.0.1", 8080), "", "not set"),
        (Listen("0.0.0.0", 8080), "short", "too short"),
    ],
)
async def test_tcp_refuses_to_start_without_a_real_secret(listen, secret, problem) -> None:
    async def never() -> Counting:
        raise AssertionError("the executor must not be opened")

    with pytest.raises(ServiceConfigError, match=problem):
        await serve(never, listen, secret=secret)


def test_listen_addresses() -> None:
    assert parse_listen("127.0.0.1:8080") == Listen("127.0.0.1", 8080)
    assert parse_listen(":9000") == Listen("0.0.0.0", 9000)
    assert parse_listen("[::1]:80") == Listen("::1", 80)
    assert parse_listen("unix:/run/s.sock") == Listen(path="/run/s.sock")
    for bad in ("8080", "host:", "host:99999", "unix:relative.sock"):
        with pytest.raises(ServiceConfigError, match="--listen"):
            parse_listen(bad)


def test_serve_without_a_secret_exits_2_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "serve", "--listen", "127.0.0.1:0"],
        cwd=tmp_path, env=service_env(""), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "STEPWISE_SANDBOX_SECRET: not set" in lines[0], done.stderr
