"""Schema 7 carries a schema-6 database over: review cards and reminders kept as they were,
flashcard cards allowed, every other kind still refused, the mode tables empty and ready."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import asyncpg
import pytest

from bot.app import open_mode_store, open_review_store
from bot.core.ports import ModeProgress, ReviewCard, SystemClock
from bot.storage import SQLiteProgressStore
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_schema import _VERSION_TABLE, load_pg_migrations
from bot.storage.postgres_schema import connect as pg_connect
from bot.storage.sqlite_schema import connect, load_migrations, migrate

T = "2026-01-01T00:00:00.000000+00:00"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
CARD = ("local:a", "question:l:q1", "question", "l", "q1", "practice", T, T, 2, 0.25, 6.5, T, 1)
REMINDER = ("local:a", 1, "18:00", "Europe/Paris", "2026-01-01", "")


def schema_six(path) -> None:
    conn = connect(path)
    try:
        migrate(conn, load_migrations()[:6])
        conn.execute("INSERT INTO learners VALUES ('local:a', 'A', ?)", (T,))
        conn.execute(f"INSERT INTO review_cards VALUES ({', '.join('?' * len(CARD))})", CARD)
        conn.execute("INSERT INTO review_events VALUES (1, 'local:a', ?, 1, ?, ?)", (CARD[1], T, T))
        conn.execute("INSERT INTO reminders VALUES (?, ?, ?, ?, ?, ?)", REMINDER)
    finally:
        conn.close()


def flashcard(learner: str = "local:a") -> ReviewCard:
    return ReviewCard(learner, "flashcard", "l", "drift", "flashcards", T0, T0)


async def test_sqlite_schema_seven_keeps_review_cards_and_allows_flashcards(tmp_path):
    path = tmp_path / "old.db"
    schema_six(path)
    async with SQLiteProgressStore.open(path) as store:
        reviews = open_review_store(store, SystemClock())
        [card] = await reviews.cards("local:a")
        assert (card.key, card.stability, card.reviews) == (CARD[1], 0.25, 1)
        assert len(await reviews.events("local:a")) == 1
        assert (await reviews.get_reminder("local:a")).time == "18:00"
        await reviews.save_card(flashcard())
        assert {c.kind for c in await reviews.cards("local:a")} == {"question", "flashcard"}
        modes = open_mode_store(store, SystemClock())
        assert await modes.modes("local:a") == []
        await modes.save_mode(ModeProgress("local:a", "l", "flashcards", 0, (), 0, 0, T0, T0))
    conn = connect(path)  # autocommit, foreign keys on: as the stores use it
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='index'")}
        assert {"review_cards_due", "mode_events_by_learner"} <= indexes
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        essay = (
            "local:a",
            "essay:l:x",
            "essay",
            "l",
            "x",
            "practice",
            T,
            T,
            1,
            None,
            None,
            None,
            0,
        )
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(f"INSERT INTO review_cards VALUES ({', '.join('?' * 13)})", essay)
        conn.execute("DELETE FROM learners WHERE id = 'local:a'")  # still cascades
        assert conn.execute("SELECT count(*) FROM review_cards").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM mode_progress").fetchone()[0] == 0
    finally:
        conn.close()


async def test_postgres_schema_seven_keeps_review_cards_and_allows_flashcards(postgres_url):
    conn = await pg_connect(postgres_url)
    try:
        await conn.execute(_VERSION_TABLE)
        for migration in load_pg_migrations()[:6]:
            await conn.execute(migration.sql)
        await conn.execute("INSERT INTO stepwise_schema (version) VALUES (6)")
        await conn.execute("INSERT INTO learners VALUES ('local:a', 'A', $1)", T0)
        await conn.execute(
            "INSERT INTO review_cards VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
            " $13)",
            *CARD[:6], T0, T0, *CARD[8:11], T0, CARD[12],
        )  # fmt: skip
    finally:
        await conn.close()
    async with PostgresProgressStore.open(postgres_url) as store:
        reviews = open_review_store(store, SystemClock())
        [card] = await reviews.cards("local:a")
        assert (card.key, card.stability, card.reviews) == (CARD[1], 0.25, 1)
        await reviews.save_card(flashcard())
        assert {c.kind for c in await reviews.cards("local:a")} == {"question", "flashcard"}
    conn = await pg_connect(postgres_url)
    try:
        assert await conn.fetchval("SELECT max(version) FROM stepwise_schema") == 7
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "INSERT INTO review_cards (learner_id, card_key, kind, lesson_id, item, source,"
                " due, created_at, state) VALUES ('local:a', 'essay:l:x', 'essay', 'l', 'x',"
                " 'practice', now(), now(), 1)"
            )
    finally:
        await conn.close()
