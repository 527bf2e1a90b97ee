"""The sandbox service's own boundary, and that nothing outlives a sandbox once it stops.

Runs inside the throwaway PID namespace, after test_corpus.py (whose service is stopped by
then), so "nothing left" means every process of the namespace. A request without the
secret, with a wrong one, with a body over the limit or malformed JSON is answered
401/413/400 and never reaches the executor: the service's counters show nothing handed to
it (tests/sandbox/test_service_app.py proves the same with a counting executor).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from bot.core.ports import Program, RunJob, RunStatus
from bot.executor.remote import RemoteExecutor
from bot.executor.sandbox import SandboxExecutor
from tests.service_process import REPO, SECRET, ServeProcess, service_env

FAKE_TOKEN = "MTIzNDU2Nzg5.fake-discord-token.s3cr3t-Xq9"  # conftest.py puts it in our env
BODY_LIMIT = 4096
JOB = json.dumps({"programs": [{"name": "your code", "code": "print(6 * 7)"}]}).encode()


@pytest.fixture
def service() -> Iterator[ServeProcess]:
    process = ServeProcess()
    process.start()
    try:
        yield process
    finally:
        process.stop()


def _processes() -> list[int]:
    """Processes of this namespace other than PID 1 and our own ancestry."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != 1:
            try:
                with open(f"/proc/{entry}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z":
                pids.append(int(entry))
    return pids


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (the fork server, its zygote, the ready children)."""
    parents: dict[int, int] = {}
    for child in _processes():
        try:
            with open(f"/proc/{child}/stat") as f:
                parents[child] = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


async def nothing_left() -> list[int]:
    for _ in range(50):  # the zygote kills and reaps its children as the server exits
        left = [pid for pid in _processes() if pid != os.getpid()]
        if not left:
            break
        await asyncio.sleep(0.1)
    return left


# --------------------------------------------------------------------------- requests


def test_requests_without_the_right_secret_are_refused(service: ServeProcess) -> None:
    for secret in ("", "wrong-secret-0123456789abcdef", SECRET + "x", SECRET[:-1]):
        status, _, body = service.request("POST", "/run", JOB, secret=secret)
        assert status == 401 and "secret" in body["error"]
    status, _, _ = service.request("GET", "/health", secret="")
    assert status == 401  # the layers and load are not public either
    load = service.load()
    assert load["served"] == 0 and load["in_flight"] == 0 and load["rejected"] == 5


def test_oversized_and_malformed_bodies_never_reach_the_sandbox() -> None:
    service = ServeProcess("127.0.0.1:0", SECRET, "--max-body", str(BODY_LIMIT))
    service.start()
    try:
        big = json.dumps({"programs": [{"name": "p", "code": "#" * BODY_LIMIT}]}).encode()
        assert service.request("POST", "/run", big)[0] == 413
        for body in MALFORMED:
            status, _, answer = service.request("POST", "/run", body)
            assert status == 400 and answer["error"], (body[:60], status, answer)
        load = service.load()
        assert load["served"] == 0 and load["in_flight"] == 0
        assert load["rejected"] == 1 + len(MALFORMED)
        status, _, verdict = service.request("POST", "/run", JOB)  # and it still serves
        assert status == 200 and verdict["stdout"] == "42\n" and verdict["passed"] is True
    finally:
        assert service.stop() == 0


MALFORMED = (
    b"{",
    b"\xff\xfe",
    b"[]",
    b"[" * 1000 + b"]" * 1000,
    b'{"programs": []}',
    b'{"programs": "x"}',
    b'{"programs": [{"name": "p"}]}',
    b'{"programs": [{"name": 1, "code": ""}]}',
    b'{"programs": [{"name": "p", "code": ""}], "timeout": 1e9}',
    b'{"programs": [{"name": "p", "code": ""}], "packages": ["../etc"]}',
    b'{"programs": [{"name": "p", "code": ""}], "checks": [{"params": {}}]}',
    b'{"programs": [{"name": "p", "code": ""}], "extra": 1}',
)


# --------------------------------------------------------------------------- the token


def test_the_token_is_not_in_the_service_environment(service: ServeProcess) -> None:
    assert os.environ["DISCORD_TOKEN"] == FAKE_TOKEN  # the "bot" (this process) holds it
    for pid in (service.pid, *descendants(service.pid)):
        with open(f"/proc/{pid}/environ", "rb") as f:
            environment = f.read()
        assert FAKE_TOKEN.encode() not in environment and b"DISCORD_TOKEN" not in environment


def test_the_service_refuses_to_start_with_the_token_in_its_environment() -> None:
    env = service_env(SECRET, DISCORD_TOKEN=FAKE_TOKEN)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", "serve", "--listen", "127.0.0.1:0"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0] and FAKE_TOKEN not in lines[0]


# --------------------------------------------------------------------------- leftovers


async def test_after_the_corpus_nothing_is_left_behind() -> None:
    async with SandboxExecutor(timeout=1.0) as executor:
        server = executor.server_pid
        result = await executor.run(RunJob((Program("p", "while True:\n    pass"),), timeout=0.5))
        assert result.status is RunStatus.TIMEOUT
    assert server is not None
    assert os.environ["DISCORD_TOKEN"] == FAKE_TOKEN  # this, the "bot", is alive and intact
    assert await nothing_left() == []


async def test_a_stopped_service_leaves_nothing_behind() -> None:
    service = ServeProcess()
    service.start()
    try:
        async with RemoteExecutor([service.url], SECRET) as remote:
            job = RunJob((Program("p", "while True:\n    pass"),), timeout=0.5)
            assert (await remote.run(job)).status is RunStatus.TIMEOUT
            assert descendants(service.pid)  # its fork server, zygote and ready children
    finally:
        assert service.stop() == 0  # SIGTERM: a clean exit
    assert await nothing_left() == []
