"""CPU used by given processes and by the whole machine over a stretch of a benchmark (Linux).

On a shared machine a latency number means little without it: a row where other work kept
every CPU busy is not comparable to one where the benchmark had the machine to itself.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of a process (all its threads); this process when `pid` is None."""
    if pid is None:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) CPU time of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


@dataclass(frozen=True)
class CpuUsage:
    seconds: tuple[float, ...]  # CPU seconds per watched process, in the order given
    wall: float  # seconds elapsed
    machine_busy: float  # CPUs the whole machine kept busy on average (ours included)

    @property
    def ours_busy(self) -> float:
        """CPUs the watched processes kept busy on average."""
        return sum(self.seconds) / self.wall if self.wall else 0.0


class CpuMeter:
    """Started on creation; `stop()` says what the processes (None: this one) and machine used."""

    def __init__(self, *pids: int | None) -> None:
        self.pids = pids or (None,)
        self._cpu = [cpu_seconds(pid) for pid in self.pids]
        self._machine = machine_jiffies()
        self._start = time.perf_counter()

    def stop(self) -> CpuUsage:
        wall = time.perf_counter() - self._start
        used = tuple(
            cpu_seconds(pid) - then for pid, then in zip(self.pids, self._cpu, strict=True)
        )
        busy, total = (
            now - then for now, then in zip(machine_jiffies(), self._machine, strict=True)
        )
        cpus = os.cpu_count() or 1
        return CpuUsage(used, wall, busy / total * cpus if total else 0.0)
