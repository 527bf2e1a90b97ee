"""The shipped seccomp profile, applied the way Docker would (cap_drop ALL, x86-64), lets
every sandbox layer work; Docker's default profile does not. No Docker engine needed: see
`docker_seccomp.py`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.conftest import ROOT
from tests.deploy.docker_seccomp import libseccomp

APPLY = [sys.executable, str(Path(__file__).with_name("docker_seccomp.py"))]

pytestmark = pytest.mark.skipif(
    libseccomp() is None, reason="needs libseccomp on x86-64 to compile the profile"
)


def env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STEPWISE_DB": str(tmp_path / "data" / "stepwise.db"),
        "STEPWISE_CONTENT": str(ROOT / "content"),
    }


def doctor(tmp_path: Path, profile: Path | None) -> tuple[int, dict]:
    prefix = [*APPLY, str(profile)] if profile else []
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "bot", "sandbox", "doctor", "--json"],
        cwd=tmp_path, env=env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return result.returncode, json.loads(result.stdout)


@pytest.fixture
def host_has_sandbox(tmp_path: Path) -> None:
    code, report = doctor(tmp_path, None)
    if code != 0:
        missing = [name for name, row in report["layers"].items() if not row["ok"]]
        pytest.skip(f"this host itself refuses sandbox layers: {missing}")


@pytest.fixture
def docker_default(tmp_path: Path) -> Path:
    profile = json.loads((ROOT / "deploy" / "seccomp.json").read_text())
    profile["syscalls"].pop()  # the Stepwise rule
    path = tmp_path / "docker-default.json"
    path.write_text(json.dumps(profile))
    return path


def test_every_sandbox_layer_works_under_the_shipped_profile(tmp_path, host_has_sandbox) -> None:
    code, report = doctor(tmp_path, ROOT / "deploy" / "seccomp.json")
    assert code == 0, report
    assert all(row["ok"] for row in report["layers"].values())


def test_dockers_default_profile_refuses_the_sandbox(
    tmp_path, host_has_sandbox, docker_default
) -> None:
    code, report = doctor(tmp_path, docker_default)
    assert code == 1
    layers = report["layers"]
    assert not layers["user_ns"]["ok"]
    assert "Operation not permitted" in layers["user_ns"]["error"]
    for name in ("mount_ns", "net_ns", "ipc_uts_ns", "tmpfs_root"):  # built on user_ns
        assert not layers[name]["ok"], name
        assert "needs user_ns" in layers[name]["error"], layers[name]


def test_health_passes_inside_the_profile(tmp_path, host_has_sandbox) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "stepwise.db").write_bytes(b"")
    result = subprocess.run(
        [*APPLY, str(ROOT / "deploy" / "seccomp.json"),
         sys.executable, "-m", "bot", "health", "--no-gateway"],
        cwd=tmp_path, env=env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   sandbox" in result.stdout


def test_run_refuses_to_start_when_docker_blocks_namespaces(
    tmp_path, host_has_sandbox, docker_default
) -> None:
    """Before contacting Discord (nothing listens on the port below), in one line."""
    environment = {
        **env(tmp_path),
        "DISCORD_TOKEN": "MTIz.abc.defghijklmnopqrstuvwxyz",
        "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway",
    }
    result = subprocess.run(
        [*APPLY, str(docker_default), sys.executable, "-m", "bot", "run"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot run learner code safely" in lines[0] and "user_ns" in lines[0]
