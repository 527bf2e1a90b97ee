"""The progress store of each kind a contract suite runs over, opened at a fixed instant."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from bot.storage import MemoryProgressStore, SQLiteProgressStore
from bot.storage.postgres import PostgresProgressStore

T0 = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return T0


@contextlib.asynccontextmanager
async def progress_store(request, tmp_path, clock) -> AsyncIterator:
    """`request.param` ("memory", "sqlite" or "postgres") opened with `clock`."""
    if request.param == "memory":
        async with MemoryProgressStore.open(clock=clock) as opened:
            yield opened
    elif request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        async with PostgresProgressStore.open(url, clock=clock) as opened:
            yield opened
    else:
        async with SQLiteProgressStore.open(tmp_path / "store.db", clock=clock) as opened:
            yield opened
