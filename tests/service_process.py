"""`stepwise sandbox serve` as a real process, the way an operator runs it, for the tests.

The service gets a clean environment: no DISCORD_* or STEPWISE_* variable but its secret
(and what the test adds), so it never holds the bot token, as in docker-compose.yml.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SECRET = "test-secret-0123456789abcdef"
READY = "stepwise sandbox service listening on "


def service_env(secret: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STEPWISE_"))}
    env.update(PYTHONPATH=str(REPO), STEPWISE_SANDBOX_SECRET=secret, **extra)
    return env


class ServeProcess:
    """One service; `start()` returns its URL once it listens, `kill()` is a crash."""

    def __init__(
        self, listen: str = "127.0.0.1:0", secret: str = SECRET, *args: str, **env: str
    ) -> None:
        self.listen = listen
        self.args = args
        self.wrap: list[str] = []  # a command prefix, e.g. one that applies a seccomp profile
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (its stderr, for its whole life)
        self.secret = secret
        self.env = env
        self.url = ""
        self.process: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, timeout: float = 120) -> str:
        command = [sys.executable, "-m", "bot", "sandbox", "serve", "--listen", self.listen]
        self.process = subprocess.Popen(
            [*self.wrap, *command, *self.args],
            cwd=REPO,
            env=service_env(self.secret, **self.env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,  # a file: a pipe nobody reads could fill and stall the service
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # the service prints it once it listens
        if not line.startswith(READY):
            self.process.kill()
            self.process.wait(timeout=timeout)
            self.log.seek(0)
            err = self.log.read().decode(errors="replace")
            raise AssertionError(f"the service did not start: {line!r} {err[-3000:]}")
        self.url = line.removeprefix(READY).split()[0]
        if self.listen.endswith(":0"):  # restart on the same port
            self.listen = self.url.removeprefix("http://")
        return self.url

    def kill(self) -> None:
        """SIGKILL, as when a host or container dies; its fork server sees EOF and exits."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> int:
        """SIGTERM: running jobs answer, then everything exits; the exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def request(
        self, method: str, path: str, body: bytes | None = None, secret: str | None = None
    ) -> tuple[int, dict[str, str], Any]:
        """(status, headers, JSON body) of one request; the service's own secret by default."""
        headers = {"Content-Type": "application/json"}
        token = self.secret if secret is None else secret
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, body, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read() or b"null")

    def load(self) -> dict[str, int]:
        status, _, body = self.request("GET", "/health")
        assert status == 200, body
        return body["load"]


class LocalService:
    """A `SandboxService` in this event loop on a loopback port: stop and start it again
    on the same port to take a replica down and bring it back."""

    def __init__(
        self,
        executor: Any,
        secret: str = SECRET,
        body_limit: int = 1 << 20,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        from bot.executor.service_app import SandboxService

        self.service = SandboxService(executor, secret=secret, body_limit=body_limit)
        self.host, self.port = host, port
        self._runner: Any = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def load(self) -> Any:
        return self.service.load

    async def start(self) -> str:
        from aiohttp import web

        self._runner = web.AppRunner(self.service.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
