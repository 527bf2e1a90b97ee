"""Resource limits a learner process lives under (setrlimit, applied inside the child).

Python ignores SIGXFSZ, so an oversized file write fails with EFBIG instead of killing the
run; the CPU soft limit delivers SIGXCPU (a timeout verdict) and the hard limit SIGKILL.
RLIMIT_NPROC counts the unprivileged uid the child runs as, so 0 stops threads and forks.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    cpu_soft_s: int = 2
    cpu_hard_s: int = 3
    address_space: int = 256 * MIB
    processes: int = 0
    file_size: int = 1 * MIB
    open_files: int = 16
    core: int = 0

    def pairs(self) -> tuple[tuple[int, int, int], ...]:
        return (
            (resource.RLIMIT_CORE, self.core, self.core),
            (resource.RLIMIT_CPU, self.cpu_soft_s, self.cpu_hard_s),
            (resource.RLIMIT_AS, self.address_space, self.address_space),
            (resource.RLIMIT_FSIZE, self.file_size, self.file_size),
            (resource.RLIMIT_NOFILE, self.open_files, self.open_files),
            (resource.RLIMIT_NPROC, self.processes, self.processes),
        )

    def apply(self) -> None:
        for which, soft, hard in self.pairs():
            resource.setrlimit(which, (soft, hard))
