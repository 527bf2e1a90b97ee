"""Issue 20, problem 2 in Discord: skipped steps show as skipped in /progress and the export."""

from __future__ import annotations

import json

from .actions import LESSON, start_lesson, submit_code


async def test_progress_and_export_show_skipped_steps(fake, runner, services):
    ana = fake.member
    learner = f"discord:{ana.id}"
    step = await start_lesson(fake)
    await submit_code(fake, step, services.catalog.get(LESSON).step(1).solution)
    for _ in range(3):  # the same engine call `stepwise study`'s :skip makes
        await services.engine.skip(learner, LESSON)

    progress = await (await fake.slash("progress")).reply()
    assert "What is MLOps — 1 / 4 solved · 3 skipped" in progress.text()
    assert "What is MLOps — complete" not in progress.text()

    exported = await (await fake.slash("mydata export", user=ana)).reply()
    document = json.loads(exported.files["stepwise-data.json"])
    (lesson,) = document["progress"]
    assert lesson["completed_at"] is None
    assert [s["status"] for s in lesson["steps"]] == ["solved", "skipped", "skipped", "skipped"]

    again = await start_lesson(fake)  # back to the first skipped step
    assert "Step 2: List MLOps Steps" in again.text()
    assert "Progress 1 / 4 solved · 3 skipped" in again.text()
