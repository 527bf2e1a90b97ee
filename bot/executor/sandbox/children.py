"""What the server tracks about a job and about each sandboxed child it talks to."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from typing import Any

from bot.executor.protocol import ChildOutcome
from bot.executor.sandbox.child import READY, REPORT_HEADER

DIAGNOSTIC_LIMIT = 2_000
LONG_NICE = 19  # a demoted (long) run's niceness while short runs need the CPU
CAN_RENICE = os.geteuid() == 0  # and can give it back once they are done
FRAME_START = 1 + REPORT_HEADER.size  # READY, then the report's length


@dataclass
class Job:
    id: int
    request: dict[str, Any]
    timeout: float
    output_limit: int
    binds: list[list[Any]]
    warm: list[str] = field(default_factory=list)  # what its package set's warm parent imports
    started: float = field(default_factory=time.perf_counter)
    outcome: ChildOutcome | None = None
    report: bytes | None = None
    stdout: bytes = b""
    truncated: bool = False
    checker_attempts: int = 0
    long_after: float = 0.0  # CPU seconds after which the run is long (0: never)


@dataclass(eq=False)
class Child:
    pid: int
    role: str
    tag: int
    pidfd: int
    payload_w: int | None
    output_r: int | None
    channel_r: int | None
    job: Job | None = None
    output: bytearray = field(default_factory=bytearray)
    channel: bytearray = field(default_factory=bytearray)
    output_limit: int = DIAGNOSTIC_LIMIT
    output_over: bool = False
    channel_over: bool = False
    pending: bytes = b""  # payload still to write (the pipe is watched while there is some)
    deadline: float | None = None
    started: float = 0.0  # monotonic time its job was handed over
    times_at_start: tuple[float, float] = (0.0, 0.0)  # run_times() then: its set-up
    long_at: float | None = None  # when to look whether its job has become long
    demoted: bool = False  # the client freed its slot: it yields the CPU to short runs
    niced: bool = False  # it is at LONG_NICE right now
    killed_for: str = ""
    status: int | None = None
    cpu: float = 0.0
    completed: bool = False  # a learner's whole report arrived: its job ran to the end
    ready_seen: bool = False  # a checker worker's READY byte, consumed from `channel`
    served: int = 0  # verdicts a checker worker sent

    @property
    def finished(self) -> bool:
        ended = self.status is not None or self.completed
        return ended and self.output_r is None and self.channel_r is None

    @property
    def setup_ok(self) -> bool:
        return self.ready_seen or self.channel[:1] == READY

    def report_size(self) -> int | None:
        """The length a learner announced for its report, once that much has arrived."""
        if len(self.channel) < FRAME_START or self.channel[:1] != READY:
            return None
        (size,) = REPORT_HEADER.unpack_from(self.channel, 1)
        return size

    def report(self) -> bytes | None:
        size = self.report_size()
        if not self.completed or size is None or self.channel_over:
            return None
        return bytes(self.channel[FRAME_START : FRAME_START + size])

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


def run_times(pid: int) -> tuple[float, float] | None:
    """(seconds on a CPU, seconds waiting for one) of the process so far, or None."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as f:
            on_cpu, waiting = f.read().split()[:2]
    except (OSError, ValueError):
        return None
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def set_priority(pid: int, nice: int) -> bool:
    """Give a run `nice` (19: CPU only when the other runs leave some; 0: back to normal).

    The child leads its own session, hence (with CONFIG_SCHED_AUTOGROUP) its own
    scheduling group, where its own nice value only ranks it against itself: the group's
    nice is what counts against the other runs, so both are set. Only root can undo it
    (lowering a nice value needs CAP_SYS_NICE), so only root does it. False if it failed.
    """
    if not CAN_RENICE:
        return False
    try:
        os.setpriority(os.PRIO_PROCESS, pid, nice)
        fd = os.open(f"/proc/{pid}/autogroup", os.O_WRONLY)
        try:
            os.write(fd, str(nice).encode())
        finally:
            os.close(fd)
    except OSError:  # already gone, or no autogroups: the process nice is what counts
        return False
    return True
