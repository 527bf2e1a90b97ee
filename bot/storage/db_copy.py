"""`stepwise db copy SRC DST`: every row of a Stepwise database into another, either engine.

A database is a SQLite file path or a `postgresql://` URL. Rows travel in one canonical
form (SQLite's: UTC timestamps as ISO text, booleans as 0/1, dates as ISO text), which is
also what the per-table checksum is computed over, so a SQLite and a PostgreSQL copy of
the same data have identical checksums. Ids are kept (daily quiz buttons carry post ids).

Safe to re-run: the source is read in one snapshot and never written; the target is
migrated, emptied and filled in ONE transaction, so an interrupted copy leaves the target
as it was. A target that already holds rows is refused unless `replace=True` (`--yes`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import asyncpg

from bot.storage import postgres_schema
from bot.storage.records import parse_utc, utc_text
from bot.storage.sqlite_schema import SchemaError, connect, load_migrations, prepare, user_version


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, kind): text | int | real | bool | ts | date
    key: tuple[str, ...]  # primary key: the order rows are read and checksummed in
    identity: bool = False  # PostgreSQL `id` identity column to move past the copied ids

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


def _t(name: str, columns: str, key: str, identity: bool = False) -> Table:
    pairs = tuple(tuple(item.split(":")) for item in columns.split())
    return Table(name, pairs, tuple(key.split()), identity)  # type: ignore[arg-type]


# Parents before children (foreign keys); every table of schema 7.
TABLES = (
    _t("learners", "id:text display_name:text created_at:ts", "id"),
    _t(
        "lesson_progress",
        "learner_id:text lesson_id:text current_step:int started_at:ts updated_at:ts"
        " completed_at:ts",
        "learner_id lesson_id",
    ),
    _t(
        "step_state",
        "learner_id:text lesson_id:text step:int accepted_code:text failed_attempts:int"
        " hints_shown:int solution_revealed:bool gave_up:bool skipped:bool",
        "learner_id lesson_id step",
    ),
    _t(
        "attempts",
        "id:int learner_id:text lesson_id:text step:int code:text status:text passed:bool"
        " summary:text at:ts",
        "id",
        identity=True,
    ),
    _t(
        "answers",
        "id:int learner_id:text lesson_id:text question_id:text choice:int correct:bool"
        " mode:text session:text at:ts option_order:text",
        "id",
        identity=True,
    ),
    _t("activity_days", "learner_id:text day:date", "learner_id day"),
    _t(
        "daily_schedules",
        "guild_id:int channel_id:int post_time:text timezone:text ping_role_id:int"
        " moderator_role_id:int lessons:text tags:text reveal_after_s:int paused:bool"
        " handled_through:ts cycle:int",
        "guild_id",
    ),
    _t(
        "daily_posts",
        "id:int guild_id:int channel_id:int message_id:int lesson_id:text question_id:text"
        " cycle:int quiz_day:date posted_at:ts reveal_at:ts slot:ts late:bool revealed_at:ts",
        "id",
        identity=True,
    ),
    _t(
        "daily_answers",
        "post_id:int learner_id:text choice:int correct:bool at:ts",
        "post_id learner_id",
    ),
    _t("daily_missed", "guild_id:int slot:ts reason:text noted_at:ts", "guild_id slot"),
    _t(
        "guild_members",
        "guild_id:int learner_id:text display_name:text seen_at:ts",
        "guild_id learner_id",
    ),
    _t(
        "bank_questions",
        "id:int guild_id:int body:text tags:text author_id:text author_name:text status:text"
        " created_at:ts updated_at:ts reviewer_id:text review_channel_id:int"
        " review_message_id:int notify:bool",
        "id",
        identity=True,
    ),
    _t("bank_settings", "guild_id:int review_channel_id:int daily_source:text", "guild_id"),
    _t(
        "review_cards",
        "learner_id:text card_key:text kind:text lesson_id:text item:text source:text due:ts"
        " created_at:ts state:int stability:real difficulty:real last_review:ts reviews:int",
        "learner_id card_key",
    ),
    _t(
        "review_events",
        "id:int learner_id:text card_key:text rating:int at:ts next_due:ts",
        "id",
        identity=True,
    ),
    _t(
        "reminders",
        "learner_id:text enabled:bool time:text timezone:text last_sent:date note:text",
        "learner_id",
    ),
    _t(
        "mode_progress",
        "learner_id:text lesson_id:text mode:text position:int done:text right_answers:int"
        " wrong_answers:int started_at:ts last_visit:ts state:text",
        "learner_id lesson_id mode",
    ),
    _t(
        "mode_events",
        "id:int learner_id:text lesson_id:text mode:text item:text correct:bool at:ts detail:text",
        "id",
        identity=True,
    ),
)
SCHEMA_VERSION = 7  # the schema TABLES describes


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    checksum: str  # sha256 of the canonical rows in key order


def summarize(table: Table, rows: Sequence[tuple[Any, ...]]) -> TableSummary:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
        digest.update(b"\n")
    return TableSummary(table.name, len(rows), digest.hexdigest())


# --------------------------------------------------------------------------- canonical form


def _to_canonical(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "ts":
        return utc_text(value) if isinstance(value, datetime) else utc_text(parse_utc(value))
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "bool":
        return int(bool(value))
    if kind == "int":
        return int(value)
    if kind == "real":
        return float(value)
    return str(value)


def _to_postgres(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "ts":
        return parse_utc(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    return value


def canonical_rows(table: Table, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    kinds = [kind for _, kind in table.columns]
    return [tuple(_to_canonical(k, v) for k, v in zip(kinds, row, strict=True)) for row in rows]


# --------------------------------------------------------------------------- endpoints


def is_url(database: str) -> bool:
    return postgres_schema.is_postgres_url(database)


def describe(database: str) -> str:
    return postgres_schema.redact_url(database) if is_url(database) else database


def _select(table: Table, postgres: bool = False) -> str:
    """Rows in key order; text compared byte-wise on both engines (SQLite's BINARY is
    PostgreSQL's "C"), so both list the same rows in the same order."""
    kinds = dict(table.columns)
    order = ", ".join(
        f'{k} COLLATE "C"' if postgres and kinds[k] == "text" else k for k in table.key
    )
    return f"SELECT {', '.join(table.names)} FROM {table.name} ORDER BY {order}"


def _check_version(found: int, where: str) -> None:
    if found != SCHEMA_VERSION:
        raise SchemaError(
            f"{where} is at schema version {found}, `db copy` needs {SCHEMA_VERSION}"
            " (run `stepwise db migrate` on it first)"
        )


def read_sqlite(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's canonical rows in one read snapshot; the file is not modified."""
    if not Path(path).is_file():
        raise SchemaError(f"no database file at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        _check_version(user_version(conn), str(path))
        conn.execute("BEGIN")
        found = {t.name: canonical_rows(t, conn.execute(_select(t)).fetchall()) for t in TABLES}
        conn.execute("COMMIT")
        return found
    finally:
        conn.close()


def sqlite_row_count(path: Path) -> int:
    if not Path(path).is_file():
        return 0
    conn = connect(Path(path))
    try:
        if user_version(conn) == 0:
            return 0
        return sum(conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES)
    finally:
        conn.close()


def write_sqlite(path: Path, data: dict[str, list[tuple[Any, ...]]]) -> None:
    """Migrate, then replace every table's rows in one transaction."""
    prepare(Path(path))
    if len(load_migrations()) != SCHEMA_VERSION:
        raise SchemaError(f"{path}: this Stepwise's schema is not the one `db copy` knows")
    conn = connect(Path(path))
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for table in reversed(TABLES):
                conn.execute(f"DELETE FROM {table.name}")
            for table in TABLES:
                marks = ", ".join("?" for _ in table.columns)
                sql = f"INSERT INTO {table.name} ({', '.join(table.names)}) VALUES ({marks})"
                conn.executemany(sql, data[table.name])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


async def read_postgres(url: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = await postgres_schema.connect(url)
    try:
        _check_version(await postgres_schema.schema_version(conn), describe(url))
        found = {}
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            for table in TABLES:
                rows = await conn.fetch(_select(table, postgres=True))
                found[table.name] = canonical_rows(table, rows)
        return found
    finally:
        await conn.close()


async def postgres_row_count(url: str) -> int:
    conn = await postgres_schema.connect(url)
    try:
        if await postgres_schema.schema_version(conn) == 0:
            return 0
        total = 0
        for table in TABLES:
            total += await conn.fetchval(f"SELECT count(*) FROM {table.name}")
        return total
    finally:
        await conn.close()


async def write_postgres(url: str, data: dict[str, list[tuple[Any, ...]]]) -> None:
    conn = await postgres_schema.connect(url)
    try:
        await postgres_schema.migrate(conn)
        async with conn.transaction():
            names = ", ".join(t.name for t in TABLES)
            await conn.execute(f"TRUNCATE {names}")
            for table in TABLES:
                kinds = [kind for _, kind in table.columns]
                rows = [
                    tuple(_to_postgres(k, v) for k, v in zip(kinds, row, strict=True))
                    for row in data[table.name]
                ]
                await conn.copy_records_to_table(table.name, records=rows, columns=table.names)
                if table.identity:
                    await conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                        f" coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                    )
    finally:
        await conn.close()


# --------------------------------------------------------------------------- the copy


class TargetNotEmpty(SchemaError):
    """The target already holds rows and the caller did not say to replace them."""


async def read_any(database: str) -> dict[str, list[tuple[Any, ...]]]:
    return await read_postgres(database) if is_url(database) else read_sqlite(Path(database))


async def summaries(database: str) -> list[TableSummary]:
    data = await read_any(database)
    return [summarize(t, data[t.name]) for t in TABLES]


async def copy_database(source: str, target: str, *, replace: bool = False) -> list[TableSummary]:
    """Copy every row; returns the verified per-table summaries (identical on both sides).

    Raises `TargetNotEmpty` when the target has rows and `replace` is false, and
    `SchemaError` when the copy does not verify (the target is then left as written,
    and the message names the tables that differ).
    """
    same_file = not (is_url(source) or is_url(target)) and (
        Path(source).resolve() == Path(target).resolve()
    )
    if same_file or describe(source) == describe(target):
        raise SchemaError("source and target are the same database")
    try:
        return await _copy(source, target, replace)
    except asyncpg.PostgresError as exc:  # e.g. no right to create tables there
        raise SchemaError(f"PostgreSQL refused the copy: {exc}") from None


async def _copy(source: str, target: str, replace: bool) -> list[TableSummary]:
    data = await read_any(source)
    expected = [summarize(t, data[t.name]) for t in TABLES]
    existing = await postgres_row_count(target) if is_url(target) else sqlite_row_count(target)
    if existing and not replace:
        raise TargetNotEmpty(
            f"{describe(target)} already holds {existing} rows; add --yes to replace them"
        )
    if is_url(target):
        await write_postgres(target, data)
    else:
        write_sqlite(Path(target), data)
    found = await summaries(target)
    differ = [e.name for e, f in zip(expected, found, strict=True) if e != f]
    if differ:
        raise SchemaError(f"copy did not verify: {', '.join(differ)} differ in {describe(target)}")
    return found
