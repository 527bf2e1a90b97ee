"""Problem 12: verdicts say one thing once: skipped checks collapse, no empty output where
nothing should print, a limit message that agrees with the footer, plain progress."""

from __future__ import annotations

from .actions import next_step, start_lesson, submit_code
from .conftest import BotRunner, e2e_settings
from .fake_discord import FakeDiscord


async def test_one_mistake_reads_as_one_mistake(fake: FakeDiscord, runner, services):
    lesson = services.catalog.get("what-is-mlops")
    step = await start_lesson(fake)
    passed = await submit_code(fake, step, lesson.step(1).solution)
    progress = next(f for f in passed.embeds[0]["fields"] if f["name"] == "Progress")
    assert progress["value"] == "1 / 4 solved"
    await next_step(fake, passed)

    verdict = await submit_code(fake, passed, "steps = []")  # mlops_steps missing
    marks = verdict.embeds[0]["description"]
    assert marks.count("❌") == 1 and "⏭" in marks and "fix the problem above" not in marks
    assert "Your output" not in verdict.text()  # step 2 prints nothing: no empty output
    assert all(f["name"] != "Next" for f in verdict.embeds[0].get("fields", []))


async def test_limit_messages_agree_with_the_footer(fake: FakeDiscord, tmp_path, error_log):
    runner = BotRunner(fake, e2e_settings(fake, tmp_path, STEPWISE_EXEC_TIMEOUT="2"))
    await runner.start()
    try:
        slow = await (await fake.slash("run", {"code": "import time; time.sleep(30)"})).reply(
            timeout=30
        )
        text = slow.text()
        assert "took longer than 2 s" in text and "ran in" not in text
        big = await (
            await fake.slash("run", {"code": "print('x' * 5_000_000)"}, fake.members[1])
        ).reply(timeout=30)
        assert "printed more than" in big.text() and "in one print" in big.text()
        assert "inside a loop" not in big.text()
    finally:
        await runner.stop()
