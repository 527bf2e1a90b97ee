"""SIGTERM to a real `stepwise run` during an evaluation: it finishes, is reported and
stored, new evaluations are refused, the database closes cleanly, and the exit code is 0.

The bot is the unmodified `python -m bot run` subprocess, connected over loopback to the
fake Discord of the e2e suite.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from tests.deploy.conftest import ROOT
from tests.e2e.fake_discord import FakeDiscord

SLOW_STEP = (
    "import time\n"
    "time.sleep(3)\n"
    'definition = "MLOps is a way to manage machine learning projects."\n'
    'print("finished after sleeping")\n'
)


class BotProcess:
    """`python -m bot run` with its stderr log lines collected as they arrive."""

    def __init__(self, fake: FakeDiscord, data: Path) -> None:
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "HOME": str(data),
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.base_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "STEPWISE_DB": str(data / "stepwise.db"),
            "STEPWISE_CONTENT": str(ROOT / "content"),
            "STEPWISE_SANDBOX": "insecure-dev",
            "STEPWISE_EXEC_TIMEOUT": "20",
            "LOG_LEVEL": "DEBUG",
        }
        self.data = data
        self.lines: list[str] = []
        self._new_line = asyncio.Event()

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            cwd=self.data, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.lines.append(line.decode(errors="replace").rstrip("\n"))
            self._new_line.set()

    async def wait_for_line(self, text: str, timeout: float = 60) -> str:
        async def scan() -> str:
            seen = 0
            while True:
                for line in self.lines[seen:]:
                    if text in line:
                        return line
                seen = len(self.lines)
                self._new_line.clear()
                if self.proc.returncode is not None and self._reader.done():
                    raise AssertionError(f"bot exited before logging {text!r}")
                await self._new_line.wait()

        try:
            return await asyncio.wait_for(scan(), timeout)
        except TimeoutError:
            raise AssertionError(f"no log line with {text!r}:\n" + self.log()) from None

    async def exit_code(self, timeout: float = 60) -> int:
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        await self._reader
        return code

    def kill(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()

    def log(self) -> str:
        return "\n".join(self.lines[-60:])


async def cli_json(data: Path, *args: str) -> dict:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STEPWISE_DB": str(data / "stepwise.db"),
        "STEPWISE_SANDBOX": "insecure-dev",  # like the bot under test
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        cwd=data, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()
    return json.loads(out)


async def test_sigterm_lets_the_running_evaluation_finish_then_exits_cleanly(tmp_path) -> None:
    fake = await FakeDiscord().start()
    bot = BotProcess(fake, tmp_path)
    try:
        await bot.start()
        await fake.wait_connected(timeout=60)
        await bot.wait_for_line("health heartbeat every")  # first write: serving
        health = await cli_json(tmp_path, "health", "--json")  # beside the running bot
        assert health["healthy"] is True, health

        lesson = await (await fake.slash("lesson start", {"lesson": "what-is-mlops"})).reply()
        box = await fake.click_button(lesson, lesson.custom_id("Submit code"))
        assert (await box.response())["type"] == 9  # the code box (modal) opened
        submission = await fake.submit_modal(box, SLOW_STEP)
        assert (await submission.response())["type"] == 5  # "thinking…" while it runs
        await bot.wait_for_line("bot.shutdown: evaluation started (1 running)")

        bot.proc.send_signal(signal.SIGTERM)
        await bot.wait_for_line("received SIGTERM")

        # While draining, a new evaluation is refused with a retry message.
        refused = await (await fake.slash("run", {"code": "print(1)"})).reply()
        assert "try again in a moment" in refused.text(), bot.log()

        verdict = await submission.reply(timeout=60)
        assert "finished after sleeping" in verdict.text()
        assert await bot.exit_code() == 0, bot.log()
    finally:
        bot.kill()
        await fake.stop()

    assert "all running evaluations finished" in bot.log()
    assert not [line for line in bot.lines if " ERROR " in line], bot.log()
    assert all(fake.token not in line for line in bot.lines)  # DEBUG logging included
    # Closed cleanly: the last connection checkpointed and removed the WAL, the file is
    # intact, and the evaluation that finished during shutdown was stored.
    assert not (tmp_path / "stepwise.db-wal").exists()
    integrity = await cli_json(tmp_path, "db", "check", "--json")
    assert integrity["ok"] is True, integrity
    stats = await cli_json(tmp_path, "db", "stats", "--json")
    assert stats["tables"]["attempts"] == 1, stats
