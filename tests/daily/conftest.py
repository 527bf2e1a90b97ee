"""Fixtures for the daily quiz tests: a hand-moved clock and every `DailyStore`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.storage import MemoryProgressStore
from bot.storage.memory_daily import MemoryDailyStore
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_daily import PostgresDailyStore
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_daily import SQLiteDailyStore


@dataclass
class HandClock:
    """Time outside the code under test, moved by the test."""

    at: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock() -> HandClock:
    return HandClock()


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def stores(request, tmp_path, clock) -> AsyncIterator[tuple[object, object]]:
    """(progress store, daily store) pairs of the same kind."""
    if request.param == "memory":
        progress = MemoryProgressStore(clock)
        yield progress, MemoryDailyStore(progress, clock)
        return
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        async with PostgresProgressStore.open(url, clock=clock) as progress:
            yield progress, PostgresDailyStore(progress, clock)
        return
    async with SQLiteProgressStore.open(tmp_path / "daily.db", clock=clock) as progress:
        yield progress, SQLiteDailyStore(progress, clock)


@pytest.fixture
def daily(stores):
    return stores[1]
