"""Daily answers on PostgreSQL, written in batches: many clicks, one statement, one commit.

When a daily quiz is posted, hundreds of members click within a second. One statement and
one durable commit per click would queue them behind the pool's connections and the
disk's flushes. Here a click joins the pending batch; a flush takes a pooled connection,
then every click pending at that moment, and writes them with ONE statement (learner
rows, member rows, answers via `unnest` arrays), so each caller returns after the commit
that holds its answer. While a flush runs, new clicks gather for the next one; a burst
larger than `MAX_BATCH` is split into batches written in parallel on pooled connections.

Once-only is the primary key's: `INSERT ... ON CONFLICT (post_id, learner_id) DO NOTHING
RETURNING` names the answers this statement stored; for any other click the stored
answer is read back (from this or another process). Rows are sorted by key so two
processes' batches lock rows in the same order. If a batch fails (a post deleted
meanwhile, a deadlock), each of its clicks is retried alone, so one cannot fail the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg

from bot.core.ports import DailyAnswer

Result = tuple[DailyAnswer, bool]  # (the answer that counts, whether this call stored it)
Connect = Callable[[], AbstractAsyncContextManager[asyncpg.Connection]]
MAX_BATCH = 250  # clicks per statement; a bigger burst is split over pooled connections

_MEMBER_UPDATE = (
    " ON CONFLICT (guild_id, learner_id) DO UPDATE SET seen_at = excluded.seen_at,"
    " display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name"
    " ELSE guild_members.display_name END"
)
_BATCH = (
    "WITH learner AS (INSERT INTO learners (id, display_name, created_at)"
    "  SELECT id, name, $3 FROM unnest($1::text[], $2::text[]) AS l(id, name)"
    "  ON CONFLICT (id) DO NOTHING),"
    " member AS (INSERT INTO guild_members (guild_id, learner_id, display_name, seen_at)"
    "  SELECT g, id, name, $3 FROM unnest($4::bigint[], $5::text[], $6::text[]) AS m(g, id, name)"
    f" {_MEMBER_UPDATE})"
    " INSERT INTO daily_answers (post_id, learner_id, choice, correct, at)"
    " SELECT * FROM unnest($7::bigint[], $8::text[], $9::int[], $10::bool[],"
    "  $11::timestamptz[])"
    " ON CONFLICT (post_id, learner_id) DO NOTHING RETURNING post_id, learner_id"
)
_STORED = (
    "SELECT a.post_id, a.learner_id, a.choice, a.correct, a.at FROM daily_answers AS a"
    " JOIN unnest($1::bigint[], $2::text[]) AS k(post_id, learner_id)"
    " USING (post_id, learner_id)"
)


@dataclass(frozen=True)
class AnswerClick:
    guild_id: int
    answer: DailyAnswer
    display_name: str
    seen: datetime  # when the member was last seen in the guild
    future: asyncio.Future[Result] = field(compare=False)


class PostgresAnswerBatcher:
    """Hands concurrent answers to PostgreSQL as one statement per batch."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._pending: list[AnswerClick] = []
        self._flushes: set[asyncio.Task[None]] = set()

    async def record(
        self, guild_id: int, answer: DailyAnswer, display_name: str, seen: datetime
    ) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append(AnswerClick(guild_id, answer, display_name, seen, future))
        if len(self._pending) == 1:  # the first waiting click schedules a flush
            self._schedule_flush()
        return await future

    def _schedule_flush(self) -> None:
        task = asyncio.create_task(self._flush(), name="daily-answers")
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _flush(self) -> None:
        batch: list[AnswerClick] = []
        try:
            async with self._connect() as conn:
                batch.extend(self._pending[:MAX_BATCH])  # what is pending once connected
                del self._pending[:MAX_BATCH]
                if self._pending:  # the rest goes in parallel, on another connection
                    self._schedule_flush()
                if not batch:
                    return
                results = await store_answers(conn, batch)
        except Exception as error:
            if not batch:  # no connection (the store is closing): nothing was written
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
            try:
                async with self._connect() as conn:
                    (result,) = await store_answers(conn, [click])
            except Exception as error:
                _settle(click.future, error=error)
            else:
                _settle(click.future, result)


async def store_answers(conn: asyncpg.Connection, clicks: Sequence[AnswerClick]) -> list[Result]:
    """Store each member's first answer per post; two statements at most."""
    firsts: dict[tuple[int, str], DailyAnswer] = {}
    for click in clicks:
        firsts.setdefault((click.answer.post_id, click.answer.learner), click.answer)
    learners = {c.answer.learner: c.display_name for c in clicks}
    members = {(c.guild_id, c.answer.learner): c.display_name for c in clicks}
    answers = sorted(firsts.values(), key=lambda a: (a.post_id, a.learner))
    ids, names = zip(*sorted(learners.items()), strict=True)
    member_keys = sorted(members)
    created = await conn.fetch(
        _BATCH,
        list(ids), list(names), max(c.seen for c in clicks),
        [g for g, _ in member_keys], [m for _, m in member_keys],
        [members[k] for k in member_keys],
        [a.post_id for a in answers], [a.learner for a in answers],
        [a.choice for a in answers], [a.correct for a in answers], [a.at for a in answers],
    )  # fmt: skip
    stored = {(row[0], row[1]): firsts[(row[0], row[1])] for row in created}
    missing = [key for key in firsts if key not in stored]
    earlier: dict[tuple[int, str], DailyAnswer] = {}
    if missing:  # answered before this batch (here or in another process): read it back
        rows = await conn.fetch(_STORED, [k[0] for k in missing], [k[1] for k in missing])
        earlier = {(row[0], row[1]): DailyAnswer(*row) for row in rows}
    results: list[Result] = []
    for click in clicks:
        key = (click.answer.post_id, click.answer.learner)
        if key in stored:
            results.append((stored[key], stored[key] is click.answer))
        elif key in earlier:
            results.append((earlier[key], False))
        else:  # neither stored nor found: refuse rather than pretend
            raise RuntimeError(f"daily answer of {key[1]} to post {key[0]} was not stored")
    return results


def _settle(future: asyncio.Future[Result], result: Any = None, error: Exception | None = None):
    if future.done():  # the caller was cancelled; the answer was handled anyway
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
