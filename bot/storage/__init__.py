"""Progress stores: `SQLiteProgressStore` (the default), `MemoryProgressStore` (tests), and
`bot.storage.postgres.PostgresProgressStore` (several processes; imported only when used,
so SQLite installs never load asyncpg).

All implement `bot.core.ports.ProgressStore`; only the composition root picks one. The
only package with SQL; it holds no lesson rules (those are `bot.core`'s).
"""

from __future__ import annotations

from bot.storage.memory import MemoryProgressStore
from bot.storage.records import EXPORT_FORMAT, EXPORT_VERSION, StoreClosedError
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_schema import SchemaError, SchemaTooNewError

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MemoryProgressStore",
    "SQLiteProgressStore",
    "SchemaError",
    "SchemaTooNewError",
    "StoreClosedError",
]
