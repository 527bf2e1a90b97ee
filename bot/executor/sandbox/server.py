"""The fork server: takes jobs from the bot process, runs each in two sandboxed children.

Started by `SandboxExecutor` as `python3 -I -S -c ...` with an empty environment. Per job
it hands the learner's programs to a ready learner child, captures that child's output
itself (capped in bytes), reads its report, enforces the wall timeout with a pidfd kill;
then, if the job has checks and the program ended cleanly, hands the request, the report
and the captured stdout to a checker child, which runs no learner code, and reads its
verdict. `bot.executor.protocol.build_result` turns that into the RunResult it sends back.

Children come from the zygote (see zygote.py), which keeps this process's job data out of
every child's memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import selectors
import signal
import socket
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bot.executor.protocol import (
    REPORT_LIMIT,
    ChildOutcome,
    build_result,
    learner_request,
    parse_report,
)
from bot.executor.sandbox.checkers import CheckerPool
from bot.executor.sandbox.child import READY
from bot.executor.sandbox.wire import encode_frame, split_frames

DIAGNOSTIC_LIMIT = 2_000


@dataclass
class Job:
    id: int
    request: dict[str, Any]
    timeout: float
    output_limit: int
    binds: list[list[Any]]
    started: float = field(default_factory=time.perf_counter)
    outcome: ChildOutcome | None = None
    report: bytes | None = None
    stdout: bytes = b""
    truncated: bool = False
    checker_attempts: int = 0


@dataclass(eq=False)
class Child:
    pid: int
    role: str
    tag: str
    pidfd: int
    payload_w: int | None
    output_r: int | None
    channel_r: int | None
    done_r: int | None
    job: Job | None = None
    output: bytearray = field(default_factory=bytearray)
    channel: bytearray = field(default_factory=bytearray)
    output_limit: int = DIAGNOSTIC_LIMIT
    output_over: bool = False
    channel_over: bool = False
    pending: bytes = b""
    deadline: float | None = None
    killed_for: str = ""
    status: int | None = None
    cpu: float = 0.0
    completed: bool = False  # the child said its job ran to the end
    ready_seen: bool = False  # a checker worker's READY byte, consumed from `channel`
    served: int = 0  # verdicts a checker worker sent

    @property
    def finished(self) -> bool:
        ended = self.status is not None or self.completed
        return ended and self.output_r is None and self.channel_r is None

    @property
    def setup_ok(self) -> bool:
        return self.ready_seen or self.channel[:1] == READY

    def outcome(self, cpu_soft: float) -> ChildOutcome:
        code = 0 if self.completed else os.waitstatus_to_exitcode(self.status or 0)
        sig = -code if code < 0 else None
        cpu_limited = sig == signal.SIGXCPU or (
            sig == signal.SIGKILL and not self.killed_for and self.cpu >= cpu_soft - 0.05
        )
        return ChildOutcome(
            exit_code=code if code >= 0 else None,
            signal=sig,
            timed_out=self.killed_for == "timeout",
            output_limited=self.output_over,
            cpu_limited=cpu_limited,
        )


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
        self.selector = selectors.DefaultSelector()
        self.inbox = bytearray()
        self.ready: deque[Child] = deque()  # isolated learner children waiting for a job
        self.waiting: deque[Job] = deque()  # jobs waiting for a learner child
        self.spawning = 0
        self.checkers = CheckerPool(self, checkers)
        self.children: dict[int, Child] = {}
        self.forgotten: set[int] = set()  # finished children whose exit is still to come
        self.jobs_by_tag: dict[str, Job] = {}
        self.setup_failures = 0
        self.last_setup_error = ""
        self.running = True

    # ------------------------------------------------------------------ zygote

    def spawn(self, role: str, tag: str = "pool", binds: list | None = None) -> None:
        command = {"role": role, "tag": tag, "binds": binds or []}
        self.zygote.send(json.dumps(command).encode())

    def on_zygote(self) -> None:
        message, fds, _, _ = socket.recv_fds(self.zygote, 1 << 16, 5)
        if not message:
            raise SystemExit("the zygote ended")
        data = json.loads(message)
        if "exited" in data:
            child = self.children.get(data["exited"])
            if child is None:
                self.forgotten.discard(data["exited"])
                return
            child.status, child.cpu = data["status"], data["cpu"]
            self.maybe_finished(child)
            return
        pidfd, payload_w, output_r, channel_r, done_r = fds
        os.set_blocking(payload_w, False)
        child = Child(data["pid"], data["role"], data["spawned"], pidfd, *fds[1:])
        self.children[child.pid] = child
        self.selector.register(output_r, selectors.EVENT_READ, (child, "output"))
        self.selector.register(channel_r, selectors.EVENT_READ, (child, "channel"))
        self.selector.register(done_r, selectors.EVENT_READ, (child, "done"))
        if child.role == "checker":
            self.checkers.add(child)
        elif child.tag == "pool":
            self.spawning -= 1
            if self.waiting:
                self.start(child, self.waiting.popleft())
            else:
                self.ready.append(child)
        elif child.tag != "probe":
            self.start(child, self.jobs_by_tag.pop(child.tag))

    def refill(self) -> None:
        if self.setup_failures >= 5:
            return
        while len(self.ready) + self.spawning < self.pool + len(self.waiting):
            self.spawn("learner")
            self.spawning += 1

    # ------------------------------------------------------------------ jobs

    def acquire(self, job: Job) -> None:
        """Give the job to a ready learner child (or queue it for the next one)."""
        if self.setup_failures >= 5:
            self.fail(job, f"sandbox children cannot start: {self.last_setup_error}")
            return
        if job.binds:
            tag = f"job:{job.id}"
            self.jobs_by_tag[tag] = job
            self.spawn("learner", tag, job.binds)
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
        payload = {"request": learner_request(job.request)}
        self.write(child, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))

    def write(self, child: Child, data: bytes) -> None:
        """Queue `data` for the child's payload pipe; a learner's pipe closes once written."""
        if child.payload_w is None:
            return
        registered = bool(child.pending)
        child.pending += data
        if not registered:
            self.selector.register(child.payload_w, selectors.EVENT_WRITE, (child, "payload"))
            self.on_writable(child)

    def on_writable(self, child: Child) -> None:
        assert child.payload_w is not None
        try:
            written = os.write(child.payload_w, child.pending[: 1 << 16])
            child.pending = child.pending[written:]
        except BlockingIOError:
            return
        except OSError:  # the child is gone; its exit tells the rest
            child.pending = b""
        if not child.pending:
            self.selector.unregister(child.payload_w)
            if child.role != "checker":
                os.close(child.payload_w)
                child.payload_w = None

    def close_payload(self, child: Child) -> None:
        if child.payload_w is not None:
            if child.pending:
                self.selector.unregister(child.payload_w)
                child.pending = b""
            os.close(child.payload_w)
            child.payload_w = None

    def on_done(self, child: Child) -> None:
        """The job ran to its end: no need to wait for the slow exit, kill it now."""
        assert child.done_r is not None
        said = os.read(child.done_r, 1)
        self.selector.unregister(child.done_r)
        os.close(child.done_r)
        child.done_r = None
        if said and child.job is not None and child.status is None and not child.killed_for:
            child.completed = True
            with contextlib.suppress(ProcessLookupError, OSError):
                signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)
            self.maybe_finished(child)

    def on_readable(self, child: Child, which: str) -> None:
        fd = child.output_r if which == "output" else child.channel_r
        data = os.read(fd, 1 << 16)
        if not data:
            self.close_pipe(child, which)
            self.maybe_finished(child)
            return
        if child.role == "checker":
            if which == "channel":
                self.checkers.on_channel(child, data)
            elif len(child.output) < DIAGNOSTIC_LIMIT:  # diagnostics only: never fatal
                child.output += data[: DIAGNOSTIC_LIMIT - len(child.output)]
            return
        buffer = child.output if which == "output" else child.channel
        limit = child.output_limit if which == "output" else 1 + REPORT_LIMIT
        buffer += data
        if len(buffer) > limit:
            del buffer[limit:]
            if which == "output":
                child.output_over = True
            else:
                child.channel_over = True
            self.kill(child, which)
            self.close_pipe(child, which)
            self.maybe_finished(child)

    def close_pipe(self, child: Child, which: str) -> None:
        fd = child.output_r if which == "output" else child.channel_r
        if fd is not None:
            self.selector.unregister(fd)
            os.close(fd)
        if which == "output":
            child.output_r = None
        else:
            child.channel_r = None

    def kill(self, child: Child, reason: str) -> None:
        if child.status is None and not child.killed_for:
            child.killed_for = reason
            with contextlib.suppress(ProcessLookupError, OSError):
                signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)

    def maybe_finished(self, child: Child) -> None:
        if not child.finished or child.pid not in self.children:
            return
        del self.children[child.pid]
        if child.status is None:
            self.forgotten.add(child.pid)
        os.close(child.pidfd)
        self.close_payload(child)
        if child.done_r is not None:
            self.selector.unregister(child.done_r)
            os.close(child.done_r)
        if child.role == "checker":
            self.checkers.on_end(child)
        elif not child.setup_ok:
            self.on_setup_failure(child)
        elif child.job is None:
            if child.tag == "probe":
                self.on_probe(child)
            else:  # a ready child died while idle: replace it
                self.ready.remove(child)
                self.refill()
        else:
            self.learner_done(child, child.job)

    def note_setup_failure(self, child: Child) -> str:
        reason = child.output.decode("utf-8", "replace").strip() or "the child died during setup"
        self.setup_failures += 1
        self.last_setup_error = reason
        return reason

    def on_setup_failure(self, child: Child) -> None:
        reason = self.note_setup_failure(child)
        if child.tag == "probe":
            self.send({"hello": {"failed": {"probe": reason}, "evidence": {}}})
            return
        if child in self.ready:
            self.ready.remove(child)
        if child.job is None:
            self.refill()
        elif self.setup_failures < 5:
            self.acquire(child.job)  # another child gets the job
        else:
            self.fail(child.job, reason)

    def learner_done(self, child: Child, job: Job) -> None:
        self.setup_failures = 0
        job.outcome = child.outcome(self.cpu_soft)
        job.report = None if child.channel_over else bytes(child.channel[1:])
        job.stdout, job.truncated = bytes(child.output), child.output_over
        parsed = parse_report(job.report)
        outcome = job.outcome
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
                )
                self.acquire(job)

    def expire(self) -> float | None:
        """Kill children past their deadline; return seconds until the next deadline."""
        now, soonest = time.monotonic(), None
        for child in list(self.children.values()):
            if child.deadline is None or child.killed_for or child.status is not None:
                continue
            if child.deadline <= now:
                self.kill(child, "timeout")
            elif soonest is None or child.deadline - now < soonest:
                soonest = child.deadline - now
        return soonest

    def serve(self) -> None:
        self.selector.register(self.control_in, selectors.EVENT_READ, "control")
        self.selector.register(self.zygote, selectors.EVENT_READ, "zygote")
        self.spawn("probe", "probe")
        while self.running:
            for key, _ in self.selector.select(self.expire()):
                if key.data == "control":
                    self.on_control()
                elif key.data == "zygote":
                    self.on_zygote()
                else:
                    child, which = key.data
                    if which == "payload":
                        self.on_writable(child)
                    elif which == "done":
                        self.on_done(child)
                    else:
                        self.on_readable(child, which)
        self.shutdown()

    def shutdown(self) -> None:
        """Closing the socket makes the zygote kill and reap every child."""
        self.zygote.close()
