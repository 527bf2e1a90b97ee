"""Every layer, seen from inside a learner child set up by the precompiled plan (plan.py).

The doctor's probe takes the step-by-step path; learner children and checker workers take
the plan. This program asks the kernel directly, through ctypes, what the plan left.
"""

from __future__ import annotations

import json

from bot.core.ports import Program, RunJob, RunStatus
from bot.executor.sandbox import SandboxExecutor

INSPECT = """
import ctypes, json, os, resource, socket
libc = ctypes.CDLL(None, use_errno=True)
seen = {
    "uid": os.getuid(),
    "files": sorted(os.listdir("/")),
    "cwd": os.getcwd(),
    "fds": [fd for fd in range(64) if _open(fd)],
    "bounding": [cap for cap in range(64) if libc.prctl(23, cap, 0, 0, 0) == 1],
    "seccomp": libc.prctl(21, 0, 0, 0, 0),
    "no_new_privs": libc.prctl(39, 0, 0, 0, 0),
    "dumpable": libc.prctl(3, 0, 0, 0, 0),
    "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
    "nproc": resource.getrlimit(resource.RLIMIT_NPROC),
    "cpu": resource.getrlimit(resource.RLIMIT_CPU),
    "sid_is_self": os.getsid(0) == os.getpid(),
}
for name, attempt in (("socket", lambda: socket.socket()), ("kill", lambda: os.kill(1, 0))):
    try:
        attempt()
        seen[name] = "allowed"
    except OSError as error:
        seen[name] = error.errno
print(json.dumps(seen))
"""
PRELUDE = """
import os
def _open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
"""


async def test_the_plan_applies_every_layer() -> None:
    async with SandboxExecutor() as executor:
        job = RunJob((Program("inspect", PRELUDE + INSPECT),))
        result = await executor.run(job)
    assert result.status is RunStatus.OK, result
    seen = json.loads(result.stdout)
    assert seen["uid"] == 1000
    assert "proc" not in seen["files"] and "etc" not in seen["files"]
    assert seen["cwd"] in ("/tmp", "/scratch")  # /scratch when the checkout is under /tmp
    assert seen["fds"] == [0, 1, 2, 3]  # payload, output twice, the report channel
    assert seen["bounding"] == []
    assert (seen["seccomp"], seen["no_new_privs"], seen["dumpable"]) == (2, 1, 0)
    assert seen["nofile"] == [16, 16] and seen["nproc"] == [0, 0] and seen["cpu"] == [2, 3]
    assert seen["sid_is_self"]
    assert seen["socket"] == 1 and seen["kill"] == 1  # EPERM from seccomp


def test_scratch_moves_off_tmp_when_a_bound_path_lives_there() -> None:
    """A tmpfs on /tmp would hide a project or Python checked out under /tmp."""
    from bot.executor.sandbox.rootfs import Bind, scratch_dir

    assert scratch_dir((Bind("/usr/lib/python3.11", 0), Bind("/work/main/bot", 0))) == "/tmp"
    assert scratch_dir((Bind("/usr/lib/python3.11", 0), Bind("/tmp/ci/bot", 0))) == "/scratch"
    assert scratch_dir((Bind("/tmpfoo/bot", 0),)) == "/tmp"
