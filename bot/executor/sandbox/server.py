"""The fork server: takes jobs from the bot process, runs each in a sandboxed learner child.

Started by `SandboxExecutor` as `python3 -I -S -c ...` with an empty environment. Per job
it hands the learner's programs to a ready learner child, captures that child's output
itself (capped in bytes), reads its report, enforces the wall timeout with a pidfd kill;
then, if the job has checks and the program ended cleanly, hands the request, the report
and the captured stdout to a checker worker (checkers.py), which runs no learner code,
and reads its verdict. `bot.executor.protocol.build_result` turns that into the RunResult
it sends back.

Children come from the zygote (see zygote.py), which keeps this process's job data out of
every child's memory. One epoll watches everything; the descriptors it reads are
non-blocking, so an event left over from a descriptor closed in the same round is harmless.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import select
import signal
import socket
import time
from collections import deque
from typing import Any

from bot.executor.protocol import REPORT_LIMIT, build_result, learner_request, parse_report
from bot.executor.sandbox.checkers import CheckerPool
from bot.executor.sandbox.children import (
    DIAGNOSTIC_LIMIT,
    FRAME_START,
    LONG_NICE,
    Child,
    Job,
    run_times,
    set_priority,
)
from bot.executor.sandbox.warm_sets import WarmSets
from bot.executor.sandbox.wire import (
    BORN,
    EXITED,
    MAX_BATCH,
    ROLE_CODES,
    ROLE_NAMES,
    SPAWN,
    SPAWNED,
    encode_frame,
    split_frames,
)

MAX_SETUP_FAILURES = 5
LONG_SLEEP = 1.0  # seconds asleep after which a run is long though it used no CPU
LONG_RECHECK = 0.02  # seconds: the least wait before a run's CPU is read again


class Server:
    def __init__(
        self,
        control_in: int,
        control_out: int,
        zygote: socket.socket,
        pool: int,
        cpu_soft: float,
        checkers: int = 2,
    ) -> None:
        self.control_in, self.control_out, self.zygote = control_in, control_out, zygote
        self.pool, self.cpu_soft = pool, cpu_soft
        self.poller = select.epoll()
        self.handlers: dict[int, tuple[Child | None, str]] = {}
        self.inbox = bytearray()
        self.ready: deque[Child] = deque()  # isolated learner children waiting for a job
        self.waiting: deque[Job] = deque()  # jobs waiting for a learner child
        self.spawning = 0
        self.checkers = CheckerPool(self, checkers)
        self.warm = WarmSets(self)  # package sets' warm parents (warm.py)
        self.children: dict[int, Child] = {}
        self.forgotten: set[int] = set()  # finished children whose exit is still to come
        self.jobs_by_tag: dict[int, Job] = {}
        self.demoted: set[Child] = set()  # long runs whose slot the client freed
        self.setup_failures = 0
        self.last_setup_error = ""
        self.running = True

    def watch(self, fd: int, child: Child | None, kind: str, events: int = select.EPOLLIN) -> None:
        self.poller.register(fd, events)
        self.handlers[fd] = (child, kind)

    def unwatch(self, fd: int) -> None:
        if self.handlers.pop(fd, None) is not None:
            self.poller.unregister(fd)

    def unwatch_and_close(self, fd: int) -> None:
        self.unwatch(fd)
        os.close(fd)

    # ------------------------------------------------------------------ zygote

    def spawn(
        self,
        role: str,
        tag: int = 0,
        binds: Any = None,
        count: int = 1,
        zygote: socket.socket | None = None,
    ) -> None:
        """Ask the zygote (or a package set's warm parent) for children."""
        extra = json.dumps(binds).encode() if binds else b""
        (zygote or self.zygote).send(SPAWN.pack(ROLE_CODES[role], tag, count) + extra)

    def on_zygote(self, fd: int | None = None) -> None:
        """A message from the zygote, or (`fd`) from a warm parent."""
        zygote = self.zygote if fd is None else self.warm.socket_of(fd)
        if zygote is None:
            return
        message, fds, _, _ = socket.recv_fds(zygote, 1024, 4 * MAX_BATCH)
        if not message and fd is not None:
            self.warm.on_ended(fd)
            return
        if not message:
            raise SystemExit("the zygote ended")
        if message[:1] == b"X":
            _, pid, status, cpu = EXITED.unpack(message)
            if fd is not None:
                self.warm.on_exited(fd, pid)
            child = self.children.get(pid)
            if child is None:
                self.forgotten.discard(pid)
                return
            child.status, child.cpu = status, cpu
            self.maybe_finished(child)
            return
        _, code, count = SPAWNED.unpack_from(message)
        if ROLE_NAMES[code] == "warm":
            tag, pid = BORN.unpack_from(message, SPAWNED.size)
            self.warm.on_started(tag, pid, fds[0])
            return
        for index in range(count):
            tag, pid = BORN.unpack_from(message, SPAWNED.size + index * BORN.size)
            self.on_born(ROLE_NAMES[code], tag, pid, fds[4 * index : 4 * index + 4], fd)

    def on_born(
        self, role: str, tag: int, pid: int, fds: list[int], warm_fd: int | None = None
    ) -> None:
        pidfd, payload_w, output_r, channel_r = fds
        for fd in (payload_w, output_r, channel_r):
            os.set_blocking(fd, False)
        child = Child(pid, role, tag, pidfd, payload_w, output_r, channel_r)
        self.children[pid] = child
        self.watch(output_r, child, "output")
        self.watch(channel_r, child, "channel")
        if warm_fd is not None:
            self.warm.adopt(warm_fd, child)
        elif role == "checker":
            self.checkers.add(child)
        elif role == "probe":
            pass
        elif tag == 0:
            self.spawning -= 1
            if self.waiting:
                self.start(child, self.waiting.popleft())
            else:
                self.ready.append(child)
        else:
            self.start(child, self.jobs_by_tag.pop(tag))

    def refill(self) -> None:
        """Keep `pool` learner children ready (plus one per waiting job), forked in batches:
        nothing until half the pool is gone, unless a job waits."""
        if self.setup_failures >= MAX_SETUP_FAILURES:
            return
        want, have = self.pool + len(self.waiting), len(self.ready) + self.spawning
        if have < want and (self.waiting or have <= want // 2):
            count = min(want - have, MAX_BATCH)
            self.spawn("learner", count=count)
            self.spawning += count

    # ------------------------------------------------------------------ jobs

    def acquire(self, job: Job) -> None:
        """Give the job to a ready learner child (or queue it for the next one)."""
        if self.setup_failures >= MAX_SETUP_FAILURES:
            self.fail(job, f"sandbox children cannot start: {self.last_setup_error}")
            return
        if job.binds:  # a child of its package set's warm parent (warm_sets.py)
            self.warm.run(job)
            return
        if self.ready:
            self.start(self.ready.popleft(), job)
        else:
            self.waiting.append(job)
        self.refill()

    def start(self, child: Child, job: Job) -> None:
        child.job = job
        child.output_limit = job.output_limit
        child.deadline = time.monotonic() + job.timeout
        child.output.clear()
        child.started = time.monotonic()
        child.times_at_start = run_times(child.pid) or (0.0, 0.0)
        child.long_at = child.started + job.long_after if job.long_after > 0 else None
        payload = {"request": learner_request(job.request)}
        self.write(child, marshal.dumps(payload))

    def write(self, child: Child, data: bytes) -> None:
        """Send `data` down the child's payload pipe (the rest once it is writable);
        a learner's pipe is closed once its one payload is written."""
        if child.payload_w is None:
            return
        if child.pending:
            child.pending += data
            return
        child.pending = data
        self.on_writable(child)
        if child.pending:
            self.watch(child.payload_w, child, "payload", select.EPOLLOUT)

    def on_writable(self, child: Child) -> None:
        if child.payload_w is None or not child.pending:
            return
        try:
            written = os.write(child.payload_w, child.pending[: 1 << 16])
            child.pending = child.pending[written:]
        except BlockingIOError:
            return
        except OSError:  # the child is gone; its exit tells the rest
            child.pending = b""
        if not child.pending:
            if child.payload_w in self.handlers:
                self.handlers.pop(child.payload_w)
                self.poller.unregister(child.payload_w)
            if child.role != "checker":
                self.close_payload(child)

    def close_payload(self, child: Child) -> None:
        if child.payload_w is not None:
            self.unwatch_and_close(child.payload_w)
            child.payload_w = None
            child.pending = b""

    def on_readable(self, child: Child, which: str) -> None:
        fd = child.output_r if which == "output" else child.channel_r
        if fd is None:
            return
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not data:
            self.close_pipe(child, which)
            self.maybe_finished(child)
        elif which == "output":
            self.on_output(child, data)
        elif child.role == "checker":
            self.checkers.on_channel(child, data)
        else:
            self.on_channel(child, data)

    def on_output(self, child: Child, data: bytes) -> None:
        if child.role == "checker":  # diagnostics only: never fatal
            if len(child.output) < DIAGNOSTIC_LIMIT:
                child.output += data[: DIAGNOSTIC_LIMIT - len(child.output)]
            return
        child.output += data
        if len(child.output) > child.output_limit:
            del child.output[child.output_limit :]
            child.output_over = True
            self.kill(child, "output")
            self.close_pipe(child, "output")
            self.maybe_finished(child)

    def on_channel(self, child: Child, data: bytes) -> None:
        """A learner's (or the probe's) channel: READY, then the report as one frame."""
        child.channel += data
        size = child.report_size() if child.role == "learner" else None
        if len(child.channel) > FRAME_START + REPORT_LIMIT or (size or 0) > REPORT_LIMIT:
            child.channel_over = True
            self.kill(child, "channel")
        elif size is None or len(child.channel) < FRAME_START + size:
            return
        else:  # the whole report: the job ran to its end, no need to wait for the slow exit
            # Its exit may have been heard first (epoll gives no order): the report stands.
            child.completed = not child.killed_for
            if child.completed and child.status is None:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)
        self.close_pipe(child, "channel")
        self.maybe_finished(child)

    def close_pipe(self, child: Child, which: str) -> None:
        fd = child.output_r if which == "output" else child.channel_r
        if fd is not None:
            self.unwatch_and_close(fd)
        if which == "output":
            child.output_r = None
        else:
            child.channel_r = None

    def kill(self, child: Child, reason: str) -> None:
        if child.status is None and not child.killed_for and not child.completed:
            child.killed_for = reason
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)

    def maybe_finished(self, child: Child) -> None:
        if not child.finished or child.pid not in self.children:
            return
        del self.children[child.pid]
        if child.status is None:
            self.forgotten.add(child.pid)
        os.close(child.pidfd)
        self.close_payload(child)
        if child.role == "checker":
            self.checkers.on_end(child)
        elif not child.setup_ok:
            self.on_setup_failure(child)
        elif child.role == "probe":
            self.on_probe(child)
        elif child.job is None and child in self.ready:  # died while idle: replace it
            self.ready.remove(child)
            self.refill()
        elif child.job is None:
            self.warm.forget(child)
        else:
            self.learner_done(child, child.job)

    def note_setup_failure(self, child: Child) -> str:
        reason = child.output.decode("utf-8", "replace").strip() or "the child died during setup"
        self.setup_failures += 1
        self.last_setup_error = reason
        return reason

    def on_setup_failure(self, child: Child) -> None:
        reason = self.note_setup_failure(child)
        if child.role == "probe":
            self.send({"hello": {"failed": {"probe": reason}, "evidence": {}}})
            return
        if child in self.ready:
            self.ready.remove(child)
        if child.job is None:
            self.warm.forget(child)
            self.refill()
        elif self.setup_failures < MAX_SETUP_FAILURES:
            self.acquire(child.job)  # another child gets the job
        else:
            self.fail(child.job, reason)

    def learner_done(self, child: Child, job: Job) -> None:
        self.setup_failures = 0
        job.outcome = outcome = child.outcome(self.cpu_soft)
        job.report = child.report()
        job.stdout, job.truncated = bytes(child.output), child.output_over
        parsed = parse_report(job.report)
        clean = outcome.signal is None and not (outcome.timed_out or outcome.output_limited)
        if job.request.get("checks") and clean and parsed is not None and parsed["status"] == "ok":
            self.checkers.submit(job)
        else:
            self.complete(job, None)

    def complete(self, job: Job, verdict: bytes | None) -> None:
        assert job.outcome is not None
        result = build_result(
            request=job.request,
            report=job.report,
            verdict=verdict,
            stdout=job.stdout,
            truncated=job.truncated,
            outcome=job.outcome,
            duration_ms=(time.perf_counter() - job.started) * 1000,
        )
        self.send({"id": job.id, "result": result.to_dict()})

    def fail(self, job: Job, reason: str) -> None:
        self.send({"id": job.id, "error": reason})

    def on_probe(self, child: Child) -> None:
        try:
            report = json.loads(bytes(child.channel[1:]))
        except ValueError:
            report = {"failed": {"probe": "the probe sent no report"}}
        failed = report.pop("failed", {})
        self.send({"hello": {"failed": failed, "evidence": report, "pid": os.getpid()}})
        self.refill()
        self.checkers.refill()

    # ------------------------------------------------------------------ control

    def send(self, message: dict[str, Any]) -> None:
        data = memoryview(encode_frame(message))
        while data:
            data = data[os.write(self.control_out, data) :]

    def on_control(self) -> None:
        data = os.read(self.control_in, 1 << 20)
        if not data:
            self.running = False
            return
        self.inbox += data
        for message in split_frames(self.inbox):
            if message.get("op") == "run":
                job = Job(
                    id=message["id"],
                    request=message["request"],
                    timeout=float(message["timeout"]),
                    output_limit=int(message["output_limit"]),
                    binds=message.get("binds") or [],
                    long_after=float(message.get("long_after") or 0),
                    warm=message.get("warm") or [],
                )
                self.acquire(job)
            elif message.get("op") == "warm" and message.get("binds"):
                self.warm.ensure(message["binds"], message.get("warm") or [])
            elif message.get("op") == "demote":  # the client freed its slot
                for child in self.children.values():  # (a checker may hold the job by now)
                    job = child.job
                    if child.role == "learner" and job is not None and job.id == message["id"]:
                        child.demoted = True
                        self.demoted.add(child)

    def balance(self) -> None:
        """Demoted runs get the lowest priority while a short run or a waiting job needs
        the CPU, and normal priority again when none does (so a long run is slowed only
        by the other runs, never starved by the rest of the host)."""
        self.demoted = {c for c in self.demoted if self.children.get(c.pid) is c}
        if not self.demoted:
            return
        contended = bool(self.waiting) or any(
            c.role == "learner" and c.job is not None and not c.demoted and c.status is None
            for c in self.children.values()
        )
        for child in self.demoted:
            if child.niced != contended and child.status is None:
                set_priority(child.pid, LONG_NICE if contended else 0)
                child.niced = contended

    def check_long(self, child: Child, now: float) -> None:
        """Has the run used its `long_after` budget of CPU, or slept LONG_SLEEP s? (Time
        spent waiting for a CPU counts as neither: under load an honest run waits.) Then
        tell the client, which may free its slot and ask for `demote`; else look again
        once it could have."""
        assert child.job is not None
        budget, times = child.job.long_after, run_times(child.pid)
        if times is None:  # unreadable: take it for long
            times = (budget + child.times_at_start[0], child.times_at_start[1])
        on_cpu = times[0] - child.times_at_start[0]  # since the job, not the child's set-up
        waiting = times[1] - child.times_at_start[1]
        asleep = now - child.started - on_cpu - waiting
        if on_cpu >= budget or asleep >= LONG_SLEEP:
            child.long_at = None
            self.send({"id": child.job.id, "long": True})
        else:
            soonest = min(budget - on_cpu, LONG_SLEEP - asleep)
            child.long_at = now + max(soonest, LONG_RECHECK)

    def expire(self) -> float:
        """Kill children past their deadline, demote those past their budget; seconds until
        the next of these moments (-1: none)."""
        now, soonest = time.monotonic(), -1.0
        for child in list(self.children.values()):
            if child.deadline is None or child.killed_for or child.status is not None:
                continue
            if child.long_at is not None and child.long_at <= now and not child.completed:
                self.check_long(child, now)
            if child.deadline <= now:
                self.kill(child, "timeout")
                continue
            for moment in (child.deadline, child.long_at):
                if moment is not None and (soonest < 0 or moment - now < soonest):
                    soonest = moment - now
        return soonest

    def serve(self) -> None:
        self.watch(self.control_in, None, "control")
        self.watch(self.zygote.fileno(), None, "zygote")
        self.spawn("probe")
        while self.running:
            self.balance()
            for fd, _ in self.poller.poll(self.expire()):
                child, kind = self.handlers.get(fd, (None, ""))
                if kind == "control":
                    self.on_control()
                elif kind == "zygote":
                    self.on_zygote()
                elif kind == "warm":
                    self.on_zygote(fd)
                elif child is None:
                    continue  # closed earlier in this round
                elif kind == "payload":
                    self.on_writable(child)
                else:
                    self.on_readable(child, kind)
        self.shutdown()

    def shutdown(self) -> None:
        """Closing the sockets makes the zygote and warm parents kill and reap every child."""
        self.warm.close()
        self.zygote.close()
