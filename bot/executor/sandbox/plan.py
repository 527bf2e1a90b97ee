"""The strict isolation sequence, compiled once in the zygote into a flat list of libc calls.

A forked child pays for every page it writes (copy-on-write), and Python touches many
objects per call: the layer-by-layer code in isolation.py costs a child about 2.5 ms of
CPU. Here the zygote resolves everything in advance (paths as bytes, flags and limits as
ready ctypes values, the seccomp program) and a child only runs `Plan.run`: one loop of
about sixty C calls, each checked, that applies the same layers in the same order as
`Sandbox.enter` on the root path. Used for strict learner and checker children when the
shared template root exists; the probe, insecure-dev mode and the non-root path keep the
step-by-step code, which can report which layer failed without stopping.
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.executor.sandbox.libc import (
    CLONE_NEWIPC,
    CLONE_NEWNS,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
    MS_NODEV,
    MS_NOSUID,
    PR_CAP_AMBIENT,
    PR_CAP_AMBIENT_CLEAR_ALL,
    PR_CAPBSET_DROP,
    PR_SET_DUMPABLE,
    PR_SET_NAME,
    PR_SET_NO_NEW_PRIVS,
    PR_SET_PDEATHSIG,
    PR_SET_SECCOMP,
    SECCOMP_MODE_FILTER,
)

if TYPE_CHECKING:
    from bot.executor.sandbox.libc import Libc
    from bot.executor.sandbox.limits import Limits
    from bot.executor.sandbox.seccomp import CompiledFilter


class Sandbox(Protocol):
    """The settings a plan is resolved from: `isolation.Sandbox` satisfies this. Named
    here so isolation can build plans without the two modules importing each other."""

    libc: Libc
    mountpoint: str
    seccomp: CompiledFilter
    limits: Limits
    cap_last: int
    outside_uid: int
    outside_gid: int

    @property
    def scratch(self) -> str: ...

    def tmp_options(self) -> str: ...


# When the host or container runs out of memory the kernel kills a learner's run first,
# never the bot (raising one's own score needs no privilege).
OOM_SCORE_ADJ = b"1000"

FD = object()  # stands for the descriptor the plan's last `open` returned


class Rlimit(ctypes.Structure):
    _fields_ = (("soft", ctypes.c_ulong), ("hard", ctypes.c_ulong))


@dataclass(frozen=True)
class Call:
    layer: str
    function: Callable[..., int]
    args: tuple[object, ...]
    opens: bool = False  # the result is a descriptor later calls name as FD


class PlanError(Exception):
    """A call of the plan failed: which layer, and the errno."""

    def __init__(self, layer: str, errno: int) -> None:
        self.layer, self.errno = layer, errno
        super().__init__(f"{layer}: [Errno {errno}] {os.strerror(errno)}")


class Plan:
    def __init__(self, calls: list[Call]) -> None:
        self.calls = tuple(
            (c.layer, c.function, c.args, c.opens, any(a is FD for a in c.args)) for c in calls
        )

    def run(self) -> None:
        fd = -1
        for layer, function, args, opens, uses_fd in self.calls:
            if uses_fd:
                args = tuple(fd if a is FD else a for a in args)
            result = function(*args)
            if result < 0:
                raise PlanError(layer, ctypes.get_errno())
            if opens:
                fd = result


def build_plan(
    sandbox: Sandbox, writable_tmp: bool, inside_id: int, fd_base: int, name: bytes
) -> Plan:
    """What a fresh child does before its job, resolved for this zygote: take its three
    pipe ends from `fd_base`.. onto 0..3 (`child.take_descriptors`), close every other
    descriptor, ask for SIGKILL when the zygote dies, take its name, then make the calls
    `Sandbox.enter` makes on the root path."""
    lib, libc = sandbox.libc.lib, sandbox.libc
    ul = ctypes.c_ulong
    enc = os.fsencode
    syscall = lib.syscall
    calls: list[Call] = []

    def add(layer: str, function: Callable[..., int], *args: object) -> None:
        calls.append(Call(layer, function, args))

    def prctl(layer: str, option: int, *args: int | object) -> None:
        values = [ul(a) if isinstance(a, int) else a for a in args]
        values += [ul(0)] * (4 - len(values))
        add(layer, lib.prctl, ctypes.c_int(option), *values)

    def write_file(layer: str, path: str, data: bytes) -> None:
        flags = ctypes.c_int(os.O_WRONLY | os.O_CLOEXEC)
        calls.append(Call(layer, lib.open, (enc(path), flags), opens=True))
        add(layer, lib.write, FD, data, ctypes.c_size_t(len(data)))
        add(layer, lib.close, FD)

    for source, target in ((0, 0), (1, 1), (1, 2), (2, 3)):
        add("descriptors", lib.dup2, fd_base + source, target)
    close_range = ctypes.c_long(libc.close_range_number)
    add("descriptors", syscall, close_range, ul(4), ul(0xFFFFFFFF), ul(0))
    prctl("descriptors", PR_SET_PDEATHSIG, int(signal.SIGKILL))
    prctl("descriptors", PR_SET_NAME, ctypes.c_char_p(name[:15]))
    add("user_ns", lib.setsid)
    write_file("rlimits", "/proc/self/oom_score_adj", OOM_SCORE_ADJ)
    root = enc(sandbox.mountpoint)
    scratch = enc(sandbox.scratch)
    if writable_tmp:
        add("mount_ns", lib.unshare, ctypes.c_int(CLONE_NEWNS))
        options = enc(sandbox.tmp_options())
        flags = ul(MS_NOSUID | MS_NODEV)
        add("mount_ns", lib.mount, b"tmpfs", root + scratch, b"tmpfs", flags, options)
    uid, gid = sandbox.outside_uid, sandbox.outside_gid
    if os.geteuid() == 0:
        add("user_ns", lib.setgroups, ctypes.c_size_t(0), None)
        add("user_ns", lib.setresgid, gid, gid, gid)
        add("user_ns", lib.setresuid, uid, uid, uid)
        prctl("user_ns", PR_SET_DUMPABLE, 1)
        prctl("user_ns", PR_SET_PDEATHSIG, int(signal.SIGKILL))
    add("user_ns", lib.unshare, ctypes.c_int(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWUTS))
    write_file("user_ns", "/proc/self/setgroups", b"deny")
    write_file("user_ns", "/proc/self/uid_map", f"{inside_id} {uid} 1".encode())
    write_file("user_ns", "/proc/self/gid_map", f"{inside_id} {gid} 1".encode())
    prctl("user_ns", PR_SET_DUMPABLE, 0)
    add("tmpfs_root", lib.chroot, root)
    add("tmpfs_root", lib.chdir, scratch if writable_tmp else b"/")
    for which, soft, hard in sandbox.limits.pairs():
        add("rlimits", lib.setrlimit, ctypes.c_int(which), ctypes.byref(Rlimit(soft, hard)))
    prctl("cap_drop", PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    for cap in range(sandbox.cap_last + 1):
        prctl("cap_drop", PR_CAPBSET_DROP, cap)
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)
    data = (ctypes.c_uint32 * 6)()
    add("cap_drop", syscall, ctypes.c_long(libc.capset_number), header, data)
    prctl("seccomp", PR_SET_NO_NEW_PRIVS, 1)
    prctl("seccomp", PR_SET_SECCOMP, SECCOMP_MODE_FILTER, sandbox.seccomp.pointer)
    return Plan(calls)
