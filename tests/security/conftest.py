"""Run the hostile corpus only inside a throwaway PID namespace of its own.

Outside one, every test here is deselected except `test_corpus_in_own_pid_namespace`,
which re-executes pytest for this directory under `unshare --pid --fork --mount-proc
--kill-child` with `pidns_init.py` as PID 1, and fails with the inner output if the inner
run fails. Inside, the corpus runs and that proxy test is skipped. Never skipped on CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
INSIDE = "STEPWISE_SECURITY_PIDNS"
PROXY = "test_corpus_in_own_pid_namespace"
FAKE_TOKEN = "MTIzNDU2Nzg5.fake-discord-token.s3cr3t-Xq9"


def inside_namespace() -> bool:
    return os.environ.get(INSIDE) == "1" and os.getppid() == 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    inside = inside_namespace()
    keep, drop = [], []
    for item in items:
        if Path(str(item.fspath)).resolve().parent != HERE or (item.name == PROXY) != inside:
            keep.append(item)
        else:
            drop.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def bot_token(monkeypatch: pytest.MonkeyPatch) -> str:
    """The token lives in this (the bot's) process environment while hostile code runs."""
    monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
    return FAKE_TOKEN
