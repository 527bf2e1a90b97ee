"""Turning a freshly forked child into a sandboxed process, one layer at a time.

`Sandbox` is built once in the fork server (paths resolved, seccomp program compiled) so
that `enter()` in a child is a short run of syscalls: new session → own mount namespace
with a private tmpfs `/tmp` (learners only) → unprivileged uid → user + ipc + uts
namespaces → chroot into the read-only template root → rlimits → no capabilities →
seccomp. That is the root path, which uses the zygote's prebuilt `Template` and shared
empty network namespace. Without root the child builds everything itself (own network
namespace, its tmpfs root, pivot_root), which is slower but holds the same layers.

`enter(strict=False)` is the same sequence for the probe and for insecure-dev mode: it
records which layers failed instead of stopping.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.executor.sandbox.libc import (
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
    MNT_DETACH,
    MS_NODEV,
    MS_NOSUID,
    PR_CAP_AMBIENT,
    PR_CAP_AMBIENT_CLEAR_ALL,
    PR_CAPBSET_DROP,
    PR_SET_DUMPABLE,
    PR_SET_PDEATHSIG,
    Libc,
)
from bot.executor.sandbox.limits import Limits
from bot.executor.sandbox.plan import OOM_SCORE_ADJ, Plan, build_plan
from bot.executor.sandbox.rootfs import (
    Bind,
    Template,
    bind_into,
    mask_site_packages,
    scratch_dir,
)
from bot.executor.sandbox.seccomp import CompiledFilter

# The names `stepwise sandbox doctor` prints, in the order they are applied.
LAYERS = (
    "user_ns", "mount_ns", "net_ns", "ipc_uts_ns", "tmpfs_root", "rlimits", "cap_drop", "seccomp",
)  # fmt: skip

NAMES = {"learner": b"stepwise-learn", "checker": b"stepwise-check", "probe": b"stepwise-probe"}
NOBODY = 65534
INSIDE_ID = 1000  # the learner's uid/gid as seen inside its user namespace


class SetupError(Exception):
    """A layer could not be applied in a strict child; the run must not go ahead."""

    def __init__(self, layer: str, error: BaseException) -> None:
        self.layer = layer
        super().__init__(f"{layer}: {error}")


@dataclass
class Sandbox:
    libc: Libc
    mountpoint: str  # an empty 0755 directory: the template root, or each child's root
    binds: tuple[Bind, ...]
    seccomp: CompiledFilter
    limits: Limits = field(default_factory=Limits)
    tmp_size: int = 16 * 1024 * 1024
    tmp_inodes: int = 1024
    cap_last: int = 40
    outside_uid: int = field(default_factory=os.geteuid)
    outside_gid: int = field(default_factory=os.getegid)
    template: Template | None = None  # set in the zygote once the shared root is built
    root_note: str = ""  # why there is no template (for the doctor)
    plans: dict[str, Plan] = field(default_factory=dict)  # role -> its strict setup (root path)

    def __post_init__(self) -> None:
        if self.outside_uid == 0:
            self.outside_uid = self.outside_gid = NOBODY
        try:
            with open("/proc/sys/kernel/cap_last_cap") as f:
                self.cap_last = int(f.read())
        except (OSError, ValueError):
            pass

    def prepare(self, fd_base: int = 0) -> str:
        """In the zygote: build the shared template when root; '' or why it could not.
        With the template, also the precompiled setup of learner and checker children
        (plan.py), which expect their pipe ends at `fd_base`.. (0: none)."""
        if os.geteuid() != 0:
            return "not root: each child builds its own root and network namespace"
        template = Template(self.libc, self.mountpoint, self.binds)
        try:
            template.build()
        except OSError as exc:
            return f"template root: {exc}"
        self.template = template
        if fd_base and self.libc.has_close_range():
            for role, writable_tmp in (("learner", True), ("checker", False)):
                plan = build_plan(self, writable_tmp, INSIDE_ID, fd_base, NAMES[role])
                self.plans[role] = plan
        return ""

    # ------------------------------------------------------------------ layers

    @property
    def scratch(self) -> str:
        """Where the learner may write (its working directory)."""
        return scratch_dir(self.binds)

    def tmp_options(self) -> str:
        return f"size={self.tmp_size},nr_inodes={self.tmp_inodes},mode=1777"

    def _private_tmp(self) -> None:
        """As root, in the template path: own mount namespace, own size-limited /tmp."""
        self.libc.unshare(CLONE_NEWNS)
        target = self.mountpoint + self.scratch
        self.libc.mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, self.tmp_options())

    def _drop_uid(self) -> None:
        if os.geteuid() == 0:
            os.setgroups([])
            os.setresgid(self.outside_gid, self.outside_gid, self.outside_gid)
            os.setresuid(self.outside_uid, self.outside_uid, self.outside_uid)
            # setuid cleared "dumpable", which would leave /proc/self/uid_map owned by root,
            # and the parent-death signal, which must outlive the uid change
            self.libc.prctl(PR_SET_DUMPABLE, 1)
            self.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    def _user_ns(self, flags: int, proc_self: int) -> None:
        self.libc.unshare(CLONE_NEWUSER | flags)
        _write(proc_self, "setgroups", b"deny")
        _write(proc_self, "uid_map", f"{INSIDE_ID} {self.outside_uid} 1".encode())
        _write(proc_self, "gid_map", f"{INSIDE_ID} {self.outside_gid} 1".encode())
        # not dumpable: another process of the same uid may not ptrace or read this one
        self.libc.prctl(PR_SET_DUMPABLE, 0)

    def _chroot(self, writable_tmp: bool) -> None:
        os.chroot(self.mountpoint)  # CAP_SYS_CHROOT of the new user namespace
        os.chdir(self.scratch if writable_tmp else "/")

    def _own_root(self, extra: tuple[Bind, ...]) -> None:
        """Without root: a tmpfs root of our own with the binds, then pivot_root into it."""
        m, libc = self.mountpoint, self.libc
        libc.mount("tmpfs", m, "tmpfs", MS_NOSUID | MS_NODEV, self.tmp_options())
        made: set[str] = set()
        bind_into(libc, m, self.binds, made)
        mask_site_packages(libc, m, self.binds)
        bind_into(libc, m, extra, made)
        with contextlib.suppress(FileExistsError):  # /tmp holds a bind (see scratch_dir)
            os.mkdir(m + self.scratch)
        os.chmod(m + self.scratch, 0o1777)
        os.chdir(m)
        libc.pivot_root(".", ".")
        libc.umount2(".", MNT_DETACH)
        os.chdir(self.scratch)

    def _cap_drop(self) -> None:
        prctl = self.libc.lib.prctl  # direct calls: 41 of them
        if prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0:
            self.libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)  # raises with errno
        for cap in range(self.cap_last + 1):
            if prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0:
                self.libc.prctl(PR_CAPBSET_DROP, cap)
        self.libc.capset_zero()

    # ------------------------------------------------------------------ entry

    def enter(
        self, extra: tuple[Bind, ...] = (), strict: bool = True, writable_tmp: bool = True
    ) -> dict[str, str]:
        """Apply every layer to the calling (child) process; returns {layer: error}."""
        failed: dict[str, str] = {}

        def step(layers: tuple[str, ...], action: Callable[[], object]) -> None:
            """Set up `layers[-1]`, which needs every earlier layer in `layers`."""
            blocked = next((layer for layer in layers if layer in failed), None)
            if blocked is not None:  # never report a layer as working when it was skipped
                failed.setdefault(layers[-1], f"not set up: it needs {blocked}, which failed")
                return
            try:
                action()
            except OSError as exc:
                if strict:
                    raise SetupError(layers[-1], exc) from exc
                failed[layers[-1]] = str(exc)

        os.setsid()
        # /proc/self stays reachable through this descriptor after the root is replaced
        proc_self = os.open("/proc/self", os.O_RDONLY | os.O_DIRECTORY)
        step(("rlimits",), lambda: _write(proc_self, "oom_score_adj", OOM_SCORE_ADJ))
        if self.template is not None:
            if writable_tmp:
                step(("mount_ns",), self._private_tmp)
            step(("user_ns",), self._drop_uid)
            step(("user_ns",), lambda: self._user_ns(CLONE_NEWIPC | CLONE_NEWUTS, proc_self))
            step(("tmpfs_root",), lambda: self._chroot(writable_tmp))
        else:
            all_ns = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
            step(("user_ns",), self._drop_uid)
            if strict:
                step(("user_ns",), lambda: self._user_ns(all_ns, proc_self))
            else:  # one namespace at a time, to tell which one is missing
                step(("user_ns",), lambda: self._user_ns(0, proc_self))
                step(("user_ns", "mount_ns"), lambda: self.libc.unshare(CLONE_NEWNS))
                step(("user_ns", "net_ns"), lambda: self.libc.unshare(CLONE_NEWNET))
                ipc_uts = CLONE_NEWIPC | CLONE_NEWUTS
                step(("user_ns", "ipc_uts_ns"), lambda: self.libc.unshare(ipc_uts))
            step(("user_ns", "mount_ns", "tmpfs_root"), lambda: self._own_root(extra))
            if any(layer in failed for layer in ("user_ns", "mount_ns", "tmpfs_root")):
                os.chdir(self.mountpoint)  # insecure-dev: at least start in an empty directory
        os.close(proc_self)
        step(("rlimits",), self.limits.apply)
        step(("cap_drop",), self._cap_drop)
        step(("seccomp",), lambda: self.seccomp.install(self.libc))
        return failed


def _write(dir_fd: int, name: str, data: bytes) -> None:
    fd = os.open(name, os.O_WRONLY, dir_fd=dir_fd)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
