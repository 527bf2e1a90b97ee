"""Step buttons survive a restart and only work for the learner who owns them."""

from __future__ import annotations

from .actions import LESSON, start_lesson


async def test_old_button_works_after_restart_without_resyncing(fake, runner, services):
    step = await start_lesson(fake)
    syncs = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1

    await runner.restart()
    assert fake.identifies == 2

    hint = await (await fake.click_button(step, step.custom_id("Hint"))).reply()
    assert "Hint 1 of 3" in hint.text()
    box = await fake.click_button(step, step.custom_id("Submit code"))
    assert (await box.response())["type"] == 9
    syncs = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1, "an unchanged command tree is not synced again"

    progress = await runner.services.store.get_progress(f"discord:{fake.member.id}", LESSON)
    assert progress is not None and progress.steps[0].hints_shown == 1


async def test_someone_elses_button_points_to_lesson_start(fake, runner, services):
    ana, ben = fake.members[0], fake.members[1]
    step = await start_lesson(fake, ana)

    for label in ("Submit code", "Hint"):
        click = await fake.click_button(step, step.custom_id(label), ben)
        reply = await click.reply()
        assert (await click.response())["type"] == 4, "no modal for someone else"
        assert reply.ephemeral
        assert "belongs to someone else" in reply.content and "/lesson start" in reply.content

    assert await services.store.list_progress(f"discord:{ben.id}") == []
    ana_progress = await services.store.get_progress(f"discord:{ana.id}", LESSON)
    assert ana_progress is not None and ana_progress.steps[0].hints_shown == 0
