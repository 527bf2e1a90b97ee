"""2,000 members answer one daily quiz within 10 s, through the loopback fake Discord.

The bot runs as `stepwise run` starts it (real SQLite in a temp dir) in a child process,
with `benchmarks/bench_discord.py`'s `BotProcess`; the fake Discord and the simulated
members run in this process, so neither steals the other's interpreter. Paced rows send
their clicks evenly over `--seconds`; same members, same pace, side by side:

- baseline: a button that touches no database (another learner's lesson "Hint" button:
  the bot refuses it ephemerally) — transport, discord.py and reply cost only;
- store only: the same answers straight into `SQLiteDailyStore`, no Discord at all;
- workload: every member's first click on the daily quiz (answer stored, confirmation
  sent), plus `--repeat` of them double-clicking right after (must not duplicate);
- repeat: every member clicks again later ("you already answered", nothing stored);
- burst (unless `--no-burst`): a second quiz, every first click sent as fast as the fake
  can — the bot's capacity in answers per second, not a latency target.

Acknowledgement latency is measured in the fake (interaction sent → callback received).
Per row the table also shows the send rate the fake achieved, CPU milliseconds per click in
each process, the bot's event-loop lag and how many CPUs the machine was busy (ours in
brackets: a shared machine shows here). Afterwards the database file is opened directly:
each quiz must hold exactly one answer per member.

Usage: python benchmarks/bench_daily.py [--members 2000] [--seconds 10] [--repeat 0.1]
       [--no-burst] [--profile bot.prof] [--write docs/benchmarks-daily.md]
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable without installing

from benchmarks.bench_discord import BotProcess, bot_process, pct, wait_all_acked  # noqa: E402
from benchmarks.cpu_usage import CpuMeter, CpuUsage  # noqa: E402
from bot.core.content import option_letter  # noqa: E402
from bot.core.ports import DailyAnswer, NewPost  # noqa: E402
from bot.discord_app.components import Action, step_custom_id  # noqa: E402
from bot.storage.sqlite import SQLiteProgressStore  # noqa: E402
from bot.storage.sqlite_daily import SQLiteDailyStore  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, FakeMessage, InteractionHandle  # noqa: E402
from tests.e2e.fake_payloads import FakeUser, snowflake  # noqa: E402

TARGET_P99_MS = 200.0
DEADLINE_MS = 3000.0
LESSON = "what-is-mlops"
WARM_UP = 200  # clicks


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
        child.close()  # so a child that dies before "ready" ends recv() with EOFError
        tag, self.executor = self.conn.recv()
        assert tag == "ready"


# --------------------------------------------------------------------------- the members


@dataclass(frozen=True)
class Row:
    name: str
    acks_ms: list[float]  # per click: sent → acknowledged (store row: call → return)
    send_s: float  # first click sent → last click sent
    cpu: CpuUsage  # seconds per process: (the bot, this process) or (this process,)
    lags_ms: list[float]  # event-loop lag samples where the answers are handled
    handles: list[InteractionHandle] = field(default_factory=list)

    @property
    def within_deadline(self) -> float:
        return sum(1 for ms in self.acks_ms if ms <= DEADLINE_MS) / len(self.acks_ms)

    def cpu_ms_per_click(self) -> tuple[float | None, float]:
        """(fake, bot) CPU ms per click; the store-only row has no fake and no bot process."""
        per_click = [seconds * 1000 / len(self.acks_ms) for seconds in self.cpu.seconds]
        return (per_click[1], per_click[0]) if len(per_click) == 2 else (None, per_click[0])


Click = tuple[FakeUser, str]  # who clicks, which custom_id


async def click_paced(
    name: str, fake: FakeDiscord, bot: BotProcess, message: FakeMessage, plan: list[Click],
    seconds: float,
) -> Row:  # fmt: skip
    """Send `plan` evenly over `seconds` (0: as fast as the fake can) and wait for every ack."""
    await asyncio.to_thread(bot.start_sampling)
    meter = CpuMeter(bot.process.pid, None)
    loop = asyncio.get_running_loop()
    gap = seconds / len(plan)
    handles = []
    start = loop.time()
    for i, (user, custom_id) in enumerate(plan):
        delay = start + i * gap - loop.time()
        await asyncio.sleep(max(delay, 0))  # 0 still lets the fake serve the bot's replies
        handles.append(await fake.click_button(message, custom_id, user))
    sent = loop.time()
    await wait_all_acked(fake, handles)
    cpu = meter.stop()
    lags = await asyncio.to_thread(bot.stop_sampling)
    acks = [h.ack_ms or 0.0 for h in handles]
    return Row(name, acks, sent - start, cpu, lags, handles)


async def store_only(members: int, seconds: float, folder: Path) -> Row:
    """The same answers straight into the SQLite daily store, paced: its cost without Discord."""
    async with SQLiteProgressStore.open(folder / "store-only.db") as progress:
        daily = SQLiteDailyStore(progress)
        now = datetime.now(UTC)
        post = await daily.create_post(NewPost(1, 2, LESSON, "q1", 1, now.date(), now, None))
        assert post is not None
        lags: list[float] = []
        sampler = asyncio.create_task(sample_lag(lags))
        loop = asyncio.get_running_loop()
        meter = CpuMeter()
        acks: list[float] = []

        async def click(member: int) -> None:
            sent = time.perf_counter()
            answer = DailyAnswer(post.id, f"discord:{member}", member % 4, False, now)
            _, created = await daily.record_answer(1, answer, f"m{member}")
            assert created
            acks.append((time.perf_counter() - sent) * 1000)

        clicks = []
        start = loop.time()
        for member in range(members):
            await asyncio.sleep(max(start + member * seconds / members - loop.time(), 0))
            clicks.append(asyncio.create_task(click(member)))
        sent = loop.time()
        await asyncio.gather(*clicks)
        cpu = meter.stop()
        sampler.cancel()
        assert await daily.answer_count(post.id) == members
    return Row("store only: record_answer without Discord", acks, sent - start, cpu, lags)


async def sample_lag(lags: list[float], interval: float = 0.005) -> None:
    """Like the bot process's sampler: how late a 5 ms sleep wakes up, in ms."""
    while True:
        start = time.perf_counter()
        await asyncio.sleep(interval)
        lags.append(max(0.0, (time.perf_counter() - start - interval) * 1000))


async def post_quiz(fake: FakeDiscord) -> FakeMessage:
    """`/daily post-now` (revealing the previous quiz); the new quiz's public message."""
    await (await fake.slash("daily post-now")).reply()
    quizzes = [
        m
        for m in fake.messages_in(fake.channel_id)
        if any(":daily:" in b["custom_id"] for b in m.buttons())
    ]
    return max(quizzes, key=lambda m: m.id)


@dataclass(frozen=True)
class Stored:
    answers: int  # rows in the database
    members: int  # distinct members with an answer
    confirmed: int  # members whose first click was answered "Got it"
    doubles: int  # second clicks in the row
    doubles_told: int  # second clicks answered "You already answered"
    write_s: float  # first answer click sent → last first-click acknowledged


def stored_answers(db: Path, message: FakeMessage, row: Row) -> Stored:
    """What the database holds for the quiz posted as `message`, and what `row` confirmed."""
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT a.learner_id) FROM daily_answers AS a"
            " JOIN daily_posts AS p ON p.id = a.post_id WHERE p.message_id = ?",
            (message.id,),
        ).fetchone()
    firsts: dict[int, InteractionHandle] = {}
    doubles = []
    for handle in row.handles:
        if firsts.setdefault(handle.user.id, handle) is not handle:
            doubles.append(handle)
    confirmed = sum(1 for h in firsts.values() if _content(h).startswith("Got it"))
    told = sum(1 for h in doubles if _content(h).startswith("You already answered"))
    last_ack = max(h.acked_at or 0.0 for h in firsts.values())
    write_s = last_ack - row.handles[0].sent_at
    return Stored(int(total), int(distinct), confirmed, len(doubles), told, write_s)


def _content(handle: InteractionHandle) -> str:
    return str(((handle.callback or {}).get("data") or {}).get("content") or "")


async def run(args: argparse.Namespace) -> tuple[list[Row], list[Stored], str]:
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
        store_row = await store_only(args.members, args.seconds, Path(tmp))
        if args.profile:
            profile = str(Path(args.profile).resolve())
            bot = await asyncio.to_thread(ProfiledBotProcess, env, profile)
        else:
            bot = await asyncio.to_thread(BotProcess, env)
        try:
            await fake.wait_connected()
            rows, quizzes = await measure(fake, bot, args)
            rows.insert(1, store_row)
            executor = bot.executor
        finally:
            await asyncio.to_thread(bot.close)
            await fake.stop()
        stored = [stored_answers(db, message, row) for message, row in quizzes]
    return rows, stored, executor


async def measure(
    fake: FakeDiscord, bot: BotProcess, args: argparse.Namespace
) -> tuple[list[Row], list[tuple[FakeMessage, Row]]]:
    setup = {"channel": fake.channel_id, "time": "09:00", "timezone": "UTC"}
    await (await fake.slash("daily setup", setup)).reply()
    owner = fake.member  # everyone else clicking the owner's Hint is refused: no database
    step = await (await fake.slash("lesson start", {"lesson": LESSON}, owner)).reply()
    refused = step_custom_id(Action.HINT, LESSON, owner.id)
    users = [FakeUser(snowflake(), f"m{i}") for i in range(args.members)]
    doublers = users[: int(len(users) * args.repeat)]

    def answers(message: FakeMessage, who: list[FakeUser], shift: int = 0) -> list[Click]:
        letters = [option_letter(i) for i in range(len(message.labels()))]
        pick = [letters[(i + shift) % len(letters)] for i in range(len(who))]
        return [(u, message.custom_id(letter)) for u, letter in zip(who, pick, strict=True)]

    quiz = await post_quiz(fake)
    firsts = answers(quiz, users)
    workload_plan = sorted(firsts + answers(quiz, doublers, 1), key=lambda c: c[0].id)
    pace = args.seconds
    # Not measured: the bot's first clicks, and its executor finishing its start-up.
    await click_paced("warm-up", fake, bot, step, [(u, refused) for u in users[:WARM_UP]], 1)
    baseline = await click_paced(
        "baseline: button without database", fake, bot, step, [(u, refused) for u in users], pace
    )
    workload = await click_paced(
        f"workload: first answers + {len(doublers)} double clicks",
        fake, bot, quiz, workload_plan, pace,
    )  # fmt: skip
    repeat = await click_paced("repeat: already answered", fake, bot, quiz, firsts, pace)
    rows, quizzes = [baseline, workload, repeat], [(quiz, workload)]
    if args.burst:
        second = await post_quiz(fake)  # reveals the first quiz (2,000 answers tallied)
        burst = await click_paced(
            "burst: first answers, unpaced", fake, bot, second, answers(second, users), 0
        )
        rows.append(burst)
        quizzes.append((second, burst))
    return rows, quizzes


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    lines = [
        "| run | clicks | sent/s | ack p50 ms | ack p99 ms | ack max ms | acked ≤ 3 s "
        "| fake CPU ms/click | bot CPU ms/click | bot loop lag p99 ms "
        "| CPUs busy: machine (ours) |",
        "|---|" + "---:|" * 10,
    ]
    for r in rows:
        acks = r.acks_ms
        fake_cpu, bot_cpu = r.cpu_ms_per_click()
        lines.append(
            f"| {r.name} | {len(r.acks_ms)} | {len(r.acks_ms) / r.send_s:.0f} "
            f"| {pct(acks, 50):.1f} | {pct(acks, 99):.1f} | {max(acks):.1f} "
            f"| {r.within_deadline:.1%} | {_ms(fake_cpu)} | {bot_cpu:.2f} "
            f"| {pct(r.lags_ms, 99):.1f} | {r.cpu.machine_busy:.2f} ({r.cpu.ours_busy:.2f}) |"
        )
    return "\n".join(lines)


def stored_line(quiz: str, s: Stored, members: int) -> str:
    return (
        f"- {quiz}: {s.answers} answers in the database for {s.members} members "
        f"({members - s.members} lost, {s.answers - s.members} duplicated), "
        f"{s.confirmed} first clicks confirmed, {s.doubles_told} of {s.doubles} double clicks "
        f"told they already answered; {s.members / s.write_s:.0f} answers/s "
        f"(first click sent → last confirmation {s.write_s:.2f} s)."
    )


def verdicts(rows: list[Row], stored: list[Stored], members: int) -> list[str]:
    paced = [r for r in rows if not r.name.startswith("burst")]
    workload = next(r for r in rows if r.name.startswith("workload"))
    checks = [
        ("every paced click acknowledged within 3 s", all(r.within_deadline == 1 for r in paced)),
        (f"answer ack p99 ≤ {TARGET_P99_MS:.0f} ms", pct(workload.acks_ms, 99) <= TARGET_P99_MS),
        (
            "every answer stored exactly once",
            all(s.answers == s.members == members for s in stored),
        ),
        ("every first click confirmed", all(s.confirmed == members for s in stored)),
        (
            "every double click shown the first answer",
            all(s.doubles_told == s.doubles for s in stored),
        ),
    ]
    return [f"- {'PASS' if ok else 'FAIL'}: {what}" for what, ok in checks]


def report(args: argparse.Namespace, rows: list[Row], stored: list[Stored], executor: str,
           load: tuple[tuple[float, ...], tuple[float, ...]]) -> tuple[str, bool]:  # fmt: skip
    checks = verdicts(rows, stored, args.members)
    names = ["paced quiz (workload row)", "second quiz (burst row)"]
    text = "\n".join(
        [
            f"Machine: {platform.platform()}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs; load average (1/5/15 min) before {_load(load[0])}, "
            f"after {_load(load[1])}; executor {executor}.",
            f"{args.members} members; paced rows spread their clicks over {args.seconds:g} s.",
            "",
            table(rows),
            "",
            "Stored (counted in the database file afterwards; every answer is committed "
            "before its confirmation is sent):",
            *(stored_line(name, s, args.members) for name, s in zip(names, stored, strict=False)),
            "",
            *checks,
        ]
    )
    return text, all(line.startswith("- PASS") for line in checks)


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _load(values: tuple[float, ...]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


DOC_HEAD = """# Daily quiz benchmark

`python benchmarks/bench_daily.py --write docs/benchmarks-daily.md` drives the real bot (in a
child process, as `benchmarks/bench_discord.py` runs it) through the loopback fake Discord
(`tests/e2e/fake_discord.py`) over real sockets. Acknowledgement = interaction sent by the
fake → interaction callback received by the fake. CPU per click is measured per process
(`/proc`), loop lag inside the bot's event loop (a 5 ms sleep's overshoot).

"""


LATEST = "<!-- bench_daily.py --write replaces everything below this line -->"


def write_latest(path: Path, text: str) -> None:
    """Replace the run below the `LATEST` marker; the notes above it are kept."""
    kept = path.read_text(encoding="utf-8") if path.exists() else DOC_HEAD
    head = kept.split(LATEST, 1)[0].rstrip("\n")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    path.write_text(f"{head}\n\n{LATEST}\n\n## Latest run ({stamp})\n\n{text}\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--repeat", type=float, default=0.1, help="share double-clicking")
    parser.add_argument(
        "--no-burst", dest="burst", action="store_false", help="skip the unpaced capacity row"
    )
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
        write_latest(Path(args.write), text)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
