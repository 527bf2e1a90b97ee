"""Gateway reconnects, someone else's progress, and a failure nobody planned for."""

from __future__ import annotations

import re

from .actions import LESSON, start_lesson, submit_code


async def test_gateway_reconnect_resumes_and_keeps_serving(fake, runner):
    await fake.request_reconnect()
    await fake.wait_until(lambda: fake.resumes == 1 and fake.connected, 15, "RESUME")
    assert fake.identifies == 1, "resumed, not re-identified"
    reply = await (await fake.slash("help")).reply()
    assert "/lesson start" in reply.text()


async def test_progress_of_another_member(fake, runner, services):
    ana, ben = fake.members[0], fake.members[1]
    step = await start_lesson(fake, ben)
    await submit_code(fake, step, services.catalog.get(LESSON).step(1).solution, ben)

    reply = await (await fake.slash("progress", {"member": ben}, ana)).reply()
    assert "Progress — ben" in reply.text() and "1 / 4 solved" in reply.text()
    mine = await (await fake.slash("progress", None, ana)).reply()
    assert "No lessons started yet" in mine.text()


async def test_unexpected_failure_is_logged_with_an_id_the_learner_sees(
    fake, runner, services, error_log
):
    await start_lesson(fake)
    await services.store.aclose()  # the database goes away under the bot
    error_log.expect(1)

    reply = await (await fake.slash("lesson continue")).reply()
    match = re.search(r"error id `([0-9a-f]{8})`", reply.content)
    assert match and reply.ephemeral
    assert match.group(1) in error_log.lines()[0] and "/lesson continue" in error_log.lines()[0]
