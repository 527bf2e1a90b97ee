"""`stepwise db ...` on real files: backup while writing, restore, check, export, delete."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.ports import Answer, LessonProgress, ModeEvent, ModeProgress, StepState
from bot.storage import SQLiteProgressStore
from bot.storage.sqlite_modes import SQLiteModeStore
from bot.storage.sqlite_schema import load_migrations

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def rows(path: Path, table: str = "answers") -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
async def db(tmp_path) -> Path:
    path = tmp_path / "data" / "stepwise.db"
    async with SQLiteProgressStore.open(path) as store:
        await store.ensure_learner("discord:1", "Ada")
        steps = (StepState("x = 1"), StepState())
        await store.save_progress(LessonProgress("discord:1", "what-is-mlops", 2, steps, NOW, NOW))
        await store.record_answer(Answer("discord:1", "what-is-mlops", "q1", 0, True, "test", NOW))
        await store.record_answer(Answer("local:bo", "what-is-mlops", "q1", 1, False, "test", NOW))
        modes = SQLiteModeStore(store)
        for who in ("discord:1", "local:bo"):
            row = ModeProgress(who, "what-is-mlops", "flashcards", 1, ("drift",), 0, 0, NOW, NOW)
            flip = ModeEvent(who, "what-is-mlops", "flashcards", "drift", None, NOW, "good")
            await modes.save_mode(row, flip)
    return path


async def test_backup_while_writing_then_restore_round_trips(tmp_path, start_writer, capsys):
    live = tmp_path / "live.db"
    writer = start_writer(live, "w", 0, tasks=4)
    committed = 0
    for line in writer.stdout:
        committed = int(line)
        if committed >= 200:
            break
    backup = tmp_path / "backups" / "b1.db"
    assert main(["db", "backup", str(backup), "--db", str(live)]) == 0  # writer still running
    assert "integrity ok" in capsys.readouterr().out
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)

    assert not Path(f"{backup}-wal").exists()  # one self-contained file
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    in_backup = rows(backup)
    assert in_backup >= committed
    assert rows(live) >= in_backup

    restored = tmp_path / "restored" / "stepwise.db"
    assert main(["db", "restore", str(backup), "--yes", "--db", str(restored)]) == 0
    assert rows(restored) == in_backup
    assert main(["db", "restore", str(backup), "--yes", "--db", str(live)]) == 0
    out = capsys.readouterr().out
    assert "previous data was saved to" in out
    safety = Path(out.rsplit("saved to ", 1)[1].strip())
    assert rows(live) == in_backup and rows(safety) >= in_backup
    assert main(["db", "check", "--db", str(live)]) == 0
    async with SQLiteProgressStore.open(live) as store:  # the bot can run on it again
        assert len(await store.answers("w-0")) > 0


def test_backup_refuses_to_overwrite_and_restore_wants_yes(db, tmp_path, capsys):
    target = tmp_path / "b.db"
    assert main(["db", "backup", str(target), "--db", str(db)]) == 0
    assert main(["db", "backup", str(target), "--db", str(db)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["db", "backup", str(target), "--force", "--db", str(db)]) == 0
    assert main(["db", "restore", str(target), "--db", str(db)]) == 2
    assert "--yes" in capsys.readouterr().err


def test_backup_and_restore_refuse_the_database_itself(db, capsys):
    assert main(["db", "backup", str(db), "--force", "--db", str(db)]) == 1
    assert main(["db", "restore", str(db), "--yes", "--db", str(db)]) == 1
    assert capsys.readouterr().err.count("is the database itself") == 2
    assert rows(db) == 2


def test_check_reports_ok_and_json(db, capsys):
    assert main(["db", "check", "--db", str(db)]) == 0
    assert ": ok (schema" in capsys.readouterr().out
    assert main(["db", "check", "--json", "--db", str(db)]) == 0
    report = json.loads(capsys.readouterr().out)
    latest = len(load_migrations())
    assert report == {
        "path": str(db),
        "ok": True,
        "user_version": latest,
        "latest_version": latest,
        "problems": [],
        "notes": [],
    }


def test_check_fails_on_damage_and_on_a_newer_schema(db, tmp_path, capsys):
    damaged = tmp_path / "damaged.db"
    data = bytearray(db.read_bytes())
    page = 4096
    data[page * 2 : page * 4] = b"\xa5" * (page * 2)  # wreck two b-tree pages
    damaged.write_bytes(bytes(data))
    assert main(["db", "check", "--db", str(damaged)]) == 1
    assert "PROBLEMS" in capsys.readouterr().out

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    assert main(["db", "check", "--db", str(db)]) == 1
    assert "newer than this Stepwise knows" in capsys.readouterr().out


def test_missing_and_foreign_files_are_one_line_errors(tmp_path, capsys):
    missing = tmp_path / "none.db"
    for command in (["check"], ["export", "local:a"], ["delete", "local:a", "--yes"]):
        assert main(["db", *command, "--db", str(missing)]) == 1
        assert capsys.readouterr().err.strip() == f"stepwise db: no database file at {missing}"
    assert not missing.exists()  # a mistyped path is not created
    junk = tmp_path / "junk.db"
    junk.write_text("hello\n" * 1000)
    assert main(["db", "stats", "--db", str(junk)]) == 1
    assert "not a SQLite database" in capsys.readouterr().err


def test_export_prints_a_summary_or_the_json_document(db, tmp_path, capsys):
    assert main(["db", "export", "discord:1", "--db", str(db)]) == 0
    summary = capsys.readouterr().out
    assert "discord:1 'Ada'" in summary and "lesson what-is-mlops: at step 2" in summary
    assert "what-is-mlops · flashcards: 1 done, 0 right, 0 wrong" in summary
    assert main(["db", "export", "discord:1", "--json", "--db", str(db)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["learner"]["display_name"] == "Ada"
    assert [a["question_id"] for a in document["answers"]] == ["q1"]
    assert [(m["mode"], m["done"]) for m in document["modes"]] == [("flashcards", ["drift"])]
    assert [(e["item"], e["detail"]) for e in document["mode_events"]] == [("drift", "good")]
    out_file = tmp_path / "ada.json"
    assert main(["db", "export", "discord:1", "--output", str(out_file), "--db", str(db)]) == 0
    assert json.loads(out_file.read_text())["learner_id"] == "discord:1"
    assert main(["db", "export", "discord:404", "--db", str(db)]) == 1
    assert "no learner 'discord:404'" in capsys.readouterr().err


def test_delete_needs_yes_and_erases_only_that_learner(db, capsys):
    assert main(["db", "delete", "discord:1", "--db", str(db)]) == 2
    assert rows(db, "learners") == 2
    assert main(["db", "delete", "discord:1", "--yes", "--db", str(db)]) == 0
    assert "deleted every record of discord:1" in capsys.readouterr().out
    assert (rows(db, "learners"), rows(db), rows(db, "step_state")) == (1, 1, 0)
    assert (rows(db, "mode_progress"), rows(db, "mode_events")) == (1, 1)  # local:bo's stay
    assert main(["db", "delete", "discord:1", "--yes", "--db", str(db)]) == 1


def test_stats_counts_rows(db, capsys):
    assert main(["db", "stats", "--json", "--db", str(db)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["tables"]["answers"] == 2 and stats["tables"]["learners"] == 2


def test_the_database_path_comes_from_stepwise_db(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STEPWISE_DB", str(tmp_path / "from-env.db"))
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    assert main(["db", "check"]) == 1
    assert "from-env.db" in capsys.readouterr().err


def test_db_without_a_subcommand_is_a_usage_error(capsys):
    assert main(["db"]) == 2
    assert "DB_COMMAND" in capsys.readouterr().err


def test_export_and_delete_carry_the_modes_on_postgresql(
    postgres_url, tmp_path, monkeypatch, capsys
):
    from bot.storage.postgres import PostgresProgressStore
    from bot.storage.postgres_modes import PostgresModeStore

    async def fill() -> None:
        async with PostgresProgressStore.open(postgres_url) as store:
            await store.ensure_learner("discord:1", "Ada")
            row = ModeProgress("discord:1", "l", "scenario", 2, ("c.1", "c.2"), 1, 1, NOW, NOW)
            choice = ModeEvent("discord:1", "l", "scenario", "c.2", False, NOW, "option 3")
            await PostgresModeStore(store).save_mode(row, choice)

    asyncio.run(fill())
    monkeypatch.setenv("STEPWISE_DATABASE_URL", postgres_url)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    assert main(["db", "export", "discord:1", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(m["mode"], m["done"]) for m in document["modes"]] == [("scenario", ["c.1", "c.2"])]
    assert [e["detail"] for e in document["mode_events"]] == ["option 3"]
    assert main(["db", "delete", "discord:1", "--yes"]) == 0

    async def left() -> tuple[int, int]:
        async with PostgresProgressStore.open(postgres_url) as store:
            return (
                len(await PostgresModeStore(store).modes("discord:1")),
                len(await PostgresModeStore(store).mode_events("discord:1")),
            )

    assert asyncio.run(left()) == (0, 0)
