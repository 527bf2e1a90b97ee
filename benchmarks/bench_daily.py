"""2,000 members answer one daily quiz within 10 s, through the loopback fake Discord.

The bot runs as `stepwise run` starts it (real SQLite in a temp dir) in a child process,
with `benchmarks/bench_discord.py`'s `BotProcess`; the fake Discord and the simulated
members run in this process, so neither steals the other's interpreter. Clicks are sent
at an even pace over `--seconds`. Rows, side by side, same members, same pace:

- baseline: a button that touches no database (another learner's lesson "Hint" button:
  the bot refuses it ephemerally) — transport, discord.py and reply cost only;
- workload: every member's first click on the daily quiz (answer stored, confirmation
  sent), plus `--repeat` of them double-clicking right after (must not duplicate);
- repeat: every member clicks again later ("you already answered", nothing written).

Acknowledgement latency is measured in the fake (interaction sent → callback received).
Per row the table also shows the send rate the fake achieved, CPU milliseconds per click in
each process, and the bot's event-loop lag. Afterwards the database file is opened
directly: it must hold exactly one answer per member.

Usage: python benchmarks/bench_daily.py [--members 2000] [--seconds 10] [--repeat 0.1]
       [--profile bot.prof] [--write docs/benchmarks-daily.md]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import multiprocessing
import os
import platform
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable without installing

from benchmarks.bench_discord import BotProcess, bot_process, pct, wait_all_acked  # noqa: E402
from bot.core.models import option_letter  # noqa: E402
from bot.discord_app.components import Action, step_custom_id  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, FakeMessage, InteractionHandle  # noqa: E402
from tests.e2e.fake_payloads import FakeUser, snowflake  # noqa: E402

TARGET_P99_MS = 200.0
DEADLINE_MS = 3000.0
LESSON = "what-is-mlops"


# --------------------------------------------------------------------------- the bot side


def profiled_bot_process(env: dict[str, str], conn: Connection, path: str) -> None:
    """`bot_process` under cProfile (the bot's event-loop thread), stats written to `path`."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        bot_process(env, conn)
    finally:
        profiler.disable()
        profiler.dump_stats(path)


@dataclass
class ProfiledBotProcess(BotProcess):
    profile: str = ""

    def __post_init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        args = (self.env, child, self.profile)
        self.process = ctx.Process(target=profiled_bot_process, args=args, daemon=True)
        self.process.start()
        tag, self.executor = self.conn.recv()
        assert tag == "ready"


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of a process (all its threads); this process when `pid` is None."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- the members


@dataclass(frozen=True)
class Row:
    name: str
    handles: list[InteractionHandle]
    send_s: float  # first click sent → last click sent
    wall_s: float  # first click sent → last acknowledgement
    fake_cpu_ms: float  # per click, this process
    bot_cpu_ms: float  # per click, the bot's process
    lags_ms: list[float]

    @property
    def acks_ms(self) -> list[float]:
        return [h.ack_ms for h in self.handles if h.ack_ms is not None]

    @property
    def within_deadline(self) -> float:
        ok = sum(1 for ms in self.acks_ms if ms <= DEADLINE_MS)
        return ok / len(self.handles)


Click = tuple[FakeUser, str]  # who clicks, which custom_id


async def click_paced(
    name: str, fake: FakeDiscord, bot: BotProcess, message: FakeMessage, plan: list[Click],
    seconds: float,
) -> Row:  # fmt: skip
    await asyncio.to_thread(bot.start_sampling)
    pid = bot.process.pid
    fake_cpu, bot_cpu = cpu_seconds(), cpu_seconds(pid)
    loop = asyncio.get_running_loop()
    gap = seconds / max(len(plan), 1)
    handles = []
    start = loop.time()
    for i, (user, custom_id) in enumerate(plan):
        delay = start + i * gap - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        handles.append(await fake.click_button(message, custom_id, user))
    sent = loop.time()
    await wait_all_acked(fake, handles)
    done = loop.time()
    lags = await asyncio.to_thread(bot.stop_sampling)
    per_click = 1000 / len(plan)
    return Row(
        name,
        handles,
        sent - start,
        done - start,
        (cpu_seconds() - fake_cpu) * per_click,
        (cpu_seconds(pid) - bot_cpu) * per_click,
        lags,
    )


async def post_quiz(fake: FakeDiscord) -> FakeMessage:
    setup = {"channel": fake.channel_id, "time": "09:00", "timezone": "UTC"}
    await (await fake.slash("daily setup", setup)).reply()
    await (await fake.slash("daily post-now")).reply()
    return next(m for m in fake.messages_in(fake.channel_id) if m.labels())


@dataclass(frozen=True)
class Stored:
    answers: int
    members: int  # distinct members with an answer
    confirmed: int  # first clicks answered "Got it"
    write_s: float  # first answer click sent → last first-click acknowledged


def count_answers(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT learner_id) FROM daily_answers"
        ).fetchone()
    return int(total), int(distinct)


async def run(args: argparse.Namespace) -> tuple[list[Row], Stored, str]:
    fake = FakeDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory(prefix="stepwise-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        env = {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_API_BASE": fake.base_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "STEPWISE_DB": str(db),
            "STEPWISE_CONTENT": str(ROOT / "content"),
            "STEPWISE_SANDBOX": os.environ.get("STEPWISE_SANDBOX", "insecure-dev"),
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
        if args.profile:
            start = lambda: ProfiledBotProcess(env, str(Path(args.profile).resolve()))  # noqa: E731
        else:
            start = lambda: BotProcess(env)  # noqa: E731
        bot = await asyncio.to_thread(start)
        try:
            await fake.wait_connected()
            message = await post_quiz(fake)
            options = len(message.labels())
            users = [FakeUser(snowflake(), f"m{i}") for i in range(args.members)]

            def answer(i: int) -> str:
                return message.custom_id(option_letter(i % options))

            owner = fake.member  # everyone else clicking the owner's Hint: refused, no DB
            step = await (await fake.slash("lesson start", {"lesson": LESSON}, owner)).reply()
            someone_else = step_custom_id(Action.HINT, LESSON, owner.id)
            baseline_plan = [(u, someone_else) for u in users]
            first_plan = [(u, answer(i)) for i, u in enumerate(users)]
            doubles = [(u, answer(i + 1)) for i, u in enumerate(users[: int(len(users) * args.repeat)])]  # fmt: skip
            workload_plan = sorted(first_plan + doubles, key=lambda c: c[0].id)  # double follows
            pace = args.seconds
            baseline = await click_paced(
                "baseline: button without database", fake, bot, step, baseline_plan, pace
            )
            workload = await click_paced(
                f"workload: first answers + {len(doubles)} double clicks",
                fake, bot, message, workload_plan, pace,
            )  # fmt: skip
            repeat = await click_paced(
                "repeat: already answered", fake, bot, message, first_plan, pace
            )
            executor = bot.executor
        finally:
            await asyncio.to_thread(bot.close)
            await fake.stop()
        total, distinct = count_answers(db)
    firsts: dict[int, InteractionHandle] = {}
    for handle in workload.handles:
        firsts.setdefault(handle.user.id, handle)
    confirmed = sum(1 for h in firsts.values() if _content(h).startswith("Got it"))
    last_ack = max(h.acked_at or 0.0 for h in firsts.values())
    write_s = last_ack - workload.handles[0].sent_at
    return [baseline, workload, repeat], Stored(total, distinct, confirmed, write_s), executor


def _content(handle: InteractionHandle) -> str:
    return str(((handle.callback or {}).get("data") or {}).get("content") or "")


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    lines = [
        "| run | clicks | sent/s | ack p50 ms | ack p99 ms | ack max ms | acked ≤ 3 s "
        "| fake CPU ms/click | bot CPU ms/click | bot loop lag p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        acks = r.acks_ms
        lines.append(
            f"| {r.name} | {len(r.handles)} | {len(r.handles) / r.send_s:.0f} "
            f"| {pct(acks, 50):.1f} | {pct(acks, 99):.1f} | {max(acks):.1f} "
            f"| {r.within_deadline:.1%} | {r.fake_cpu_ms:.2f} | {r.bot_cpu_ms:.2f} "
            f"| {pct(r.lags_ms, 99):.1f} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row], stored: Stored, members: int) -> list[str]:
    workload = rows[1]
    checks = [
        ("every click acknowledged within 3 s", all(r.within_deadline == 1.0 for r in rows)),
        (
            f"answer ack p99 ≤ {TARGET_P99_MS:.0f} ms",
            pct(workload.acks_ms, 99) <= TARGET_P99_MS,
        ),
        (
            "every answer stored exactly once",
            stored.answers == stored.members == members,
        ),
        ("every first click confirmed", stored.confirmed == members),
    ]
    return [f"- {'PASS' if ok else 'FAIL'}: {what}" for what, ok in checks]


def report(args: argparse.Namespace, rows: list[Row], stored: Stored, executor: str,
           load: tuple[tuple[float, ...], tuple[float, ...]]) -> tuple[str, bool]:  # fmt: skip
    lost = args.members - stored.members
    extra = stored.answers - stored.members
    checks = verdicts(rows, stored, args.members)
    text = "\n".join(
        [
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs; load average before {_load(load[0])}, after "
            f"{_load(load[1])}; executor {executor}.",
            f"{args.members} members, clicks paced over {args.seconds:.0f} s per row.",
            "",
            table(rows),
            "",
            f"Answers in the database: {stored.answers} rows for {stored.members} members "
            f"({lost} lost, {extra} duplicated); {stored.confirmed} first clicks confirmed.",
            f"Answers written per second: {stored.members / stored.write_s:.0f} "
            f"({stored.members} answers, first click sent → last confirmation "
            f"{stored.write_s:.2f} s; each committed before its confirmation).",
            "",
            *checks,
        ]
    )
    return text, all(line.startswith("- PASS") for line in checks)


def _load(values: tuple[float, ...]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


DOC_HEAD = """# Daily quiz benchmark

`python benchmarks/bench_daily.py --write docs/benchmarks-daily.md` drives the real bot (in a
child process, as `benchmarks/bench_discord.py` runs it) through the loopback fake Discord
(`tests/e2e/fake_discord.py`) over real sockets. Acknowledgement = interaction sent by the
fake → interaction callback received by the fake. CPU per click is measured per process
(`/proc`), loop lag inside the bot's event loop (a 5 ms sleep's overshoot).

"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=float, default=0.1, help="share double-clicking")
    parser.add_argument("--profile", metavar="PATH", help="cProfile the bot, stats to PATH")
    parser.add_argument("--write", metavar="PATH", help="also write the report (markdown)")
    args = parser.parse_args(argv)
    if args.members < 1 or args.seconds <= 0 or not 0 <= args.repeat <= 1:
        parser.error("--members ≥ 1, --seconds > 0, 0 ≤ --repeat ≤ 1")
    before = os.getloadavg()
    rows, stored, executor = asyncio.run(run(args))
    text, ok = report(args, rows, stored, executor, (before, os.getloadavg()))
    print(text)
    if args.write:
        Path(args.write).write_text(DOC_HEAD + text + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
