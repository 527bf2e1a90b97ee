"""/daily setup|post-now|pause|resume|status|stats, the scheduler loop, and daily answer clicks.

/daily is visible to every member: `status` is for everyone, and the moderator role chosen
in setup must be able to see the rest, which a `default_permissions` of Manage Server would
hide from it. So every other subcommand checks rights here, in code: Manage Server, or the
moderator role. (A server that wants /daily hidden from members can say so in Server
Settings → Integrations; docs/quiz.md shows how.) The loop
only wakes the `DailyDesk`; what is due comes from the database and the injected clock
(`tasks.loop(time=...)` would not catch up after downtime).
"""

from __future__ import annotations

import logging
import zoneinfo
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.content import option_letter
from bot.core.daily import (
    DailyRuleError,
    EmptyPool,
    PoolOutlook,
    load_zone,
    next_slot,
    parse_duration,
    parse_post_time,
)
from bot.core.pictures import daily_facts
from bot.core.ports import DailySchedule, DailySource, DailyStatsFacts, QuestionStats, TutorError
from bot.discord_app.contexts import IN_SERVERS, SERVER_INSTALL
from bot.discord_app.daily_desk import DailyDesk
from bot.discord_app.escape import plain
from bot.discord_app.picture_replies import with_daily_chart
from bot.discord_app.quiz_components import DAILY_ITEMS
from bot.discord_app.quiz_render import stamp
from bot.discord_app.render import notice
from bot.discord_app.replies import send

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot

log = logging.getLogger(__name__)

TICK_SECONDS = 20.0
NOT_ALLOWED = "Only moderators can manage the daily quiz (Manage Server, or the moderator role)."
NOT_SET_UP = "The daily quiz is not set up here yet. A moderator can run /daily setup."
ZONES = sorted(zoneinfo.available_timezones())


class NotModerator(TutorError):
    def __init__(self) -> None:
        super().__init__(NOT_ALLOWED)


def is_moderator(interaction: discord.Interaction, schedule: DailySchedule | None) -> bool:
    if interaction.permissions.manage_guild or interaction.permissions.administrator:
        return True
    role = schedule.moderator_role_id if schedule else None
    user = interaction.user
    return role is not None and isinstance(user, discord.Member) and user.get_role(role) is not None


def jump_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def pick_text(option: int, picks: int, total: int, right: bool) -> str:
    """ "B 60%" for one option in /daily stats; the right option bold with a ✅."""
    share = f"{option_letter(option)} {round(100 * picks / total) if total else 0}%"
    return f"**{share}** ✅" if right else share


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (text or "").split(",") if p.strip()))


def pool_line(outlook: PoolOutlook, cycle: int) -> str:
    """'Pool: 45 questions from 3 lessons, cycle 1, 12 not asked yet: new questions for 12
    more days (through Wed 16 Dec 2026), then the pool starts over.'"""
    lessons = f"{outlook.groups} lesson{'s' if outlook.groups != 1 else ''}"
    line = f"Pool: {outlook.questions} questions from {lessons}, cycle {cycle}, "
    line += f"{outlook.left} not asked yet"
    through = f"{outlook.last_new_day:%a %d %b %Y}" if outlook.last_new_day else None
    if outlook.left and through:
        days = f"{outlook.left} more day{'s' if outlook.left != 1 else ''}"
        return f"{line}: new questions for {days} (through {through}), then the pool starts over."
    if outlook.left:
        return f"{line}: {outlook.left} days of new questions once resumed."
    pass_days = f"{outlook.days_per_cycle} day{'s' if outlook.days_per_cycle != 1 else ''}"
    return f"{line}: the next post starts a new pass of {pass_days}" + (
        f" (through {through})." if through else "."
    )


class DailyCog(commands.Cog):
    daily = app_commands.Group(
        name="daily",
        description="The server's daily quiz (status for everyone; the rest for moderators)",
        allowed_contexts=IN_SERVERS,
        allowed_installs=SERVER_INSTALL,
    )

    def __init__(self, bot: TutorBot) -> None:
        self.bot = bot
        services = bot.services
        self.store = services.daily  # type: ignore[attr-defined]
        self.clock = services.clock  # type: ignore[attr-defined]
        self.engine = bot.flow.engine
        self.bank = getattr(services, "questions", None)
        self.pictures = getattr(services, "pictures", None)
        self.desk = DailyDesk(bot, self.store, self.engine, self.clock, bank=self.bank)
        self.ticker = tasks.loop(seconds=TICK_SECONDS)(self._tick)
        self.ticker.before_loop(self._before_tick)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DAILY_ITEMS)
        self.ticker.start()

    async def cog_unload(self) -> None:
        self.ticker.cancel()
        self.bot.remove_dynamic_items(*DAILY_ITEMS)
        await self.desk.aclose()

    async def _before_tick(self) -> None:
        await self.bot.wait_until_ready()

    async def _tick(self) -> None:
        try:
            await self.desk.tick()
        except Exception:  # the loop must survive one bad tick; the next one retries
            log.exception("daily quiz scheduler tick failed")

    async def on_daily_answer(
        self, interaction: discord.Interaction, post_id: int, option: int
    ) -> None:
        await self.desk.answer(interaction, post_id, option)

    async def _guarded_schedule(self, interaction: discord.Interaction) -> DailySchedule | None:
        """The guild's schedule, after checking the caller may manage it."""
        assert interaction.guild_id is not None  # offered in servers only (contexts)
        schedule = await self.store.get_schedule(interaction.guild_id)
        if not is_moderator(interaction, schedule):
            raise NotModerator()
        return schedule

    async def _required(self, interaction: discord.Interaction) -> DailySchedule:
        schedule = await self._guarded_schedule(interaction)
        if schedule is None:
            raise TutorError(NOT_SET_UP)
        return schedule

    async def zone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().casefold().replace(" ", "_")
        found = [z for z in ZONES if needle in z.casefold()][:25]
        return [app_commands.Choice(name=z, value=z) for z in found]

    # ------------------------------------------------------------------ commands

    @daily.command(name="setup", description="Schedule the daily quiz in a channel")
    @app_commands.describe(
        channel="Where the quiz is posted",
        time="Local time to post, 24-hour HH:MM",
        timezone="IANA timezone, e.g. Europe/Paris",
        ping_role="Role to mention with each quiz",
        lessons="Comma-separated lesson ids (default: all lessons)",
        tags="Comma-separated lesson tags to draw from",
        reveal_after="Reveal after this long (e.g. 6h); default: with the next quiz",
        moderator_role="Members with this role may also manage the daily quiz",
        source="Questions from the lessons, this server's question bank, or both",
        review_channel="Where members' question suggestions are reviewed (see /question)",
    )
    @app_commands.autocomplete(timezone=zone_autocomplete)
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        ping_role: discord.Role | None = None,
        lessons: str | None = None,
        tags: str | None = None,
        reveal_after: str | None = None,
        moderator_role: discord.Role | None = None,
        source: Literal["lessons", "server", "both"] | None = None,
        review_channel: discord.TextChannel | None = None,
    ) -> None:
        existing = await self._guarded_schedule(interaction)
        try:
            zone = load_zone(timezone)
            post_time = parse_post_time(time)
            delay = parse_duration(reveal_after) if reveal_after else None
        except DailyRuleError as error:
            raise TutorError(error.message) from None
        chosen = split_list(lessons)
        unknown = [lesson for lesson in chosen if self.engine.catalog.get(lesson) is None]
        if unknown:
            known = ", ".join(lesson.id for lesson in self.engine.lessons())
            named = plain(", ".join(unknown))
            raise TutorError(f"Unknown lesson(s): {named}. Known lessons: {known}.")
        now = self.clock.now()
        schedule = DailySchedule(
            guild_id=channel.guild.id,
            channel_id=channel.id,
            post_time=post_time,
            timezone=timezone,
            handled_through=now,
            ping_role_id=ping_role.id if ping_role else None,
            moderator_role_id=(
                moderator_role.id
                if moderator_role
                else (existing.moderator_role_id if existing else None)
            ),
            lessons=chosen,
            tags=split_list(tags),
            reveal_after=delay,
            paused=False,
            cycle=existing.cycle if existing else 1,
        )
        earlier = None
        if (source or review_channel) and self.bank is not None:
            earlier = await self.bank.get_settings(schedule.guild_id)
            await self.bank.save_settings(
                replace(
                    earlier,
                    daily_source=DailySource(source) if source else earlier.daily_source,
                    review_channel_id=review_channel.id
                    if review_channel
                    else earlier.review_channel_id,
                )
            )
        pool = await self.desk.keys(schedule)
        if not pool:
            if earlier is not None:  # nothing changes when the setup is refused
                await self.bank.save_settings(earlier)
            hint = " Approve some with /question, or choose source: lessons or both."
            raise TutorError(EmptyPool().message + " Choose other lessons or tags." + hint)
        await self.store.save_schedule(schedule)
        following = next_slot(post_time, zone, now)
        reveal = f"after {reveal_after}" if delay else "when the next quiz is posted"
        text = (
            f"Daily quiz set: {channel.mention} every day at {post_time:%H:%M} {timezone}, "
            f"first on {stamp(following, 'F')}. {len(pool)} questions in the pool (one a day: "
            f"{len(pool)} days), no repeats until all have been asked, drawn from every "
            f"chosen lesson in turn. Answers are revealed {reveal}."
        )
        await send(interaction, notice(text), ephemeral=True)

    @daily.command(name="post-now", description="Post a daily quiz question right now")
    async def post_now(self, interaction: discord.Interaction) -> None:
        schedule = await self._required(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            post = await self.desk.post(schedule)
        except EmptyPool as error:
            raise TutorError(error.message) from None
        if post is None or post.message_id is None:
            text = "Nothing posted (the message could not be sent)."
        else:
            link = jump_link(post.guild_id, post.channel_id, post.message_id)
            text = f"Posted: {link}"
        await send(interaction, notice(text), ephemeral=True)

    @daily.command(name="pause", description="Stop posting until resumed")
    async def pause(self, interaction: discord.Interaction) -> None:
        await self._required(interaction)
        assert interaction.guild_id is not None
        await self.store.set_paused(interaction.guild_id, True)
        await send(
            interaction, notice("Daily quiz paused. /daily resume restarts it."), ephemeral=True
        )

    @daily.command(name="resume", description="Resume posting at the scheduled time")
    async def resume(self, interaction: discord.Interaction) -> None:
        await self._required(interaction)
        assert interaction.guild_id is not None
        now = self.clock.now()
        schedule = await self.store.set_paused(interaction.guild_id, False, handled_through=now)
        assert schedule is not None
        following = next_slot(schedule.post_time, load_zone(schedule.timezone), now)
        text = f"Daily quiz resumed; next post {stamp(following, 'F')}."
        await send(interaction, notice(text), ephemeral=True)

    @daily.command(name="status", description="Schedule, next post, pool and missed posts")
    async def status(self, interaction: discord.Interaction) -> None:
        """Readable by every member: the schedule is no secret, and the quiz is theirs."""
        assert interaction.guild_id is not None  # offered in servers only (contexts)
        schedule = await self.store.get_schedule(interaction.guild_id)
        if schedule is None:
            raise TutorError(NOT_SET_UP)
        await send(interaction, notice(await self._status_text(schedule)), ephemeral=True)

    async def _status_text(self, s: DailySchedule) -> str:
        now = self.clock.now()
        zone = load_zone(s.timezone)
        lines = [
            f"Channel <#{s.channel_id}>, every day at {s.post_time:%H:%M} {s.timezone}"
            + (" — **paused**" if s.paused else ""),
        ]
        if not s.paused:
            lines.append(f"Next post: {stamp(next_slot(s.post_time, zone, now), 'F')}")
        pool = await self.desk.keys(s)
        asked = await self.store.asked_questions(s.guild_id, s.cycle)
        lines.append(pool_line(self.desk.outlook(s, asked, pool), s.cycle))
        latest = await self.store.latest_post(s.guild_id)
        if latest is not None:
            count = await self.store.answer_count(latest.id)
            state = "revealed" if latest.revealed else "open"
            lines.append(f"Latest quiz: {stamp(latest.posted_at, 'f')}, {state}, {count} answers")
        for missed in await self.store.missed(s.guild_id, limit=5):
            lines.append(f"Missed {stamp(missed.slot, 'f')}: {missed.reason}")
        return "\n".join(lines)

    @daily.command(name="stats", description="Answers, correct rate and picks per option")
    @app_commands.describe(question="A question id (default: every question asked here)")
    async def stats(self, interaction: discord.Interaction, question: str | None = None) -> None:
        schedule = await self._required(interaction)
        s_guild = schedule.guild_id
        stats = await self.store.question_stats(schedule.guild_id, question)
        if not stats:
            what = f"question '{plain(question)}'" if question else "any question"
            await send(interaction, notice(f"No daily quiz has asked {what} yet."), ephemeral=True)
            return
        lines = []
        for stat in stats[:20]:
            try:
                found = await self.desk.resolve(s_guild, stat.lesson_id, stat.question_id)
            except TutorError:
                continue
            q = found.question
            total = stat.answers
            right = stat.choices.get(q.correct_index, 0)
            rate = f"{round(100 * right / total)}%" if total else "–"
            picks = " · ".join(
                pick_text(i, stat.choices.get(i, 0), total, i == q.correct_index)
                for i in range(len(q.options))
            )
            credit = f" (suggested by {found.credit})" if found.credit else ""
            lines.append(
                f"**{stat.question_id}**{credit} ({stat.posts}× posted): {total} answers, "
                f"{rate} correct — {picks}"
            )
        reply = notice("\n".join(lines) or "No statistics.")
        charted = await self._chart_facts(schedule.guild_id, stats[-1])
        if charted is not None:
            reply = await with_daily_chart(reply, self.pictures, charted)
        await send(interaction, reply, ephemeral=True)

    async def _chart_facts(self, guild_id: int, stat: QuestionStats) -> DailyStatsFacts | None:
        """The chart's facts for one question (the latest asked when none was named)."""
        try:  # a lesson's question or one of the server's bank
            found = await self.desk.resolve(guild_id, stat.lesson_id, stat.question_id)
        except TutorError:
            return None
        return daily_facts(found.question, stat.choices, await self.store.day_rates(guild_id))
