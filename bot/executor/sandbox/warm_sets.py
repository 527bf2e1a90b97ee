"""The server's side of warm parents: which package set has one, and where its jobs go.

A job whose lesson declares packages names its set (the binds and the modules to import).
The first such job, or a `warm` request at start-up, asks the zygote for the set's warm
parent (warm.py); jobs wait for it. Like the zygote's own pool, each warm parent keeps a
few children forked and isolated ahead of the jobs, so forking a process that maps the
packages is not on a learner's path. If the warm parent cannot serve (it ended, or never
started), the set's jobs go to the zygote as cold children, which import the packages
themselves: slower, never lost.
"""

from __future__ import annotations

import itertools
import select
import signal
import socket
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from bot.executor.sandbox.wire import MAX_BATCH

if TYPE_CHECKING:
    from bot.executor.sandbox.children import Child, Job

KILLED = int(signal.SIGKILL)  # the wait status of a child killed by SIGKILL
POOL = 2  # children each warm parent keeps forked and isolated, ready for a job
MAX_SETUP_FAILURES = 5  # as the server's: past it, children cannot start
MAX_STARTS = 3  # warm parents started per set before its jobs go cold for good


class WarmHost(Protocol):
    """What the sets need of the fork server (`server.Server`)."""

    children: dict[int, Child]
    jobs_by_tag: dict[int, Job]
    setup_failures: int

    def spawn(
        self,
        role: str,
        tag: int = 0,
        binds: Any = None,
        count: int = 1,
        zygote: socket.socket | None = None,
    ) -> None: ...

    def start(self, child: Child, job: Job) -> None: ...

    def watch(self, fd: int, child: Child | None, kind: str, events: int = ...) -> None: ...

    def unwatch(self, fd: int) -> None: ...

    def maybe_finished(self, child: Child) -> None: ...


@dataclass
class WarmSet:
    key: str
    tag: int
    binds: list[list[Any]]
    modules: list[str]
    sock: socket.socket | None = None
    pid: int = 0
    failed: bool = False
    pending: deque[Job] = field(default_factory=deque)  # jobs waiting for a child
    ready: deque[Child] = field(default_factory=deque)  # isolated children waiting for a job
    spawning: int = 0
    pids: set[int] = field(default_factory=set)  # live children forked by this warm parent


class WarmSets:
    def __init__(self, host: WarmHost, pool: int = POOL) -> None:
        self.host, self.pool = host, pool
        self.by_key: dict[str, WarmSet] = {}
        self.by_tag: dict[int, WarmSet] = {}
        self.by_fd: dict[int, WarmSet] = {}
        self.starts: dict[str, int] = {}
        self._tags = itertools.count(1)

    def ensure(self, binds: list[list[Any]], modules: list[str]) -> WarmSet:
        """The set's entry; asks the zygote for its warm parent the first time."""
        key = repr((sorted(map(tuple, binds)), modules))
        entry = self.by_key.get(key)
        if entry is None:
            entry = WarmSet(key, next(self._tags), binds, modules)
            self.by_key[key] = entry
            self.by_tag[entry.tag] = entry
            self.starts[key] = self.starts.get(key, 0) + 1
            if self.starts[key] > MAX_STARTS:
                entry.failed = True
            else:
                self.host.spawn("warm", entry.tag, {"binds": binds, "modules": modules})
        return entry

    def run(self, job: Job) -> None:
        """Give the job a ready child of its set's warm parent, or queue it for the next
        one; cold from the zygote when the set has no warm parent."""
        entry = self.ensure(job.binds, job.warm)
        if entry.failed:
            self.host.jobs_by_tag[job.id] = job
            self.host.spawn("learner", job.id, job.binds)
        elif entry.ready:
            self.host.start(entry.ready.popleft(), job)
        else:
            entry.pending.append(job)
        self.refill(entry)

    def refill(self, entry: WarmSet) -> None:
        """Keep `pool` children ready (plus one per waiting job), forked in one batch."""
        if entry.sock is None or self.host.setup_failures >= MAX_SETUP_FAILURES:
            return
        want, have = self.pool + len(entry.pending), len(entry.ready) + entry.spawning
        if have < want:
            count = min(want - have, MAX_BATCH)
            self.host.spawn("learner", 0, entry.binds, count, zygote=entry.sock)
            entry.spawning += count

    def on_started(self, tag: int, pid: int, fd: int) -> None:
        entry = self.by_tag[tag]
        entry.sock, entry.pid = socket.socket(fileno=fd), pid
        self.by_fd[fd] = entry
        self.host.watch(fd, None, "warm", select.EPOLLIN)
        self.refill(entry)

    def socket_of(self, fd: int) -> socket.socket | None:
        entry = self.by_fd.get(fd)
        return entry.sock if entry else None

    def adopt(self, fd: int, child: Child) -> None:
        """A child the warm parent forked: to the first waiting job, or ready."""
        entry = self.by_fd[fd]
        entry.spawning -= 1
        entry.pids.add(child.pid)
        child.tag = entry.tag
        if entry.pending:
            self.host.start(child, entry.pending.popleft())
        else:
            entry.ready.append(child)

    def on_exited(self, fd: int, pid: int) -> None:
        self.by_fd[fd].pids.discard(pid)

    def forget(self, child: Child) -> None:
        """A warm child ended before it had a job (or failed its setup)."""
        entry = self.by_tag.get(child.tag)
        if entry is None:
            return
        if child in entry.ready:
            entry.ready.remove(child)
        if self.host.setup_failures >= MAX_SETUP_FAILURES:
            self._go_cold(entry)
        else:
            self.refill(entry)

    def on_ended(self, fd: int) -> None:
        """The warm parent is gone: its children died with it (parent-death signal) and
        no one will report their exit, so they end here. The set's next job starts a new
        warm parent (up to MAX_STARTS per set; then its jobs run cold)."""
        entry = self.by_fd.pop(fd)
        self.host.unwatch(fd)
        if entry.sock is not None:
            entry.sock.close()
        entry.sock, entry.spawning = None, 0
        entry.ready.clear()
        if self.by_key.get(entry.key) is entry:
            del self.by_key[entry.key]
        pending, entry.pending = list(entry.pending), deque()
        for job in pending:
            self.run(job)
        for pid in list(entry.pids):
            child = self.host.children.get(pid)
            if child is not None and child.status is None:
                child.status = KILLED
                self.host.maybe_finished(child)
        entry.pids.clear()

    def _go_cold(self, entry: WarmSet) -> None:
        entry.failed = True
        pending, entry.pending = list(entry.pending), deque()
        for job in pending:
            self.run(job)

    def close(self) -> None:
        for entry in self.by_fd.values():
            if entry.sock is not None:
                entry.sock.close()
        self.by_fd.clear()
