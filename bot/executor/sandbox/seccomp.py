"""The seccomp deny-list, assembled by hand into classic BPF once in the fork server.

Every child only installs the ready program (one prctl), which is what keeps a run cheap;
the kernel still checks and JIT-compiles it per child, about 1.5 µs per instruction here,
so runs of consecutive syscall numbers cost two tests instead of one each.
The filter checks the architecture first (anything else is killed, so a 32-bit or x32
syscall table cannot be used to slip past), answers `clone3` with ENOSYS so glibc falls
back to `clone` whose flags the filter can read, allows `clone` only for threads without
namespace flags, and fails the listed syscalls with EPERM. Everything else is allowed:
the other layers (namespaces, rlimits, no capabilities) bound what remains.
"""

from __future__ import annotations

import ctypes
import errno
from dataclasses import dataclass

from bot.executor.sandbox.libc import (
    CLONE_THREAD,
    NAMESPACE_FLAGS,
    PR_SET_NO_NEW_PRIVS,
    PR_SET_SECCOMP,
    SECCOMP_MODE_FILTER,
    Libc,
)

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
X32_SYSCALL_BIT = 0x40000000

RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000

# classic BPF opcodes
LD_W_ABS = 0x20
JEQ_K = 0x15
JGE_K = 0x35
JGT_K = 0x25
JSET_K = 0x45
RET_K = 0x06
JA = 0x05

# offsets in struct seccomp_data
OFF_NR = 0
OFF_ARCH = 4
OFF_ARG0_LOW = 16

DENIED = (
    # networking: no sockets at all
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto",
    "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockname",
    "getpeername", "setsockopt", "getsockopt",
    # new processes and programs
    "fork", "vfork", "execve", "execveat",
    # signals to anyone (Python itself sends none)
    "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal",
    "pidfd_open", "pidfd_getfd",
    # looking into or steering other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "process_madvise",
    # namespaces and the file system tree
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "open_tree",
    "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "name_to_handle_at", "open_by_handle_at", "sethostname", "setdomainname",
    # kernel attack surface
    "bpf", "io_uring_setup", "io_uring_enter", "io_uring_register", "keyctl", "add_key",
    "request_key", "userfaultfd", "perf_event_open", "fanotify_init", "lookup_dcookie",
    # administration
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "vhangup", "iopl", "ioperm",
)  # fmt: skip

SYSCALLS: dict[str, dict[str, int]] = {
    "x86_64": {
        "socket": 41, "connect": 42, "accept": 43, "sendto": 44, "recvfrom": 45, "sendmsg": 46,
        "recvmsg": 47, "shutdown": 48, "bind": 49, "listen": 50, "getsockname": 51,
        "getpeername": 52, "socketpair": 53, "setsockopt": 54, "getsockopt": 55, "clone": 56,
        "fork": 57, "vfork": 58, "execve": 59, "kill": 62, "ptrace": 101,
        "rt_sigqueueinfo": 129, "vhangup": 153, "pivot_root": 155, "chroot": 161, "acct": 163,
        "mount": 165, "umount2": 166, "swapon": 167, "swapoff": 168, "reboot": 169,
        "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173,
        "init_module": 175, "delete_module": 176, "quotactl": 179, "tkill": 200,
        "lookup_dcookie": 212, "tgkill": 234, "kexec_load": 246, "add_key": 248,
        "request_key": 249, "keyctl": 250, "unshare": 272, "accept4": 288,
        "rt_tgsigqueueinfo": 297, "perf_event_open": 298, "recvmmsg": 299, "fanotify_init": 300,
        "name_to_handle_at": 303, "open_by_handle_at": 304, "sendmmsg": 307, "setns": 308,
        "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "finit_module": 313,
        "kexec_file_load": 320, "bpf": 321, "execveat": 322, "userfaultfd": 323,
        "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_open": 434, "clone3": 435,
        "pidfd_getfd": 438, "process_madvise": 440, "mount_setattr": 442,
    },
    "aarch64": {
        "lookup_dcookie": 18, "umount2": 39, "mount": 40, "pivot_root": 41, "chroot": 51,
        "vhangup": 58, "quotactl": 60, "acct": 89, "unshare": 97, "kexec_load": 104,
        "init_module": 105, "delete_module": 106, "ptrace": 117, "kill": 129, "tkill": 130,
        "tgkill": 131, "rt_sigqueueinfo": 138, "reboot": 142, "sethostname": 161,
        "setdomainname": 162, "socket": 198, "socketpair": 199, "bind": 200, "listen": 201,
        "accept": 202, "connect": 203, "getsockname": 204, "getpeername": 205, "sendto": 206,
        "recvfrom": 207, "setsockopt": 208, "getsockopt": 209, "shutdown": 210, "sendmsg": 211,
        "recvmsg": 212, "add_key": 217, "request_key": 218, "keyctl": 219, "clone": 220,
        "execve": 221, "swapon": 224, "swapoff": 225, "rt_tgsigqueueinfo": 240,
        "perf_event_open": 241, "accept4": 242, "recvmmsg": 243, "fanotify_init": 262,
        "name_to_handle_at": 264, "open_by_handle_at": 265, "setns": 268, "sendmmsg": 269,
        "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "finit_module": 273,
        "bpf": 280, "execveat": 281, "userfaultfd": 282, "kexec_file_load": 294,
        "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426,
        "io_uring_register": 427, "open_tree": 428, "move_mount": 429, "fsopen": 430,
        "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_open": 434, "clone3": 435,
        "pidfd_getfd": 438, "process_madvise": 440, "mount_setattr": 442,
    },
}  # fmt: skip


class SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    )


class SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter)))


@dataclass(frozen=True)
class Insn:
    """One instruction; `jt`/`jf` may name a label resolved by `assemble`."""

    code: int
    k: int = 0
    jt: int | str = 0
    jf: int | str = 0
    label: str = ""


def program(arch: str) -> list[Insn]:
    """The filter as instructions with symbolic jump targets."""
    table = SYSCALLS[arch]
    insns = [
        Insn(LD_W_ABS, OFF_ARCH),
        Insn(JEQ_K, AUDIT_ARCH[arch], jt=1, jf=0),
        Insn(RET_K, RET_KILL_PROCESS),
        Insn(LD_W_ABS, OFF_NR),
    ]
    if arch == "x86_64":
        insns.append(Insn(JGE_K, X32_SYSCALL_BIT, jt="kill", jf=0))
    insns.append(Insn(JEQ_K, table["clone"], jt="clone", jf=0))
    insns.append(Insn(JEQ_K, table["clone3"], jt="enosys", jf=0))
    for low, high in runs(sorted({table[name] for name in DENIED if name in table})):
        if low == high:
            insns.append(Insn(JEQ_K, low, jt="eperm", jf=0))
        else:  # a run of consecutive numbers: two tests instead of one per syscall
            insns.append(Insn(JGE_K, low, jt=0, jf=1))
            insns.append(Insn(JGT_K, high, jt=0, jf="eperm"))
    insns += [
        Insn(RET_K, RET_ALLOW),
        Insn(LD_W_ABS, OFF_ARG0_LOW, label="clone"),
        Insn(JSET_K, NAMESPACE_FLAGS, jt="eperm", jf=0),
        Insn(JSET_K, CLONE_THREAD, jt="allow", jf="eperm"),
        Insn(RET_K, RET_ALLOW, label="allow"),
        Insn(RET_K, RET_ERRNO | errno.EPERM, label="eperm"),
        Insn(RET_K, RET_ERRNO | errno.ENOSYS, label="enosys"),
        Insn(RET_K, RET_KILL_PROCESS, label="kill"),
    ]
    return insns


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs of consecutive ones."""
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and out[-1][1] == n - 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def assemble(insns: list[Insn]) -> list[tuple[int, int, int, int]]:
    """Resolve labels into the relative forward offsets classic BPF uses."""
    where = {insn.label: i for i, insn in enumerate(insns) if insn.label}

    def offset(i: int, target: int | str) -> int:
        if isinstance(target, int):
            return target
        delta = where[target] - i - 1
        if not 0 <= delta <= 255:
            raise ValueError(f"jump to {target!r} out of range")
        return delta

    return [(n.code, offset(i, n.jt), offset(i, n.jf), n.k) for i, n in enumerate(insns)]


class CompiledFilter:
    """A ready `sock_fprog` kept alive in the server; children inherit it by fork."""

    def __init__(self, arch: str) -> None:
        rows = assemble(program(arch))
        self._array = (SockFilter * len(rows))(*(SockFilter(c, t, f, k) for c, t, f, k in rows))
        self._prog = SockFprog(len(rows), self._array)
        self.pointer = ctypes.pointer(self._prog)
        self.length = len(rows)

    def install(self, libc: Libc) -> None:
        """No new privileges, then the filter. Must be the last isolation step."""
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1)
        libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self.pointer)
