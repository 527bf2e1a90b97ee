"""`stepwise db ...`: check, back up, restore, export, delete, migrate and copy the database.

The database is `STEPWISE_DB` (default `data/stepwise.db`) unless `--db PATH` is given;
export, delete and migrate use `STEPWISE_DATABASE_URL` instead when it is set. `copy`
moves a community between SQLite and PostgreSQL (docs/scaling.md).
Backups are online and consistent, so they can run while the bot is up; restore replaces
the contents after saving a safety copy of the current file. Exit codes: 0 ok, 1 a
problem found or an operation that failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings, SettingsError, load_settings

EXPORT_HINT = "learner ids look like discord:1234 or local:alice"


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="database file (default: STEPWISE_DB or data/stepwise.db)",
    )
    parser = subparsers.add_parser(
        "db",
        help="check, back up, restore, export, delete, migrate or copy progress data",
        description="Check, back up, restore, export, delete, migrate or copy the progress"
        " database (copy moves it between SQLite and PostgreSQL).",
    )
    commands = parser.add_subparsers(dest="db_command", metavar="DB_COMMAND")
    parser.set_defaults(func=lambda args: _usage(parser))

    check = commands.add_parser("check", parents=[common], help="integrity and schema version")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(func=cmd_check)

    backup = commands.add_parser(
        "backup", parents=[common], help="online, consistent copy into one file"
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="backup file to create")
    backup.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    backup.set_defaults(func=cmd_backup)

    restore = commands.add_parser(
        "restore", parents=[common], help="replace the database with a backup (stop the bot first)"
    )
    restore.add_argument("path", type=Path, metavar="BACKUP", help="backup file made by db backup")
    restore.add_argument("--yes", action="store_true", help="confirm replacing the data")
    restore.set_defaults(func=cmd_restore)

    export = commands.add_parser("export", parents=[common], help="everything about one learner")
    export.add_argument("learner", metavar="LEARNER", help=EXPORT_HINT)
    export.add_argument("--json", action="store_true", help="print the full JSON document")
    export.add_argument("--output", type=Path, metavar="FILE", help="write the JSON to FILE")
    export.set_defaults(func=cmd_export)

    delete = commands.add_parser("delete", parents=[common], help="erase one learner's data")
    delete.add_argument("learner", metavar="LEARNER", help=EXPORT_HINT)
    delete.add_argument("--yes", action="store_true", help="confirm the deletion")
    delete.set_defaults(func=cmd_delete)

    copy = commands.add_parser(
        "copy",
        help="copy every row into another database (SQLite <-> PostgreSQL), verified",
        description="Copy every table from SRC to DST (a SQLite file or a postgresql:// URL),"
        " in one transaction on DST, then compare row counts and a checksum per table."
        " Safe to re-run. Stop the bot first so SRC does not change meanwhile.",
    )
    copy.add_argument("source", metavar="SRC", help="SQLite file or postgresql:// URL")
    copy.add_argument("target", metavar="DST", help="SQLite file or postgresql:// URL")
    copy.add_argument("--yes", action="store_true", help="replace the rows DST already has")
    copy.add_argument("--json", action="store_true", help="print the tables as JSON")
    copy.set_defaults(func=cmd_copy)

    migrate = commands.add_parser(
        "migrate", parents=[common], help="bring the schema to this version's (also done at start)"
    )
    migrate.add_argument("--url", metavar="URL", help="a postgresql:// URL instead of the file")
    migrate.set_defaults(func=cmd_migrate)

    stats = commands.add_parser("stats", parents=[common], help="rows per table and file size")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(func=cmd_stats)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _fail(message: str, code: int = 1) -> int:
    print(f"stepwise db: {message}", file=sys.stderr)
    return code


def _settings(args: argparse.Namespace) -> Settings:
    """`--db` wins and needs no other setting; otherwise STEPWISE_DB via `load_settings`."""
    return load_settings() if args.db is None else Settings(db_path=args.db)


def _sqlite_file(args: argparse.Namespace, command: str) -> Path:
    """The SQLite file a file-level command works on; with STEPWISE_DATABASE_URL set (and
    no --db) the data is not in a file, so say what to use instead of touching a stale one."""
    settings = _settings(args)
    if args.db is None and settings.database_url:
        from bot.storage import SchemaError

        raise SchemaError(
            f"`{command}` works on SQLite files, and STEPWISE_DATABASE_URL points at"
            " PostgreSQL: use PostgreSQL's tools (pg_dump), or `stepwise db copy URL FILE`"
            " for a verified SQLite copy (or pass --db FILE)"
        )
    return settings.db_path


def _guarded(run: Any) -> Any:
    """Turn the errors an operator can cause into one line and exit 1, never a traceback."""

    def handler(args: argparse.Namespace) -> int:
        from bot.storage import SchemaError

        try:
            return run(args)
        except SettingsError as exc:
            return _fail(f"bad settings:\n{exc}")
        except (SchemaError, OSError) as exc:
            return _fail(str(exc))

    handler.__doc__ = run.__doc__
    return handler


@_guarded
def cmd_check(args: argparse.Namespace) -> int:
    from bot.storage.sqlite_admin import check

    report = check(_sqlite_file(args, "db check"))
    if args.json:
        print(json.dumps(_report_dict(report), indent=2))
    else:
        state = "ok" if report.ok else "PROBLEMS"
        print(f"{report.path}: {state} (schema {report.user_version} of {report.latest_version})")
        for line in (*report.problems, *report.notes):
            print(f"  {line}")
    return 0 if report.ok else 1


@_guarded
def cmd_backup(args: argparse.Namespace) -> int:
    from bot.storage.sqlite_admin import backup

    source = _sqlite_file(args, "db backup")
    report = backup(source, args.path, overwrite=args.force)
    size = report.path.stat().st_size
    print(f"backed up {source} -> {report.path} ({size:,} bytes, integrity ok)")
    return 0


@_guarded
def cmd_restore(args: argparse.Namespace) -> int:
    from bot.storage.sqlite_admin import restore

    if not args.yes:
        return _fail("restore replaces every learner's data; add --yes to confirm", 2)
    database = _sqlite_file(args, "db restore")
    safety = restore(args.path, database)
    print(f"restored {database} from {args.path}")
    if safety is not None:
        print(f"the previous data was saved to {safety}")
    return 0


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    document = asyncio.run(_with_store(_settings(args), lambda s: _export(s, args.learner)))
    if document["learner"] is None:
        return _fail(f"no learner {args.learner!r} in the database ({EXPORT_HINT})")
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.output}")
    if args.json:
        print(text)
    elif args.output is None:
        _print_summary(document)
    return 0


async def _export(store: Any, learner: str) -> dict[str, Any]:
    """The progress store's document plus the learner's modes (`modes`, `mode_events`)."""
    from bot.app import open_mode_store
    from bot.core.ports import SystemClock

    document: dict[str, Any] = await store.export_learner(learner)
    if document["learner"] is not None:
        document.update(await open_mode_store(store, SystemClock()).export_modes(learner))
    return document


@_guarded
def cmd_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        return _fail(f"this erases everything about {args.learner}; add --yes to confirm", 2)

    async def erase(store: Any) -> bool:
        found = (await store.export_learner(args.learner))["learner"] is not None
        if found:
            await store.delete_learner(args.learner)
        return found

    if not asyncio.run(_with_store(_settings(args), erase)):
        return _fail(f"no learner {args.learner!r} in the database ({EXPORT_HINT})")
    print(f"deleted every record of {args.learner}")
    return 0


@_guarded
def cmd_copy(args: argparse.Namespace) -> int:
    from bot.storage.db_copy import TargetNotEmpty, copy_database, describe

    try:
        tables = asyncio.run(copy_database(args.source, args.target, replace=args.yes))
    except TargetNotEmpty as exc:
        return _fail(str(exc), 2)
    if args.json:
        rows = [{"table": t.name, "rows": t.rows, "sha256": t.checksum} for t in tables]
        print(json.dumps({"source": describe(args.source), "target": describe(args.target),
                          "verified": True, "tables": rows}, indent=2))  # fmt: skip
        return 0
    print(f"copied {describe(args.source)} -> {describe(args.target)}")
    width = max(len(t.name) for t in tables)
    for t in tables:
        print(f"  {t.name:<{width}}  {t.rows:>9,}  sha256 {t.checksum[:16]}  same")
    print("every table has the same rows and checksum on both sides")
    return 0


@_guarded
def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.storage.postgres_schema import connect, migrate, redact_url
    from bot.storage.sqlite_schema import prepare

    settings = _settings(args)
    url = args.url or (settings.database_url if args.db is None else "")
    if not url:
        version = prepare(settings.db_path)
        print(f"{settings.db_path}: schema {version}")
        return 0

    async def run() -> int:
        conn = await connect(url)
        try:
            return await migrate(conn)
        finally:
            await conn.close()

    print(f"{redact_url(url)}: schema {asyncio.run(run())}")
    return 0


@_guarded
def cmd_stats(args: argparse.Namespace) -> int:
    from bot.storage.sqlite_admin import table_counts

    path = _sqlite_file(args, "db stats")
    counts = table_counts(path)
    if args.json:
        print(json.dumps({"path": str(path), "bytes": path.stat().st_size, "tables": counts}))
        return 0
    print(f"{path} ({path.stat().st_size:,} bytes)")
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        print(f"  {name:<{width}}  {count:>9,}")
    return 0


async def _with_store(settings: Settings, use: Any) -> Any:
    """Open the existing database (never create one for a mistyped path) and `use` it."""
    from bot.app import open_store
    from bot.core.ports import SystemClock
    from bot.storage import SchemaError

    if not settings.database_url and not settings.db_path.is_file():
        raise SchemaError(f"no database file at {settings.db_path}")
    store = await open_store(settings, SystemClock())
    try:
        return await use(store)
    finally:
        await store.aclose()  # type: ignore[attr-defined]


def _report_dict(report: Any) -> dict[str, Any]:
    return {
        "path": str(report.path),
        "ok": report.ok,
        "user_version": report.user_version,
        "latest_version": report.latest_version,
        "problems": list(report.problems),
        "notes": list(report.notes),
    }


def _print_summary(document: dict[str, Any]) -> None:
    learner = document["learner"]
    print(f"{learner['id']} {learner['display_name']!r}, first seen {learner['created_at']}")
    for lesson in document["progress"]:
        done = "completed" if lesson["completed_at"] else f"at step {lesson['current_step']}"
        print(f"  lesson {lesson['lesson_id']}: {done}")
    print(
        f"  {len(document['attempts'])} attempts, {len(document['answers'])} answers,"
        f" {len(document['activity_days'])} active days"
    )
    for mode in document.get("modes", ()):
        print(
            f"  {mode['lesson_id']} · {mode['mode']}: {len(mode['done'])} done,"
            f" {mode['right']} right, {mode['wrong']} wrong"
        )
    print("  (--json prints everything; --output FILE saves it)")
