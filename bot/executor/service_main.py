"""Running the sandbox service: where it listens, when it refuses to start, how it stops.

`--listen HOST:PORT` (TCP) needs a shared secret of at least 16 characters, since anyone
who can reach the port could otherwise run code on the host; `--listen unix:/path` may go
without one (the socket file is made readable and writable by its owner and group only).
SIGTERM or SIGINT stop accepting requests, let the running jobs answer, then close the
executor (which stops the fork server and every child).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from bot.core.ports import CodeExecutor
from bot.executor.service_app import DEFAULT_BODY_LIMIT, SandboxService

MIN_SECRET = 16
SHUTDOWN_TIMEOUT = 30.0  # seconds running jobs get to answer after SIGTERM


class ServiceConfigError(ValueError):
    """A setting or argument the service cannot start with; one line naming it."""


@dataclass(frozen=True)
class Listen:
    host: str = ""
    port: int = 0
    path: str = ""  # a unix socket when set

    @property
    def is_unix(self) -> bool:
        return bool(self.path)


def parse_listen(text: str) -> Listen:
    """`unix:/run/stepwise/sandbox.sock`, `127.0.0.1:8080`, `[::1]:8080` or `:8080` (all)."""
    if text.startswith("unix:"):
        path = text.removeprefix("unix:")
        if not path.startswith("/"):
            raise ServiceConfigError(f"--listen {text}: the socket path must be absolute")
        return Listen(path=path)
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ServiceConfigError(f"--listen {text}: expected HOST:PORT or unix:/path")
    host = host.removeprefix("[").removesuffix("]") or "0.0.0.0"
    return Listen(host=host, port=int(port))


def secret_problem(listen: Listen, secret: str) -> str | None:
    """Why the service must not start with this secret on this address, or None."""
    if listen.is_unix and not secret:
        return None
    if not secret:
        return (
            "STEPWISE_SANDBOX_SECRET: not set; the service refuses TCP clients without a "
            "shared secret (set one in .env, or listen on unix:/path)"
        )
    if len(secret) < MIN_SECRET:
        return (
            f"STEPWISE_SANDBOX_SECRET: {len(secret)} characters is too short (at least "
            f"{MIN_SECRET}; e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return None


async def serve(
    open_executor: Callable[[], Awaitable[CodeExecutor]],
    listen: Listen,
    *,
    secret: str,
    body_limit: int = DEFAULT_BODY_LIMIT,
    on_ready: Callable[[str, SandboxService], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Open the executor, serve until `stop` is set (or SIGTERM/SIGINT), then close all."""
    problem = secret_problem(listen, secret)
    if problem:
        raise ServiceConfigError(problem)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        executor = await open_executor()
        try:
            await _serve(executor, listen, secret, body_limit, on_ready, stop)
        finally:
            await executor.aclose()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(signum)


async def _serve(
    executor: CodeExecutor,
    listen: Listen,
    secret: str,
    body_limit: int,
    on_ready: Callable[[str, SandboxService], None] | None,
    stop: asyncio.Event,
) -> None:
    service = SandboxService(executor, secret=secret, body_limit=body_limit)
    runner = web.AppRunner(service.app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
    await runner.setup()
    try:
        url = await _start_site(runner, listen)
        if on_ready is not None:
            on_ready(url, service)
        await stop.wait()
    finally:
        await runner.cleanup()  # stops listening, lets running handlers answer


async def _start_site(runner: web.AppRunner, listen: Listen) -> str:
    """Listen; the URL a client uses (with the port the kernel picked for port 0)."""
    try:
        if listen.is_unix:
            await web.UnixSite(runner, listen.path).start()
            os.chmod(listen.path, 0o660)
            return f"unix:{listen.path}"
        await web.TCPSite(runner, listen.host, listen.port).start()
    except OSError as exc:
        where = listen.path or f"{listen.host}:{listen.port}"
        raise ServiceConfigError(f"--listen: cannot listen on {where}: {exc.strerror}") from exc
    host, port = runner.addresses[0][:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
