"""`stepwise health` fails on an unwritable database, a dead sandbox or a stale heartbeat."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.ports import RunJob, RunResult, RunStatus
from bot.discord_app.heartbeat import write_heartbeat
from bot.executor.fake import FakeExecutor
from bot.health import check_database, check_heartbeat, check_sandbox, probe_sandbox
from tests.deploy.conftest import ROOT


def health(tmp_path: Path, *args: str, env: dict[str, str] | None = None, wrap: list[str] = ()):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STEPWISE_DB": str(tmp_path / "data" / "stepwise.db"),
        "STEPWISE_CONTENT": str(ROOT / "content"),
        "STEPWISE_SANDBOX": "insecure-dev",
        **(env or {}),
    }
    return subprocess.run(
        [*wrap, sys.executable, "-m", "bot", "health", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "stepwise.db").write_bytes(b"")
    return data


# --------------------------------------------------------------------------- probes


def test_database_probe(tmp_path: Path, data_dir: Path) -> None:
    assert check_database(data_dir / "stepwise.db").ok
    missing = check_database(tmp_path / "nowhere" / "stepwise.db")
    assert not missing.ok and "does not exist" in missing.detail
    assert not check_database(data_dir).ok  # a directory is no database


def test_heartbeat_probe_turns_stale(tmp_path: Path) -> None:
    path = tmp_path / "heartbeat.json"
    assert "no heartbeat" in check_heartbeat(path, max_age=60).detail
    write_heartbeat(path, when=1_000_000.0, latency=0.042)
    assert json.loads(path.read_text())["latency_ms"] == 42.0
    assert check_heartbeat(path, max_age=60, now=1_000_030.0).ok
    stale = check_heartbeat(path, max_age=60, now=1_000_061.0)
    assert not stale.ok and "61 s ago" in stale.detail
    path.write_text("{not json")
    assert not check_heartbeat(path, max_age=60).ok


async def test_sandbox_probe_rejects_wrong_output_and_errors() -> None:
    def wrong(job: RunJob) -> RunResult:
        return RunResult(status=RunStatus.OK, stdout="41\n")

    def refused(job: RunJob) -> RunResult:
        from bot.core.ports import ExecutorUnavailable

        raise ExecutorUnavailable("user namespaces are disabled")

    def right(job: RunJob) -> RunResult:
        assert job.submission.code == "print(6 * 7)"
        return RunResult(status=RunStatus.OK, stdout="42\n")

    assert not (await check_sandbox(FakeExecutor(wrong))).ok
    probe = await check_sandbox(FakeExecutor(refused))
    assert not probe.ok and "user namespaces are disabled" in probe.detail
    assert (await check_sandbox(FakeExecutor(right))).ok


async def test_sandbox_probe_closes_the_executor_and_reports_a_failed_start() -> None:
    executor = FakeExecutor(lambda job: RunResult(status=RunStatus.OK, stdout="42\n"))

    async def opened() -> FakeExecutor:
        return executor

    assert (await probe_sandbox(opened, timeout=30)).ok
    assert executor.closed

    async def broken() -> FakeExecutor:
        raise OSError("fork failed")

    failed = await probe_sandbox(broken, timeout=30)
    assert not failed.ok and "fork failed" in failed.detail


# --------------------------------------------------------------------------- the command


def test_healthy_when_database_writable_sandbox_runs_and_heartbeat_fresh(
    tmp_path: Path, data_dir: Path
) -> None:
    write_heartbeat(data_dir / "heartbeat.json", when=time.time(), latency=0.01)
    result = health(tmp_path, "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["healthy"] is True
    assert [p["name"] for p in report["probes"]] == ["database", "sandbox", "gateway"]


def test_stale_heartbeat_is_unhealthy(tmp_path: Path, data_dir: Path) -> None:
    write_heartbeat(data_dir / "heartbeat.json", when=time.time() - 600, latency=0.01)
    result = health(tmp_path, "--no-sandbox", "--max-age", "120")
    assert result.returncode == 1
    assert "FAIL gateway: gateway last heard from" in result.stdout
    assert "ok   database" in result.stdout


def test_missing_heartbeat_is_unhealthy_unless_skipped(tmp_path: Path, data_dir: Path) -> None:
    assert health(tmp_path, "--no-sandbox").returncode == 1
    assert health(tmp_path, "--no-sandbox", "--no-gateway").returncode == 0


def test_database_in_a_non_directory_is_unhealthy(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data directory should be")
    result = health(tmp_path, "--no-sandbox", "--no-gateway")
    assert result.returncode == 1
    assert "FAIL database" in result.stdout


def read_only_wrapper(directory: Path) -> list[str]:
    """Run a command with `directory` bind-mounted read-only in a private mount namespace,
    the way a volume mounted `:ro` or a full/readonly disk looks to the bot."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare(1) is not installed")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && shift && exec "$@"'
    probe = subprocess.run(
        [unshare, "-rm", "sh", "-c", script, str(directory), "_", "true"],
        capture_output=True,
        timeout=30,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot make a private read-only mount here: {probe.stderr.decode()}")
    return [unshare, "-rm", "sh", "-c", script, str(directory), "_"]


def test_read_only_database_is_unhealthy(tmp_path: Path, data_dir: Path) -> None:
    write_heartbeat(data_dir / "heartbeat.json", when=time.time(), latency=0.01)
    wrap = read_only_wrapper(data_dir)
    result = health(tmp_path, "--no-sandbox", wrap=wrap)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAIL database" in result.stdout and "not writable" in result.stdout
    assert "ok   gateway" in result.stdout  # the heartbeat is still readable
