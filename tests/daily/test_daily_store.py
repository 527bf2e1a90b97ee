"""Contract tests: every `DailyStore` behaves the same (memory and SQLite)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bot.core.ports import DailyAnswer, DailySchedule, LessonProgress, NewPost, StepState

GUILD = 100
T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def schedule(**changes) -> DailySchedule:
    base = DailySchedule(
        guild_id=GUILD,
        channel_id=200,
        post_time=time(9),
        timezone="Europe/Paris",
        handled_through=T0,
        ping_role_id=7,
        moderator_role_id=8,
        lessons=("what-is-mlops",),
        tags=("mlops", "intro"),
        reveal_after=timedelta(hours=6),
    )
    return replace(base, **changes)


def new_post(question: str = "q1", slot: datetime | None = None, **changes) -> NewPost:
    base = NewPost(
        guild_id=GUILD,
        channel_id=200,
        lesson_id="what-is-mlops",
        question_id=question,
        cycle=1,
        quiz_day=date(2025, 3, 4),
        posted_at=T0 + timedelta(days=1),
        reveal_at=T0 + timedelta(days=1, hours=6),
        slot=slot,
    )
    return replace(base, **changes)


def answer(post_id: int, member: int, choice: int, correct: bool = False) -> DailyAnswer:
    return DailyAnswer(post_id, f"discord:{member}", choice, correct, T0 + timedelta(days=1))


async def test_schedule_round_trips_and_updates(daily):
    assert await daily.get_schedule(GUILD) is None
    await daily.save_schedule(schedule())
    assert await daily.get_schedule(GUILD) == schedule()
    await daily.save_schedule(schedule(channel_id=201, reveal_after=None, lessons=()))
    stored = await daily.get_schedule(GUILD)
    assert (stored.channel_id, stored.reveal_after, stored.lessons) == (201, None, ())
    assert [s.guild_id for s in await daily.schedules()] == [GUILD]


async def test_pause_and_resume_skips_the_paused_slots(daily):
    await daily.save_schedule(schedule())
    paused = await daily.set_paused(GUILD, True)
    assert paused.paused and paused.handled_through == T0
    resumed = await daily.set_paused(GUILD, False, handled_through=T0 + timedelta(days=3))
    assert not resumed.paused and resumed.handled_through == T0 + timedelta(days=3)
    assert await daily.set_paused(999, True) is None


async def test_a_slot_is_claimed_once_and_advances_the_schedule(daily):
    await daily.save_schedule(schedule())
    slot = T0 + timedelta(days=1)
    missed = [T0 + timedelta(hours=12)]
    first = await daily.create_post(new_post(slot=slot), missed=missed)
    assert first is not None and first.slot == slot and first.message_id is None
    again = await daily.create_post(new_post("q2", slot=slot))
    assert again is None
    stored = await daily.get_schedule(GUILD)
    assert stored.handled_through == slot
    assert [m.slot for m in await daily.missed(GUILD)] == missed


async def test_concurrent_claims_of_one_slot_make_one_post(daily):
    await daily.save_schedule(schedule())
    slot = T0 + timedelta(days=1)
    results = await asyncio.gather(*(daily.create_post(new_post(slot=slot)) for _ in range(5)))
    assert sum(r is not None for r in results) == 1


async def test_post_now_posts_have_no_slot_and_never_collide(daily):
    await daily.save_schedule(schedule())
    a = await daily.create_post(new_post("q1"))
    b = await daily.create_post(new_post("q2"))
    assert a.id != b.id and a.slot is None
    assert await daily.asked_questions(GUILD, 1) == {
        ("what-is-mlops", "q1"),
        ("what-is-mlops", "q2"),
    }
    assert (await daily.latest_post(GUILD)).id == b.id


async def test_a_failed_send_releases_the_question_and_is_reported(daily):
    await daily.save_schedule(schedule())
    slot = T0 + timedelta(days=1)
    post = await daily.create_post(new_post(slot=slot))
    await daily.fail_post(post.id, "missing permission to send in the channel")
    assert await daily.get_post(post.id) is None
    assert await daily.asked_questions(GUILD, 1) == set()
    (missed,) = await daily.missed(GUILD)
    assert missed.slot == slot and "permission" in missed.reason


async def test_record_missed_notes_and_advances(daily):
    await daily.save_schedule(schedule())
    slots = [T0 + timedelta(days=d) for d in (1, 2)]
    await daily.record_missed(GUILD, slots, "the bot was offline", slots[-1])
    assert (await daily.get_schedule(GUILD)).handled_through == slots[-1]
    assert [m.slot for m in await daily.missed(GUILD)] == slots[::-1]  # newest first


async def test_reveals_are_due_by_time_and_happen_once(daily):
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    await daily.set_message(post.id, 555)
    assert await daily.due_reveals(post.reveal_at - timedelta(seconds=1)) == []
    (due,) = await daily.due_reveals(post.reveal_at)
    assert due.id == post.id and due.message_id == 555
    assert [p.id for p in await daily.open_posts(GUILD)] == [post.id]
    assert await daily.mark_revealed(post.id, post.reveal_at) is True
    assert await daily.mark_revealed(post.id, post.reveal_at) is False
    assert await daily.due_reveals(post.reveal_at + timedelta(days=9)) == []
    assert await daily.open_posts() == []
    assert (await daily.get_post(post.id)).revealed


async def test_a_member_answers_once_and_the_first_answer_stands(daily):
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    stored, created = await daily.record_answer(GUILD, answer(post.id, 1, 2, True), "Ada")
    assert created and stored.choice == 2
    again, created = await daily.record_answer(GUILD, answer(post.id, 1, 0), "Ada")
    assert not created and again.choice == 2 and again.correct
    assert await daily.get_answer(post.id, "discord:1") == again
    assert await daily.answer_count(post.id) == 1


async def test_a_learners_answers_are_listed_for_their_export(daily):
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    await daily.record_answer(GUILD, answer(post.id, 1, 2, True), "Ada")
    await daily.record_answer(GUILD, answer(post.id, 2, 0), "Bo")
    (mine,) = await daily.learner_answers("discord:1")
    assert (mine.post_id, mine.choice, mine.correct) == (post.id, 2, True)
    assert await daily.learner_answers("discord:99") == []


async def test_concurrent_duplicate_clicks_store_one_answer_each(daily):
    await daily.save_schedule(schedule())
    post = await daily.create_post(new_post())
    clicks = [answer(post.id, member, member % 3) for member in range(40) for _ in range(3)]
    results = await asyncio.gather(*(daily.record_answer(GUILD, a) for a in clicks))
    assert sum(created for _, created in results) == 40
    assert await daily.answer_count(post.id) == 40
    assert await daily.choice_counts(post.id) == {0: 14, 1: 13, 2: 13}


async def test_question_stats_cover_every_post_of_a_question(daily):
    await daily.save_schedule(schedule())
    first = await daily.create_post(new_post("q1"))
    second = await daily.create_post(new_post("q1", cycle=2))
    other = await daily.create_post(new_post("q2"))
    await daily.record_answer(GUILD, answer(first.id, 1, 0, True))
    await daily.record_answer(GUILD, answer(second.id, 1, 1))
    await daily.record_answer(GUILD, answer(second.id, 2, 0, True))
    (q1,) = await daily.question_stats(GUILD, "q1")
    assert (q1.posts, q1.choices, q1.answers) == (2, {0: 2, 1: 1}, 3)
    every = await daily.question_stats(GUILD)
    assert [s.question_id for s in every] == ["q1", "q2"]
    assert every[1].answers == 0 and other.id


async def test_day_rates_count_answers_and_right_ones_per_quiz_day(daily):
    await daily.save_schedule(schedule())
    assert await daily.day_rates(GUILD) == []
    posts = []
    for offset in range(4):
        day = date(2025, 3, 4) + timedelta(days=offset)
        posts.append(await daily.create_post(new_post(f"q{offset}", quiz_day=day)))
    await daily.record_answer(GUILD, answer(posts[0].id, 1, 0, True))
    await daily.record_answer(GUILD, answer(posts[0].id, 2, 1))
    await daily.record_answer(GUILD, answer(posts[2].id, 1, 0, True))
    await daily.record_answer(GUILD + 1, answer(posts[3].id, 3, 0, True))  # counts by its post
    await daily.create_post(new_post("q9", guild_id=GUILD + 1, quiz_day=date(2025, 3, 9)))
    rates = await daily.day_rates(GUILD, days=3)
    assert [(r.day.day, r.answers, r.correct) for r in rates] == [(5, 0, 0), (6, 1, 1), (7, 1, 1)]
    every = await daily.day_rates(GUILD)
    assert len(every) == 4 and (every[0].day.day, every[0].answers, every[0].correct) == (4, 2, 1)
    assert every[0].rate == 0.5 and every[1].rate is None


async def test_member_days_and_quiz_days_feed_streaks(daily):
    await daily.save_schedule(schedule())
    day1 = await daily.create_post(new_post("q1", quiz_day=date(2025, 3, 4)))
    day2 = await daily.create_post(
        new_post("q2", quiz_day=date(2025, 3, 5), posted_at=T0 + timedelta(days=2))
    )
    await daily.record_answer(GUILD, answer(day1.id, 1, 0, True))
    await daily.record_answer(GUILD, answer(day2.id, 1, 1, False))
    await daily.record_answer(GUILD, answer(day2.id, 2, 0, True))
    days = await daily.member_days(GUILD, ["discord:1", "discord:2", "discord:3"])
    assert [(d.quiz_day.day, d.correct) for d in days["discord:1"]] == [(4, True), (5, False)]
    assert len(days["discord:2"]) == 1 and days["discord:3"] == []
    assert await daily.quiz_days(GUILD) == [date(2025, 3, 4), date(2025, 3, 5)]
    assert await daily.member_days(999, ["discord:1"]) == {"discord:1": []}


async def test_leaderboard_pages_with_stored_names(daily):
    await daily.save_schedule(schedule())
    posts = [await daily.create_post(new_post(f"q{i}")) for i in range(3)]
    for member in range(12):
        for i, post in enumerate(posts):
            correct = i < member % 4
            await daily.record_answer(GUILD, answer(post.id, member, 0, correct), f"M{member}")
    await daily.remember_member(GUILD, "discord:3", "Renamed")
    await daily.remember_member(GUILD, "discord:4", "")  # an empty name keeps the old one
    assert await daily.leaderboard_size(GUILD) == 12
    first = await daily.leaderboard(GUILD, limit=5)
    assert [s.correct for s in first] == [3, 3, 3, 2, 2]
    assert [s.learner for s in first[:3]] == ["discord:11", "discord:3", "discord:7"]
    assert first[1].display_name == "Renamed"
    rest = await daily.leaderboard(GUILD, limit=20, offset=5)
    assert len(rest) == 7 and rest[-1].correct == 0
    assert next(s for s in rest if s.learner == "discord:4").display_name == "M4"
    assert await daily.leaderboard(999, limit=5) == []


async def test_lesson_leaderboard_counts_members_seen_in_the_guild(stores):
    progress, daily = stores
    now = T0
    for member, steps_done in ((1, 4), (2, 2), (3, 0)):
        steps = tuple(
            StepState(accepted_code="x = 1" if i < steps_done else None) for i in range(4)
        )
        done = now if steps_done == 4 else None
        learner = f"discord:{member}"
        await progress.save_progress(
            LessonProgress(learner, "what-is-mlops", steps_done + 1, steps, now, now, done)
        )
        await daily.remember_member(GUILD, f"discord:{member}", f"M{member}")
    await progress.save_progress(
        LessonProgress("discord:9", "what-is-mlops", 2, (StepState("x"),), now, now)
    )  # never seen in this guild
    assert await daily.lesson_leaderboard_size(GUILD) == 2
    rows = await daily.lesson_leaderboard(GUILD, limit=10)
    assert [(r.learner, r.display_name, r.lessons_completed, r.steps_done) for r in rows] == [
        ("discord:1", "M1", 1, 4),
        ("discord:2", "M2", 0, 2),
    ]
