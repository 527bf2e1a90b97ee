"""Helpers for SQLite-specific tests: run `writer_process.py` as a real child process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

WRITER = Path(__file__).with_name("writer_process.py")
WATCHDOG_SECONDS = 120  # a stuck writer is killed, so reading its output never hangs a run
REPO = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


@pytest.fixture
def start_writer():
    """Start writer processes; any still running at the end of the test are killed."""
    started: list[subprocess.Popen] = []
    watchdogs: list[threading.Timer] = []

    def start(db: Path, prefix: str, count: int, tasks: int = 4) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), prefix, str(count), str(tasks)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        started.append(proc)
        watchdog = threading.Timer(WATCHDOG_SECONDS, proc.kill)
        watchdog.daemon = True
        watchdog.start()
        watchdogs.append(watchdog)
        return proc

    yield start
    for watchdog in watchdogs:
        watchdog.cancel()
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
