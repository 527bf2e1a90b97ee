"""A class submits at once: every submission answered, the wait shown, Retry after a refusal."""

from __future__ import annotations

import asyncio

from bot.core.content import load_catalog

from .actions import LESSON, open_code_box, prefill, start_lesson
from .conftest import REPO, BotRunner, e2e_settings

SEED = load_catalog(REPO / "content").get(LESSON)
assert SEED is not None
MEMBERS = 100


def code_box_id(lesson: str, owner: int) -> str:
    return f"stepwise:v1:code:{lesson}:{owner}"


def versions(message) -> list[str]:
    """Everything the message said, oldest first (the 'thinking…' placeholder has none)."""
    return [text for text in [v.get("content") or "" for v in message.history] if text] + [
        message.text()
    ]


async def test_a_class_of_100_submits_step_2_at_once_and_everyone_gets_a_verdict(
    fake, tmp_path, error_log
):
    # Two runner slots and a notice from the first queued run: waiting is certain to happen.
    settings = e2e_settings(
        fake, tmp_path, STEPWISE_EXEC_CONCURRENCY="2", STEPWISE_QUEUE_NOTICE="0"
    )
    runner = BotRunner(fake, settings)
    await runner.start()
    try:
        engine = runner.services.engine
        members = [fake.add_member(f"learner{i}") for i in range(MEMBERS)]
        learners = [f"discord:{member.id}" for member in members]
        passed_step_1 = await asyncio.gather(
            *(engine.submit(learner, LESSON, SEED.step(1).solution) for learner in learners)
        )
        assert all(s.passed and s.view.number == 2 for s in passed_step_1)

        handles = await asyncio.gather(
            *(
                fake.submit_form(
                    code_box_id(LESSON, member.id), {"code": SEED.step(2).solution}, member
                )
                for member in members
            )
        )
        verdicts = [
            await handle.reply(lambda m: "Step 2 passed" in m.text(), timeout=120)
            for handle in handles
        ]

        for handle, member, verdict in zip(handles, members, verdicts, strict=True):
            assert handle.user is member and verdict.ephemeral
            said = versions(verdict)
            assert not any("busy" in text for text in said), said
            queued = [text for text in said if text.startswith("⏳ Queued")]
            assert said[-1].startswith("✅ Step 2 passed") or "Step 2 passed" in said[-1]
            assert all(said.index(text) < len(said) - 1 for text in queued)
            assert all("ahead of you" in text for text in queued)
        waited = [v for v in verdicts if any(t.startswith("⏳ Queued") for t in versions(v))]
        assert waited, "with 2 slots and 100 runs at once, some runs must have queued"

        for learner in learners:  # each verdict is the learner's own: one attempt each
            attempts = await runner.services.store.attempts(learner, LESSON, 2)
            assert len(attempts) == 1 and attempts[0].passed
    finally:
        await runner.stop()


async def test_a_refusal_keeps_the_code_and_retry_works_after_a_restart_for_its_owner(
    fake, tmp_path, error_log
):
    # One slot and room for one queued run: a test-held run takes the slot, another the
    # queue place, so the learner's submission is refused whatever the timing.
    settings = e2e_settings(fake, tmp_path, STEPWISE_EXEC_CONCURRENCY="1", STEPWISE_QUEUE_LIMIT="1")
    runner = BotRunner(fake, settings)
    await runner.start()
    try:
        step = await start_lesson(fake)
        admission = runner.services.executor.admission
        release = asyncio.Event()

        async def held(lease) -> None:
            await release.wait()

        holders = [asyncio.create_task(admission.run(held)) for _ in range(2)]
        await asyncio.sleep(0)
        assert admission.busy == 1 and admission.queued == 1

        code = 'definition = "MLOps manages ML models"  # kept for Retry'
        box = await open_code_box(fake, step)
        refused = await (await fake.submit_modal(box, code)).reply()
        assert "Every code runner is busy right now: try again in about 1 s" in refused.content
        assert refused.ephemeral and "Retry" in refused.labels()
        assert code in refused.text()

        again = await open_code_box(fake, step)  # the code box keeps the refused code too
        assert prefill(again) == code

        stranger = fake.add_member("stranger")
        retry_id = refused.custom_id("Retry")
        intruder = await (await fake.click_button(refused, retry_id, stranger)).reply()
        assert intruder.ephemeral and "belongs to someone else" in intruder.content

        release.set()
        await asyncio.gather(*holders)
        await runner.restart()

        retried = await fake.click_button(refused, retry_id)
        verdict = await retried.reply(lambda m: "Step 1 passed" in m.text(), timeout=30)
        assert verdict.ephemeral
        learner = f"discord:{fake.member.id}"
        attempts = await runner.services.store.attempts(learner, LESSON)
        assert [(a.code, a.passed) for a in attempts] == [(code, True)]
    finally:
        await runner.stop()
