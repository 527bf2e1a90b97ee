"""`stepwise db copy`: SQLite → PostgreSQL → SQLite keeps every row (same checksums)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from postgres_cluster import PASSWORD

from bot.cli import main
from bot.core.ports import (
    Answer,
    Attempt,
    BankSettings,
    BankStatus,
    DailyAnswer,
    DailySchedule,
    DailySource,
    LessonProgress,
    ModeEvent,
    ModeProgress,
    NewBankQuestion,
    NewPost,
    ReminderSetting,
    ReviewCard,
    ReviewEvent,
    StepState,
)
from bot.storage.bank_sqlite import SQLiteQuestionBank
from bot.storage.db_copy import SCHEMA_VERSION, TABLES, summaries
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_daily import PostgresDailyStore
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_daily import SQLiteDailyStore
from bot.storage.sqlite_modes import SQLiteModeStore
from bot.storage.sqlite_reviews import SQLiteReviewStore

T0 = datetime(2025, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
GUILD = 412_345_678_901_234_567  # a real-sized snowflake: needs 64 bits


async def fill(path: Path) -> None:
    """At least one row in every table, with the awkward values: NULLs, unicode, µs."""
    async with SQLiteProgressStore.open(path) as store:
        daily = SQLiteDailyStore(store)
        await store.ensure_learner("discord:1", "Ada Lovelace ✨")
        steps = (StepState("x = 1\nprint('é')"), StepState(None, 2, 1, True, True))
        progress = LessonProgress("discord:1", "what-is-mlops", 3, steps, T0, T0, T0)
        await store.save_progress(progress)
        await store.save_progress(LessonProgress("local:bo", "other", 1, (), T0, T0))
        await store.record_attempt(
            Attempt("discord:1", "what-is-mlops", 1, "x = 1", "ok", True, "passed", T0)
        )
        for n in range(3):
            at = T0 + timedelta(seconds=n)
            await store.record_answer(Answer("local:bo", "l", f"q{n}", n, n == 1, "test", at, "s"))
        await store.record_activity("discord:1", date(2025, 3, 1))
        schedule = DailySchedule(GUILD, 2**62, time(9, 30), "Europe/Paris", T0, None, 7)
        await daily.save_schedule(schedule)
        post = await daily.create_post(
            NewPost(GUILD, 2**62, "l", "q1", 1, date(2025, 3, 2), T0, None, T0),
            missed=[T0 - timedelta(days=1)],
        )
        await daily.set_message(post.id, 2**63 - 1)
        await daily.record_answer(GUILD, DailyAnswer(post.id, "discord:1", 2, True, T0), "Ada")
        await daily.remember_member(GUILD, "discord:9", "")
        bank = SQLiteQuestionBank(store)
        body = '{"prompt": "Qué?", "code": "print(1)\\n"}'
        entry = await bank.add_question(
            NewBankQuestion(GUILD, body, ("sql",), "discord:1", "Ada ✨", BankStatus.SUGGESTED, T0)
        )
        await bank.set_review_message(GUILD, entry.id, 2**62, 2**63 - 1)
        await bank.save_settings(BankSettings(GUILD, None, DailySource.BOTH))
        reviews = SQLiteReviewStore(store)
        card = ReviewCard("discord:1", "question", "l", "q1", "daily", T0, T0, 2, 0.2123456789,
                          6.4133, T0, 1)  # fmt: skip
        await reviews.save_card(card, ReviewEvent("discord:1", card.key, 1, T0, T0))
        await reviews.save_card(ReviewCard("local:bo", "step", "l", "2", "step", T0, T0))
        await reviews.save_reminder(ReminderSetting("discord:1", True, "18:00", "Europe/Paris"))
        off = ReminderSetting("local:bo", False, "07:05", "UTC", date(2025, 3, 1), "DMs closed ✉")
        await reviews.save_reminder(off)
        flashcard = ReviewCard("local:bo", "flashcard", "l", "drift", "flashcards", T0, T0)
        await reviews.save_card(flashcard)
        modes = SQLiteModeStore(store)
        state = {"case": "accuracy-dropped", "decision": 2, "notes": ["é", None, 1.5]}
        concepts = ModeProgress("discord:1", "l", "concepts", 2, ("what-mlops-is", "drift"), 1,
                                1, T0, T0 + timedelta(microseconds=7), state)  # fmt: skip
        await modes.save_mode(concepts, ModeEvent("discord:1", "l", "concepts", "drift", False, T0))
        flip = ModeEvent("discord:1", "l", "flashcards", "drift", None, T0, "good ✓")
        await modes.save_mode(
            ModeProgress("discord:1", "l", "flashcards", 0, (), 0, 0, T0, T0), flip
        )
        await modes.save_mode(
            ModeProgress("local:bo", "l", "predict", 1, ("p1",), 1, 0, T0, T0),
            ModeEvent(
                "local:bo", "l", "predict", "p1", True, T0 + timedelta(seconds=1), "choice 2"
            ),
        )


def copy(*args: str) -> int:
    return main(["db", "copy", *args])


def test_round_trip_sqlite_postgres_sqlite_keeps_every_checksum(tmp_path, postgres_url, capsys):
    first, back = tmp_path / "first.db", tmp_path / "back" / "again.db"
    asyncio.run(fill(first))
    original = asyncio.run(summaries(str(first)))
    assert all(t.rows > 0 for t in original), [t for t in original if not t.rows]
    assert [t.name for t in original] == [t.name for t in TABLES]

    assert copy(str(first), postgres_url) == 0
    out = capsys.readouterr().out
    assert "every table has the same rows and checksum" in out and PASSWORD not in out
    assert copy(str(first), postgres_url) == 2  # not empty any more: refused without --yes
    assert "add --yes" in capsys.readouterr().err
    assert copy(postgres_url, str(back), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] is True and PASSWORD not in json.dumps(report)

    assert asyncio.run(summaries(postgres_url)) == original
    assert asyncio.run(summaries(str(back))) == original
    assert {t["table"]: t["sha256"] for t in report["tables"]} == {
        t.name: t.checksum for t in original
    }


def test_rerunning_with_yes_replaces_instead_of_adding(tmp_path, postgres_url, capsys):
    source = tmp_path / "s.db"
    asyncio.run(fill(source))
    assert copy(str(source), postgres_url) == 0
    assert copy(str(source), postgres_url, "--yes") == 0
    assert asyncio.run(summaries(postgres_url)) == asyncio.run(summaries(str(source)))


def test_the_copy_keeps_ids_and_the_store_continues_after_them(tmp_path, postgres_url):
    source = tmp_path / "s.db"
    asyncio.run(fill(source))
    assert copy(str(source), postgres_url) == 0

    async def continue_on_postgres() -> tuple[int, int]:
        async with PostgresProgressStore.open(postgres_url) as store:
            daily = PostgresDailyStore(store)
            copied = await daily.latest_post(GUILD)
            slot = T0 + timedelta(days=1)
            new = await daily.create_post(
                NewPost(GUILD, 1, "l", "q2", 1, date(2025, 3, 3), slot, None, slot)
            )
            await store.record_answer(Answer("local:bo", "l", "q9", 0, False, "test", slot))
            return copied.id, new.id

    copied_id, new_id = asyncio.run(continue_on_postgres())
    assert new_id > copied_id


def test_an_unreachable_target_is_one_line(tmp_path, capsys):
    source = tmp_path / "s.db"
    asyncio.run(fill(source))
    url = f"postgresql://stepwise:{PASSWORD}@127.0.0.1:1/stepwise"
    assert copy(str(source), url) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("stepwise db: cannot connect to postgresql://stepwise:***@127.0.0.1:1")
    assert len(err.splitlines()) == 1 and PASSWORD not in err


def test_db_migrate_brings_a_new_postgres_database_to_the_latest_schema(postgres_url, capsys):
    assert main(["db", "migrate", "--url", postgres_url]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith(f"schema {SCHEMA_VERSION}") and PASSWORD not in out
    assert main(["db", "migrate", "--url", postgres_url]) == 0  # again: nothing to do
    assert asyncio.run(summaries(postgres_url))[0].rows == 0


def test_copy_knows_every_table_and_column_of_both_schemas(tmp_path, postgres_url):
    """A later migration that adds a table or column must teach `db copy` about it."""
    import sqlite3

    import asyncpg

    from bot.storage.postgres_schema import load_pg_migrations

    assert len(load_pg_migrations()) == SCHEMA_VERSION
    known = {t.name: t.names for t in TABLES}
    path = tmp_path / "s.db"
    asyncio.run(fill(path))
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")]
        lite = {n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    assert lite == known

    async def postgres_columns() -> dict[str, list[str]]:
        async with PostgresProgressStore.open(postgres_url):
            pass
        conn = await asyncpg.connect(postgres_url)
        try:
            rows = await conn.fetch(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND table_name <> 'stepwise_schema'"
                " ORDER BY table_name, ordinal_position"
            )
            cascades = await conn.fetch(
                "SELECT tc.table_name FROM information_schema.table_constraints tc"
                " JOIN information_schema.key_column_usage k USING (constraint_name)"
                " JOIN information_schema.referential_constraints r USING (constraint_name)"
                " WHERE k.column_name = 'learner_id' AND r.delete_rule = 'CASCADE'"
            )
        finally:
            await conn.close()
        found: dict[str, list[str]] = {}
        for table, column in rows:
            found.setdefault(table, []).append(column)
        with_learner = {t for t, columns in found.items() if "learner_id" in columns}
        assert with_learner <= {r[0] for r in cascades}, "learner data must cascade"
        return found

    assert asyncio.run(postgres_columns()) == known


def test_file_commands_refuse_when_the_data_is_in_postgres(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STEPWISE_DATABASE_URL", f"postgresql://u:{PASSWORD}@127.0.0.1:1/db")
    assert main(["db", "backup", str(tmp_path / "b.db")]) == 1
    err = capsys.readouterr().err
    assert "`db backup` works on SQLite files" in err and "db copy" in err
    assert PASSWORD not in err and not (tmp_path / "b.db").exists()
