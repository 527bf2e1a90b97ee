"""Schema: migrations from empty, re-opening, refusing the future, atomic migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import SchemaError, SchemaTooNewError, SQLiteProgressStore
from bot.storage.sqlite_schema import Migration, load_migrations, migrate, split_statements

OWN_TABLES = {"learners", "lesson_progress", "step_state", "attempts", "answers", "activity_days"}


def schema_of(path: Path) -> tuple[int, dict[str, str]]:
    with sqlite3.connect(path) as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL")
        return version, dict(rows.fetchall())


async def test_a_new_file_gets_every_migration_and_the_pragmas(tmp_path):
    path = tmp_path / "nested" / "dir" / "stepwise.db"
    async with SQLiteProgressStore.open(path) as store:

        async def pragmas(conn):
            names = ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            return [next(iter(await conn.execute_fetchall(f"PRAGMA {n}")))[0] for n in names]

        assert await store.run_read(pragmas) == ["wal", 1, 2, 10_000]  # 2 = FULL
    version, schema = schema_of(path)
    assert version == len(load_migrations()) >= 1
    assert set(schema) >= OWN_TABLES
    assert {"attempts_by_lesson", "answers_by_learner"} <= set(schema)


async def test_reopening_changes_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "s.db"
    async with SQLiteProgressStore.open(path) as store:
        await store.ensure_learner("local:alice", "Alice")
    before = schema_of(path)
    store = await SQLiteProgressStore.open(path)
    try:
        assert (await store.ensure_learner("local:alice")).display_name == "Alice"
    finally:
        await store.aclose()
    assert schema_of(path) == before


async def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "s.db"
    async with SQLiteProgressStore.open(path):
        pass
    latest = len(load_migrations())
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {latest + 5}")
    with pytest.raises(SchemaTooNewError, match=rf"version {latest + 5} is newer .*\({latest}\)"):
        await SQLiteProgressStore.open(path)
    assert schema_of(path)[0] == latest + 5


async def test_a_file_that_is_not_a_database_is_named_in_the_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(SchemaError, match=r"notes\.db"):
        await SQLiteProgressStore.open(path)


def test_a_failing_migration_leaves_the_previous_version(tmp_path):
    good = Migration(1, "0001_a.sql", "CREATE TABLE a (x);")
    bad = Migration(2, "0002_b.sql", "CREATE TABLE b (x);\nINSERT INTO missing VALUES (1);")
    conn = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="missing"):
            migrate(conn, (good, bad))
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
        assert tables == {"a"}  # b was rolled back with its migration
        assert migrate(conn, (good,)) == 1  # and the good part is not applied twice
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["0001_a.sql", "0003_c.sql"], "0003_c.sql has number 3, expected 2"),
        (["0001_a.sql", "0001_b.sql"], "0001_b.sql has number 1, expected 2"),
        (["0001_a.sql", "2_b.sql"], "'2_b.sql' is not named NNNN_name.sql"),
        (["0001_a.sql", "0002_cut.sql"], "migration 0002_cut.sql: incomplete SQL statement"),
    ],
)
def test_migration_files_must_be_numbered_and_complete(tmp_path, names, message):
    for name in names:
        sql = "CREATE TABLE t (x);\nCREATE TABLE u (y)" if "cut" in name else "CREATE TABLE t (x);"
        (tmp_path / name).write_text(sql)
    with pytest.raises(SchemaError, match=message):
        load_migrations(tmp_path)


def test_statements_split_on_complete_sql_only():
    script = """
    -- a comment; with a semicolon
    CREATE TABLE t (x TEXT DEFAULT 'a;b');
    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
        UPDATE t SET x = 'c' WHERE rowid = NEW.rowid;
        SELECT 1;
    END;
    -- trailing comment
    """
    statements = split_statements(script)
    assert len(statements) == 2
    assert statements[1].endswith("END;")


async def test_every_table_with_learner_data_is_erased_with_the_learner(tmp_path):
    """delete_learner is one DELETE on learners; every later migration must cascade too."""
    path = tmp_path / "s.db"
    async with SQLiteProgressStore.open(path):
        pass
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")]
        for table in tables:
            columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            if "learner_id" not in columns:
                continue
            keys = conn.execute(f'PRAGMA foreign_key_list("{table}")').fetchall()
            cascading = [k for k in keys if k[3] == "learner_id" and k[6] == "CASCADE"]
            assert cascading, f"{table}.learner_id must reference learners ON DELETE CASCADE"
