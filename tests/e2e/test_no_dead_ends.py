"""Problems 3 and 4: every "you can't do that now" names the command and offers the way on;
a DM is never met with silence."""

from __future__ import annotations

from .actions import LESSON, next_step, start_lesson, submit_code
from .fake_discord import FakeDiscord

NO_LESSON_COMMANDS = [
    ("lesson continue", None),
    ("lesson hint", None),
    ("quiz practice", None),
]


async def test_no_lesson_in_progress_names_the_command_and_offers_browse(fake: FakeDiscord, runner):
    for command, options in NO_LESSON_COMMANDS:
        reply = await (await fake.slash(command, options)).reply()
        assert "`/lesson start`" in reply.content, command
        assert "Browse lessons" in reply.labels(), command
    box = await fake.slash("submit")
    refused = await box.reply()
    assert "`/lesson start`" in refused.content and "Browse lessons" in refused.labels()

    browse = await fake.click_button(refused, refused.custom_id("Browse lessons"))
    listing = await browse.reply()
    assert "What is MLOps" in listing.text() and listing.ephemeral


async def test_a_locked_solution_offers_to_see_it_now_or_skip(fake: FakeDiscord, runner):
    step = await start_lesson(fake)
    refused = await (await fake.slash("lesson solution")).reply()
    assert "`/lesson solution give_up: True`" in refused.content
    assert refused.labels() == ["Show solution now", "Skip step"]
    skipped = await (await fake.click_button(refused, refused.custom_id("Skip step"))).reply()
    assert "Step skipped" in skipped.content and "Step 2" in skipped.text()
    assert "Step 1" in step.text()  # the old message is left as it was


async def test_a_failed_step_with_the_solution_shown_can_be_skipped(fake: FakeDiscord, runner):
    step = await start_lesson(fake)
    verdict = step
    for _ in range(3):
        verdict = await submit_code(fake, step, 'definition = "vague"')
    assert "Show solution" in verdict.labels() and "Skip step" in verdict.labels()
    moved = await (await fake.click_button(verdict, verdict.custom_id("Skip step"))).reply()
    assert "Step 2" in moved.text()


async def test_a_completed_lesson_offers_reset(fake: FakeDiscord, runner, services):
    lesson = services.catalog.get(LESSON)
    step = await start_lesson(fake)
    first = step
    for number in range(1, 5):
        verdict = await submit_code(fake, step, lesson.step(number).solution)
        if number < 4:
            await next_step(fake, verdict)
            step = verdict
    assert "complete" in verdict.text()
    late = await (await fake.click_button(first, first.custom_id("Hint"))).reply()
    assert "`/lesson reset`" in late.content
    assert late.labels() == ["Reset lesson", "Browse lessons"]
    again = await (await fake.click_button(late, late.custom_id("Reset lesson"))).reply()
    assert "back at step 1" in again.content and "Step 1" in again.text()


async def test_a_dm_without_a_fence_gets_a_how_to_and_bare_code_is_checked(
    fake: FakeDiscord, runner
):
    ben = fake.members[1]
    dm = fake.dm_channel_id(ben)
    await start_lesson(fake, ben, dm=True)
    await fake.send_dm(ben, "hello?")
    how_to = await fake.wait_for_message(lambda m: m.channel_id == dm and "```py" in m.content)
    assert "/lesson continue" in how_to.content
    await fake.send_dm(ben, 'definition = "something vague"')
    verdict = await fake.wait_for_message(lambda m: m.channel_id == dm and "Not yet" in m.text())
    assert "Step 1" in verdict.text() or "step 1" in verdict.text()


async def test_a_dm_with_code_but_no_lesson_offers_browse(fake: FakeDiscord, runner):
    ben = fake.members[1]
    await fake.send_dm(ben, "print('hi')")
    reply = await fake.wait_for_message(lambda m: m.channel_id == fake.dm_channel_id(ben))
    assert "`/lesson start`" in reply.content and "Browse lessons" in reply.labels()


async def test_printing_in_step_1_does_not_block_step_4(fake: FakeDiscord, runner, services):
    """Problem 1: a learner who prints in step 1 (a common habit) still passes step 4,
    whose output check sees only step 4's own printing."""
    lesson = services.catalog.get(LESSON)
    verdict = await start_lesson(fake)
    verdict = await submit_code(fake, verdict, lesson.step(1).solution + "\nprint(definition)")
    assert "Step 1 passed" in verdict.text()
    for number in (2, 3, 4):
        await next_step(fake, verdict)
        verdict = await submit_code(fake, verdict, lesson.step(number).solution)
        assert f"Step {number} passed" in verdict.text(), verdict.text()
