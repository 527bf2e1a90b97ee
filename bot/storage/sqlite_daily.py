"""`SQLiteDailyStore`: the `DailyStore` in the same SQLite file as the progress store.

It rides on `SQLiteProgressStore`'s single connection and worker instead of opening its
own: one writer per file means no lock contention between the two, and a burst of daily
answers joins the same group commits as everything else (one fsync for many clicks).
Schema in `migrations/0002_daily.sql`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import aiosqlite

from bot.core.ports import (
    Clock,
    DailyAnswer,
    DailyPost,
    DailySchedule,
    DayRate,
    LearnerId,
    LessonScore,
    MemberDay,
    MemberScore,
    MissedSlot,
    NewPost,
    QuestionStats,
    SystemClock,
)
from bot.storage.records import check_learner, parse_utc, utc_text
from bot.storage.sqlite import SQLiteProgressStore
from bot.storage.sqlite_answers import REMEMBER_MEMBER, TOUCH_LEARNER, AnswerBatcher

Job = Callable[[aiosqlite.Connection], Awaitable[Any]]

_SCHEDULE = (
    "SELECT guild_id, channel_id, post_time, timezone, handled_through, ping_role_id,"
    " moderator_role_id, lessons, tags, reveal_after_s, paused, cycle FROM daily_schedules"
)
_POST = (
    "SELECT id, guild_id, channel_id, message_id, lesson_id, question_id, cycle, quiz_day,"
    " posted_at, reveal_at, slot, late, revealed_at FROM daily_posts"
)
# Members seen in a guild who did some lesson work: lessons completed, steps done.
_LESSON_SCORES = (
    "WITH scores AS (SELECT m.learner_id, m.display_name,"
    " (SELECT count(*) FROM lesson_progress AS p"
    "   WHERE p.learner_id = m.learner_id AND p.completed_at IS NOT NULL) AS done,"
    " (SELECT count(*) FROM step_state AS s WHERE s.learner_id = m.learner_id"
    "   AND s.accepted_code IS NOT NULL) AS steps"
    " FROM guild_members AS m WHERE m.guild_id = ?) "
)


_DAY_RATES = (
    "SELECT quiz_day, answers, correct FROM (SELECT p.quiz_day, count(a.post_id) AS answers,"
    " coalesce(sum(a.correct), 0) AS correct FROM daily_posts AS p"
    " LEFT JOIN daily_answers AS a ON a.post_id = p.id WHERE p.guild_id = ?"
    " GROUP BY p.quiz_day ORDER BY p.quiz_day DESC LIMIT ?) ORDER BY quiz_day"
)


class SQLiteDailyStore:
    """Daily quiz data next to the learners' progress. Closing the progress store closes it."""

    def __init__(self, database: SQLiteProgressStore, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock or SystemClock()
        self._answers = AnswerBatcher(self._write)

    async def _write(self, job: Job) -> Any:
        return await self._db.run_write(job)

    async def _fetch(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        async def job(conn: aiosqlite.Connection) -> list[Any]:
            return list(await conn.execute_fetchall(sql, params))

        return await self._db.run_read(job)

    async def _execute(self, sql: str, params: tuple[Any, ...]) -> int:
        async def job(conn: aiosqlite.Connection) -> int:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

        return await self._write(job)

    # ------------------------------------------------------------------ schedules

    async def save_schedule(self, schedule: DailySchedule) -> None:
        s = schedule
        reveal = None if s.reveal_after is None else int(s.reveal_after.total_seconds())
        await self._execute(
            "INSERT INTO daily_schedules (guild_id, channel_id, post_time, timezone,"
            " handled_through, ping_role_id, moderator_role_id, lessons, tags, reveal_after_s,"
            " paused, cycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,"
            " post_time = excluded.post_time, timezone = excluded.timezone,"
            " handled_through = excluded.handled_through, ping_role_id = excluded.ping_role_id,"
            " moderator_role_id = excluded.moderator_role_id, lessons = excluded.lessons,"
            " tags = excluded.tags, reveal_after_s = excluded.reveal_after_s,"
            " paused = excluded.paused, cycle = excluded.cycle",
            (
                s.guild_id, s.channel_id, s.post_time.strftime("%H:%M"), s.timezone,
                utc_text(s.handled_through), s.ping_role_id, s.moderator_role_id,
                ",".join(s.lessons), ",".join(s.tags), reveal, int(s.paused), s.cycle,
            ),
        )  # fmt: skip

    async def get_schedule(self, guild_id: int) -> DailySchedule | None:
        rows = await self._fetch(f"{_SCHEDULE} WHERE guild_id = ?", (guild_id,))
        return _schedule(rows[0]) if rows else None

    async def schedules(self) -> list[DailySchedule]:
        return [_schedule(row) for row in await self._fetch(f"{_SCHEDULE} ORDER BY guild_id")]

    async def set_paused(
        self, guild_id: int, paused: bool, handled_through: datetime | None = None
    ) -> DailySchedule | None:
        if handled_through is None:
            await self._execute(
                "UPDATE daily_schedules SET paused = ? WHERE guild_id = ?", (int(paused), guild_id)
            )
        else:
            await self._execute(
                "UPDATE daily_schedules SET paused = ?, handled_through = max(handled_through, ?)"
                " WHERE guild_id = ?",
                (int(paused), utc_text(handled_through), guild_id),
            )
        return await self.get_schedule(guild_id)

    async def record_missed(
        self, guild_id: int, slots: Sequence[datetime], reason: str, handled_through: datetime
    ) -> None:
        rows = [(guild_id, utc_text(slot), reason, self._now()) for slot in slots]

        async def job(conn: aiosqlite.Connection) -> None:
            await conn.executemany(
                "INSERT INTO daily_missed (guild_id, slot, reason, noted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                rows,
            )
            await _advance(conn, guild_id, utc_text(handled_through))

        await self._write(job)

    async def missed(self, guild_id: int, limit: int = 10) -> list[MissedSlot]:
        rows = await self._fetch(
            "SELECT guild_id, slot, reason, noted_at FROM daily_missed WHERE guild_id = ?"
            " ORDER BY slot DESC LIMIT ?",
            (guild_id, limit),
        )
        return [MissedSlot(r[0], parse_utc(r[1]), r[2], parse_utc(r[3])) for r in rows]

    def _now(self) -> str:
        return utc_text(self._clock.now(), "clock.now()")

    # ------------------------------------------------------------------ posts

    async def create_post(self, post: NewPost, missed: Sequence[datetime] = ()) -> DailyPost | None:
        p = post
        slot = None if p.slot is None else utc_text(p.slot)
        reveal = None if p.reveal_at is None else utc_text(p.reveal_at)
        noted = self._now()

        async def job(conn: aiosqlite.Connection) -> int | None:
            cursor = await conn.execute(
                "INSERT INTO daily_posts (guild_id, channel_id, lesson_id, question_id, cycle,"
                " quiz_day, posted_at, reveal_at, slot, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, slot) DO NOTHING",
                (p.guild_id, p.channel_id, p.lesson_id, p.question_id, p.cycle,
                 p.quiz_day.isoformat(), utc_text(p.posted_at), reveal, slot, int(p.late)),
            )  # fmt: skip
            if cursor.rowcount != 1:
                return None
            post_id = cursor.lastrowid
            await conn.execute(
                "UPDATE daily_schedules SET cycle = max(cycle, ?) WHERE guild_id = ?",
                (p.cycle, p.guild_id),
            )
            if slot is not None:
                await conn.executemany(
                    "INSERT INTO daily_missed (guild_id, slot, reason, noted_at)"
                    " VALUES (?, ?, 'the bot was offline', ?) ON CONFLICT DO NOTHING",
                    [(p.guild_id, utc_text(m), noted) for m in missed],
                )
                await _advance(conn, p.guild_id, slot)
            return post_id

        post_id = await self._write(job)
        return None if post_id is None else await self.get_post(post_id)

    async def set_message(self, post_id: int, message_id: int) -> None:
        await self._execute(
            "UPDATE daily_posts SET message_id = ? WHERE id = ?", (message_id, post_id)
        )

    async def fail_post(self, post_id: int, reason: str) -> None:
        noted = self._now()

        async def job(conn: aiosqlite.Connection) -> None:
            rows = list(
                await conn.execute_fetchall(
                    "SELECT guild_id, coalesce(slot, posted_at) FROM daily_posts WHERE id = ?",
                    (post_id,),
                )
            )
            if not rows:
                return
            await conn.execute(
                "INSERT INTO daily_missed (guild_id, slot, reason, noted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, slot) DO UPDATE SET reason = excluded.reason",
                (rows[0][0], rows[0][1], reason, noted),
            )
            await conn.execute("DELETE FROM daily_posts WHERE id = ?", (post_id,))

        await self._write(job)

    async def get_post(self, post_id: int) -> DailyPost | None:
        rows = await self._fetch(f"{_POST} WHERE id = ?", (post_id,))
        return _post(rows[0]) if rows else None

    async def latest_post(self, guild_id: int) -> DailyPost | None:
        rows = await self._fetch(
            f"{_POST} WHERE guild_id = ? ORDER BY id DESC LIMIT 1", (guild_id,)
        )
        return _post(rows[0]) if rows else None

    async def open_posts(self, guild_id: int | None = None) -> list[DailyPost]:
        if guild_id is None:
            rows = await self._fetch(f"{_POST} WHERE revealed_at IS NULL ORDER BY id")
        else:
            rows = await self._fetch(
                f"{_POST} WHERE revealed_at IS NULL AND guild_id = ? ORDER BY id", (guild_id,)
            )
        return [_post(row) for row in rows]

    async def due_reveals(self, now: datetime) -> list[DailyPost]:
        rows = await self._fetch(
            f"{_POST} WHERE revealed_at IS NULL AND reveal_at IS NOT NULL AND reveal_at <= ?"
            " ORDER BY reveal_at, id",
            (utc_text(now),),
        )
        return [_post(row) for row in rows]

    async def mark_revealed(self, post_id: int, at: datetime) -> bool:
        changed = await self._execute(
            "UPDATE daily_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL",
            (utc_text(at), post_id),
        )
        return changed == 1

    async def asked_questions(self, guild_id: int, cycle: int) -> set[tuple[str, str]]:
        rows = await self._fetch(
            "SELECT DISTINCT lesson_id, question_id FROM daily_posts"
            " WHERE guild_id = ? AND cycle = ?",
            (guild_id, cycle),
        )
        return {(row[0], row[1]) for row in rows}

    async def quiz_days(self, guild_id: int) -> list[date]:
        rows = await self._fetch(
            "SELECT DISTINCT quiz_day FROM daily_posts WHERE guild_id = ? ORDER BY quiz_day",
            (guild_id,),
        )
        return [date.fromisoformat(row[0]) for row in rows]

    # ------------------------------------------------------------------ answers

    async def record_answer(
        self, guild_id: int, answer: DailyAnswer, display_name: str = ""
    ) -> tuple[DailyAnswer, bool]:
        """Batched with the other clicks waiting (see `sqlite_answers`): a burst stays cheap."""
        check_learner(answer.learner)
        utc_text(answer.at, "answer.at")  # a bad time fails this call, not its batch
        return await self._answers.record(guild_id, answer, display_name, self._now())

    async def get_answer(self, post_id: int, learner: LearnerId) -> DailyAnswer | None:
        rows = await self._fetch(
            "SELECT post_id, learner_id, choice, correct, at FROM daily_answers"
            " WHERE post_id = ? AND learner_id = ?",
            (post_id, learner),
        )
        return _answer(rows[0]) if rows else None

    async def learner_answers(self, learner: LearnerId) -> list[DailyAnswer]:
        rows = await self._fetch(
            "SELECT post_id, learner_id, choice, correct, at FROM daily_answers"
            " WHERE learner_id = ? ORDER BY at, post_id",
            (learner,),
        )
        return [_answer(row) for row in rows]

    async def answer_count(self, post_id: int) -> int:
        rows = await self._fetch("SELECT count(*) FROM daily_answers WHERE post_id = ?", (post_id,))
        return int(rows[0][0])

    async def choice_counts(self, post_id: int) -> dict[int, int]:
        rows = await self._fetch(
            "SELECT choice, count(*) FROM daily_answers WHERE post_id = ? GROUP BY choice",
            (post_id,),
        )
        return {int(choice): int(count) for choice, count in rows}

    async def question_stats(
        self, guild_id: int, question_id: str | None = None
    ) -> list[QuestionStats]:
        where, params = "p.guild_id = ?", (guild_id,)
        if question_id is not None:
            where, params = where + " AND p.question_id = ?", (guild_id, question_id)
        posts = await self._fetch(
            "SELECT p.lesson_id, p.question_id, count(*) FROM daily_posts AS p"
            f" WHERE {where} GROUP BY p.lesson_id, p.question_id ORDER BY min(p.id)",
            params,
        )
        picks = await self._fetch(
            "SELECT p.lesson_id, p.question_id, a.choice, count(*) FROM daily_posts AS p"
            f" JOIN daily_answers AS a ON a.post_id = p.id WHERE {where}"
            " GROUP BY p.lesson_id, p.question_id, a.choice",
            params,
        )
        choices: dict[tuple[str, str], dict[int, int]] = {}
        for lesson_id, qid, choice, count in picks:
            choices.setdefault((lesson_id, qid), {})[int(choice)] = int(count)
        return [
            QuestionStats(lesson_id, qid, int(count), choices.get((lesson_id, qid), {}))
            for lesson_id, qid, count in posts
        ]

    async def day_rates(self, guild_id: int, days: int = 14) -> list[DayRate]:
        rows = await self._fetch(_DAY_RATES, (guild_id, max(days, 0)))
        return [
            DayRate(date.fromisoformat(day), int(answers), int(correct))
            for day, answers, correct in rows
        ]

    async def member_days(
        self, guild_id: int, learners: Sequence[LearnerId]
    ) -> dict[LearnerId, list[MemberDay]]:
        found: dict[LearnerId, list[MemberDay]] = {learner: [] for learner in learners}
        if not learners:
            return found
        marks = ",".join("?" for _ in learners)
        rows = await self._fetch(
            "SELECT a.learner_id, p.quiz_day, p.posted_at, a.correct FROM daily_answers AS a"
            " JOIN daily_posts AS p ON p.id = a.post_id"
            f" WHERE p.guild_id = ? AND a.learner_id IN ({marks}) ORDER BY p.posted_at, p.id",
            (guild_id, *learners),
        )
        for learner, day, posted_at, correct in rows:
            found[learner].append(
                MemberDay(date.fromisoformat(day), parse_utc(posted_at), bool(correct))
            )
        return found

    # ------------------------------------------------------------------ members, leaderboards

    async def remember_member(self, guild_id: int, learner: LearnerId, display_name: str) -> None:
        check_learner(learner)
        seen = self._now()

        async def job(conn: aiosqlite.Connection) -> None:
            await conn.execute(TOUCH_LEARNER, (learner, display_name, seen))
            await conn.execute(REMEMBER_MEMBER, (guild_id, learner, display_name, seen))

        await self._write(job)

    async def leaderboard(self, guild_id: int, limit: int, offset: int = 0) -> list[MemberScore]:
        rows = await self._fetch(
            "SELECT a.learner_id, coalesce(m.display_name, ''), count(*), sum(a.correct)"
            " FROM daily_answers AS a JOIN daily_posts AS p ON p.id = a.post_id"
            " LEFT JOIN guild_members AS m"
            " ON m.guild_id = p.guild_id AND m.learner_id = a.learner_id"
            " WHERE p.guild_id = ? GROUP BY a.learner_id"
            " ORDER BY sum(a.correct) DESC, count(*) DESC, a.learner_id LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        )
        return [MemberScore(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def leaderboard_size(self, guild_id: int) -> int:
        rows = await self._fetch(
            "SELECT count(DISTINCT a.learner_id) FROM daily_answers AS a"
            " JOIN daily_posts AS p ON p.id = a.post_id WHERE p.guild_id = ?",
            (guild_id,),
        )
        return int(rows[0][0])

    async def lesson_leaderboard(
        self, guild_id: int, limit: int, offset: int = 0
    ) -> list[LessonScore]:
        rows = await self._fetch(
            f"{_LESSON_SCORES} SELECT * FROM scores WHERE done > 0 OR steps > 0"
            " ORDER BY done DESC, steps DESC, learner_id LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        )
        return [LessonScore(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def lesson_leaderboard_size(self, guild_id: int) -> int:
        sql = f"{_LESSON_SCORES} SELECT count(*) FROM scores WHERE done > 0 OR steps > 0"
        rows = await self._fetch(sql, (guild_id,))
        return int(rows[0][0])


async def _advance(conn: aiosqlite.Connection, guild_id: int, handled_through: str) -> None:
    await conn.execute(
        "UPDATE daily_schedules SET handled_through = max(handled_through, ?) WHERE guild_id = ?",
        (handled_through, guild_id),
    )


def _schedule(row: Any) -> DailySchedule:
    hour, minute = (int(part) for part in row[2].split(":"))
    return DailySchedule(
        guild_id=row[0],
        channel_id=row[1],
        post_time=time(hour, minute),
        timezone=row[3],
        handled_through=parse_utc(row[4]),
        ping_role_id=row[5],
        moderator_role_id=row[6],
        lessons=tuple(x for x in row[7].split(",") if x),
        tags=tuple(x for x in row[8].split(",") if x),
        reveal_after=None if row[9] is None else timedelta(seconds=row[9]),
        paused=bool(row[10]),
        cycle=row[11],
    )


def _post(row: Any) -> DailyPost:
    return DailyPost(
        id=row[0],
        guild_id=row[1],
        channel_id=row[2],
        message_id=row[3],
        lesson_id=row[4],
        question_id=row[5],
        cycle=row[6],
        quiz_day=date.fromisoformat(row[7]),
        posted_at=parse_utc(row[8]),
        reveal_at=None if row[9] is None else parse_utc(row[9]),
        slot=None if row[10] is None else parse_utc(row[10]),
        late=bool(row[11]),
        revealed_at=None if row[12] is None else parse_utc(row[12]),
    )


def _answer(row: Any) -> DailyAnswer:
    return DailyAnswer(row[0], row[1], row[2], bool(row[3]), parse_utc(row[4]))
