"""`MemoryDailyStore`: the `DailyStore` contract in dicts, for fast tests.

The contract tests in `tests/daily/test_daily_store.py` run against this and
`SQLiteDailyStore`, so code tested on it behaves the same on the real file. Lesson
leaderboards read the learners' progress through the `ProgressStore` port it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

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
    ProgressStore,
    QuestionStats,
    SystemClock,
)
from bot.storage.records import check_learner, utc


class MemoryDailyStore:
    def __init__(self, progress: ProgressStore | None = None, clock: Clock | None = None) -> None:
        self._progress = progress
        self._clock = clock or SystemClock()
        self._schedules: dict[int, DailySchedule] = {}
        self._posts: dict[int, DailyPost] = {}
        self._answers: dict[tuple[int, LearnerId], DailyAnswer] = {}
        self._missed: dict[tuple[int, datetime], MissedSlot] = {}
        self._names: dict[tuple[int, LearnerId], str] = {}

    # ------------------------------------------------------------------ schedules

    async def save_schedule(self, schedule: DailySchedule) -> None:
        self._schedules[schedule.guild_id] = replace(
            schedule, handled_through=utc(schedule.handled_through)
        )

    async def get_schedule(self, guild_id: int) -> DailySchedule | None:
        return self._schedules.get(guild_id)

    async def schedules(self) -> list[DailySchedule]:
        return [self._schedules[g] for g in sorted(self._schedules)]

    async def set_paused(
        self, guild_id: int, paused: bool, handled_through: datetime | None = None
    ) -> DailySchedule | None:
        schedule = self._schedules.get(guild_id)
        if schedule is None:
            return None
        schedule = replace(schedule, paused=paused)
        if handled_through is not None:
            self._schedules[guild_id] = schedule
            self._advance(guild_id, handled_through)
        else:
            self._schedules[guild_id] = schedule
        return self._schedules[guild_id]

    def _advance(self, guild_id: int, handled_through: datetime) -> None:
        schedule = self._schedules.get(guild_id)
        if schedule is not None:
            newest = max(schedule.handled_through, utc(handled_through))
            self._schedules[guild_id] = replace(schedule, handled_through=newest)

    def _note_missed(self, guild_id: int, slot: datetime, reason: str, overwrite: bool) -> None:
        key = (guild_id, utc(slot))
        if overwrite or key not in self._missed:
            self._missed[key] = MissedSlot(guild_id, utc(slot), reason, utc(self._clock.now()))

    async def record_missed(
        self, guild_id: int, slots: Sequence[datetime], reason: str, handled_through: datetime
    ) -> None:
        for slot in slots:
            self._note_missed(guild_id, slot, reason, overwrite=False)
        self._advance(guild_id, handled_through)

    async def missed(self, guild_id: int, limit: int = 10) -> list[MissedSlot]:
        mine = [m for (g, _), m in self._missed.items() if g == guild_id]
        return sorted(mine, key=lambda m: m.slot, reverse=True)[:limit]

    # ------------------------------------------------------------------ posts

    async def create_post(self, post: NewPost, missed: Sequence[datetime] = ()) -> DailyPost | None:
        slot = None if post.slot is None else utc(post.slot)
        if slot is not None and any(
            p.guild_id == post.guild_id and p.slot == slot for p in self._posts.values()
        ):
            return None
        post_id = max(self._posts, default=0) + 1
        created = DailyPost(
            id=post_id,
            guild_id=post.guild_id,
            channel_id=post.channel_id,
            message_id=None,
            lesson_id=post.lesson_id,
            question_id=post.question_id,
            cycle=post.cycle,
            quiz_day=post.quiz_day,
            posted_at=utc(post.posted_at),
            reveal_at=None if post.reveal_at is None else utc(post.reveal_at),
            slot=slot,
            late=post.late,
        )
        self._posts[post_id] = created
        schedule = self._schedules.get(post.guild_id)
        if schedule is not None and post.cycle > schedule.cycle:
            self._schedules[post.guild_id] = replace(schedule, cycle=post.cycle)
        if slot is not None:
            for old in missed:
                self._note_missed(post.guild_id, old, "the bot was offline", overwrite=False)
            self._advance(post.guild_id, slot)
        return created

    async def set_message(self, post_id: int, message_id: int) -> None:
        if post_id in self._posts:
            self._posts[post_id] = replace(self._posts[post_id], message_id=message_id)

    async def fail_post(self, post_id: int, reason: str) -> None:
        post = self._posts.pop(post_id, None)
        if post is not None:
            self._note_missed(post.guild_id, post.slot or post.posted_at, reason, overwrite=True)

    async def get_post(self, post_id: int) -> DailyPost | None:
        return self._posts.get(post_id)

    async def latest_post(self, guild_id: int) -> DailyPost | None:
        mine = [p for p in self._posts.values() if p.guild_id == guild_id]
        return max(mine, key=lambda p: p.id, default=None)

    async def open_posts(self, guild_id: int | None = None) -> list[DailyPost]:
        return [
            p
            for _, p in sorted(self._posts.items())
            if not p.revealed and guild_id in (None, p.guild_id)
        ]

    async def due_reveals(self, now: datetime) -> list[DailyPost]:
        due = [
            p
            for p in self._posts.values()
            if not p.revealed and p.reveal_at is not None and p.reveal_at <= utc(now)
        ]
        return sorted(due, key=lambda p: (p.reveal_at, p.id))

    async def mark_revealed(self, post_id: int, at: datetime) -> bool:
        post = self._posts.get(post_id)
        if post is None or post.revealed:
            return False
        self._posts[post_id] = replace(post, revealed_at=utc(at))
        return True

    async def asked_questions(self, guild_id: int, cycle: int) -> set[tuple[str, str]]:
        return {
            (p.lesson_id, p.question_id)
            for p in self._posts.values()
            if p.guild_id == guild_id and p.cycle == cycle
        }

    async def quiz_days(self, guild_id: int) -> list[date]:
        return sorted({p.quiz_day for p in self._posts.values() if p.guild_id == guild_id})

    # ------------------------------------------------------------------ answers

    async def record_answer(
        self, guild_id: int, answer: DailyAnswer, display_name: str = ""
    ) -> tuple[DailyAnswer, bool]:
        check_learner(answer.learner)
        await self.remember_member(guild_id, answer.learner, display_name)
        key = (answer.post_id, answer.learner)
        if key in self._answers:
            return self._answers[key], False
        stored = replace(answer, at=utc(answer.at, "answer.at"))
        self._answers[key] = stored
        return stored, True

    async def get_answer(self, post_id: int, learner: LearnerId) -> DailyAnswer | None:
        return self._answers.get((post_id, learner))

    async def learner_answers(self, learner: LearnerId) -> list[DailyAnswer]:
        mine = [a for a in self._answers.values() if a.learner == learner]
        return sorted(mine, key=lambda a: (a.at, a.post_id))

    async def answer_count(self, post_id: int) -> int:
        return sum(1 for a in self._answers.values() if a.post_id == post_id)

    async def choice_counts(self, post_id: int) -> dict[int, int]:
        counts: dict[int, int] = {}
        for a in self._answers.values():
            if a.post_id == post_id:
                counts[a.choice] = counts.get(a.choice, 0) + 1
        return counts

    async def question_stats(
        self, guild_id: int, question_id: str | None = None
    ) -> list[QuestionStats]:
        posts: dict[tuple[str, str], list[int]] = {}
        for post in sorted(self._posts.values(), key=lambda p: p.id):
            if post.guild_id == guild_id and question_id in (None, post.question_id):
                posts.setdefault((post.lesson_id, post.question_id), []).append(post.id)
        stats = []
        for (lesson_id, qid), ids in posts.items():
            choices: dict[int, int] = {}
            for a in self._answers.values():
                if a.post_id in ids:
                    choices[a.choice] = choices.get(a.choice, 0) + 1
            stats.append(QuestionStats(lesson_id, qid, len(ids), choices))
        return stats

    async def day_rates(self, guild_id: int, days: int = 14) -> list[DayRate]:
        tally: dict[date, list[int]] = {}
        for post in self._posts.values():
            if post.guild_id == guild_id:
                tally.setdefault(post.quiz_day, [0, 0])
        for answer in self._answers.values():
            post = self._posts.get(answer.post_id)
            if post is not None and post.guild_id == guild_id:
                tally[post.quiz_day][0] += 1
                tally[post.quiz_day][1] += answer.correct
        recent = sorted(tally)[-days:] if days > 0 else []
        return [DayRate(day, *tally[day]) for day in recent]

    async def member_days(
        self, guild_id: int, learners: Sequence[LearnerId]
    ) -> dict[LearnerId, list[MemberDay]]:
        found: dict[LearnerId, list[MemberDay]] = {learner: [] for learner in learners}
        for (post_id, learner), answer in self._answers.items():
            post = self._posts.get(post_id)
            if learner in found and post is not None and post.guild_id == guild_id:
                found[learner].append(MemberDay(post.quiz_day, post.posted_at, answer.correct))
        for days in found.values():
            days.sort(key=lambda d: d.posted_at)
        return found

    # ------------------------------------------------------------------ members, leaderboards

    async def remember_member(self, guild_id: int, learner: LearnerId, display_name: str) -> None:
        check_learner(learner)
        key = (guild_id, learner)
        if display_name or key not in self._names:
            self._names[key] = display_name or self._names.get(key, "")

    def _scores(self, guild_id: int) -> list[MemberScore]:
        totals: dict[LearnerId, list[int]] = {}
        for (post_id, learner), answer in self._answers.items():
            post = self._posts.get(post_id)
            if post is not None and post.guild_id == guild_id:
                entry = totals.setdefault(learner, [0, 0])
                entry[0] += 1
                entry[1] += int(answer.correct)
        scores = [
            MemberScore(learner, self._names.get((guild_id, learner), ""), n, c)
            for learner, (n, c) in totals.items()
        ]
        return sorted(scores, key=lambda s: (-s.correct, -s.answered, s.learner))

    async def leaderboard(self, guild_id: int, limit: int, offset: int = 0) -> list[MemberScore]:
        return self._scores(guild_id)[offset : offset + limit]

    async def leaderboard_size(self, guild_id: int) -> int:
        return len(self._scores(guild_id))

    async def _lesson_scores(self, guild_id: int) -> list[LessonScore]:
        if self._progress is None:
            return []
        scores = []
        for (guild, learner), name in self._names.items():
            if guild != guild_id:
                continue
            progress = await self._progress.list_progress(learner)
            done = sum(1 for p in progress if p.completed)
            steps = sum(p.steps_solved for p in progress)
            if done or steps:
                scores.append(LessonScore(learner, name, done, steps))
        return sorted(scores, key=lambda s: (-s.lessons_completed, -s.steps_done, s.learner))

    async def lesson_leaderboard(
        self, guild_id: int, limit: int, offset: int = 0
    ) -> list[LessonScore]:
        return (await self._lesson_scores(guild_id))[offset : offset + limit]

    async def lesson_leaderboard_size(self, guild_id: int) -> int:
        return len(await self._lesson_scores(guild_id))
