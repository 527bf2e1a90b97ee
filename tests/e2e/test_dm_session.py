"""Studying in a DM with the bot: plain replies, and pasted ```py blocks are checked."""

from __future__ import annotations

from .actions import LESSON, next_step, start_lesson


async def test_dm_study_session_with_pasted_code_blocks(fake, runner, services):
    ben = fake.members[1]
    dm_channel = fake.dm_channel_id(ben)
    lesson = services.catalog.get(LESSON)

    step = await start_lesson(fake, ben, dm=True)
    assert not step.ephemeral, "a DM is already private; the learner keeps the history"
    assert step.channel_id == dm_channel and "Step 1" in step.text()

    await fake.send_dm(ben, "hello, is this thing on?")  # not code: a one-line how-to
    await fake.wait_for_message(lambda m: m.channel_id == dm_channel and "```py" in m.content)
    await fake.send_dm(ben, 'Here you go:\n```py\ndefinition = "something vague"\n```')
    verdict = await fake.wait_for_message(
        lambda m: m.channel_id == dm_channel and "Not yet" in m.text()
    )
    assert "mention machine learning" in verdict.text()
    assert verdict.data["channel_id"] == str(dm_channel)
    assert "Submit code" in verdict.labels()

    await fake.send_dm(ben, f"```python\n{lesson.step(1).solution}```")
    passed = await fake.wait_for_message(
        lambda m: m.channel_id == dm_channel and "passed" in m.text()
    )
    assert "Step 1 passed" in passed.text() and passed.labels() == ["Next step"]

    await next_step(fake, passed, ben)
    assert "Step 2" in passed.text()

    bot_messages = fake.messages_in(dm_channel)
    assert len(bot_messages) == 4  # the step, the how-to, one verdict per pasted block
    attempts = await services.store.attempts(f"discord:{ben.id}", LESSON)
    assert [a.passed for a in attempts] == [False, True]
    assert all(m.channel_id == dm_channel for m in fake.sent_by_bot() if not m.ephemeral)


async def test_dm_code_without_a_lesson_gets_a_friendly_pointer(fake, runner):
    ben = fake.members[1]
    await fake.send_dm(ben, "```py\nprint('hi')\n```")
    reply = await fake.wait_for_message(lambda m: m.channel_id == fake.dm_channel_id(ben))
    assert "no lesson in progress" in reply.content and "Browse lessons" in reply.labels()
