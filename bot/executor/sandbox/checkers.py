"""Checker workers: a few long-lived sandboxed processes that turn reports into verdicts.

A checker runs no learner code, so it does not need a fresh process per job: forking,
isolating and tearing down one per job cost more CPU than the learner's own run. The
server keeps `size` workers from the zygote, each isolated exactly like a learner child
(same namespaces, read-only root without a writable /tmp, rlimits, no capabilities,
seccomp) and each evaluating one job at a time: a framed request in on its payload pipe,
a framed verdict out on its channel (child.py, `serve_checks`).

A worker is killed and replaced when a verdict passes its deadline, when it overflows
its channel or breaks the framing, or when it dies; the job it held is given to another
worker once if the worker crashed, and otherwise gets no verdict (every check fails).
Before its CPU rlimit can end it in the middle of a verdict, a worker is retired: EOF on
its request pipe, it exits, and a fresh one takes its place. Learner code never shares a
process with a checker: the trust split stays.
"""

from __future__ import annotations

import marshal
import select
import time
from collections import deque
from typing import TYPE_CHECKING, Protocol

from bot.executor.protocol import VERDICT_LIMIT
from bot.executor.sandbox.child import READY, REQUEST_HEADER, VERDICT_HEADER

if TYPE_CHECKING:
    from bot.executor.sandbox.children import Child, Job

VERDICT_TIMEOUT = 5.0  # wall seconds for one verdict (normally well under a millisecond)
RETIRE_CPU = 1.0  # CPU seconds after which a worker is replaced (its soft limit is 2 s)
RETIRE_JOBS = 20_000
ATTEMPTS = 2  # a job whose worker crashed is tried once more on another


class WorkerHost(Protocol):
    """What the pool needs of the fork server (`server.Server`) that owns its workers:
    named here so the server can own a pool without the two modules importing each other."""

    setup_failures: int
    last_setup_error: str

    def spawn(self, role: str, tag: int = 0, binds: list | None = None, count: int = 1) -> None: ...

    def write(self, child: Child, data: bytes) -> None: ...

    def close_payload(self, child: Child) -> None: ...

    def kill(self, child: Child, reason: str) -> None: ...

    def note_setup_failure(self, child: Child) -> str: ...

    def complete(self, job: Job, verdict: bytes | None) -> None: ...

    def fail(self, job: Job, reason: str) -> None: ...


class CheckerPool:
    def __init__(self, server: WorkerHost, size: int) -> None:
        self.server = server
        self.size = max(1, size)
        self.workers: list[Child] = []  # serving (not retiring)
        self.spawning = 0
        self.queue: deque[Job] = deque()

    def submit(self, job: Job) -> None:
        self.queue.append(job)
        self.dispatch()

    def refill(self) -> None:
        if self.server.setup_failures >= 5:
            while self.queue:
                job = self.queue.popleft()
                self.server.fail(job, f"checkers cannot start: {self.server.last_setup_error}")
            return
        while len(self.workers) + self.spawning < self.size:
            self.server.spawn("checker")
            self.spawning += 1

    def add(self, worker: Child) -> None:
        self.spawning -= 1
        self.workers.append(worker)
        self.dispatch()

    def dispatch(self) -> None:
        for worker in list(self.workers):
            if not self.queue:
                break
            if worker.job is not None:
                continue
            if exited(worker):  # dead, its pipes not drained yet: never hand it a job
                self.workers.remove(worker)
                continue
            self.send(worker, self.queue.popleft())
        self.refill()

    def send(self, worker: Child, job: Job) -> None:
        payload = {
            "request": job.request,
            "report": job.report,
            "stdout": job.stdout.decode("utf-8", "replace"),
        }
        body = marshal.dumps(payload)
        worker.job = job
        worker.deadline = time.monotonic() + VERDICT_TIMEOUT
        self.server.write(worker, REQUEST_HEADER.pack(len(body)) + body)

    def on_channel(self, worker: Child, data: bytes) -> None:
        """Frames from a worker: READY once, then one verdict per request."""
        buffer = worker.channel
        buffer += data
        if not worker.ready_seen:
            if buffer[:1] != READY:
                self.server.kill(worker, "channel")
                return
            del buffer[:1]
            worker.ready_seen = True
            self.server.setup_failures = 0
        while len(buffer) >= VERDICT_HEADER.size:
            size, cpu = VERDICT_HEADER.unpack_from(buffer)
            if size > VERDICT_LIMIT or worker.job is None:
                worker.channel_over = True
                self.server.kill(worker, "channel")
                return
            end = VERDICT_HEADER.size + size
            if len(buffer) < end:
                return
            verdict = bytes(buffer[VERDICT_HEADER.size : end])
            del buffer[:end]
            job, worker.job, worker.deadline = worker.job, None, None
            worker.served += 1
            worker.output.clear()
            self.server.complete(job, verdict or None)
            if not verdict or cpu >= RETIRE_CPU or worker.served >= RETIRE_JOBS:
                self.retire(worker)
        self.dispatch()

    def retire(self, worker: Child) -> None:
        """EOF on its request pipe: the worker exits and a fresh one replaces it."""
        if worker in self.workers:
            self.workers.remove(worker)
        self.server.close_payload(worker)

    def on_end(self, worker: Child) -> None:
        """The worker is gone (exited, killed or failed to start)."""
        if worker in self.workers:
            self.workers.remove(worker)
        job, worker.job = worker.job, None
        if not worker.setup_ok:
            self.server.note_setup_failure(worker)
            if job is not None:
                self.queue.appendleft(job)
        elif job is not None:
            crashed = not (worker.killed_for or worker.channel_over)
            if crashed and job.checker_attempts + 1 < ATTEMPTS:
                job.checker_attempts += 1
                self.queue.appendleft(job)
            else:
                self.server.complete(job, None)
        self.dispatch()


def exited(worker: Child) -> bool:
    """Whether the worker's process has ended (its pidfd turns readable at exit), which
    the loop may learn only later, from EOF on its pipes."""
    probe = select.poll()
    probe.register(worker.pidfd, select.POLLIN)
    return bool(probe.poll(0))
