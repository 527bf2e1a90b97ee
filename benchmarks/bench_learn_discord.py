"""/learn through the real bot and the loopback fake Discord: how fast the card and the mode
clicks are acknowledged and shown, beside /help and the guided-steps flow in the same run.

The bot runs as `stepwise run` starts it (real engine, SQLite in a temp dir, the mode desk,
the real executor) in a child process (`bench_discord.BotProcess`); the learners run here.
Each learner acts as fast as the bot answers: it sends its next interaction once the last
one's message is shown (a button can only be pressed once it is on the message). Rows:

- /help only: transport and discord.py overhead;
- guided steps: /lesson start, then Hint twice (the flow /learn's "steps" mode is);
- /learn: the card, concepts from the chooser, answer A, Next, flashcards from the chooser,
  Flip, Good (four database writes behind the seven interactions).

Acknowledged = interaction sent → callback received; shown = sent → its message posted or
edited. Usage: python benchmarks/bench_learn_discord.py [--learners 100] [--write PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable without installing
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_discord import SETTLE_SECONDS, BotProcess, pct  # noqa: E402

from tests.e2e.fake_discord import FakeDiscord, FakeMessage, InteractionHandle  # noqa: E402

LESSON = "what-is-mlops"


@dataclass
class Row:
    name: str
    acks_ms: list[float] = field(default_factory=list)
    shown_ms: list[float] = field(default_factory=list)
    lags_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0


class Learner:
    def __init__(self, fake: FakeDiscord, user: Any, row: Row) -> None:
        self.fake, self.user, self.row = fake, user, row

    async def _timed(
        self,
        send: Callable[[], Awaitable[InteractionHandle]],
        shown: Callable[[InteractionHandle], Awaitable[Any]],
    ) -> Any:
        start = time.perf_counter()
        handle = await send()
        result = await shown(handle)
        self.row.shown_ms.append((time.perf_counter() - start) * 1000)
        if handle.ack_ms is not None:
            self.row.acks_ms.append(handle.ack_ms)
        return result

    async def slash(self, command: str, options: dict[str, Any] | None = None) -> FakeMessage:
        return await self._timed(
            lambda: self.fake.slash(command, options, self.user), lambda h: h.reply()
        )

    async def choose(self, card: FakeMessage, mode: str) -> FakeMessage:
        select = next(c for row in card.components for c in row["components"] if c["type"] == 3)
        data = {"custom_id": select["custom_id"], "component_type": 3, "values": [mode]}
        return await self._timed(
            lambda: self.fake.send_interaction(3, data, self.user, message=card),
            lambda h: h.reply(),
        )

    async def click_new(self, message: FakeMessage, label: str) -> FakeMessage:
        return await self._timed(
            lambda: self.fake.click_button(message, message.custom_id(label), self.user),
            lambda h: h.reply(),
        )

    async def click_edit(self, message: FakeMessage, label: str) -> FakeMessage:
        before = message.edits

        async def edited(handle: InteractionHandle) -> FakeMessage:
            await self.fake.wait_until(lambda: message.edits > before, 60, "the edit")
            return message

        return await self._timed(
            lambda: self.fake.click_button(message, message.custom_id(label), self.user), edited
        )


async def help_only(learner: Learner) -> None:
    for _ in range(3):
        await learner.slash("help")


async def guided_steps(learner: Learner) -> None:
    step = await learner.slash("lesson start", {"lesson": LESSON})
    await learner.click_new(step, "Hint")
    await learner.click_new(step, "Hint")


async def learn(learner: Learner) -> None:
    card = await learner.slash("learn", {"lesson": LESSON})
    concept = await learner.choose(card, "concepts")
    await learner.click_edit(concept, "A")
    await learner.click_edit(concept, "Next")
    cards = await learner.choose(card, "flashcards")
    await learner.click_edit(cards, "Flip")
    await learner.click_edit(cards, "Good")


async def run(
    fake: FakeDiscord, bot: BotProcess, name: str, journey, learners: int, tag: str
) -> Row:
    row = Row(name)
    users = [fake.add_member(f"{tag}{i}") for i in range(learners)]
    await asyncio.to_thread(bot.start_sampling)
    start = time.perf_counter()
    await asyncio.gather(*(journey(Learner(fake, user, row)) for user in users))
    row.wall_s = time.perf_counter() - start
    row.lags_ms = await asyncio.to_thread(bot.stop_sampling)
    return row


def table(rows: list[Row]) -> str:
    lines = [
        "| run | interactions | wall s | ack p50 ms | ack p99 ms | shown p50 ms | shown p99 ms "
        "| acked ≤ 3 s | loop lag p99 ms |",
        "|" + "---|" * 9,
    ]
    for r in rows:
        ok = sum(1 for ms in r.acks_ms if ms <= 3000) / len(r.acks_ms) if r.acks_ms else 0.0
        lines.append(
            f"| {r.name} | {len(r.acks_ms)} | {r.wall_s:.2f} | {pct(r.acks_ms, 50):.1f} "
            f"| {pct(r.acks_ms, 99):.1f} | {pct(r.shown_ms, 50):.1f} | {pct(r.shown_ms, 99):.1f} "
            f"| {ok:.1%} | {pct(r.lags_ms, 99):.1f} |"
        )
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> str:
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as tmp:
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.base_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "STEPWISE_DB": str(Path(tmp) / "bench.db"),
            "STEPWISE_CONTENT": str(ROOT / "content"),
            "STEPWISE_SANDBOX": os.environ.get("STEPWISE_SANDBOX", "strict"),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
        bot = await asyncio.to_thread(BotProcess, env)
        try:
            await fake.wait_connected()
            await asyncio.sleep(SETTLE_SECONDS)
            rows = []
            for name, journey, tag in (
                ("/help only (3 each)", help_only, "h"),
                ("guided steps: /lesson start, Hint ×2", guided_steps, "s"),
                ("/learn: card, concepts A + Next, flashcards Flip + Good", learn, "l"),
            ):
                rows.append(await run(fake, bot, name, journey, args.learners, tag))
        finally:
            await asyncio.to_thread(bot.close)
            await fake.stop()
    return "\n".join(
        [
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: other "
            f"sessions on the machine show up in every row); {args.learners} learners at once, "
            "each acting as soon as its last message is shown.",
            "",
            table(rows),
        ]
    )


DOC_HEAD = """# /learn benchmark

`python benchmarks/bench_learn_discord.py --write docs/benchmarks-learn.md` drives the real
bot through the loopback fake Discord, as `benchmarks/bench_discord.py` does, and compares
the /learn card and mode clicks with `/help` and the guided-steps flow in the same run.
Acknowledged = interaction sent → callback received; shown = sent → the message posted or
edited (what the learner waits for before the next click).

"""
DOC_TAIL = """
## Reading it

- Every /learn interaction is acknowledged before the desk reads or writes anything (the
  mode messages defer silently, then edit), so "acknowledged" stays close to `/help`'s;
  "shown" includes the desk's SQLite reads and the one write per action (the card reads
  the steps' progress and every mode row), then the edit.
- The learners act together and at once, on a 2-CPU machine shared with other sessions
  (the load average is in the machine line): compare the rows with each other, not with
  another run.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--write", metavar="PATH", help="also write the report (markdown)")
    args = parser.parse_args(argv)
    text = asyncio.run(main_async(args))
    print(text)
    if args.write:
        Path(args.write).write_text(DOC_HEAD + text + "\n" + DOC_TAIL, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
