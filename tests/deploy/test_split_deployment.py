"""The two-service deployment without Docker: the sandbox service under the shipped seccomp
profile, the bot's commands under Docker's default one (see `docker_seccomp.py`).

The bot's container cannot build a sandbox (test_seccomp_in_effect.py), yet with
STEPWISE_SANDBOX_URL it runs learner code, and passes its health check, through the service;
and it never falls back to running code itself, even in insecure-dev mode.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT
from tests.deploy.docker_seccomp import libseccomp
from tests.service_process import SECRET, ServeProcess

APPLY = [sys.executable, str(Path(__file__).with_name("docker_seccomp.py"))]


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STEPWISE_DB": str(tmp_path / "data" / "stepwise.db"),
        "STEPWISE_CONTENT": str(ROOT / "content"),
        "STEPWISE_SANDBOX_SECRET": SECRET,
        **extra,
    }


def stepwise(tmp_path: Path, *args: str, wrap: list[str] = (), stdin: str = "", **env: str):
    return subprocess.run(
        [*wrap, sys.executable, "-m", "bot", *args],
        cwd=tmp_path, env=bot_env(tmp_path, **env), input=stdin,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def docker_default(tmp_path: Path) -> list[str]:
    if libseccomp() is None:
        pytest.skip("needs libseccomp on x86-64 to compile the profile")
    profile = json.loads((ROOT / "deploy" / "seccomp.json").read_text())
    profile["syscalls"].pop()  # the Stepwise rule: what is left is Docker's default
    path = tmp_path / "docker-default.json"
    path.write_text(json.dumps(profile))
    return [*APPLY, str(path)]


@pytest.fixture
def service(docker_default: list[str]) -> Iterator[ServeProcess]:
    process = ServeProcess()
    process.wrap = [*APPLY, str(ROOT / "deploy" / "seccomp.json")]
    process.start()
    try:
        yield process
    finally:
        process.stop()


def test_the_bot_under_dockers_default_profile_runs_code_through_the_service(
    tmp_path: Path, docker_default: list[str], service: ServeProcess
) -> None:
    ran = stepwise(tmp_path, "sandbox", "run", "--json", wrap=docker_default,
                   stdin="print(6 * 7)", STEPWISE_SANDBOX_URL=service.url)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["stdout"] == "42\n"
    assert service.load()["served"] == 1

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "stepwise.db").write_bytes(b"")
    health = stepwise(tmp_path, "health", "--no-gateway", wrap=docker_default,
                      STEPWISE_SANDBOX_URL=service.url)  # fmt: skip
    assert health.returncode == 0, health.stdout + health.stderr
    assert f"ok   sandbox {service.url}: trivial job ran" in health.stdout


def test_health_names_the_sandbox_service_that_is_down(
    tmp_path: Path, service: ServeProcess
) -> None:
    dead = "http://127.0.0.1:9"
    health = stepwise(tmp_path, "health", "--no-gateway", "--no-database", "--json",
                      STEPWISE_SANDBOX_URL=f"{service.url},{dead}")  # fmt: skip
    assert health.returncode == 1
    probes = {p["name"]: p for p in json.loads(health.stdout)["probes"]}
    assert probes[f"sandbox {service.url}"]["ok"] is True
    assert probes[f"sandbox {dead}"]["ok"] is False
    assert "unreachable" in probes[f"sandbox {dead}"]["detail"]
    only = stepwise(tmp_path, "health", "--no-gateway", "--no-database", "--sandbox-url",
                    service.url, STEPWISE_SANDBOX_URL=dead)  # fmt: skip
    assert only.returncode == 0 and f"ok   sandbox {service.url}" in only.stdout


def test_with_a_sandbox_url_the_bot_never_runs_learner_code_itself(tmp_path: Path) -> None:
    """insecure-dev would fall back to a plain subprocess locally; with a URL it refuses."""
    insecure = {"STEPWISE_SANDBOX": "insecure-dev", "STEPWISE_SANDBOX_URL": "http://127.0.0.1:9"}
    ran = stepwise(tmp_path, "sandbox", "run", stdin="print('ran here')", **insecure)
    assert ran.returncode == 1
    assert "ran here" not in ran.stdout
    assert "no sandbox service can run learner code" in ran.stderr
    assert SECRET not in ran.stderr + ran.stdout


def test_the_doctor_shows_the_layers_the_service_reports(
    tmp_path: Path, docker_default: list[str], service: ServeProcess
) -> None:
    """Under Docker's default profile the bot's own sandbox has no user namespace; the
    doctor, pointed at the service, shows the service's layers instead."""
    doctor = stepwise(tmp_path, "sandbox", "doctor", "--json", wrap=docker_default,
                      STEPWISE_SANDBOX_URL=service.url)  # fmt: skip
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    report = json.loads(doctor.stdout)
    assert all(row["ok"] for row in report["layers"].values())
    assert report["evidence"]["socket"].startswith("blocked")
