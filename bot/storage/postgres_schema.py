"""Opening a Stepwise PostgreSQL database: the URL, the pool, numbered migrations.

Migrations are `migrations_pg/NNNN_name.sql`, numbered like SQLite's (the same schema
version means the same tables). Each one runs in its own transaction together with the
version bump, under a transaction-level advisory lock, so several bot processes starting
at once against a new database apply every migration exactly once and never half-way.

Errors an operator can cause (a malformed URL, a server that does not answer, a wrong
password, a database from a newer Stepwise) become `SchemaError` with one line that names
the server without its password.
"""

from __future__ import annotations

import asyncio
import socket
from importlib import resources
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.storage.sqlite_schema import (
    _MIGRATION_NAME,
    Migration,
    SchemaError,
    SchemaTooNewError,
)

URL_SCHEMES = ("postgresql", "postgres")
DEFAULT_POOL_SIZE = 10
CONNECT_TIMEOUT = 10.0  # seconds; a server that does not answer must not hang start-up
_LOCK_ID = 0x5737_7073  # pg_advisory_xact_lock key held while migrating ("Swps")
_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS stepwise_schema (version INTEGER NOT NULL)"  # one row


def is_postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in URL_SCHEMES


def redact_url(url: str) -> str:
    """The URL with its password replaced by `***` (safe to print and log)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a PostgreSQL URL, or None (checked without connecting)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a non-numeric port)
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme not in URL_SCHEMES:
        return f"{redact_url(url)!r} is not a postgresql:// URL"
    if not parts.path.strip("/") and not parts.hostname:
        return "the URL names neither a host nor a database"
    return None


def load_pg_migrations() -> tuple[Migration, ...]:
    root = resources.files("bot.storage") / "migrations_pg"
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        match = _MIGRATION_NAME.match(entry.name)
        if entry.name.endswith(".sql"):
            if not match:
                raise SchemaError(f"migration file {entry.name!r} is not named NNNN_name.sql")
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise SchemaError(f"migration {migration.name}: expected number {expected}")
    return tuple(found)


def _too_new(found: int, latest: int) -> SchemaTooNewError:
    return SchemaTooNewError(
        f"database schema version {found} is newer than this Stepwise knows ({latest}); "
        "upgrade Stepwise or restore a backup made by this version"
    )


async def schema_version(conn: asyncpg.Connection) -> int:
    exists = await conn.fetchval("SELECT to_regclass('stepwise_schema') IS NOT NULL")
    if not exists:
        return 0
    return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM stepwise_schema"))


async def migrate(conn: asyncpg.Connection) -> int:
    """Bring the database to the latest schema; returns the version it is at."""
    migrations = load_pg_migrations()
    latest = migrations[-1].number if migrations else 0
    for migration in migrations:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _LOCK_ID)
            await conn.execute(_VERSION_TABLE)
            current = await schema_version(conn)
            if current > latest:
                raise _too_new(current, latest)
            if current < migration.number:
                await conn.execute(migration.sql)
                await conn.execute("DELETE FROM stepwise_schema")
                await conn.execute(
                    "INSERT INTO stepwise_schema (version) VALUES ($1)", migration.number
                )
    found = await schema_version(conn)
    if found > latest:
        raise _too_new(found, latest)
    return found


def _reason(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running and listening on that port?)"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror or exc})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text


def connection_error(url: str, exc: BaseException) -> SchemaError:
    """One line for the operator: which server, why; never the password."""
    reason = _reason(exc)
    parts = urlsplit(url)
    if parts.password:
        reason = reason.replace(parts.password, "***")
    return SchemaError(f"cannot connect to {redact_url(url)}: {reason}")


CONNECT_ERRORS = (OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


async def connect(url: str) -> asyncpg.Connection:
    """One connection (CLI tools, checks); `SchemaError` when the server cannot be used."""
    problem = url_problem(url)
    if problem:
        raise SchemaError(problem)
    try:
        return await asyncpg.connect(url, timeout=CONNECT_TIMEOUT)
    except CONNECT_ERRORS as exc:
        raise connection_error(url, exc) from None
    except ValueError as exc:  # asyncpg's own URL parser
        raise SchemaError(f"malformed URL ({_reason(exc)})") from None


async def create_pool(url: str, max_size: int = DEFAULT_POOL_SIZE) -> asyncpg.Pool:
    """Migrate with one connection, then open the pool the store uses."""
    conn = await connect(url)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    try:
        pool: Any = await asyncpg.create_pool(
            url, min_size=1, max_size=max_size, timeout=CONNECT_TIMEOUT, reset=_keep_session
        )
    except CONNECT_ERRORS as exc:
        raise connection_error(url, exc) from None
    return pool


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Skip asyncpg's per-release reset query (a round trip per store call): the stores
    leave no session state behind (no SET, LISTEN, cursors or session advisory locks), and
    an aborted transaction is rolled back by `conn.transaction()` itself."""


async def check_reachable(url: str) -> str | None:
    """Why the bot could not use `url` (connect, then read the schema version), or None."""
    try:
        conn = await connect(url)
    except SchemaError as exc:
        return str(exc)
    try:
        version = await schema_version(conn)
    except CONNECT_ERRORS as exc:
        return str(connection_error(url, exc))
    finally:
        await conn.close()
    latest = len(load_pg_migrations())
    if version > latest:
        return str(_too_new(version, latest))
    return None
