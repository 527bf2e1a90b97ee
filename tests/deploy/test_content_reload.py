"""/content reload against the real bot on the loopback fake Discord: a broken lesson file
is reported with its location and the live lessons stay; a fixed one goes live."""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.discord_app.cogs.admin import NOT_ALLOWED
from tests.deploy.conftest import ROOT
from tests.e2e.conftest import BotRunner, ErrorLog, e2e_settings
from tests.e2e.fake_discord import FakeDiscord


class Deployment:
    def __init__(self, fake: FakeDiscord, lessons: Path) -> None:
        self.fake = fake
        self.lessons = lessons

    async def reload(self, user=None, *, dm: bool = False) -> str:
        handle = await self.fake.slash("content reload", None, user, dm=dm)
        return (await handle.reply()).text()

    async def lesson_ids(self) -> list[str]:
        choices = await self.fake.autocomplete("lesson start", {"lesson": ""}, "lesson")
        return [choice["value"] for choice in choices]


@pytest.fixture
async def deployment(tmp_path: Path) -> AsyncIterator[Deployment]:
    content = tmp_path / "content"
    # The seed lesson alone, so the expected ids do not follow the shipped catalog.
    only_seed = shutil.ignore_patterns("*.yaml")
    shutil.copytree(ROOT / "content", content, ignore=only_seed)
    shutil.copy(ROOT / "content" / "lessons" / "what-is-mlops.yaml", content / "lessons")
    errors = ErrorLog()
    watched = [logging.getLogger("discord"), logging.getLogger("bot")]
    for logger in watched:
        logger.addHandler(errors)
    fake = await FakeDiscord().start()
    runner = BotRunner(fake, e2e_settings(fake, tmp_path, STEPWISE_CONTENT=str(content)))
    try:
        await runner.start()
        yield Deployment(fake, content / "lessons")
    finally:
        await runner.stop()
        await fake.stop()
        for logger in watched:
            logger.removeHandler(errors)
    assert not errors.records, errors.lines()


async def test_a_broken_file_is_reported_and_blocks_no_other_lesson(deployment) -> None:
    lessons = deployment.lessons
    assert await deployment.lesson_ids() == ["what-is-mlops"]
    shutil.copy(ROOT / "tests/content/valid_tiny.yaml", lessons / "tiny.yaml")
    shutil.copy(ROOT / "tests/content/malformed/bad_difficulty.yaml", lessons / "broken.yaml")

    reply = await deployment.reload()
    assert reply.startswith("Reloaded 2 lessons. Added: tiny.\nLeft out 1 broken file")
    assert "broken.yaml:" in reply  # file and line of each problem
    assert sorted(await deployment.lesson_ids()) == ["tiny", "what-is-mlops"]
    tiny = await (await deployment.fake.slash("lesson start", {"lesson": "tiny"})).reply()
    assert "Tiny lesson" in tiny.text()

    (lessons / "broken.yaml").unlink()
    assert await deployment.reload() == "Reloaded 2 lessons."


async def test_a_live_lesson_whose_file_breaks_stays_live_as_it_was(deployment) -> None:
    seed = deployment.lessons / "what-is-mlops.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("title: What", "title: x: What"))
    reply = await deployment.reload()
    assert reply.startswith("Reloaded 1 lesson.\nLeft out 1 broken file")
    assert "what-is-mlops.yaml:" in reply
    assert await deployment.lesson_ids() == ["what-is-mlops"]
    started = await (
        await deployment.fake.slash("lesson start", {"lesson": "what-is-mlops"})
    ).reply()
    assert "What is MLOps" in started.text()


async def test_only_owner_or_admins_may_reload(deployment) -> None:
    fake = deployment.fake
    command = next(c for c in fake.global_commands if c["name"] == "content")
    assert int(command["default_member_permissions"]) == 8  # hidden from non-admins by default
    not_owner = fake.members[1]
    assert await deployment.reload(not_owner, dm=True) == NOT_ALLOWED
    (deployment.lessons / "what-is-mlops.yaml").unlink()
    owner_in_dm = await deployment.reload(fake.members[0], dm=True)  # the application owner
    assert owner_in_dm.startswith("Content NOT reloaded")  # no lessons left: refused too
    assert await deployment.lesson_ids() == ["what-is-mlops"]


async def test_the_bot_starts_with_every_valid_lesson_and_logs_the_broken_file(
    tmp_path: Path, caplog
) -> None:
    """Issue 20, problem 7, at start-up: the composition root loads what is valid."""
    from bot.app import open_services
    from bot.settings import load_settings

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    broken = content / "lessons" / "broken.yaml"
    broken.write_text("title: x: y\n", encoding="utf-8")
    env = {"STEPWISE_CONTENT": str(content), "STEPWISE_DB": str(tmp_path / "s.db")}
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        async with open_services(load_settings(env, dotenv=None), run_code=False) as services:
            shipped = sorted(p.stem for p in (ROOT / "content" / "lessons").glob("*.yaml"))
            assert sorted(lesson.id for lesson in services.catalog.lessons) == shipped
    assert any(f"lesson file left out: {broken}:1" in r.getMessage() for r in caplog.records)
