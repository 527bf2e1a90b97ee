"""Schema 3 carries a schema-2 database over: skipped steps found, false completions reopened."""

from __future__ import annotations

import sqlite3

from bot.storage import SQLiteProgressStore
from bot.storage.sqlite_schema import connect, load_migrations, migrate

T = "2026-01-01T00:00:00.000000+00:00"


def schema_two(path) -> None:
    """A database as Stepwise left it before schema 3: two lessons "completed" by the old
    rules, one of them with skipped steps (gave_up, no accepted code)."""
    conn = connect(path)
    try:
        migrate(conn, load_migrations()[:2])
        conn.execute("INSERT INTO learners VALUES ('local:a', '', ?)", (T,))
        for lesson, codes in (("skippy", ["x = 1", None, None]), ("honest", ["x", "y", "z"])):
            conn.execute(
                "INSERT INTO lesson_progress VALUES ('local:a', ?, 4, ?, ?, ?)", (lesson, T, T, T)
            )
            for step, code in enumerate(codes, start=1):
                conn.execute(
                    "INSERT INTO step_state VALUES ('local:a', ?, ?, ?, 0, 0, 0, ?)",
                    (lesson, step, code, int(code is None)),
                )
    finally:
        conn.close()


async def test_schema_three_marks_skipped_steps_and_reopens_false_completions(tmp_path):
    path = tmp_path / "old.db"
    schema_two(path)
    async with SQLiteProgressStore.open(path) as store:
        skippy = await store.get_progress("local:a", "skippy")
        honest = await store.get_progress("local:a", "honest")
    assert skippy is not None and honest is not None
    assert [s.outcome for s in skippy.steps] == ["solved", "skipped", "skipped"]
    assert not skippy.completed and skippy.current_step == 4
    assert [s.outcome for s in honest.steps] == ["solved"] * 3 and honest.completed
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(load_migrations())
