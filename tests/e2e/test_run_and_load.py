"""/run output handling, cooldown, and one evaluation in flight per learner."""

from __future__ import annotations

import asyncio

from .actions import LESSON, open_code_box, start_lesson
from .conftest import BotRunner, e2e_settings

# One line, as typed into the slash option.
LOUD = (
    "print('```'); print('<@1> <@&2>'); print('\\n'.join(f'@everyone line {i}' for i in range(30)))"
)


async def test_run_truncates_long_output_attaches_it_and_never_mentions(fake, runner):
    handle = await fake.slash("run", {"code": LOUD})
    assert (await handle.response())["type"] == 5, "code runs only after a defer"
    reply = await handle.reply()

    full = reply.files["output.txt"].decode()
    assert full.startswith("```\n<@1> <@&2>\n") and full.count("@everyone line") == 30
    output_field = next(f for f in reply.embeds[0]["fields"] if f["name"] == "Your output")
    shown = output_field["value"]
    assert "@everyone line 7" in shown and "@everyone line 8" not in shown  # 10 lines
    assert "truncated" in shown and "ran in" in reply.text()
    # Fences printed by the program cannot close the block: only the two real fences remain.
    assert shown.count("```") == 2
    assert reply.data["mention_everyone"] is False
    assert not fake.unguarded_sends()


async def test_run_in_a_modal_and_cooldown(fake, runner):
    box = await fake.slash("run")
    assert (await box.response())["type"] == 9, "/run without code opens a code box"
    ran = await fake.submit_modal(box, "x = 6 * 7\nprint(x)")
    assert "42" in (await ran.reply()).text()

    again = await fake.slash("run", {"code": "print(1)"})
    reply = await again.reply()
    assert reply.ephemeral and "Slow down" in reply.content


async def test_second_submission_while_the_first_runs(fake, tmp_path, error_log):
    runner = BotRunner(fake, e2e_settings(fake, tmp_path))
    await runner.start()
    try:
        engine = runner.services.engine
        learner = f"discord:{fake.member.id}"
        step = await start_lesson(fake)
        slow = 'import time\ntime.sleep(3)\ndefinition = "MLOps manages ML models"'

        first_box = await open_code_box(fake, step)
        first = await fake.submit_modal(first_box, slow)
        await first.response()
        for _ in range(500):  # until the engine has the first evaluation in flight
            if engine.is_evaluating(learner):
                break
            await asyncio.sleep(0.01)
        assert engine.is_evaluating(learner)

        second_box = await open_code_box(fake, step)
        second = await fake.submit_modal(second_box, 'definition = "ML"')
        refused = await second.reply()
        assert "Still checking your last submission" in refused.content

        verdict = await first.reply(timeout=30)
        assert "Step 1 passed" in verdict.text()
        attempts = await runner.services.store.attempts(learner, LESSON)
        assert len(attempts) == 1 and attempts[0].passed
    finally:
        await runner.stop()


async def test_a_saturated_sandbox_says_when_to_try_again(fake, tmp_path, error_log):
    """One runner slot and a 0.1 s deadline: past four queued runs, a run is turned away
    with the wait ("about 1 s"), politely and privately."""
    settings = e2e_settings(
        fake, tmp_path, STEPWISE_EXEC_CONCURRENCY="1", STEPWISE_QUEUE_DEADLINE="0.1"
    )
    runner = BotRunner(fake, settings)
    await runner.start()
    try:
        users = [fake.add_member(f"runner{i}") for i in range(7)]
        code = "import time; time.sleep(1); print('done')"
        handles = [await fake.slash("run", {"code": code}, user) for user in users]
        replies = [await handle.reply(timeout=60) for handle in handles]
        busy = [r for r in replies if "try again in about" in r.content]
        ran = [r for r in replies if "done" in r.text()]
        assert busy and len(busy) + len(ran) == len(users)
        assert all(r.ephemeral for r in busy)
    finally:
        await runner.stop()
