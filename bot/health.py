"""Is this Stepwise process able to serve learners right now? The probes behind `stepwise health`.

Three things fail a community silently: a database that can no longer be written (a full
disk, a volume owned by the wrong uid), a sandbox that refuses to run code, and a gateway
connection that quietly died. Each probe returns a `Probe`; the container's HEALTHCHECK
turns any failed probe into an `unhealthy` status.

The gateway probe reads a small JSON file the running bot rewrites every few seconds while
its gateway connection is up (`bot/discord_app/heartbeat.py`), so a separate process —
`docker exec ... stepwise health` — can tell without talking to Discord.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.ports import CodeExecutor, Program, RunJob, RunStatus
from bot.settings import Settings

HEARTBEAT_FILE = "heartbeat.json"
DEFAULT_MAX_HEARTBEAT_AGE = 180.0  # seconds; the bot writes every 15 s while connected
SANDBOX_PROBE_CODE = "print(6 * 7)"
SANDBOX_PROBE_EXPECTED = "42"


@dataclass(frozen=True)
class Probe:
    name: str  # "database", "sandbox", "gateway"
    ok: bool
    detail: str  # one line an operator can act on


def heartbeat_path(settings: Settings) -> Path:
    """The heartbeat lives next to the database, in the one writable volume."""
    return settings.db_path.parent / HEARTBEAT_FILE


def check_database(db_path: Path) -> Probe:
    """The database file and its directory accept writes (SQLite needs both: the
    directory holds the WAL and journal files). Touches no SQL and never creates the file."""
    name = "database"
    directory = db_path.parent
    if not db_path.exists():
        return Probe(name, False, f"{db_path} does not exist (has `stepwise run` started?)")
    if not db_path.is_file():
        return Probe(name, False, f"{db_path} is not a regular file")
    try:
        with open(db_path, "r+b"):
            pass
    except OSError as exc:
        return Probe(name, False, f"{db_path} is not writable: {exc.strerror or exc}")
    problem = directory_write_problem(directory)
    if problem:
        return Probe(name, False, problem)
    return Probe(name, True, f"{db_path} is writable")


def check_postgres(url: str) -> Probe:
    """The PostgreSQL server of STEPWISE_DATABASE_URL answers and its schema is usable."""
    from bot.storage.postgres_schema import check_reachable, redact_url

    problem = asyncio.run(check_reachable(url))
    return Probe("database", problem is None, problem or f"{redact_url(url)} answers")


def directory_write_problem(directory: Path) -> str | None:
    """None when a file can be created in `directory`; else the reason, in one line."""
    if not directory.is_dir():
        return f"{directory} is not a directory"
    try:
        fd, probe = tempfile.mkstemp(prefix=".stepwise-write-probe-", dir=directory)
    except OSError as exc:
        uid = os.getuid()
        return (
            f"{directory} is not writable by uid {uid}: {exc.strerror or exc}"
            f" (fix: chown {uid} {directory})"
        )
    os.close(fd)
    os.unlink(probe)
    return None


def check_heartbeat(path: Path, max_age: float, now: float | None = None) -> Probe:
    """The bot reported a live gateway connection less than `max_age` seconds ago."""
    name = "gateway"
    now = time.time() if now is None else now
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        last = float(data["last_gateway_event"])
    except FileNotFoundError:
        return Probe(name, False, f"no heartbeat at {path} (is the bot connected?)")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Probe(name, False, f"unreadable heartbeat {path}: {exc}")
    age = now - last
    if age > max_age:
        detail = f"gateway last heard from {age:.0f} s ago (limit {max_age:.0f} s)"
        return Probe(name, False, detail)
    return Probe(name, True, f"gateway heard from {max(age, 0):.0f} s ago")


async def check_sandbox(executor: CodeExecutor) -> Probe:
    """The real executor runs a trivial program and returns its output."""
    name = "sandbox"
    job = RunJob(programs=(Program("health check", SANDBOX_PROBE_CODE),))
    try:
        result = await executor.run(job)
    except Exception as exc:  # ExecutorUnavailable, ExecutorBusy, a broken worker...
        return Probe(name, False, f"cannot run a trivial job: {type(exc).__name__}: {exc}")
    if result.status is not RunStatus.OK or result.stdout.strip() != SANDBOX_PROBE_EXPECTED:
        detail = result.detail or (result.error.message if result.error else result.stdout)
        return Probe(name, False, f"trivial job ended {result.status.value}: {detail[:200]}")
    return Probe(name, True, f"trivial job ran in {result.duration_ms:.0f} ms")


async def probe_sandbox(
    open_executor: Callable[[], Awaitable[CodeExecutor]], timeout: float
) -> Probe:
    """Start an executor, run the trivial job within `timeout`, always close it."""
    executor: CodeExecutor | None = None
    try:
        async with asyncio.timeout(timeout):
            executor = await open_executor()
            return await check_sandbox(executor)
    except TimeoutError:
        return Probe("sandbox", False, f"no answer within {timeout:.0f} s")
    except Exception as exc:
        return Probe("sandbox", False, f"cannot start: {type(exc).__name__}: {exc}")
    finally:
        if executor is not None:
            await executor.aclose()
