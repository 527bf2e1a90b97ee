"""Two `stepwise run` processes (shards 0 and 1 of 2) share one PostgreSQL: exactly once.

Real processes, started as an operator would, against the loopback fake Discord (which
routes each guild's events to the socket of the shard that owns it) and a real
PostgreSQL. Time is the real clock, so the database is seeded with schedules whose slot
is already due (a catch-up post), and "time passing" is a change of schedule or reveal
time in the database while the processes run.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.core.ports import DailySchedule
from bot.storage.postgres import PostgresProgressStore
from bot.storage.postgres_daily import PostgresDailyStore

from .conftest import REPO
from .fake_discord import FakeDiscord, FakeMessage
from .fake_payloads import FakeUser, snowflake

MEMBERS = 500
CHOICE = re.compile(r"answered \*\*([A-Z])\.\*\*")
WAIT = 60.0  # generous: two bots, a sandbox each and PostgreSQL share two busy cores


class BotProcess:
    """`python -m bot run` for one shard; its output goes to a file shown on failure."""

    def __init__(self, fake: FakeDiscord, url: str, shard: int, folder: Path) -> None:
        self.shard = shard
        self.folder = folder
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STEPWISE_"))},
            "PYTHONPATH": str(REPO),
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.base_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "STEPWISE_DATABASE_URL": url,
            "STEPWISE_SHARD_COUNT": "2",
            "STEPWISE_SHARD_IDS": str(shard),
            "STEPWISE_DB": str(folder / "stepwise.db"),  # heartbeat and command-sync hash
            "STEPWISE_CONTENT": str(REPO / "content"),
            "STEPWISE_SANDBOX": "strict",
        }
        self.process: asyncio.subprocess.Process | None = None
        self.runs = 0

    @property
    def log(self) -> Path:
        return self.folder / f"run{self.runs}.log"

    async def start(self) -> None:
        self.runs += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run",
                cwd=self.folder, env=self.env, stdout=out, stderr=out,
            )  # fmt: skip

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()

    def errors(self) -> list[str]:
        return [
            line for line in self.log.read_text(errors="replace").splitlines() if "ERROR" in line
        ]


@pytest.fixture
async def processes(fake: FakeDiscord, postgres_url: str, tmp_path: Path):
    bots = [BotProcess(fake, postgres_url, shard, tmp_path / f"shard{shard}") for shard in (0, 1)]
    try:
        yield bots
    finally:
        for bot in bots:
            await bot.stop()


def posts_in(fake: FakeDiscord, channel_id: int) -> list[FakeMessage]:
    channel = fake.messages_in(channel_id)
    return [m for m in channel if m.interaction_token is None and "Daily quiz" in m.text()]


async def wait_for(fake: FakeDiscord, predicate, what: str, bots: list[BotProcess]) -> None:
    try:
        await fake.wait_until(predicate, WAIT, what)
    except AssertionError:
        for bot in bots:
            print(f"--- shard {bot.shard} run {bot.runs}\n{bot.log.read_text(errors='replace')}")
        raise


async def click(fake: FakeDiscord, message: FakeMessage, member: FakeUser, letter: str):
    """(letter the member clicked, letter the bot said counts) or (letter, None) if no ack."""
    try:
        handle = await fake.click_button(message, message.custom_id(letter), member)
        reply = await handle.reply(timeout=20)
    except (AssertionError, ConnectionError, aiohttp.ClientError):
        # the shard's process is down (not delivered, or its socket closing under the
        # send: the kill lands mid-burst) or never answered
        return letter, None
    found = CHOICE.search(reply.content)
    assert found, reply.content
    return letter, found.group(1)


async def test_two_shard_processes_post_once_store_one_answer_and_survive_a_kill(
    fake: FakeDiscord, processes: list[BotProcess], postgres_url: str
):
    # Guilds on both shards; each shard's process alone hears and schedules its guilds.
    a_burst, a_late = fake.add_guild(0, 2), fake.add_guild(0, 2)
    b_burst, b_other = fake.add_guild(1, 2), fake.add_guild(1, 2)
    guilds = (a_burst, a_late, b_burst, b_other)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    first_slot = now - timedelta(minutes=30)

    async with PostgresProgressStore.open(postgres_url) as store:
        daily = PostgresDailyStore(store)
        for guild_id, channel_id in guilds:  # due 30 min ago: the start catches it up
            await daily.save_schedule(
                DailySchedule(
                    guild_id, channel_id, first_slot.time(), "UTC",
                    handled_through=first_slot - timedelta(minutes=1),
                    reveal_after=timedelta(hours=1),
                )
            )  # fmt: skip

        shard0, shard1 = processes
        await asyncio.gather(shard0.start(), shard1.start())
        await wait_for(
            fake,
            lambda: all(len(posts_in(fake, channel)) == 1 for _, channel in guilds),
            "one daily post in each guild",
            processes,
        )
        assert fake.shard_connected(0) and fake.shard_connected(1)

        # 500 members, each double-clicking (two different answers at once).
        members = [FakeUser(snowflake(), f"m{i}") for i in range(MEMBERS)]
        on_a, on_b = members[: MEMBERS // 2], members[MEMBERS // 2 :]
        (post_a,) = posts_in(fake, a_burst[1])
        (post_b,) = posts_in(fake, b_burst[1])

        async def double_click(message: FakeMessage, member: FakeUser):
            return member, await asyncio.gather(
                click(fake, message, member, "A"), click(fake, message, member, "B")
            )

        burst_b = asyncio.gather(*(double_click(post_b, m) for m in on_b))
        results = []
        for start in range(0, len(on_a), 25):
            chunk = asyncio.gather(*(double_click(post_a, m) for m in on_a[start : start + 25]))
            if start == 125:  # mid-burst: kill -9 the process of shard 0, clicks in flight
                await asyncio.sleep(0.05)
                shard0.kill()
            results += await chunk
        results += await burst_b

        # The slot of one of shard 0's guilds passes while its process is down.
        late_slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
        late = await daily.get_schedule(a_late[0])
        await daily.save_schedule(
            DailySchedule(
                late.guild_id, late.channel_id, late_slot.time(), "UTC",
                handled_through=late.handled_through, reveal_after=timedelta(hours=1),
            )
        )  # fmt: skip
        await asyncio.sleep(1.0)  # a spot check; tests/discord_app/test_sharding.py proves the rule
        assert len(posts_in(fake, a_late[1])) == 1, "shard 1's process posted in shard 0's guild"

        # Every acknowledged answer is stored, and is the one the bot said counts.
        acked = {}
        for member, clicks in results:
            said = {counted for _, counted in clicks if counted is not None}
            assert len(said) <= 1, f"{member.name} was told two different answers: {clicks}"
            if said:
                acked[member.id] = said.pop()
        stored = await store.fetch("SELECT learner_id, choice FROM daily_answers")
        letters = {int(row[0].split(":")[1]): "ABCD"[row[1]] for row in stored}
        assert {m: letters.get(m) for m in acked} == acked, "an acknowledged answer was lost"
        assert all(members_id in acked for members_id in (m.id for m in on_b))
        assert 0 < sum(m.id in acked for m in on_a) < len(on_a)  # the kill hit mid-burst

        # Restart shard 0: it catches up its missed slot once; its members click again.
        await shard0.start()
        await wait_for(
            fake, lambda: len(posts_in(fake, a_late[1])) == 2, "the catch-up post", processes
        )
        retried = [m for m in on_a if m.id not in acked]
        again = await asyncio.gather(*(double_click(post_a, m) for m in retried))
        assert all(counted for _, clicks in again for _, counted in clicks)

        rows = await store.fetch(
            "SELECT p.guild_id, count(*) FROM daily_answers a JOIN daily_posts p"
            " ON p.id = a.post_id GROUP BY p.guild_id"
        )
        assert dict(rows) == {a_burst[0]: len(on_a), b_burst[0]: len(on_b)}
        assert (await store.fetch("SELECT count(DISTINCT learner_id) FROM daily_answers"))[0][
            0
        ] == MEMBERS

        # The reveal time comes: each process reveals its own guilds' posts, once.
        await store.execute(
            "UPDATE daily_posts SET reveal_at = now() - interval '1 second'"
            " WHERE revealed_at IS NULL"
        )
        await wait_for(
            fake,
            lambda: all(
                "answer" in (m.embeds[0].get("title") or "")
                for _, channel in guilds
                for m in posts_in(fake, channel)
            ),
            "every post revealed",
            processes,
        )
        per_guild = dict(await store.fetch("SELECT guild_id, count(*) FROM daily_posts GROUP BY 1"))
        assert per_guild == {a_burst[0]: 1, a_late[0]: 2, b_burst[0]: 1, b_other[0]: 1}
        unrevealed = await store.fetch("SELECT id FROM daily_posts WHERE revealed_at IS NULL")
        assert unrevealed == []
        assert {len(posts_in(fake, channel)) for _, channel in guilds} == {1, 2}
        assert f"of {len(on_a)} got it right" in post_a.text()  # the reveal counted each once
        assert f"of {len(on_b)} got it right" in post_b.text()

    assert shard1.errors() == [] and processes[0].errors() == []
