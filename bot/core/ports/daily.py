"""What the daily quiz keeps: the values that cross the `DailyStore` port, and the port itself.

A schedule per guild (one daily channel), the posts made for it, and each member's single
answer per post. The store is the scheduler's source of truth: the bot asks it what is due
instead of trusting timers, so a restart or an outage never loses or repeats a post.
Member ids are `LearnerId`s ("discord:1234") like everywhere else in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from bot.core.ports.pictures import DayRate
from bot.core.ports.progress import LearnerId


@dataclass(frozen=True)
class DailySchedule:
    """A guild's daily quiz settings plus the scheduler's bookkeeping.

    `handled_through` is the latest scheduled instant already dealt with (posted or
    reported missed); `cycle` counts passes through the question pool.
    """

    guild_id: int
    channel_id: int
    post_time: time  # wall-clock time in `timezone`
    timezone: str  # IANA name
    handled_through: datetime
    ping_role_id: int | None = None
    moderator_role_id: int | None = None
    lessons: tuple[str, ...] = ()  # empty: every lesson
    tags: tuple[str, ...] = ()  # empty: no tag filter
    reveal_after: timedelta | None = None  # None: reveal when the next quiz is posted
    paused: bool = False
    cycle: int = 1


@dataclass(frozen=True)
class NewPost:
    """A post about to be sent; `slot` is None for a moderator's /daily post-now."""

    guild_id: int
    channel_id: int
    lesson_id: str
    question_id: str
    cycle: int
    quiz_day: date  # the guild-local date the post belongs to (streaks count these)
    posted_at: datetime
    reveal_at: datetime | None
    slot: datetime | None = None
    late: bool = False  # a catch-up post made after downtime


@dataclass(frozen=True)
class DailyPost:
    id: int
    guild_id: int
    channel_id: int
    message_id: int | None  # None until the message is sent (or if sending was interrupted)
    lesson_id: str
    question_id: str
    cycle: int
    quiz_day: date
    posted_at: datetime
    reveal_at: datetime | None
    slot: datetime | None = None
    late: bool = False
    revealed_at: datetime | None = None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True)
class DailyAnswer:
    post_id: int
    learner: LearnerId
    choice: int
    correct: bool
    at: datetime


@dataclass(frozen=True)
class MissedSlot:
    """A scheduled post that was not made, kept so moderators are told instead of left guessing."""

    guild_id: int
    slot: datetime
    reason: str
    noted_at: datetime


@dataclass(frozen=True)
class QuestionStats:
    """Answers to one question across every post of it in a guild."""

    lesson_id: str
    question_id: str
    posts: int
    choices: dict[int, int]  # option index → answers, only options someone picked

    @property
    def answers(self) -> int:
        return sum(self.choices.values())


@dataclass(frozen=True)
class MemberScore:
    """One leaderboard row; `display_name` is the last name the member was seen with."""

    learner: LearnerId
    display_name: str
    answered: int
    correct: int


@dataclass(frozen=True)
class LessonScore:
    learner: LearnerId
    display_name: str
    lessons_completed: int
    steps_done: int


@dataclass(frozen=True)
class MemberDay:
    """A member's answer reduced to what streaks need."""

    quiz_day: date
    posted_at: datetime
    correct: bool


class DailyStore(Protocol):
    """Everything the daily quiz persists. Every write commits before it returns."""

    # schedules
    async def save_schedule(self, schedule: DailySchedule) -> None: ...

    async def get_schedule(self, guild_id: int) -> DailySchedule | None: ...

    async def schedules(self) -> list[DailySchedule]: ...

    async def set_paused(
        self, guild_id: int, paused: bool, handled_through: datetime | None = None
    ) -> DailySchedule | None:
        """Pause or resume; resuming with `handled_through` skips the paused slots quietly."""
        ...

    async def record_missed(
        self, guild_id: int, slots: Sequence[datetime], reason: str, handled_through: datetime
    ) -> None:
        """Note missed slots and advance `handled_through`, in one transaction."""
        ...

    async def missed(self, guild_id: int, limit: int = 10) -> list[MissedSlot]: ...

    # posts
    async def create_post(self, post: NewPost, missed: Sequence[datetime] = ()) -> DailyPost | None:
        """Claim a post. With a slot, also advance the schedule past it (and note `missed`
        older slots) in the same transaction; None if that slot already has a post."""
        ...

    async def set_message(self, post_id: int, message_id: int) -> None: ...

    async def fail_post(self, post_id: int, reason: str) -> None:
        """The message could not be sent: drop the claim, note the slot as missed."""
        ...

    async def get_post(self, post_id: int) -> DailyPost | None: ...

    async def latest_post(self, guild_id: int) -> DailyPost | None: ...

    async def open_posts(self, guild_id: int | None = None) -> list[DailyPost]:
        """Posts not revealed yet, oldest first (every guild when `guild_id` is None)."""
        ...

    async def due_reveals(self, now: datetime) -> list[DailyPost]: ...

    async def mark_revealed(self, post_id: int, at: datetime) -> bool:
        """True for the one caller that revealed it; False if it already was."""
        ...

    async def asked_questions(self, guild_id: int, cycle: int) -> set[tuple[str, str]]:
        """(lesson id, question id) of every post in the guild's given pool cycle."""
        ...

    async def quiz_days(self, guild_id: int) -> list[date]: ...

    # answers
    async def record_answer(
        self, guild_id: int, answer: DailyAnswer, display_name: str = ""
    ) -> tuple[DailyAnswer, bool]:
        """Store a member's answer once: (the stored answer, True) or (the earlier one, False)."""
        ...

    async def get_answer(self, post_id: int, learner: LearnerId) -> DailyAnswer | None: ...

    async def learner_answers(self, learner: LearnerId) -> list[DailyAnswer]:
        """Every daily answer of one learner, oldest first (for their data export)."""
        ...

    async def answer_count(self, post_id: int) -> int: ...

    async def choice_counts(self, post_id: int) -> dict[int, int]: ...

    async def question_stats(
        self, guild_id: int, question_id: str | None = None
    ) -> list[QuestionStats]: ...

    async def day_rates(self, guild_id: int, days: int = 14) -> list[DayRate]:
        """Answers and right answers on the guild's last `days` quiz days, oldest first."""
        ...

    async def member_days(
        self, guild_id: int, learners: Sequence[LearnerId]
    ) -> dict[LearnerId, list[MemberDay]]:
        """Each member's answered posts in the guild, oldest first."""
        ...

    # members and leaderboards
    async def remember_member(
        self, guild_id: int, learner: LearnerId, display_name: str
    ) -> None: ...

    async def leaderboard(self, guild_id: int, limit: int, offset: int = 0) -> list[MemberScore]:
        """Members by correct answers, then answers, then id."""
        ...

    async def leaderboard_size(self, guild_id: int) -> int: ...

    async def lesson_leaderboard(
        self, guild_id: int, limit: int, offset: int = 0
    ) -> list[LessonScore]:
        """Members seen in the guild by lessons completed, then steps done."""
        ...

    async def lesson_leaderboard_size(self, guild_id: int) -> int: ...
