"""Everything `stepwise run` must know before it connects, reported all at once.

An operator restarting a container after each single fix is slow, so the checks keep going
after the first problem and return one line per problem, each naming the setting and what
to do. `stepwise run` prints them and exits non-zero before touching Discord.

    settings, problems = check_startup()            # reads the environment and .env
    if problems: print("\\n".join(problems)); exit 1

The sandbox probe is injected by the composition root (it knows the concrete executor);
without one, the sandbox layers are not checked here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.content import ContentError, load_catalog
from bot.health import directory_write_problem
from bot.settings import Settings, SettingsError, load_settings

SandboxProbe = Callable[[Settings], Iterable[str]]  # returns one line per missing layer


def check_startup(
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = Path(".env"),
    *,
    need_token: bool = True,
    sandbox_probe: SandboxProbe | None = None,
) -> tuple[Settings | None, list[str]]:
    """Load settings and check them; (settings, []) when the bot may start.

    Invalid values are reported, then replaced by their defaults so the remaining checks
    still run and the operator sees every problem in one go. Settings is None only when
    problems were found.
    """
    env = dict(os.environ if environ is None else environ)
    problems: list[str] = []
    try:
        settings = load_settings(env, dotenv)
    except SettingsError as exc:
        problems.extend(exc.problems)
        bad_keys = {line.split(":", 1)[0].strip() for line in exc.problems}
        env.update(dict.fromkeys(bad_keys, ""))  # env wins over .env: blank means default
        try:
            settings = load_settings(env, dotenv)
        except SettingsError as again:  # a value we could not neutralise
            return None, [*problems, *(p for p in again.problems if p not in problems)]
    problems.extend(startup_problems(settings, need_token=need_token, sandbox_probe=sandbox_probe))
    return (None if problems else settings), problems


def startup_problems(
    settings: Settings, *, need_token: bool = True, sandbox_probe: SandboxProbe | None = None
) -> list[str]:
    problems: list[str] = []
    if need_token:
        try:
            settings.require_token()
        except SettingsError as exc:
            problems.extend(exc.problems)
    problems.extend(content_problems(settings.content_path))
    if settings.database_url:
        problems.extend(postgres_problems(settings.database_url))
    else:
        problems.extend(database_problems(settings.db_path))
    problems.extend(timezone_problems(settings))
    problems.extend(remote_sandbox_problems(settings))
    if sandbox_probe is not None and settings.sandbox_mode == "strict":
        problems.extend(
            f"STEPWISE_SANDBOX: {line} (see `stepwise sandbox doctor`)"
            for line in sandbox_probe(settings)
        )
    return problems


def remote_sandbox_problems(settings: Settings) -> list[str]:
    """Sandbox services over TCP refuse every request without the shared secret."""
    tcp = [url for url in settings.sandbox_urls if not url.startswith("unix:")]
    if tcp and not settings.sandbox_secret:
        return [
            "STEPWISE_SANDBOX_SECRET: not set, but the sandbox services in STEPWISE_SANDBOX_URL "
            "refuse requests without it (use the value they were started with)"
        ]
    return []


def content_problems(content_path: Path) -> list[str]:
    """At least one lesson loads: a missing or unreadable folder stops the start. A broken
    file does not (the others load; `open_services` logs it, `content check` fails on it)."""
    if not content_path.exists():
        return [f"STEPWISE_CONTENT: {content_path} does not exist"]
    if not os.access(content_path, os.R_OK | (os.X_OK if content_path.is_dir() else 0)):
        return [f"STEPWISE_CONTENT: {content_path} is not readable by uid {os.getuid()}"]
    try:
        load_catalog(content_path, partial=True)
    except ContentError as exc:
        return [f"STEPWISE_CONTENT: {problem}" for problem in exc.problems]
    except OSError as exc:
        return [f"STEPWISE_CONTENT: cannot read {exc.filename or content_path}: {exc.strerror}"]
    return []


def database_problems(db_path: Path) -> list[str]:
    """The database directory exists (created if missing) and accepts new files."""
    directory = db_path.parent
    if db_path.is_dir():
        return [f"STEPWISE_DB: {db_path} is a directory, not a database file"]
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return [f"STEPWISE_DB: cannot create directory {directory}: {exc.strerror or exc}"]
    problem = directory_write_problem(directory)
    if problem:
        return [f"STEPWISE_DB: {problem}"]
    if db_path.exists():
        try:
            with open(db_path, "r+b"):
                pass
        except OSError as exc:
            return [f"STEPWISE_DB: {db_path} is not writable: {exc.strerror or exc}"]
    return []


def postgres_problems(url: str) -> list[str]:
    """The PostgreSQL server answers, accepts the credentials, and its schema is not too new.

    One line naming the setting and the reason; the password never appears in it.
    """
    from bot.storage.postgres_schema import check_reachable

    problem = _run_async(check_reachable(url))
    return [] if problem is None else [f"STEPWISE_DATABASE_URL: {problem}"]


def _run_async(coroutine: Any) -> Any:
    """Run a coroutine to completion, also when called from inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def timezone_problems(settings: Settings) -> list[str]:
    """Every setting whose name says it is a time zone must name a real IANA zone."""
    problems: list[str] = []
    for item in dataclasses.fields(settings):
        name = item.name
        if not (name.endswith(("timezone", "_tz")) or name == "tz"):
            continue
        value = getattr(settings, name)
        if not value:
            continue
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{name.upper()}: {value!r} is not a time zone (e.g. Europe/Paris)")
    return problems
