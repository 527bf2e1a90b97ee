"""The daily quiz over several lessons: every chosen lesson takes its turn, and
`/daily status` says how many days of new questions the pool holds."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from . import daily_support
from .conftest import REPO, e2e_settings
from .daily_support import ClockedRunner, setup_daily
from .fake_discord import FakeDiscord

SEED = "what-is-mlops"
clock = daily_support.clock  # fixtures
quiz_bot = daily_support.quiz_bot


@pytest.fixture
def settings(fake: FakeDiscord, tmp_path: Path):
    """Three lessons with the seed's questions: two tagged mlops, one tagged python."""
    folder = tmp_path / "content" / "lessons"
    folder.mkdir(parents=True)
    seed = (REPO / "content" / "lessons" / f"{SEED}.yaml").read_text()
    (folder / f"{SEED}.yaml").write_text(seed)
    for number, (lesson_id, tags) in enumerate(
        (("mlops-more", "[devops, mlops]"), ("python-basics", "[python]")), start=2
    ):
        copy = seed.replace(f"id: {SEED}\n", f"id: {lesson_id}\n", 1)
        copy = copy.replace("position: 1\n", f"position: {number}\n", 1)
        copy = copy.replace("tags: [devops, mlops]\n", f"tags: {tags}\n", 1)
        (folder / f"{lesson_id}.yaml").write_text(copy)
    return e2e_settings(fake, tmp_path, STEPWISE_CONTENT=str(tmp_path / "content"))


async def test_every_lesson_takes_its_turn_and_status_counts_the_days(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    size = len(quiz_bot.services.catalog.get(SEED).questions)
    await setup_daily(fake)  # no lessons or tags chosen: every lesson
    for _ in range(3):
        assert (await (await fake.slash("daily post-now")).reply()).content.startswith("Posted")
    asked = await quiz_bot.daily.asked_questions(fake.guild_id, 1)
    assert sorted(lesson for lesson, _ in asked) == ["mlops-more", "python-basics", SEED]

    status = (await (await fake.slash("daily status")).reply()).content
    first_day = date(2025, 3, 29)  # the hand clock's day; 09:00 Paris is still ahead
    through = first_day + timedelta(days=3 * size - 3 - 1)
    assert (
        f"Pool: {3 * size} questions from 3 lessons, cycle 1, {3 * size - 3} not asked yet: "
        f"new questions for {3 * size - 3} more days (through {through:%a %d %b %Y})"
    ) in status


async def test_a_tag_filter_draws_from_every_lesson_with_the_tag(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    size = len(quiz_bot.services.catalog.get(SEED).questions)
    reply = await setup_daily(fake, tags="mlops")
    assert f"{2 * size} questions in the pool (one a day: {2 * size} days)" in reply.content
    for _ in range(2):
        assert (await (await fake.slash("daily post-now")).reply()).content.startswith("Posted")
    asked = await quiz_bot.daily.asked_questions(fake.guild_id, 1)
    assert sorted(lesson for lesson, _ in asked) == ["mlops-more", SEED]
    status = (await (await fake.slash("daily status")).reply()).content
    assert f"Pool: {2 * size} questions from 2 lessons, cycle 1" in status
