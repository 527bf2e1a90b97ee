"""`DailyDesk`: posts, counts and reveals daily quizzes, asking the database what is due.

Timers only say "look now"; what to do comes from the `DailyStore` and the injected clock,
so a restart, an outage or two processes at once can neither skip nor double a post:
claiming a slot and advancing the schedule happen in one transaction before the message
is sent. Answers are stored once per member (the store's primary key) and the public
message is edited at most every `count_interval` seconds to show how many answered; the
reveal edits that same message.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

import discord

from bot.core.content import Lesson, Question
from bot.core.daily import (
    CATCH_UP_WINDOW,
    EmptyPool,
    PoolOutlook,
    catch_up,
    load_zone,
    local_day,
    next_slot,
    pick_question,
    pool_outlook,
    reveal_time,
    tally_counts,
)
from bot.core.ports import (
    Answer,
    Clock,
    DailyAnswer,
    DailyPost,
    DailySchedule,
    DailySource,
    DailyStore,
    InvalidChoice,
    NewPost,
    QuestionBankStore,
    TutorError,
)
from bot.core.quiz import BANK_LESSON, QuestionEngine
from bot.discord_app import quiz_render
from bot.discord_app.bank_daily import BankPool, Resolved
from bot.discord_app.quiz_components import daily_buttons
from bot.discord_app.render import notice
from bot.discord_app.replies import NO_MENTIONS, learner_id, send
from bot.discord_app.sharding import client_owner

log = logging.getLogger(__name__)

LATE_AFTER = timedelta(minutes=5)  # a catch-up post says it is late beyond this
OFFLINE = "the bot was offline"
QuestionKey = tuple[str, str]  # (lesson id, question id)


def lesson_of(key: QuestionKey) -> str:
    """Draws are spread over the pool's lessons (`pick_question`'s group)."""
    return key[0]


class DailyDesk:
    def __init__(
        self,
        bot: discord.Client,
        store: DailyStore,
        engine: QuestionEngine,
        clock: Clock,
        *,
        window: timedelta = CATCH_UP_WINDOW,
        count_interval: float = 2.0,
        rng: random.Random | None = None,
        bank: QuestionBankStore | None = None,
    ) -> None:
        self.bot = bot
        self.bank = BankPool(bank)
        self.store = store
        self.engine = engine
        self.clock = clock
        self.window = window
        self.count_interval = count_interval
        self.rng = rng or random.Random()
        self._tick_lock = asyncio.Lock()
        self._edit_locks: dict[int, asyncio.Lock] = {}
        self._count_tasks: dict[int, asyncio.Task[None]] = {}
        self._posts: dict[int, DailyPost] = {}  # open posts, so a click costs no read

    async def aclose(self) -> None:
        for task in self._count_tasks.values():
            task.cancel()
        await asyncio.gather(*self._count_tasks.values(), return_exceptions=True)

    # ------------------------------------------------------------------ content

    def pool(self, schedule: DailySchedule) -> list[QuestionKey]:
        """Every question of the guild's lessons (all if none chosen) carrying one of its tags."""
        keys = []
        for lesson in self.engine.lessons():
            if schedule.lessons and lesson.id not in schedule.lessons:
                continue
            if schedule.tags and not set(schedule.tags) & set(lesson.tags):
                continue
            keys.extend((lesson.id, q.id) for q in lesson.questions)
        return keys

    async def keys(self, schedule: DailySchedule) -> list[QuestionKey]:
        """The guild's pool for its source: lesson questions, its own bank's, or both."""
        source = await self.bank.source(schedule.guild_id)
        keys = [] if source is DailySource.SERVER else self.pool(schedule)
        if source is not DailySource.LESSONS:
            keys += await self.bank.keys(schedule.guild_id)
        return keys

    async def resolve(self, guild_id: int, lesson_id: str, question_id: str) -> Resolved:
        """A post's question, from the lessons or the server's bank."""
        if lesson_id == BANK_LESSON:
            return await self.bank.resolve(guild_id, question_id)
        lesson, question = self.question(lesson_id, question_id)
        return Resolved(lesson.title, question)

    def outlook(
        self,
        schedule: DailySchedule,
        asked: Collection[QuestionKey],
        pool: list[QuestionKey],
    ) -> PoolOutlook:
        """How many days of new questions `pool` (`keys`) holds from the next post on."""
        zone = load_zone(schedule.timezone)
        upcoming = None
        if not schedule.paused:
            upcoming = local_day(next_slot(schedule.post_time, zone, self.clock.now()), zone)
        return pool_outlook(pool, asked, upcoming, lesson_of)

    def question(self, lesson_id: str, question_id: str) -> tuple[Lesson, Question]:
        lesson = self.engine.catalog.get(lesson_id)
        question = lesson.question(question_id) if lesson else None
        if lesson is None or question is None:
            raise TutorError("This quiz's question was removed from the lessons.")
        return lesson, question

    # ------------------------------------------------------------------ the schedule

    async def tick(self) -> None:
        """Post what is due in this process's guilds, then reveal what is due there.

        Safe to call any time. With sharded processes each does only the guilds of its
        shards (`sharding.client_owner`); the store's constraints keep a post single even
        if two processes both think a guild is theirs.
        """
        async with self._tick_lock:
            now = self.clock.now()
            mine = client_owner(self.bot)
            for schedule in await self.store.schedules():
                if not schedule.paused and mine(schedule.guild_id):
                    await self._run_schedule(schedule, now)
            for post in await self.store.due_reveals(now):
                if mine(post.guild_id):
                    await self.reveal(post)

    async def _run_schedule(self, schedule: DailySchedule, now: datetime) -> None:
        zone = load_zone(schedule.timezone)
        due = catch_up(schedule.post_time, zone, schedule.handled_through, now, self.window)
        if due.handled_through is None:
            return
        guild = schedule.guild_id
        if due.missed or due.post is None:
            count = len(due.missed) + (due.post is None)
            log.warning("daily quiz in guild %s missed %d post(s): %s", guild, count, OFFLINE)
        if due.post is None:
            await self.store.record_missed(guild, due.missed, OFFLINE, due.handled_through)
            return
        try:
            await self.post(schedule, slot=due.post, missed=due.missed)
        except EmptyPool as error:
            missed = (*due.missed, due.post)
            await self.store.record_missed(guild, missed, error.message, due.post)
            log.warning("daily quiz in guild %s not posted: %s", guild, error.message)

    async def post(
        self,
        schedule: DailySchedule,
        *,
        slot: datetime | None = None,
        missed: Sequence[datetime] = (),
    ) -> DailyPost | None:
        """Post the guild's next question; None if that slot was already posted.

        Open posts of the guild are revealed first ("reveal when the next quiz is posted").
        Raises EmptyPool when no question matches the guild's lessons and tags.
        """
        now = self.clock.now()
        zone = load_zone(schedule.timezone)
        asked = await self.store.asked_questions(schedule.guild_id, schedule.cycle)
        pool = await self.keys(schedule)
        pick = pick_question(pool, asked, schedule.cycle, self.rng, group=lesson_of)
        lesson_id, question_id = pick.question_id
        found = await self.resolve(schedule.guild_id, lesson_id, question_id)
        question = found.question
        for earlier in await self.store.open_posts(schedule.guild_id):
            await self.reveal(earlier)
        following = None if schedule.paused else next_slot(schedule.post_time, zone, now)
        late = slot is not None and now - slot > LATE_AFTER
        claim = NewPost(
            guild_id=schedule.guild_id,
            channel_id=schedule.channel_id,
            lesson_id=lesson_id,
            question_id=question_id,
            cycle=pick.cycle,
            quiz_day=local_day(slot or now, zone),
            posted_at=now,
            reveal_at=reveal_time(now, following, schedule.reveal_after),
            slot=slot,
            late=late,
        )
        post = await self.store.create_post(claim, missed)
        if post is None:
            return None
        reply = quiz_render.daily_post_reply(
            question, found.title, 0, post.reveal_at, schedule.ping_role_id, _late_note(post)
        )
        channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        pings = NO_MENTIONS
        if schedule.ping_role_id:
            role = discord.Object(schedule.ping_role_id)
            pings = discord.AllowedMentions(everyone=False, users=False, roles=[role])
        try:
            message = await channel.send(
                content=reply.content or None,
                embeds=list(reply.embeds),
                view=_stopped(daily_buttons(post.id, question)),
                allowed_mentions=pings,
            )
        except discord.HTTPException as error:
            reason = f"could not post in the channel ({error.status}: {error.text or 'error'})"
            await self.store.fail_post(post.id, reason)
            log.warning("daily quiz in guild %s: %s", schedule.guild_id, reason)
            return None
        await self.store.set_message(post.id, message.id)
        post = await self.store.get_post(post.id) or post
        self._posts[post.id] = post
        return post

    # ------------------------------------------------------------------ reveal

    def _edit_lock(self, post_id: int) -> asyncio.Lock:
        return self._edit_locks.setdefault(post_id, asyncio.Lock())

    async def reveal(self, post: DailyPost) -> bool:
        """Edit the post into its answer and statistics; True if this call revealed it."""
        async with self._edit_lock(post.id):
            task = self._count_tasks.pop(post.id, None)
            if task is not None:
                task.cancel()
            current = await self.store.get_post(post.id)
            if current is None or current.revealed:
                return False
            try:
                found = await self.resolve(post.guild_id, post.lesson_id, post.question_id)
            except TutorError:
                log.warning("daily post %s: its question is gone; closing without reveal", post.id)
            else:
                question = found.question
                counts = await self.store.choice_counts(post.id)
                tally = tally_counts(counts, len(question.options), question.correct_index)
                reply = quiz_render.daily_reveal_reply(question, found.title, tally, found.credit)
                view = _stopped(daily_buttons(post.id, question, revealed=True))
                if not await self._edit(current, reply.embeds, view):
                    return False
            revealed = await self.store.mark_revealed(post.id, self.clock.now())
            self._posts.pop(post.id, None)
            self._edit_locks.pop(post.id, None)
            return revealed

    async def _edit(
        self,
        post: DailyPost,
        embeds: Sequence[discord.Embed],
        view: discord.ui.View | None = None,
    ) -> bool:
        """Edit the public message; False only for a failure worth retrying next tick."""
        if post.message_id is None:
            log.warning("daily post %s has no message id (interrupted while posting)", post.id)
            return True
        channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        message = channel.get_partial_message(post.message_id)
        extra = {"view": view} if view is not None else {}
        try:
            await message.edit(embeds=list(embeds), allowed_mentions=NO_MENTIONS, **extra)
        except (discord.NotFound, discord.Forbidden) as error:
            log.warning("daily post %s: cannot edit its message: %s", post.id, error)
        except discord.HTTPException as error:
            log.warning("daily post %s: edit failed, will retry: %s", post.id, error)
            return False
        return True

    # ------------------------------------------------------------------ answers

    async def _open_post(self, post_id: int) -> DailyPost | None:
        post = self._posts.get(post_id)
        if post is None:
            post = await self.store.get_post(post_id)
            if post is not None and not post.revealed:
                self._posts[post_id] = post
        return post

    async def answer(self, interaction: discord.Interaction, post_id: int, option: int) -> None:
        """A member's click: stored once, confirmed privately; later clicks show the first."""
        post = await self._open_post(post_id)
        if post is None:
            raise TutorError("This daily quiz no longer exists.")
        question = (await self.resolve(post.guild_id, post.lesson_id, post.question_id)).question
        learner = learner_id(interaction.user)
        if post.revealed:
            mine = await self.store.get_answer(post_id, learner)
            reply = quiz_render.daily_recap_reply(question, mine.choice if mine else None)
            await send(interaction, reply, ephemeral=True)
            return
        if not 0 <= option < len(question.options):
            raise InvalidChoice(option, len(question.options))
        answer = DailyAnswer(
            post_id, learner, option, option == question.correct_index, self.clock.now()
        )
        name = getattr(interaction.user, "display_name", "") or ""
        stored, created = await self.store.record_answer(post.guild_id, answer, name)
        chosen = quiz_render.option_line(question, stored.choice)
        if created:
            when = (
                quiz_render.stamp(post.reveal_at, "R") if post.reveal_at else "with the next quiz"
            )
            text = f"Got it: you answered {chosen}. The answer is revealed {when}."
        else:
            text = f"You already answered {chosen}. Your first answer is the one that counts."
        await send(interaction, notice(text), ephemeral=True)
        if created:
            self._count_soon(post)
            await self.engine.notify_answer(
                Answer(learner, post.lesson_id, post.question_id, stored.choice, stored.correct,
                       "daily", stored.at)
            )  # fmt: skip

    def _count_soon(self, post: DailyPost) -> None:
        if post.id not in self._count_tasks:
            task = asyncio.create_task(self._show_count(post), name=f"daily-count {post.id}")
            self._count_tasks[post.id] = task

    async def _show_count(self, post: DailyPost) -> None:
        """Edit "N answered" into the public message, at most once per interval."""
        await asyncio.sleep(self.count_interval)
        async with self._edit_lock(post.id):
            self._count_tasks.pop(post.id, None)
            current = self._posts.get(post.id)
            if current is None or current.revealed:
                return
            found = await self.resolve(post.guild_id, post.lesson_id, post.question_id)
            count = await self.store.answer_count(post.id)
            reply = quiz_render.daily_post_reply(
                found.question, found.title, count, post.reveal_at, late_note=_late_note(current)
            )
            await self._edit(current, reply.embeds)


def _late_note(post: DailyPost) -> str:
    return f"posted late: {OFFLINE} at the scheduled time" if post.late else ""


def _stopped(view: discord.ui.View) -> discord.ui.View:
    """Clicks are routed by custom_id (the DynamicItems are registered), so the view is only
    a layout: stopped, discord.py does not keep one per message in memory."""
    view.stop()
    return view
