"""How fast the real bot acknowledges interactions, driven through the loopback fake Discord.

The bot runs exactly as `stepwise run` starts it (real engine, SQLite in a temp dir, the
real code executor) in a child process; the fake Discord and the simulated learners run in
this process, so neither steals the other's interpreter. Rows, side by side:

- baseline: `/help` only (no database, no code): transport + discord.py overhead.
- workload: N learners, M interactions — code submissions through the sandbox (a code box
  submitted, acknowledged with a defer) and clicks on the step message's buttons (Submit
  code → modal, Hint), shuffled — sent three ways: all at once as fast as the fake can send
  them (burst), each learner sending its next one as soon as its last is acknowledged
  (closed loop), and at a steady rate.

Acknowledgement latency is measured in the fake (interaction sent → callback received);
event-loop lag is sampled inside the bot's loop (a 5 ms sleep's overshoot).

Usage: python benchmarks/bench_discord.py [--learners 200] [--submissions 200]
       [--clicks 800] [--write docs/benchmarks-discord.md]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable without installing

from bot.app import open_services  # noqa: E402
from bot.core.content import load_catalog  # noqa: E402
from bot.discord_app.components import Action, code_modal_id  # noqa: E402
from bot.discord_app.custom_ids import LABELS  # noqa: E402
from bot.discord_app.runner import start_bot, stop_bot  # noqa: E402
from bot.gc_tuning import tune_for_serving  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from tests.e2e.fake_discord import FakeDiscord, FakeMessage, InteractionHandle  # noqa: E402

LESSON = "what-is-mlops"
TARGET_P99_MS = 150.0
TARGET_LAG_P99_MS = 50.0
ACK_DEADLINE_S = 3.0
SETTLE_SECONDS = 3.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# --------------------------------------------------------------------------- the bot side


def bot_process(env: dict[str, str], conn: Connection) -> None:
    """Child process: the bot as `stepwise run` starts it, plus a loop-lag sampler.

    Protocol over `conn`: the child sends "ready" (and the executor's name); the parent
    sends "start" / "stop" around a measured run, the child answers with that run's lag
    samples in ms; "quit" ends it.
    """
    asyncio.run(_bot_main(env, conn))


async def _bot_main(env: dict[str, str], conn: Connection) -> None:
    settings = load_settings(env, dotenv=None)
    lags: list[float] = []
    sampling = False

    async def sample() -> None:
        interval = 0.005
        while True:
            start = time.perf_counter()
            await asyncio.sleep(interval)
            if sampling:
                lags.append(max(0.0, (time.perf_counter() - start - interval) * 1000))

    async with open_services(settings) as services:
        bot = await start_bot(settings, services, guild_ready_timeout=0.05)
        if os.environ.get("BENCH_DEFAULT_GC") != "1":
            tune_for_serving()  # as `stepwise run` does once connected
        sampler = asyncio.create_task(sample())
        conn.send(("ready", type(services.executor).__name__))
        while True:
            command = await asyncio.to_thread(conn.recv)
            if command == "start":
                lags.clear()
                sampling = True
            elif command == "stop":
                sampling = False
                conn.send(list(lags))
            else:
                break
        sampler.cancel()
        await stop_bot(bot)


@dataclass
class BotProcess:
    env: dict[str, str]

    def __post_init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=bot_process, args=(self.env, child), daemon=True)
        self.process.start()
        child.close()  # only the bot holds its end: its death reads as EOF, not a hang
        tag, self.executor = self._receive(120)
        assert tag == "ready"

    def _receive(self, timeout: float):
        if not self.conn.poll(timeout):
            raise RuntimeError(f"the bot process did not answer within {timeout:.0f} s")
        return self.conn.recv()

    def start_sampling(self) -> None:
        self.conn.send("start")

    def stop_sampling(self) -> list[float]:
        self.conn.send("stop")
        return self._receive(60)

    def close(self) -> None:
        self.conn.send("quit")
        self.process.join(30)


# --------------------------------------------------------------------------- the learners


@dataclass
class Row:
    name: str
    handles: list[InteractionHandle]
    lags_ms: list[float]
    wall_s: float
    verdicts_ms: list[float] = field(default_factory=list)
    busy: int = 0

    @property
    def acks_ms(self) -> list[float]:
        return [h.ack_ms for h in self.handles if h.ack_ms is not None]

    @property
    def within_deadline(self) -> float:
        ok = sum(1 for ms in self.acks_ms if ms <= ACK_DEADLINE_S * 1000)
        return ok / len(self.handles) if self.handles else 0.0


async def wait_all_acked(fake: FakeDiscord, handles: list[InteractionHandle]) -> None:
    try:
        await fake.wait_until(lambda: all(h.callback for h in handles), 60, "every acknowledgement")
    except AssertionError:
        missing = [h.payload.get("data") for h in handles if not h.callback]
        raise AssertionError(
            f"{len(missing)} interactions never acknowledged: {missing[:3]}"
        ) from None


async def run_baseline(fake: FakeDiscord, bot: BotProcess, count: int) -> Row:
    users = [fake.add_member(f"base{i}") for i in range(min(count, 50))]
    await asyncio.to_thread(bot.start_sampling)
    start = time.perf_counter()
    handles = [await fake.slash("help", None, users[i % len(users)]) for i in range(count)]
    await wait_all_acked(fake, handles)
    wall = time.perf_counter() - start
    lags = await asyncio.to_thread(bot.stop_sampling)
    return Row("baseline: /help only", handles, lags, wall)


@dataclass
class Workload:
    """Every learner has a step message; `plan` is what each learner will do, in order."""

    users: list[Any]
    steps: dict[int, FakeMessage]
    plan: list[tuple[str, Any, Any]]  # (kind, user, code or button action), shuffled


async def prepare_workload(
    fake: FakeDiscord,
    tag: str,
    solution: str,
    learners: int,
    submissions: int,
    clicks: int,
    seed: int,
) -> Workload:
    rng = random.Random(seed)
    users = [fake.add_member(f"{tag}learner{i}") for i in range(learners)]
    steps: dict[int, FakeMessage] = {}
    for user in users:  # setup, not measured: every learner has a step message
        handle = await fake.slash("lesson start", {"lesson": LESSON}, user)
        steps[user.id] = await handle.reply()
    wrong = 'definition = "a vague sentence"'
    plan: list[tuple[str, Any, Any]] = []
    for i in range(submissions):
        plan.append(("code", users[i % learners], solution if rng.random() < 0.5 else wrong))
    actions = [Action.SUBMIT, Action.HINT]  # the buttons on a fresh step message
    for i in range(clicks):
        plan.append(("click", users[i % learners], actions[i % len(actions)]))
    rng.shuffle(plan)
    return Workload(users, steps, plan)


async def send(fake: FakeDiscord, work: Workload, kind: str, user: Any, payload: Any):
    if kind == "code":
        return await fake.submit_form(code_modal_id(LESSON, user.id), {"code": payload}, user)
    message = work.steps[user.id]
    # The id on the message itself: Submit code carries the step's version (discord.py only
    # answers a custom_id that is on the message it was clicked on).
    return await fake.click_button(message, message.custom_id(LABELS[payload][0]), user)


async def run_workload(
    fake: FakeDiscord,
    bot: BotProcess,
    solution: str,
    learners: int,
    submissions: int,
    clicks: int,
    seed: int,
    rate: float = 0.0,
) -> Row:
    """`rate` interactions per second, or 0 for as fast as the fake can send (one burst),
    or -1: each learner sends its next interaction once its last one is acknowledged."""
    tag = f"r{rate:g}-"
    work = await prepare_workload(fake, tag, solution, learners, submissions, clicks, seed)
    await asyncio.to_thread(bot.start_sampling)
    start = time.perf_counter()
    handles: list[InteractionHandle] = []
    if rate < 0:
        mine: dict[int, list[tuple[str, Any, Any]]] = {}
        for item in work.plan:
            mine.setdefault(item[1].id, []).append(item)

        async def learner(items: list[tuple[str, Any, Any]]) -> None:
            for kind, user, payload in items:
                handle = await send(fake, work, kind, user, payload)
                handles.append(handle)
                await fake.wait_until(lambda h=handle: h.callback is not None, 60, "an ack")

        await asyncio.gather(*(learner(items) for items in mine.values()))
    else:
        for index, (kind, user, payload) in enumerate(work.plan):
            if rate:
                await asyncio.sleep(max(0.0, start + index / rate - time.perf_counter()))
            handles.append(await send(fake, work, kind, user, payload))
    await wait_all_acked(fake, handles)
    code_handles = [h for h in handles if h.payload["type"] == 5]
    await fake.wait_until(
        lambda: all(any(not m.loading for m in h.messages()) for h in code_handles),
        600,
        "every verdict",
    )
    wall = time.perf_counter() - start
    lags = await asyncio.to_thread(bot.stop_sampling)
    verdicts, busy = [], 0
    for handle in code_handles:
        done = next(m for m in handle.messages() if not m.loading)
        if "busy" in done.content or "still running" in done.content:
            busy += 1
        replied = next(
            r.at
            for r in fake.requests
            if handle.token in r.path
            and r.method in ("PATCH", "POST")
            and not r.path.endswith("/callback")
        )
        verdicts.append((replied - handle.sent_at) * 1000)
    pace = {0: "burst", -1: "each learner clicks on ack"}.get(rate, f"{rate:g}/s")
    name = f"workload ({pace}): {learners} learners, {submissions} code + {clicks} clicks"
    return Row(name, handles, lags, wall, verdicts, busy)


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    head = (
        "| run | interactions | wall s | ack p50 ms | ack p99 ms | ack max ms | acked ≤ 3 s "
        "| loop lag p50 ms | loop lag p99 ms | verdict p50 ms | verdict p99 ms |"
    )
    lines = [head, "|" + "---|" * 11]
    for row in rows:
        acks = row.acks_ms
        verdict = (
            (f"{pct(row.verdicts_ms, 50):.0f}", f"{pct(row.verdicts_ms, 99):.0f}")
            if row.verdicts_ms
            else ("—", "—")
        )
        lines.append(
            f"| {row.name} | {len(row.handles)} | {row.wall_s:.2f} | {pct(acks, 50):.1f} "
            f"| {pct(acks, 99):.1f} | {max(acks):.1f} | {row.within_deadline:.1%} "
            f"| {pct(row.lags_ms, 50):.1f} | {pct(row.lags_ms, 99):.1f} "
            f"| {verdict[0]} | {verdict[1]} |"
        )
    return "\n".join(lines)


def kind_of(handle: InteractionHandle) -> str:
    data = handle.payload.get("data") or {}
    if handle.payload["type"] == 5:
        return "code box submitted (defer, then sandbox)"
    if handle.payload["type"] == 3:
        action = str(data.get("custom_id", "")).split(":")[2]
        return {"submit": "Submit code click (opens the box)", "hint": "Hint click"}.get(
            action, action
        )
    return f"/{data.get('name')}"


def by_kind(row: Row) -> str:
    groups: dict[str, list[float]] = {}
    for handle in row.handles:
        if handle.ack_ms is not None:
            groups.setdefault(kind_of(handle), []).append(handle.ack_ms)
    lines = [
        "| interaction | count | ack p50 ms | ack p99 ms | acked ≤ 3 s |",
        "|---|---|---|---|---|",
    ]
    for name, acks in sorted(groups.items()):
        ok = sum(1 for ms in acks if ms <= ACK_DEADLINE_S * 1000) / len(acks)
        lines.append(
            f"| {name} | {len(acks)} | {pct(acks, 50):.1f} | {pct(acks, 99):.1f} | {ok:.1%} |"
        )
    return "\n".join(lines)


def verdict_lines(row: Row) -> list[str]:
    checks = [
        ("100 % acknowledged within 3 s", row.within_deadline == 1.0),
        (f"ack p99 ≤ {TARGET_P99_MS:.0f} ms", pct(row.acks_ms, 99) <= TARGET_P99_MS),
        (f"loop lag p99 ≤ {TARGET_LAG_P99_MS:.0f} ms", pct(row.lags_ms, 99) <= TARGET_LAG_P99_MS),
    ]
    return [f"- {'PASS' if ok else 'FAIL'}: {what}" for what, ok in checks]


async def main_async(args: argparse.Namespace) -> int:
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
        solution = load_catalog(ROOT / "content").get(LESSON).step(1).solution
        bot = await asyncio.to_thread(BotProcess, env)
        try:
            await fake.wait_connected()
            await asyncio.sleep(SETTLE_SECONDS)  # the sandbox finishes warming up its runners
            baseline = await run_baseline(fake, bot, args.submissions + args.clicks)
            workloads = [
                await run_workload(
                    fake,
                    bot,
                    solution,
                    args.learners,
                    args.submissions,
                    args.clicks,
                    args.seed,
                    rate,
                )
                for rate in args.rates
            ]
            executor = bot.executor
        finally:
            await asyncio.to_thread(bot.close)
            await fake.stop()
    rows = [baseline, *workloads]
    report = [
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: other "
        f"work on the machine shows up in every row); executor {executor}.",
        "",
        table(rows),
        "",
    ]
    for workload in workloads:
        report += [
            f"**{workload.name}** — by interaction:",
            "",
            by_kind(workload),
            "",
            f"Code submissions told to retry (executor busy): {workload.busy}",
            "",
            *verdict_lines(workload),
            "",
        ]
    text = "\n".join(report)
    print(text)
    if args.write:
        Path(args.write).write_text(DOC_HEAD + text + "\n" + DOC_TAIL, encoding="utf-8")
    return 0


DOC_HEAD = """# Discord bot benchmark

`python benchmarks/bench_discord.py --write docs/benchmarks-discord.md` drives the real bot
through the loopback fake Discord (`tests/e2e/fake_discord.py`) over real sockets.
Acknowledgement = interaction sent by the fake → interaction callback received by the fake.
Loop lag is sampled inside the bot's event loop. Verdict = code submitted → verdict edited
in (includes running the code in the executor and queueing behind the other submissions).
The fake runs in the benchmark process and the bot in a child process (one CPU each at most).

"""


DOC_TAIL = """
## Reading it

- **Burst** (all 1,000 interactions sent within ~0.1 s): the acknowledgement percentiles
  measure the queue, not one interaction. The bot is CPU-bound for the whole burst at
  roughly 0.8–1 ms of CPU per interaction, most of it in discord.py (gateway parsing,
  interaction objects, one aiohttp request per acknowledgement); the `/help` baseline,
  which touches neither database nor sandbox, shows the same shape. discord.py parses every
  buffered gateway event before any handler runs, which is also where the loop-lag spikes
  come from. A p99 of 150 ms for 1,000 interactions arriving at once would need ≤ 0.15 ms
  of CPU per interaction; that is the bound, and the target is missed there.
- What the bot controls: nothing waits for the database or the sandbox before
  acknowledging (every action defers first; the code box, which must be the first response,
  is prefilled from memory or opens empty rather than late), so 100 % are acknowledged
  within 3 s even in the burst; and the garbage collector is tuned once serving
  (`bot/gc_tuning.py`: start-up objects frozen, young threshold 10,000), which cut the
  burst's p99 from ~1,200 ms to ~800–900 ms (collection had taken ~0.6 of 1.5 s of CPU).
- **Each learner clicks on ack**: the 200 learners act at once, each sending its next
  interaction the moment the previous one is acknowledged (what 200 people clicking as
  fast as they can look like). At most 200 interactions are ever queued, so p99 is about
  200 × the CPU per interaction.
- **Paced** (a steady 100/s, several times what 200 active learners produce): all three
  targets are met with a wide margin.
- Code submissions that find every sandbox slot and queue place taken are answered "retry
  in a moment" (`ExecutorBusy`) instead of piling up.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--clicks", type=int, default=800)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--rates",
        type=lambda text: [float(r) for r in text.split(",")],
        default=[0.0, -1.0, 100.0],
        help="workload send rates in interactions/s; 0 = one burst, -1 = each learner acts "
        "once its last interaction is acknowledged (default 0,-1,100)",
    )
    parser.add_argument("--write", metavar="PATH", help="also write the report (markdown)")
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
