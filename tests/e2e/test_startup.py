"""`stepwise run` as an operator starts it: a missing or rejected token is one clear line."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from .cli_process import stepwise
from .conftest import REPO
from .fake_discord import FakeDiscord


async def stepwise_run(env_extra: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    env = {"STEPWISE_DB": str(cwd / "stepwise.db"), "STEPWISE_SANDBOX": "strict", **env_extra}
    return await stepwise("run", env_extra=env, cwd=cwd)


async def test_missing_token_stops_with_one_line(tmp_path):
    code, out, err = await stepwise_run({}, tmp_path)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and "not set" in err


async def test_rejected_token_stops_with_one_line_that_hides_it(fake: FakeDiscord, tmp_path):
    wrong = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GZZZZZ.abcdefghijklmnopqrstuvwxyz0123456789AB"
    env = {
        "DISCORD_TOKEN": wrong,
        "DISCORD_API_BASE": fake.base_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }
    code, out, err = await stepwise_run(env, tmp_path)
    assert code == 1 and out == ""
    problems = [line for line in err.splitlines() if line.startswith("stepwise:")]
    assert len(problems) == 1 and "rejected DISCORD_TOKEN" in problems[0], err
    assert "Traceback" not in err
    assert wrong not in err and wrong.split(".")[2] not in err
    assert [r.path for r in fake.requests] == ["/users/@me"]
    assert fake.identifies == 0


async def test_run_serves_until_stopped(fake: FakeDiscord, tmp_path):
    """The real `stepwise run` process connects, syncs, answers a command, exits on SIGTERM."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STEPWISE_"))}
    env.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE=fake.base_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        STEPWISE_DB=str(tmp_path / "stepwise.db"),
        STEPWISE_CONTENT=str(REPO / "content"),
        STEPWISE_SANDBOX="strict",
        PYTHONPATH=str(REPO),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake.wait_connected(timeout=30)
        await fake.wait_until(lambda: "lesson" in fake.command_names(), 30, "command sync")
        reply = await (await fake.slash("help")).reply()
        assert "/lesson start" in reply.text()
        # Learner code runs in a child process that never sees the bot's token.
        code = "import os; print(sorted(os.environ.items()))"
        ran = await (await fake.slash("run", {"code": code})).reply(timeout=30)
        assert (
            "Your output" in ran.text()
            and fake.token not in ran.files.get("output.txt", b"").decode() + ran.text()
        )
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    assert fake.token not in stderr.decode()
    sent = "".join(str(r.json) for r in fake.requests) + "".join(
        m.text() for m in fake.sent_by_bot()
    )
    assert fake.token not in sent
    assert (tmp_path / "stepwise.db.commands.json").exists()
