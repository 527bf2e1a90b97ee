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


async def test_broken_file_is_reported_and_previous_lessons_stay_live(deployment) -> None:
    lessons = deployment.lessons
    assert await deployment.lesson_ids() == ["what-is-mlops"]
    shutil.copy(ROOT / "tests/content/valid_tiny.yaml", lessons / "tiny.yaml")
    shutil.copy(ROOT / "tests/content/malformed/bad_difficulty.yaml", lessons / "broken.yaml")

    reply = await deployment.reload()
    assert reply.startswith("Content NOT reloaded")
    assert "The previous lessons stay live" in reply
    assert "broken.yaml:" in reply  # file and line of each problem
    assert await deployment.lesson_ids() == ["what-is-mlops"]  # tiny did not half-load
    started = await (
        await deployment.fake.slash("lesson start", {"lesson": "what-is-mlops"})
    ).reply()
    assert "What is MLOps" in started.text()

    (lessons / "broken.yaml").unlink()
    reply = await deployment.reload()
    assert reply == "Reloaded 2 lessons. Added: tiny."
    assert sorted(await deployment.lesson_ids()) == ["tiny", "what-is-mlops"]
    tiny = await (await deployment.fake.slash("lesson start", {"lesson": "tiny"})).reply()
    assert "Tiny lesson" in tiny.text()


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
