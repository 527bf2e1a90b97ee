"""`PostgresDailyStore`: the `DailyStore` in the same PostgreSQL database as the progress store.

It shares `PostgresProgressStore`'s pool. What makes it safe for several bot processes at
once (docs/scaling.md) is in the schema, not in the processes:

- a slot is claimed with `INSERT ... ON CONFLICT (guild_id, slot) DO NOTHING` in the same
  transaction that advances the schedule: of two processes claiming it, one gets the row,
  the other gets nothing and posts nothing;
- an answer is `INSERT ... ON CONFLICT (post_id, learner_id) DO NOTHING` (in batches, see
  `postgres_answers`): a second click, from any process, finds the first answer instead;
- a reveal is `UPDATE ... WHERE revealed_at IS NULL`: one caller wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.core.ports import (
    Clock,
    DailyAnswer,
    DailyPost,
    DailySchedule,
    DayRate,
    LearnerId,
    MemberDay,
    MissedSlot,
    NewPost,
    QuestionStats,
    SystemClock,
)
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_answers import PostgresAnswerBatcher
from bot.storage.postgres_leaderboards import PostgresLeaderboards
from bot.storage.records import check_learner, utc

_SCHEDULE = (
    "SELECT guild_id, channel_id, post_time, timezone, handled_through, ping_role_id,"
    " moderator_role_id, lessons, tags, reveal_after_s, paused, cycle FROM daily_schedules"
)
_POST = (
    "SELECT id, guild_id, channel_id, message_id, lesson_id, question_id, cycle, quiz_day,"
    " posted_at, reveal_at, slot, late, revealed_at FROM daily_posts"
)
_ADVANCE = (
    "UPDATE daily_schedules SET handled_through = GREATEST(handled_through, $2) WHERE guild_id = $1"
)
_NOTE_MISSED = (
    "INSERT INTO daily_missed (guild_id, slot, reason, noted_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT DO NOTHING"
)
_TOUCH = (
    "INSERT INTO learners (id, display_name, created_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (id) DO NOTHING"
)
_REMEMBER = (
    "INSERT INTO guild_members (guild_id, learner_id, display_name, seen_at)"
    " VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id, learner_id) DO UPDATE"
    " SET seen_at = excluded.seen_at, display_name = CASE WHEN excluded.display_name <> ''"
    " THEN excluded.display_name ELSE guild_members.display_name END"
)
_ANSWER_COLUMNS = "SELECT post_id, learner_id, choice, correct, at FROM daily_answers"


_DAY_RATES = (
    "SELECT quiz_day, answers, correct FROM (SELECT p.quiz_day, count(a.post_id) AS answers,"
    " coalesce(sum(a.correct::int), 0) AS correct FROM daily_posts AS p"
    " LEFT JOIN daily_answers AS a ON a.post_id = p.id WHERE p.guild_id = $1"
    " GROUP BY p.quiz_day ORDER BY p.quiz_day DESC LIMIT $2) AS recent ORDER BY quiz_day"
)


class PostgresDailyStore(PostgresLeaderboards):
    """Daily quiz data next to the learners' progress. Closing the progress store closes it."""

    def __init__(self, database: PostgresProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()
        self._answers = PostgresAnswerBatcher(database.connection)

    def _now(self) -> datetime:
        return utc(self._clock.now(), "clock.now()")

    # ------------------------------------------------------------------ schedules

    async def save_schedule(self, schedule: DailySchedule) -> None:
        s = schedule
        reveal = None if s.reveal_after is None else int(s.reveal_after.total_seconds())
        await self._db.execute(
            "INSERT INTO daily_schedules (guild_id, channel_id, post_time, timezone,"
            " handled_through, ping_role_id, moderator_role_id, lessons, tags, reveal_after_s,"
            " paused, cycle) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,"
            " post_time = excluded.post_time, timezone = excluded.timezone,"
            " handled_through = excluded.handled_through, ping_role_id = excluded.ping_role_id,"
            " moderator_role_id = excluded.moderator_role_id, lessons = excluded.lessons,"
            " tags = excluded.tags, reveal_after_s = excluded.reveal_after_s,"
            " paused = excluded.paused, cycle = excluded.cycle",
            s.guild_id, s.channel_id, s.post_time.strftime("%H:%M"), s.timezone,
            utc(s.handled_through), s.ping_role_id, s.moderator_role_id,
            ",".join(s.lessons), ",".join(s.tags), reveal, bool(s.paused), s.cycle,
        )  # fmt: skip

    async def get_schedule(self, guild_id: int) -> DailySchedule | None:
        rows = await self._db.fetch(f"{_SCHEDULE} WHERE guild_id = $1", guild_id)
        return _schedule(rows[0]) if rows else None

    async def schedules(self) -> list[DailySchedule]:
        return [_schedule(row) for row in await self._db.fetch(f"{_SCHEDULE} ORDER BY guild_id")]

    async def set_paused(
        self, guild_id: int, paused: bool, handled_through: datetime | None = None
    ) -> DailySchedule | None:
        if handled_through is None:
            await self._db.execute(
                "UPDATE daily_schedules SET paused = $2 WHERE guild_id = $1", guild_id, paused
            )
        else:
            await self._db.execute(
                "UPDATE daily_schedules SET paused = $2,"
                " handled_through = GREATEST(handled_through, $3) WHERE guild_id = $1",
                guild_id,
                paused,
                utc(handled_through),
            )
        return await self.get_schedule(guild_id)

    async def record_missed(
        self, guild_id: int, slots: Sequence[datetime], reason: str, handled_through: datetime
    ) -> None:
        rows = [(guild_id, utc(slot), reason, self._now()) for slot in slots]
        async with self._db.transaction() as conn:
            if rows:
                await conn.executemany(_NOTE_MISSED, rows)
            await conn.execute(_ADVANCE, guild_id, utc(handled_through))

    async def missed(self, guild_id: int, limit: int = 10) -> list[MissedSlot]:
        rows = await self._db.fetch(
            "SELECT guild_id, slot, reason, noted_at FROM daily_missed WHERE guild_id = $1"
            " ORDER BY slot DESC LIMIT $2",
            guild_id,
            limit,
        )
        return [MissedSlot(*row) for row in rows]

    # ------------------------------------------------------------------ posts

    async def create_post(self, post: NewPost, missed: Sequence[datetime] = ()) -> DailyPost | None:
        p = post
        slot = None if p.slot is None else utc(p.slot)
        reveal = None if p.reveal_at is None else utc(p.reveal_at)
        noted = self._now()
        async with self._db.transaction() as conn:
            post_id = await conn.fetchval(
                "INSERT INTO daily_posts (guild_id, channel_id, lesson_id, question_id, cycle,"
                " quiz_day, posted_at, reveal_at, slot, late)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                " ON CONFLICT (guild_id, slot) DO NOTHING RETURNING id",
                p.guild_id, p.channel_id, p.lesson_id, p.question_id, p.cycle, p.quiz_day,
                utc(p.posted_at), reveal, slot, bool(p.late),
            )  # fmt: skip
            if post_id is None:
                return None
            await conn.execute(
                "UPDATE daily_schedules SET cycle = GREATEST(cycle, $2) WHERE guild_id = $1",
                p.guild_id,
                p.cycle,
            )
            if slot is not None:
                if missed:
                    await conn.executemany(
                        _NOTE_MISSED,
                        [(p.guild_id, utc(m), "the bot was offline", noted) for m in missed],
                    )
                await conn.execute(_ADVANCE, p.guild_id, slot)
        return await self.get_post(post_id)

    async def set_message(self, post_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE daily_posts SET message_id = $2 WHERE id = $1", post_id, message_id
        )

    async def fail_post(self, post_id: int, reason: str) -> None:
        async with self._db.transaction() as conn:
            row = await conn.fetchrow(
                "DELETE FROM daily_posts WHERE id = $1"
                " RETURNING guild_id, coalesce(slot, posted_at)",
                post_id,
            )
            if row is None:
                return
            await conn.execute(
                "INSERT INTO daily_missed (guild_id, slot, reason, noted_at)"
                " VALUES ($1, $2, $3, $4)"
                " ON CONFLICT (guild_id, slot) DO UPDATE SET reason = excluded.reason",
                row[0],
                row[1],
                reason,
                self._now(),
            )

    async def get_post(self, post_id: int) -> DailyPost | None:
        rows = await self._db.fetch(f"{_POST} WHERE id = $1", post_id)
        return _post(rows[0]) if rows else None

    async def latest_post(self, guild_id: int) -> DailyPost | None:
        rows = await self._db.fetch(
            f"{_POST} WHERE guild_id = $1 ORDER BY id DESC LIMIT 1", guild_id
        )
        return _post(rows[0]) if rows else None

    async def open_posts(self, guild_id: int | None = None) -> list[DailyPost]:
        if guild_id is None:
            rows = await self._db.fetch(f"{_POST} WHERE revealed_at IS NULL ORDER BY id")
        else:
            rows = await self._db.fetch(
                f"{_POST} WHERE revealed_at IS NULL AND guild_id = $1 ORDER BY id", guild_id
            )
        return [_post(row) for row in rows]

    async def due_reveals(self, now: datetime) -> list[DailyPost]:
        rows = await self._db.fetch(
            f"{_POST} WHERE revealed_at IS NULL AND reveal_at IS NOT NULL AND reveal_at <= $1"
            " ORDER BY reveal_at, id",
            utc(now),
        )
        return [_post(row) for row in rows]

    async def mark_revealed(self, post_id: int, at: datetime) -> bool:
        status = await self._db.execute(
            "UPDATE daily_posts SET revealed_at = $2 WHERE id = $1 AND revealed_at IS NULL",
            post_id,
            utc(at),
        )
        return status == "UPDATE 1"

    async def asked_questions(self, guild_id: int, cycle: int) -> set[tuple[str, str]]:
        rows = await self._db.fetch(
            "SELECT DISTINCT lesson_id, question_id FROM daily_posts"
            " WHERE guild_id = $1 AND cycle = $2",
            guild_id,
            cycle,
        )
        return {(row[0], row[1]) for row in rows}

    async def quiz_days(self, guild_id: int) -> list[date]:
        rows = await self._db.fetch(
            "SELECT DISTINCT quiz_day FROM daily_posts WHERE guild_id = $1 ORDER BY quiz_day",
            guild_id,
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ answers

    async def record_answer(
        self, guild_id: int, answer: DailyAnswer, display_name: str = ""
    ) -> tuple[DailyAnswer, bool]:
        """Batched with the other clicks waiting (see `postgres_answers`); a double click,
        from any process, gets the first answer back."""
        check_learner(answer.learner)
        utc(answer.at, "answer.at")  # a bad time fails this call, not its batch
        return await self._answers.record(guild_id, answer, display_name, self._now())

    async def get_answer(self, post_id: int, learner: LearnerId) -> DailyAnswer | None:
        rows = await self._db.fetch(
            f"{_ANSWER_COLUMNS} WHERE post_id = $1 AND learner_id = $2", post_id, learner
        )
        return _answer(rows[0]) if rows else None

    async def learner_answers(self, learner: LearnerId) -> list[DailyAnswer]:
        rows = await self._db.fetch(
            f"{_ANSWER_COLUMNS} WHERE learner_id = $1 ORDER BY at, post_id", learner
        )
        return [_answer(row) for row in rows]

    async def answer_count(self, post_id: int) -> int:
        sql = "SELECT count(*) FROM daily_answers WHERE post_id = $1"
        return int((await self._db.fetch(sql, post_id))[0][0])

    async def choice_counts(self, post_id: int) -> dict[int, int]:
        rows = await self._db.fetch(
            "SELECT choice, count(*) FROM daily_answers WHERE post_id = $1 GROUP BY choice",
            post_id,
        )
        return {int(choice): int(count) for choice, count in rows}

    async def question_stats(
        self, guild_id: int, question_id: str | None = None
    ) -> list[QuestionStats]:
        where, params = "p.guild_id = $1", (guild_id,)
        if question_id is not None:
            where, params = where + " AND p.question_id = $2", (guild_id, question_id)
        posts = await self._db.fetch(
            "SELECT p.lesson_id, p.question_id, count(*) FROM daily_posts AS p"
            f" WHERE {where} GROUP BY p.lesson_id, p.question_id ORDER BY min(p.id)",
            *params,
        )
        picks = await self._db.fetch(
            "SELECT p.lesson_id, p.question_id, a.choice, count(*) FROM daily_posts AS p"
            f" JOIN daily_answers AS a ON a.post_id = p.id WHERE {where}"
            " GROUP BY p.lesson_id, p.question_id, a.choice",
            *params,
        )
        choices: dict[tuple[str, str], dict[int, int]] = {}
        for lesson_id, qid, choice, count in picks:
            choices.setdefault((lesson_id, qid), {})[int(choice)] = int(count)
        return [
            QuestionStats(lesson_id, qid, int(count), choices.get((lesson_id, qid), {}))
            for lesson_id, qid, count in posts
        ]

    async def day_rates(self, guild_id: int, days: int = 14) -> list[DayRate]:
        rows = await self._db.fetch(_DAY_RATES, guild_id, max(days, 0))
        return [DayRate(day, int(answers), int(correct)) for day, answers, correct in rows]

    async def member_days(
        self, guild_id: int, learners: Sequence[LearnerId]
    ) -> dict[LearnerId, list[MemberDay]]:
        found: dict[LearnerId, list[MemberDay]] = {learner: [] for learner in learners}
        if not learners:
            return found
        rows = await self._db.fetch(
            "SELECT a.learner_id, p.quiz_day, p.posted_at, a.correct FROM daily_answers AS a"
            " JOIN daily_posts AS p ON p.id = a.post_id"
            " WHERE p.guild_id = $1 AND a.learner_id = ANY($2::text[])"
            " ORDER BY p.posted_at, p.id",
            guild_id,
            list(learners),
        )
        for learner, day, posted_at, correct in rows:
            found[learner].append(MemberDay(day, posted_at, correct))
        return found

    # ------------------------------------------------------------------ members, leaderboards

    async def remember_member(self, guild_id: int, learner: LearnerId, display_name: str) -> None:
        check_learner(learner)
        seen = self._now()
        async with self._db.transaction() as conn:
            await conn.execute(_TOUCH, learner, display_name, seen)
            await conn.execute(_REMEMBER, guild_id, learner, display_name, seen)


def _schedule(row: Any) -> DailySchedule:
    hour, minute = (int(part) for part in row[2].split(":"))
    return DailySchedule(
        guild_id=row[0],
        channel_id=row[1],
        post_time=time(hour, minute),
        timezone=row[3],
        handled_through=row[4],
        ping_role_id=row[5],
        moderator_role_id=row[6],
        lessons=tuple(x for x in row[7].split(",") if x),
        tags=tuple(x for x in row[8].split(",") if x),
        reveal_after=None if row[9] is None else timedelta(seconds=row[9]),
        paused=row[10],
        cycle=row[11],
    )


def _post(row: Any) -> DailyPost:
    return DailyPost(*row)


def _answer(row: Any) -> DailyAnswer:
    return DailyAnswer(*row)
