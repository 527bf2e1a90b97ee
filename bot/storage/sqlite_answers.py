"""Daily answers written in batches: every click waiting for the connection, one job.

When a daily quiz is posted, hundreds of members click within seconds. Written one by one,
each answer costs four round trips to the connection's thread (learner row, member row,
insert, read back on a duplicate), and the store's one connection serializes them all, so
clicks queue behind each other. Here a click joins the pending batch; the batch runs as a
single job inside the worker's group commit (a handful of round trips for the whole batch),
and every caller still returns only after that COMMIT.

Once-only is decided inside the write transaction (BEGIN IMMEDIATE holds the database's
write lock, so no other connection can insert meanwhile): answers already stored, or
earlier in the same batch, are returned as the first answer with `created=False`. If a
batch fails, each of its answers is retried alone, so one bad answer cannot fail the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.core.ports import DailyAnswer
from bot.storage.records import parse_utc, utc_text

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]
Result = tuple[DailyAnswer, bool]  # (the answer that counts, whether this call stored it)

TOUCH_LEARNER = (
    "INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?)"
    " ON CONFLICT (id) DO NOTHING"
)
REMEMBER_MEMBER = (
    "INSERT INTO guild_members (guild_id, learner_id, display_name, seen_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (guild_id, learner_id) DO UPDATE SET seen_at = excluded.seen_at,"
    " display_name = CASE WHEN excluded.display_name != '' THEN excluded.display_name"
    " ELSE guild_members.display_name END"
)
_INSERT = (
    "INSERT INTO daily_answers (post_id, learner_id, choice, correct, at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (post_id, learner_id) DO NOTHING"
)
_CHUNK = 500  # learners per `IN (...)` lookup, well under SQLite's variable limit


@dataclass(frozen=True)
class AnswerClick:
    """One member's answer as the store received it."""

    guild_id: int
    answer: DailyAnswer
    display_name: str
    seen: str  # UTC text: when the member was last seen in the guild
    future: asyncio.Future[Result] = field(compare=False)


class AnswerBatcher:
    """Hands concurrent answers to `write` (the store's worker) as one job per batch."""

    def __init__(self, write: Callable[[Job], Awaitable[Any]]) -> None:
        self._write = write
        self._pending: list[AnswerClick] = []
        self._flushes: set[asyncio.Task[None]] = set()

    async def record(
        self, guild_id: int, answer: DailyAnswer, display_name: str, seen: str
    ) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append(AnswerClick(guild_id, answer, display_name, seen, future))
        if len(self._pending) == 1:  # the first waiting click schedules the batch
            task = asyncio.create_task(self._flush(), name="daily-answers")
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)
        return await future

    async def _flush(self) -> None:
        batch: list[AnswerClick] = []

        async def job(conn: aiosqlite.Connection) -> list[Result]:
            if not batch:  # taken when the job runs, so clicks that came meanwhile join
                batch.extend(self._pending)
                self._pending.clear()
            return await store_answers(conn, batch)

        try:
            results = await self._write(job)
        except Exception as error:
            if not batch:  # the job never ran (the store is closing): nothing was written
                batch.extend(self._pending)
                self._pending.clear()
                for click in batch:
                    _settle(click.future, error=error)
                return
            await self._one_by_one(batch)
        else:
            for click, result in zip(batch, results, strict=True):
                _settle(click.future, result)

    async def _one_by_one(self, batch: Sequence[AnswerClick]) -> None:
        for click in batch:

            async def job(conn: aiosqlite.Connection, alone=(click,)) -> list[Result]:
                return await store_answers(conn, alone)

            try:
                (result,) = await self._write(job)
            except Exception as error:
                _settle(click.future, error=error)
            else:
                _settle(click.future, result)


async def store_answers(conn: aiosqlite.Connection, clicks: Sequence[AnswerClick]) -> list[Result]:
    """Store each member's first answer per post; must run inside a write transaction.

    Each statement is a round trip to the connection's thread, so there are as few as the
    batch allows: one lookup (answers and known learners), learner rows only for members
    never seen, member names, and new answers only if there are any.
    """
    stored, known = await _lookup(conn, clicks)
    results: list[Result] = []
    new: list[DailyAnswer] = []
    for click in clicks:
        a = click.answer
        first = stored.setdefault((a.post_id, a.learner), a)
        results.append((first, first is a))
        if first is a:
            new.append(a)
    unknown = {c.answer.learner: (c.display_name, c.seen) for c in clicks}
    unknown = {k: v for k, v in unknown.items() if k not in known}
    if unknown:
        await conn.executemany(TOUCH_LEARNER, [(k, *v) for k, v in unknown.items()])
    members = {(c.guild_id, c.answer.learner): (c.display_name, c.seen) for c in clicks}
    await conn.executemany(REMEMBER_MEMBER, [(*k, *v) for k, v in members.items()])
    rows = [(a.post_id, a.learner, a.choice, int(a.correct), utc_text(a.at)) for a in new]
    if rows:
        cursor = await conn.executemany(_INSERT, rows)
        if cursor.rowcount != len(rows):  # impossible while holding the write lock
            raise RuntimeError(f"stored {cursor.rowcount} of {len(rows)} new daily answers")
    return results


async def _lookup(
    conn: aiosqlite.Connection, clicks: Sequence[AnswerClick]
) -> tuple[dict[tuple[int, str], DailyAnswer], set[str]]:
    """(answers already stored for the clicked posts, learners that already have a row)."""
    wanted: dict[int, list[str]] = {}
    for click in clicks:
        wanted.setdefault(click.answer.post_id, []).append(click.answer.learner)
    found: dict[tuple[int, str], DailyAnswer] = {}
    known: set[str] = set()
    for post_id, learners in wanted.items():
        unique = list(dict.fromkeys(learners))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            rows = await conn.execute_fetchall(
                "SELECT l.id, a.choice, a.correct, a.at FROM learners AS l"
                " LEFT JOIN daily_answers AS a ON a.post_id = ? AND a.learner_id = l.id"
                f" WHERE l.id IN ({marks})",
                (post_id, *chunk),
            )
            for learner, choice, correct, at in rows:
                known.add(learner)
                if choice is not None:
                    answer = DailyAnswer(post_id, learner, choice, bool(correct), parse_utc(at))
                    found[(post_id, learner)] = answer
    return found, known


def _settle(future: asyncio.Future[Result], result: Any = None, error: Exception | None = None):
    if future.done():  # the caller was cancelled; the answer was handled anyway
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
