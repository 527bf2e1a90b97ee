"""The few libc entry points the sandbox needs, bound once with ctypes.

Bound in the fork server before any child exists, so a child pays no lookup cost and every
call is a plain syscall wrapper. Errors come back as `OSError` with the real errno.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass

# clone(2) / unshare(2) flags
CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWTIME = 0x00000080
CLONE_THREAD = 0x00010000
NAMESPACE_FLAGS = (
    CLONE_NEWNS
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
    | CLONE_NEWCGROUP
    | CLONE_NEWTIME
)

# mount(2) flags
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_NOATIME = 0x400
MS_NODIRATIME = 0x800
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MS_RELATIME = 1 << 21
MS_STRICTATIME = 1 << 24
MNT_DETACH = 0x2

# prctl(2) options
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_NAME = 15
PR_SET_SECCOMP = 22
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
SECCOMP_MODE_FILTER = 2

_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
_CAPSET = {"x86_64": 126, "aarch64": 91}
_CLOSE_RANGE = {"x86_64": 436, "aarch64": 436}


def machine() -> str:
    name = os.uname().machine.lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(name, name)


@dataclass(frozen=True)
class Libc:
    """Thin typed wrappers; each raises OSError(errno) when the syscall fails."""

    lib: ctypes.CDLL
    arch: str

    def _check(self, result: int) -> int:
        if result < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        return result

    def unshare(self, flags: int) -> None:
        self._check(self.lib.unshare(ctypes.c_int(flags)))

    def mount(
        self, source: str | None, target: str, fstype: str | None, flags: int, data: str | None
    ) -> None:
        enc = lambda s: None if s is None else s.encode()  # noqa: E731
        self._check(
            self.lib.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))
        )

    def umount2(self, target: str, flags: int) -> None:
        self._check(self.lib.umount2(target.encode(), ctypes.c_int(flags)))

    def pivot_root(self, new_root: str, put_old: str) -> None:
        self._check(
            self.lib.syscall(
                ctypes.c_long(_PIVOT_ROOT[self.arch]), new_root.encode(), put_old.encode()
            )
        )

    def prctl(self, option: int, *args: object) -> int:
        """prctl(option, args...); ints are passed as unsigned longs, pointers as given."""
        values = [ctypes.c_ulong(a) if isinstance(a, int) else a for a in args]
        values += [ctypes.c_ulong(0)] * (4 - len(values))
        return self._check(self.lib.prctl(ctypes.c_int(option), *values))

    def set_name(self, name: bytes) -> None:
        """The process name `ps` and `top` show (at most 15 bytes)."""
        self.prctl(PR_SET_NAME, name[:15])

    @property
    def capset_number(self) -> int:
        return _CAPSET[self.arch]

    @property
    def close_range_number(self) -> int:
        return _CLOSE_RANGE[self.arch]

    def has_close_range(self) -> bool:
        """close_range(2) exists (Linux 5.9+): tried on an empty range."""
        empty = ctypes.c_ulong(0xFFFFFFF0)
        number = ctypes.c_long(_CLOSE_RANGE[self.arch])
        return self.lib.syscall(number, empty, empty, ctypes.c_ulong(0)) == 0

    def capset_zero(self) -> None:
        """Clear effective, permitted and inheritable capabilities (version 3 header)."""
        header = (ctypes.c_uint32 * 2)(0x20080522, 0)
        data = (ctypes.c_uint32 * 6)()
        self._check(self.lib.syscall(ctypes.c_long(_CAPSET[self.arch]), header, data))


def load_libc() -> Libc:
    arch = machine()
    if arch not in _PIVOT_ROOT:
        raise OSError(f"unsupported architecture {arch!r} (x86_64 and aarch64 only)")
    return Libc(ctypes.CDLL(None, use_errno=True), arch)
