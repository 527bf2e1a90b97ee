"""Leaderboards of the PostgreSQL daily store: members by daily answers, and by lessons.

Ties are broken by learner id compared byte-wise (`COLLATE "C"`), as SQLite does, so both
stores list the same members in the same order whatever the database's locale.
"""

from __future__ import annotations

from bot.core.ports import LessonScore, MemberScore
from bot.storage.postgres import PostgresProgressStore

# Members seen in a guild who did some lesson work: lessons completed, steps done.
_LESSON_SCORES = (
    "WITH scores AS (SELECT m.learner_id, m.display_name,"
    " (SELECT count(*) FROM lesson_progress AS p"
    "   WHERE p.learner_id = m.learner_id AND p.completed_at IS NOT NULL) AS done,"
    " (SELECT count(*) FROM step_state AS s WHERE s.learner_id = m.learner_id"
    "   AND s.accepted_code IS NOT NULL) AS steps"
    " FROM guild_members AS m WHERE m.guild_id = $1) "
)


class PostgresLeaderboards:
    """Mixed into `PostgresDailyStore`, which sets `_db`."""

    _db: PostgresProgressStore

    async def leaderboard(self, guild_id: int, limit: int, offset: int = 0) -> list[MemberScore]:
        rows = await self._db.fetch(
            "SELECT a.learner_id, coalesce(max(m.display_name), ''), count(*),"
            " count(*) FILTER (WHERE a.correct)"
            " FROM daily_answers AS a JOIN daily_posts AS p ON p.id = a.post_id"
            " LEFT JOIN guild_members AS m"
            " ON m.guild_id = p.guild_id AND m.learner_id = a.learner_id"
            " WHERE p.guild_id = $1 GROUP BY a.learner_id"
            ' ORDER BY 4 DESC, 3 DESC, a.learner_id COLLATE "C" LIMIT $2 OFFSET $3',
            guild_id,
            limit,
            offset,
        )
        return [MemberScore(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def leaderboard_size(self, guild_id: int) -> int:
        rows = await self._db.fetch(
            "SELECT count(DISTINCT a.learner_id) FROM daily_answers AS a"
            " JOIN daily_posts AS p ON p.id = a.post_id WHERE p.guild_id = $1",
            guild_id,
        )
        return int(rows[0][0])

    async def lesson_leaderboard(
        self, guild_id: int, limit: int, offset: int = 0
    ) -> list[LessonScore]:
        rows = await self._db.fetch(
            f"{_LESSON_SCORES} SELECT * FROM scores WHERE done > 0 OR steps > 0"
            ' ORDER BY done DESC, steps DESC, learner_id COLLATE "C" LIMIT $2 OFFSET $3',
            guild_id,
            limit,
            offset,
        )
        return [LessonScore(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    async def lesson_leaderboard_size(self, guild_id: int) -> int:
        sql = f"{_LESSON_SCORES} SELECT count(*) FROM scores WHERE done > 0 OR steps > 0"
        rows = await self._db.fetch(sql, guild_id)
        return int(rows[0][0])
