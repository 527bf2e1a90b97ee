"""The file tree a sandboxed child sees: a read-only tmpfs holding read-only binds.

Built once in the zygote when it runs as root (`Template.build`): a private mount
namespace whose tmpfs root contains the Python standard library (its site-packages masked
by an empty tmpfs), the `bot` package and an empty `/tmp`, each a read-only bind at its
host path so `sys.path` needs no change. Packages a lesson declares are bound back in.
A learner child then only mounts its own size-limited tmpfs on `/tmp` (`scratch_dir`:
`/scratch` when the host's Python or project lives under /tmp) and chroots in; a
checker child chroots in without one. Nothing else of the host (no /proc, /etc, home or
project files) exists in the tree.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from bot.executor.sandbox.libc import (
    CLONE_NEWNET,
    CLONE_NEWNS,
    MS_BIND,
    MS_NOATIME,
    MS_NODEV,
    MS_NODIRATIME,
    MS_NOEXEC,
    MS_NOSUID,
    MS_PRIVATE,
    MS_RDONLY,
    MS_REC,
    MS_RELATIME,
    MS_REMOUNT,
    Libc,
)

_STATVFS_TO_MS = (
    (os.ST_NOSUID, MS_NOSUID),
    (os.ST_NODEV, MS_NODEV),
    (os.ST_NOEXEC, MS_NOEXEC),
    (os.ST_NOATIME, MS_NOATIME),
    (os.ST_NODIRATIME, MS_NODIRATIME),
    (os.ST_RELATIME, MS_RELATIME),
)
RO_REMOUNT = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV


@dataclass(frozen=True)
class Bind:
    """A host directory shown read-only at the same path inside the sandbox."""

    source: str
    remount_flags: int

    @classmethod
    def of(cls, source: str) -> Bind:
        """Keep the source mount's locked flags (a user namespace may only add flags)."""
        f_flag = os.statvfs(source).f_flag
        flags = RO_REMOUNT
        for st, ms in _STATVFS_TO_MS:
            if f_flag & st:
                flags |= ms
        return cls(os.path.realpath(source), flags)


def scratch_dir(binds: tuple[Bind, ...]) -> str:
    """The learner's writable directory: `/tmp`, unless a bound host path lives under /tmp
    (a project or Python checked out there), which a tmpfs on /tmp would hide; then
    `/scratch` (tempfile still finds it: it is the working directory)."""
    under_tmp = any(b.source == "/tmp" or b.source.startswith("/tmp/") for b in binds)
    return "/scratch" if under_tmp else "/tmp"


def directories_for(paths: list[str]) -> list[str]:
    """Every directory to create (parents first) so that each path exists in a new tree."""
    out: list[str] = []
    for path in paths:
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            d = "/" + "/".join(parts[:i])
            if d not in out:
                out.append(d)
    return out


def outermost(paths: list[str]) -> list[str]:
    """Drop paths nested in another one (lib-dynload inside the stdlib needs no own bind)."""
    real = sorted({os.path.realpath(p) for p in paths if os.path.isdir(p)})
    return [p for p in real if not any(p.startswith(q + "/") for q in real if q != p)]


def mask_site_packages(libc: Libc, root: str, binds: tuple[Bind, ...]) -> None:
    """Hide the installed packages that live inside the stdlib directory (pyenv, venvs):
    only the packages a lesson declares are bound back in, one by one."""
    for bind in binds:
        for name in ("site-packages", "dist-packages"):
            path = os.path.join(bind.source, name)
            if os.path.isdir(path):
                flags = MS_NOSUID | MS_NODEV
                libc.mount("tmpfs", root + path, "tmpfs", flags, "size=64k,mode=0755")


def bind_into(libc: Libc, root: str, binds: tuple[Bind, ...], existing: set[str]) -> None:
    """Create the mount points under `root` (a writable tree) and bind each source read-only
    (a single-file module, such as six.py, onto an empty file)."""
    files = {b.source for b in binds if not os.path.isdir(b.source)}
    for d in directories_for(
        [os.path.dirname(s) if s in files else s for s in (b.source for b in binds)]
    ):
        if d not in existing:
            with contextlib.suppress(FileExistsError):  # inside an earlier bind or mask
                os.mkdir(root + d, 0o755)
            existing.add(d)
    for bind in binds:
        target = root + bind.source
        if bind.source in files and not os.path.exists(target):
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o644))
        try:
            libc.mount(bind.source, target, None, MS_BIND, None)
        except OSError:  # a source with locked submounts can only be bound recursively
            libc.mount(bind.source, target, None, MS_BIND | MS_REC, None)
        libc.mount(None, target, None, bind.remount_flags, None)


@dataclass
class Template:
    """The shared read-only root, built by root in the zygote's own namespaces."""

    libc: Libc
    path: str  # mount point of the template tmpfs (an empty directory, 0755)
    binds: tuple[Bind, ...]
    size: int = 1 << 20

    def __post_init__(self) -> None:
        self._made: set[str] = set()
        self._bound: set[str] = set()

    def build(self) -> None:
        """Private mount namespace + an empty network namespace shared by every child
        (sockets are refused by seccomp anyway; creating one per run costs ~1 ms)."""
        libc = self.libc
        libc.unshare(CLONE_NEWNS | CLONE_NEWNET)
        libc.mount(None, "/", None, MS_REC | MS_PRIVATE, None)
        libc.mount("tmpfs", self.path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={self.size},mode=0755")
        scratch = scratch_dir(self.binds)
        with contextlib.suppress(FileExistsError):
            os.mkdir(self.path + scratch, 0o755)
        self._made.add(scratch)
        self._bind(self.binds)
        mask_site_packages(libc, self.path, self.binds)

    def add(self, binds: tuple[Bind, ...]) -> None:
        """Bind a lesson's package directories (once; later children inherit them)."""
        new = tuple(b for b in binds if b.source not in self._bound)
        if new:
            self._bind(new)

    def _bind(self, binds: tuple[Bind, ...]) -> None:
        libc = self.libc
        libc.mount(None, self.path, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV, None)
        try:
            bind_into(libc, self.path, binds, self._made)
            self._bound.update(b.source for b in binds)
        finally:
            libc.mount(None, self.path, None, RO_REMOUNT, None)
