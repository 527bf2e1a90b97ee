"""Every shipped lesson through the real bot over the fake Discord: each reference solution
passes its step, Next step moves on, and the last one finishes the lesson (issue 12)."""

from __future__ import annotations

import pytest

from bot.core.content import load_catalog

from .actions import next_step, start_lesson, submit_code
from .conftest import REPO

CATALOG = load_catalog(REPO / "content")


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in CATALOG.lessons])
async def test_a_lesson_walked_with_its_reference_solutions_is_complete(
    fake, runner, services, lesson_id
):
    lesson = services.catalog.get(lesson_id)
    message = await start_lesson(fake, lesson=lesson_id)
    assert f"{lesson.title} — Step 1" in message.text()
    for step in lesson.steps:
        verdict = await submit_code(fake, message, step.solution)
        assert f"Step {step.index} passed" in verdict.text(), verdict.text()
        if step.index < len(lesson.steps):
            await next_step(fake, verdict)
        message = verdict
    assert "complete" in message.text() and "Share 🎉" in message.labels()
