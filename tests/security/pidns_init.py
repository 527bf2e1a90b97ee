"""PID 1 of the throwaway PID namespace the security corpus runs in.

`kill(-1, SIGKILL)` from a process that escaped the sandbox would, outside a namespace and
as root, kill every process on the machine. In here it reaches only this namespace. As
PID 1 we reap every orphan, put the run in a cgroup with a process and memory cap when
the machine offers one (a fork bomb stays bounded even if the sandbox failed), and on the
way out kill whatever is left.

usage: unshare --pid --fork --mount-proc --kill-child python3 pidns_init.py CMD...
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

PIDS_MAX = 512
MEMORY_MAX = 3 << 30


def bound_with_cgroups() -> None:
    name = f"stepwise-security-{os.getpid()}-{os.getppid()}"
    for controller, knob, value in (
        ("pids", "pids.max", PIDS_MAX),
        ("memory", "memory.limit_in_bytes", MEMORY_MAX),
    ):
        path = f"/sys/fs/cgroup/{controller}/{name}"
        with contextlib.suppress(OSError):
            os.makedirs(path, exist_ok=True)
            with open(f"{path}/{knob}", "w") as f:
                f.write(str(value))
            with open(f"{path}/cgroup.procs", "w") as f:
                f.write(str(os.getpid()))


def main(argv: list[str]) -> int:
    if os.getpid() != 1:
        sys.exit("pidns_init.py must be PID 1 of a new PID namespace")
    bound_with_cgroups()
    child = os.fork()
    if child == 0:
        os.execvp(argv[0], argv)
    code = 1
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        if pid == child:
            code = os.waitstatus_to_exitcode(status)
            break
    with contextlib.suppress(OSError):
        os.kill(-1, signal.SIGKILL)  # only this namespace: whatever the run left behind
    with contextlib.suppress(ChildProcessError):
        while True:
            os.wait()
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
