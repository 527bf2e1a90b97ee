"""The bot with two `stepwise sandbox serve` processes instead of a sandbox of its own.

The bot reaches them over TCP with the shared secret, as in docker-compose.yml. A learner
takes the whole lesson; then 200 submissions arrive (16 in flight at a time) and one
service is killed in the middle: every submission is answered exactly once with its own
verdict, and the killed service takes jobs again once it is back.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.executor.remote import RemoteExecutor
from bot.settings import Settings
from tests.service_process import SECRET, ServeProcess

from . import test_lesson_journey as journey
from .conftest import BotRunner, e2e_settings
from .fake_discord import FakeDiscord

BURST = 200
IN_FLIGHT = 16
KILL_AFTER = 60  # answered submissions before one service is killed


@pytest.fixture
def sandboxes() -> Iterator[list[ServeProcess]]:
    started = [ServeProcess(), ServeProcess()]
    try:
        for service in started:
            service.start()
        yield started
    finally:
        for service in started:
            if service.process is not None:
                service.stop()


@pytest.fixture
def settings(fake: FakeDiscord, tmp_path: Path, sandboxes: list[ServeProcess]) -> Settings:
    urls = ",".join(service.url for service in sandboxes)
    return e2e_settings(fake, tmp_path, STEPWISE_SANDBOX_URL=urls, STEPWISE_SANDBOX_SECRET=SECRET)


def remote(runner: BotRunner) -> RemoteExecutor:
    assert runner.services is not None
    executor = runner.services.executor
    assert isinstance(executor, RemoteExecutor), "STEPWISE_SANDBOX_URL selects the remote one"
    return executor


async def test_a_whole_lesson_through_the_sandbox_services(fake, runner, services, sandboxes):
    await journey.test_whole_lesson_with_mistakes_hints_and_progress(fake, runner, services)
    served = [(await asyncio.to_thread(s.load))["served"] for s in sandboxes]
    assert sum(served) == 7 and all(served), served  # seven submissions, spread over both


async def test_a_service_killed_mid_burst_loses_no_submission(fake, runner, sandboxes):
    victim, survivor = sandboxes
    executor = remote(runner)
    users = [fake.add_member(f"learner{i}") for i in range(BURST + 20)]
    window = asyncio.Semaphore(IN_FLIGHT)
    answered = 0
    victim_served = -1

    async def submit(i: int):
        nonlocal answered, victim_served
        async with window:
            handle = await fake.slash("run", {"code": f"print('submission-{i}')"}, users[i])
            reply = await handle.reply(timeout=120)
            answered += 1
            if answered == KILL_AFTER:
                victim_served = (await asyncio.to_thread(victim.load))["served"]
                await asyncio.to_thread(victim.kill)
            return handle, reply

    done = await asyncio.gather(*(submit(i) for i in range(BURST)))

    assert victim_served > 0, "the victim was serving when it was killed"
    for i, (handle, reply) in enumerate(done):
        assert f"submission-{i}" in reply.text(), reply.text()  # a verdict, its own
        assert "ran in" in reply.text()
        finished = [m for m in handle.messages() if not m.loading and not m.deleted]
        assert len(finished) == 1, f"submission {i} answered {len(finished)} times"
    texts = " ".join(m.text() for m in fake.sent_by_bot())
    shown = Counter(re.findall(r"submission-(\d+)\b", texts))
    assert shown == Counter({str(i): 1 for i in range(BURST)}), "each verdict shown once"

    down = executor.replicas[0]
    assert down.url == victim.url and not down.healthy
    after_the_kill = BURST - KILL_AFTER  # not answered yet when the victim died
    assert (await asyncio.to_thread(survivor.load))["served"] >= after_the_kill

    await asyncio.to_thread(victim.start)  # back, on the same port
    async with asyncio.timeout(60):  # the bot's probe finds the service back
        while not down.healthy:
            await asyncio.sleep(0.05)
    later = [
        await fake.slash("run", {"code": f"print('later-{i}')"}, users[BURST + i])
        for i in range(20)
    ]
    for i, handle in enumerate(later):
        assert f"later-{i}" in (await handle.reply(timeout=120)).text()
    assert (await asyncio.to_thread(victim.load))["served"] > 0, "used again once back"


async def test_a_full_sandbox_service_says_retry_in_a_moment(fake, tmp_path, error_log):
    """The service's 429 reaches the learner as the local executor's busy message does
    (tests/e2e/test_run_and_load.py): one runner slot that a slow run keeps, room for two
    waiting, seven runs of 1 s each, so the later ones are refused."""
    service = ServeProcess(
        STEPWISE_EXEC_CONCURRENCY="1", STEPWISE_QUEUE_LIMIT="2", STEPWISE_LONG_RUNS="0"
    )
    await asyncio.to_thread(service.start)
    settings = e2e_settings(
        fake, tmp_path, STEPWISE_SANDBOX_URL=service.url, STEPWISE_SANDBOX_SECRET=SECRET
    )
    runner = BotRunner(fake, settings)
    await runner.start()
    try:
        users = [fake.add_member(f"runner{i}") for i in range(7)]
        code = "import time; time.sleep(1); print('done')"
        handles = [await fake.slash("run", {"code": code}, user) for user in users]
        replies = [await handle.reply(timeout=60) for handle in handles]
        busy = [r for r in replies if "Every code runner is busy right now" in r.content]
        ran = [r for r in replies if "done" in r.text()]
        assert busy and len(busy) + len(ran) == len(users)
        assert all(r.ephemeral for r in busy)
        assert (await asyncio.to_thread(service.load))["busy"] == len(busy)
    finally:
        await runner.stop()
        await asyncio.to_thread(service.stop)
