"""Operator tools for the database file: check, online backup, restore, row counts.

Synchronous on purpose (they serve the `stepwise db` commands, not the bot's event loop).
Backup and restore use SQLite's backup API, which copies a consistent snapshot while other
connections keep reading and writing; `VACUUM INTO` would work too but cannot restore.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.sqlite_schema import (
    DEFAULT_BUSY_TIMEOUT_MS,
    SchemaError,
    connect,
    load_migrations,
    user_version,
)


@dataclass(frozen=True)
class CheckReport:
    path: Path
    user_version: int
    latest_version: int
    problems: tuple[str, ...] = ()  # integrity, foreign keys, a too-new schema
    notes: tuple[str, ...] = field(default=())  # harmless findings (pending migrations)

    @property
    def ok(self) -> bool:
        return not self.problems


def _existing(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise SchemaError(f"no database file at {path}")
    return path


def _distinct(database: Path, other: Path) -> None:
    if Path(other).resolve() == Path(database).resolve():
        raise SchemaError(f"{other} is the database itself; name a different file")


def _open_existing(path: Path) -> sqlite3.Connection:
    """Read-only connection to an existing file; `SchemaError` if it is not SQLite.

    No pragmas that write (journal mode stays as it is), so checking a backup leaves it
    byte-for-byte unchanged.
    """
    conn = sqlite3.connect(_existing(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {DEFAULT_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SchemaError(f"{path}: not a SQLite database ({exc})") from exc
    return conn


def check(path: Path) -> CheckReport:
    """`PRAGMA integrity_check`, `foreign_key_check` and the schema version, read-only."""
    conn = _open_existing(path)
    version = 0
    try:
        version = user_version(conn)
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:  # damage bad enough that the checks cannot finish
        integrity, foreign = [str(exc)], []
    finally:
        conn.close()
    latest = len(load_migrations())
    problems = [f"integrity: {line}" for line in integrity if line != "ok"]
    problems += [
        f"foreign key: {table} row {rowid} points at a missing {parent}"
        for table, rowid, parent, _ in foreign
    ]
    notes = []
    if version > latest:
        problems.append(f"schema version {version} is newer than this Stepwise knows ({latest})")
    elif version < latest:
        notes.append(f"schema version {version}; migrations up to {latest} run on next start")
    return CheckReport(Path(path), version, latest, tuple(problems), tuple(notes))


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)  # all pages in one step: one consistent snapshot


def backup(database: Path, destination: Path, overwrite: bool = False) -> CheckReport:
    """Copy the live database into one self-contained file and verify the copy.

    Safe while the bot runs. The copy is written next to `destination` and renamed into
    place, so a crash never leaves a half-written backup under the final name.
    """
    destination = Path(destination)
    _distinct(database, destination)
    if destination.exists() and not overwrite:
        raise FileExistsError(f"{destination} already exists (choose another name)")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    source = _open_existing(database)
    try:
        target = sqlite3.connect(partial, isolation_level=None)
        try:
            _copy(source, target)
            target.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
        finally:
            target.close()
    finally:
        source.close()
    report = check(partial)
    if not report.ok:
        partial.unlink(missing_ok=True)
        raise SchemaError(f"backup failed verification: {'; '.join(report.problems)}")
    os.replace(partial, destination)
    return CheckReport(destination, report.user_version, report.latest_version, (), report.notes)


def restore(backup_file: Path, database: Path) -> Path | None:
    """Replace the database's contents with a verified backup; returns the safety copy.

    The current database (if any) is first backed up to `<db>.before-restore-<time>`.
    The copy goes through SQLite's locking, so connections left open see the restored
    data rather than a torn file; still, stop the bot first (it may be mid-lesson).
    """
    _distinct(database, backup_file)
    report = check(backup_file)
    if not report.ok:
        raise SchemaError(f"{backup_file} is not a usable backup: {'; '.join(report.problems)}")
    database = Path(database)
    safety = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        safety = backup(database, database.with_name(f"{database.name}.before-restore-{stamp}"))
    database.parent.mkdir(parents=True, exist_ok=True)
    source = _open_existing(backup_file)
    try:
        target = connect(database)
        try:
            _copy(source, target)
        finally:
            target.close()
    finally:
        source.close()
    return None if safety is None else safety.path


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table, for `stepwise db stats`."""
    conn = _open_existing(path)
    try:
        names = conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        ).fetchall()
        return {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for (name,) in names
        }
    finally:
        conn.close()
