"""The composition root: the one module that knows which concrete classes make up Stepwise.

`open_services(settings)` loads the content, opens the progress store, starts the code
executor and wires them into a `TutorEngine`; leaving the `async with` closes them in
reverse order. Every surface (terminal, CLI tools, Discord) starts here, so they all share
the same rules, store and sandbox policy.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.core.content import Catalog, load_catalog
from bot.core.lessons import TutorEngine
from bot.core.ports import (
    Clock,
    CodeExecutor,
    DailyStore,
    ExecutorUnavailable,
    ModeStore,
    PictureRenderer,
    ProgressStore,
    QuestionBankStore,
    ReviewStore,
    RunJob,
    RunResult,
    SystemClock,
)
from bot.core.reviews import ReviewDesk
from bot.settings import Settings, SettingsError
from bot.storage.sqlite_schema import SchemaError

StoreError = SchemaError  # what both stores raise when the database cannot be used

log = logging.getLogger(__name__)

SANDBOX_MODULES = ("bot.executor.sandbox", "bot.executor.sandbox.client")


@dataclass(frozen=True)
class Services:
    settings: Settings
    catalog: Catalog
    engine: TutorEngine
    store: ProgressStore
    executor: CodeExecutor
    clock: Clock
    daily: DailyStore | None = None  # the daily quiz store, in `store`'s database
    questions: QuestionBankStore | None = None  # the per-server question bank, same database
    reviews: ReviewDesk | None = None  # spaced reviews and reminders, in `store`'s database
    pictures: PictureRenderer | None = None  # progress cards and charts (matplotlib)
    mode_store: ModeStore | None = None  # per-mode progress of the learning modes, same database


def concurrency(settings: Settings) -> int:
    """Parallel runs: the configured number, or two per CPU core."""
    return settings.exec_concurrency or 2 * (os.cpu_count() or 1)


def admission_policy(settings: Settings) -> Any:
    """Admission by expected wait (docs/sandbox.md, "Admission"), from the settings."""
    from bot.executor.admission import Policy

    return Policy(
        concurrency(settings),
        deadline=settings.queue_deadline,
        queue_cap=settings.queue_limit,
        notice_after=settings.queue_notice,
        long_room=settings.long_runs,
    )


def _subprocess_executor(settings: Settings) -> CodeExecutor:
    from bot.executor import SubprocessExecutor

    return SubprocessExecutor(
        timeout=settings.exec_timeout,
        output_limit=settings.output_limit,
        policy=admission_policy(settings),
    )


def _sandbox_class() -> Any | None:
    """The fork-server `SandboxExecutor` class, or None while it is not part of the build."""
    for name in SANDBOX_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        found = getattr(module, "SandboxExecutor", None)
        if found is not None:
            return found
    return None


async def _start_sandbox(sandbox_class: Any, settings: Settings) -> CodeExecutor:
    """Start the fork server; it probes every isolation layer and raises
    ExecutorUnavailable when one is missing (in insecure-dev mode it warns instead)."""
    executor = sandbox_class(
        timeout=settings.exec_timeout,
        output_limit=settings.output_limit,
        insecure_dev=settings.sandbox_mode == "insecure-dev",
        policy=admission_policy(settings),
    )
    try:
        await executor.start()
    except BaseException:
        await executor.aclose()
        raise
    return executor


async def open_executor(settings: Settings) -> CodeExecutor:
    """The executor the settings ask for, or fail closed.

    With `STEPWISE_SANDBOX_URL` set, the remote sandbox services and nothing else: the bot
    never falls back to running learner code itself. Otherwise the local executor.
    """
    if settings.sandbox_urls:
        return await open_remote_executor(settings)
    return await open_local_executor(settings)


async def open_remote_executor(settings: Settings) -> CodeExecutor:
    """Connect to the sandbox services; ExecutorUnavailable when none can run code (in
    strict mode a service reporting a missing layer counts as unable)."""
    from bot.executor.remote import RemoteExecutor

    executor = RemoteExecutor(
        settings.sandbox_urls,
        settings.sandbox_secret,
        timeout=settings.exec_timeout,
        insecure_dev=settings.sandbox_mode == "insecure-dev",
    )
    await executor.start()
    return executor


async def open_local_executor(settings: Settings) -> CodeExecutor:
    """The strongest executor this machine supports, or fail closed.

    With the sandbox built in, strict mode (the default) refuses to run learner code when
    any isolation layer is missing. `STEPWISE_SANDBOX=insecure-dev` lets the sandbox run
    with missing layers, and falls back to a plain subprocess (with a warning) if the
    sandbox server cannot start at all. Without the sandbox module, a plain subprocess.
    """
    sandbox_class = _sandbox_class()
    if sandbox_class is None:
        return _subprocess_executor(settings)
    try:
        return await _start_sandbox(sandbox_class, settings)
    except ExecutorUnavailable as exc:
        if settings.sandbox_mode != "insecure-dev":
            raise
        log.warning("sandbox unavailable (%s); running learner code WITHOUT a sandbox", exc)
        return _subprocess_executor(settings)


async def serve_sandbox(
    settings: Settings,
    listen: str,
    body_limit: int,
    on_ready: Callable[[str, Any], None] | None = None,
) -> None:
    """`stepwise sandbox serve`: the local executor as an HTTP service (never a remote one,
    whatever STEPWISE_SANDBOX_URL says). Raises SettingsError for a bad address or secret
    before anything starts, ExecutorUnavailable when the sandbox cannot run safely."""
    from bot.executor.service_main import ServiceConfigError, parse_listen, serve

    try:
        await serve(
            lambda: open_local_executor(settings),
            parse_listen(listen),
            secret=settings.sandbox_secret,
            body_limit=body_limit,
            on_ready=on_ready,
        )
    except ServiceConfigError as exc:
        raise SettingsError([str(exc)]) from None


async def warm_package_sets(executor: CodeExecutor, catalog: Catalog) -> None:
    """Ask the sandbox to import each distinct package set of the catalog now (one warm
    parent per set), so no learner's first run of such a lesson waits for the import.
    Executors without warm parents are left alone."""
    warm = getattr(executor, "warm", None)
    sets = sorted({lesson.packages for lesson in catalog if lesson.packages})
    if warm is not None and sets:
        await warm(sets)


class _NoExecutor:
    """Stands in when a command opened services without an executor: refuses every run."""

    async def run(self, job: RunJob) -> RunResult:
        raise ExecutorUnavailable("this command was started without a code executor")

    async def aclose(self) -> None:
        return None


async def open_store(settings: Settings, clock: Clock) -> ProgressStore:
    """PostgreSQL when `STEPWISE_DATABASE_URL` is set (several processes), else SQLite."""
    if settings.database_url:
        from bot.storage.postgres import PostgresProgressStore

        return await PostgresProgressStore.open(settings.database_url, clock=clock)
    from bot.storage import SQLiteProgressStore

    return await SQLiteProgressStore.open(settings.db_path, clock=clock)


def open_daily_store(store: ProgressStore, clock: Clock) -> DailyStore:
    """The daily quiz keeps its tables in the progress store's database (same connection
    for SQLite, same pool for PostgreSQL)."""
    from bot.storage.memory_daily import MemoryDailyStore
    from bot.storage.postgres import PostgresProgressStore
    from bot.storage.postgres_daily import PostgresDailyStore
    from bot.storage.sqlite import SQLiteProgressStore
    from bot.storage.sqlite_daily import SQLiteDailyStore

    if isinstance(store, SQLiteProgressStore):
        return SQLiteDailyStore(store, clock)
    if isinstance(store, PostgresProgressStore):
        return PostgresDailyStore(store, clock)
    return MemoryDailyStore(store, clock)


def open_bank_store(store: ProgressStore) -> QuestionBankStore:
    """The question bank keeps its tables in the progress store's database too."""
    from bot.storage.bank_memory import MemoryQuestionBank
    from bot.storage.bank_postgres import PostgresQuestionBank
    from bot.storage.bank_sqlite import SQLiteQuestionBank
    from bot.storage.postgres import PostgresProgressStore
    from bot.storage.sqlite import SQLiteProgressStore

    if isinstance(store, SQLiteProgressStore):
        return SQLiteQuestionBank(store)
    if isinstance(store, PostgresProgressStore):
        return PostgresQuestionBank(store)
    return MemoryQuestionBank()


def open_review_store(store: ProgressStore, clock: Clock) -> ReviewStore:
    """Review cards and reminders live in the progress store's database too."""
    from bot.storage.memory_reviews import MemoryReviewStore
    from bot.storage.postgres import PostgresProgressStore
    from bot.storage.postgres_reviews import PostgresReviewStore
    from bot.storage.sqlite import SQLiteProgressStore
    from bot.storage.sqlite_reviews import SQLiteReviewStore

    if isinstance(store, SQLiteProgressStore):
        return SQLiteReviewStore(store, clock)
    if isinstance(store, PostgresProgressStore):
        return PostgresReviewStore(store, clock)
    return MemoryReviewStore()


def open_mode_store(store: ProgressStore, clock: Clock) -> ModeStore:
    """Per-mode progress lives in the progress store's database too."""
    from bot.storage.memory_modes import MemoryModeStore
    from bot.storage.postgres import PostgresProgressStore
    from bot.storage.postgres_modes import PostgresModeStore
    from bot.storage.sqlite import SQLiteProgressStore
    from bot.storage.sqlite_modes import SQLiteModeStore

    if isinstance(store, SQLiteProgressStore):
        return SQLiteModeStore(store, clock)
    if isinstance(store, PostgresProgressStore):
        return PostgresModeStore(store, clock)
    return MemoryModeStore()


def open_pictures() -> Any | None:
    """The matplotlib picture worker, or None where matplotlib is not installed (replies
    then stay text only)."""
    if importlib.util.find_spec("matplotlib") is None:
        log.warning("progress pictures off: matplotlib is not installed")
        return None
    from bot.pictures import PictureWorker

    return PictureWorker()


def wire_reviews(engine: TutorEngine, store: ReviewStore, clock: Clock) -> ReviewDesk:
    """A review desk the engine tells about every answer and finished step."""
    desk = ReviewDesk(engine, store, clock, check_step=engine.check_step)
    engine.answer_listeners.append(desk.note_answer)
    engine.step_listeners.append(desk.note_step)
    return desk


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    catalog: Catalog | None = None,
    executor: CodeExecutor | None = None,
    store: ProgressStore | None = None,
    clock: Clock | None = None,
    run_code: bool = True,
) -> AsyncIterator[Services]:
    """Everything a surface needs, opened in order and closed in reverse.

    Pass `catalog`, `executor`, `store` or `clock` to use your own (tests, benchmarks);
    what you pass in is not closed here. `run_code=False` skips starting an executor for
    commands that never run code (listing lessons, quizzes); submitting then fails closed.
    Lesson files with problems are left out (logged, and listed in `catalog.broken`);
    raises `ContentError` when there is no lesson file, `ExecutorUnavailable` when learner code
    cannot run safely, `SchemaError` for a database it cannot use.
    """
    clock = clock or SystemClock()
    if catalog is None:  # every valid lesson; broken files are in `catalog.broken`
        catalog = load_catalog(settings.content_path, partial=True)
        for problem in catalog.broken:
            log.warning("lesson file left out: %s", problem)
    async with AsyncExitStack() as stack:
        if store is None:
            store = await open_store(settings, clock)
            stack.push_async_callback(store.aclose)  # type: ignore[attr-defined]
        if executor is None and not run_code:
            executor = _NoExecutor()
        if executor is None:
            executor = await open_executor(settings)
            stack.push_async_callback(executor.aclose)
        engine = TutorEngine(catalog, executor, store, clock)
        daily = open_daily_store(store, clock)
        questions = open_bank_store(store)
        reviews = wire_reviews(engine, open_review_store(store, clock), clock)
        pictures = open_pictures()
        if pictures is not None:
            stack.push_async_callback(pictures.aclose)
        yield Services(
            settings,
            catalog,
            engine,
            store,
            executor,
            clock,
            daily,
            questions,
            reviews,
            pictures,
            mode_store=open_mode_store(store, clock),
        )
