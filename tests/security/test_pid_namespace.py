"""The proxy: the corpus runs in its own PID namespace, and its result is this test's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSIDE = "STEPWISE_SECURITY_PIDNS"  # conftest.py reads it
OUTER_TIMEOUT = 900


def test_corpus_in_own_pid_namespace() -> None:
    unshare = shutil.which("unshare")
    assert unshare, "util-linux `unshare` is required to run the security corpus"
    command = [
        unshare, "--pid", "--fork", "--mount-proc", "--kill-child", "--",
        sys.executable, str(HERE / "pidns_init.py"),
        sys.executable, "-m", "pytest", str(HERE), "-q", "-p", "no:cacheprovider",
    ]  # fmt: skip
    env = {**os.environ, INSIDE: "1"}
    env.pop("DISCORD_TOKEN", None)
    run = subprocess.run(
        command,
        cwd=HERE.parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=OUTER_TIMEOUT,
    )
    report = f"{run.stdout[-20000:]}\n{run.stderr[-5000:]}"
    assert run.returncode == 0, f"security corpus failed:\n{report}"
    assert " passed" in run.stdout
