"""Opening a Stepwise database file: connection pragmas and numbered migrations.

Migrations are the files `migrations/NNNN_name.sql`, discovered by number; each is applied
in its own transaction together with `PRAGMA user_version = NNNN`, so a crash leaves the
database at the previous version, never half-way. Synchronous on purpose: it runs once,
before the async connection opens, and the CLI tools reuse it.

Durability choice: WAL with `synchronous=FULL` by default, which survives power loss as
well as a killed process (each commit fsyncs the WAL). `NORMAL` is accepted for hosts where
fsync is slow: in WAL it still never loses a commit when only the process dies (kill -9,
OOM), only the last commits before a power cut.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SYNCHRONOUS_MODES = ("FULL", "NORMAL")
DEFAULT_SYNCHRONOUS = "FULL"
DEFAULT_BUSY_TIMEOUT_MS = 10_000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[A-Za-z0-9_]+\.sql$")


class SchemaError(RuntimeError):
    """The database or the migration files are not something this version can use."""


class SchemaTooNewError(SchemaError):
    """The file was migrated by a newer Stepwise; opening it could corrupt its data."""


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


def connection_pragmas(
    synchronous: str = DEFAULT_SYNCHRONOUS, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> tuple[str, ...]:
    """Per-connection settings every Stepwise connection runs (WAL itself is persistent)."""
    mode = synchronous.upper()
    if mode not in SYNCHRONOUS_MODES:
        raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS_MODES)}, got {mode!r}")
    return (
        f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
        "PRAGMA journal_mode = WAL",
        f"PRAGMA synchronous = {mode}",
        "PRAGMA foreign_keys = ON",
    )


def load_migrations(folder: Path | None = None) -> tuple[Migration, ...]:
    """Every migration file in number order; numbers must run 1, 2, 3 ... without gaps."""
    if folder is None:
        root = resources.files("bot.storage") / "migrations"
        entries = [(entry.name, entry) for entry in root.iterdir() if entry.name.endswith(".sql")]
    else:
        entries = [(p.name, p) for p in Path(folder).glob("*.sql")]
    found: list[Migration] = []
    for name, entry in sorted(entries, key=lambda item: item[0]):
        match = _MIGRATION_NAME.match(name)
        if not match:
            raise SchemaError(f"migration file {name!r} is not named NNNN_name.sql")
        sql = entry.read_text(encoding="utf-8")
        try:
            split_statements(sql)
        except SchemaError as exc:
            raise SchemaError(f"migration {name}: {exc}") from None
        found.append(Migration(int(match.group(1)), name, sql))
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise SchemaError(
                f"migration {migration.name} has number {migration.number}, expected {expected}"
                " (numbers must be unique and without gaps)"
            )
    return tuple(found)


def split_statements(sql: str) -> list[str]:
    """Complete SQL statements of a script, so they can run inside our own transaction."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                statements.append(buffer.strip())
            buffer = ""
    leftover = [line for line in buffer.splitlines() if line.strip() and not _comment(line)]
    if leftover:
        raise SchemaError(f"incomplete SQL statement at the end of a migration: {buffer.strip()!r}")
    return statements


def _comment(line: str) -> bool:
    return line.strip().startswith("--")


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None) -> int:
    """Bring the database to the latest schema; returns the version it is at.

    `conn` must be in autocommit mode (isolation_level=None). Each migration re-reads the
    version under `BEGIN IMMEDIATE`, so two processes opening a new file at once apply
    every migration exactly once.
    """
    migrations = load_migrations() if migrations is None else migrations
    latest = migrations[-1].number if migrations else 0
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = user_version(conn)
            if current > latest:
                raise SchemaTooNewError(
                    f"database schema version {current} is newer than this Stepwise knows "
                    f"({latest}); upgrade Stepwise or restore a backup made by this version"
                )
            if current < migration.number:
                for statement in split_statements(migration.sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {migration.number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    found = user_version(conn)
    if found > latest:
        raise SchemaTooNewError(
            f"database schema version {found} is newer than this Stepwise knows ({latest}); "
            "upgrade Stepwise or restore a backup made by this version"
        )
    return found


def connect(
    path: Path,
    synchronous: str = DEFAULT_SYNCHRONOUS,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> sqlite3.Connection:
    """A configured autocommit `sqlite3` connection (for migrations and the CLI tools)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in connection_pragmas(synchronous, busy_timeout_ms):
            conn.execute(pragma)
    except BaseException:
        conn.close()
        raise
    return conn


def prepare(
    path: Path,
    synchronous: str = DEFAULT_SYNCHRONOUS,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
) -> int:
    """Create the parent folder and the file if needed, migrate; returns the schema version."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path, synchronous, busy_timeout_ms)
    try:
        return migrate(conn)
    finally:
        conn.close()
