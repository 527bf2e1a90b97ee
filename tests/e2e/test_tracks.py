"""Tracks in Discord: /lessons groups by track, a finished lesson offers the next one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .actions import LESSON, next_step, start_lesson, submit_code
from .conftest import REPO, BotRunner, e2e_settings
from .fake_discord import FakeDiscord

SECOND = "mlops-second"


@pytest.fixture
async def track_runner(fake: FakeDiscord, tmp_path: Path, error_log) -> AsyncIterator[BotRunner]:
    """The bot over a two-lesson mlops track: the seed lesson, then a copy that needs it."""
    folder = tmp_path / "content" / "lessons"
    folder.mkdir(parents=True)
    seed = (REPO / "content" / "lessons" / f"{LESSON}.yaml").read_text()
    (folder / f"{LESSON}.yaml").write_text(seed)
    second = seed.replace(f"id: {LESSON}\n", f"id: {SECOND}\n", 1)
    second = second.replace("title: What is MLOps\n", "title: MLOps, second pass\n", 1)
    second = second.replace("position: 1\n", f"position: 2\nprerequisites: [{LESSON}]\n", 1)
    (folder / "a-second.yaml").write_text(second)
    settings = e2e_settings(fake, tmp_path, STEPWISE_CONTENT=str(tmp_path / "content"))
    runner = BotRunner(fake, settings)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()


async def test_finishing_a_lesson_offers_the_next_one_as_a_button(fake, track_runner):
    lesson = track_runner.services.catalog.get(LESSON)
    listing = await (await fake.slash("lessons")).reply()
    text = listing.text()
    assert "Track mlops — 0 of 2 lessons complete" in text
    assert text.index("What is MLOps") < text.index("MLOps, second pass")  # by position

    message = await start_lesson(fake)
    for number in (1, 2, 3, 4):
        message = await submit_code(fake, message, lesson.step(number).solution)
        if number < 4:
            await next_step(fake, message)
    assert "complete" in message.text()
    assert message.labels() == ["Share 🎉", "Next lesson: MLOps, second pass"]
    assert message.custom_id("Next lesson: MLOps, second pass") == (
        f"stepwise:v1:begin:{SECOND}:{fake.member.id}"
    )

    click = await fake.click_button(message, message.custom_id("Next lesson: MLOps, second pass"))
    step = await click.reply()
    assert "MLOps, second pass — Step 1" in step.text() and "Submit code" in step.labels()

    reopened = await start_lesson(fake)  # the finished lesson points on as well
    assert "complete" in reopened.text()
    assert reopened.labels() == ["Next lesson: MLOps, second pass"]

    progress = await (await fake.slash("progress")).reply()
    shown = progress.text()
    assert "Track mlops — 1 of 2 lessons complete" in shown
    assert "What is MLOps — complete" in shown and "MLOps, second pass — 0 / 4 solved" in shown


async def test_someone_else_cannot_press_my_next_lesson_button(fake, track_runner):
    lesson = track_runner.services.catalog.get(LESSON)
    message = await start_lesson(fake)
    for number in (1, 2, 3, 4):
        message = await submit_code(fake, message, lesson.step(number).solution)
        if number < 4:
            await next_step(fake, message)
    label = "Next lesson: MLOps, second pass"
    other = fake.add_member("Bo")
    click = await fake.click_button(message, message.custom_id(label), other)
    reply = await click.reply()
    assert reply.ephemeral and "/lesson start" in reply.text()
