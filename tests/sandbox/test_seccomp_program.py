"""The assembled seccomp program, run by a small classic-BPF interpreter: it must decide
exactly what the deny-list says for every syscall number, on both architectures."""

from __future__ import annotations

import errno

import pytest

from bot.executor.sandbox.libc import CLONE_NEWNS, CLONE_NEWUSER, CLONE_THREAD
from bot.executor.sandbox.seccomp import (
    AUDIT_ARCH,
    DENIED,
    JA,
    JEQ_K,
    JGE_K,
    JGT_K,
    JSET_K,
    LD_W_ABS,
    OFF_ARCH,
    OFF_ARG0_LOW,
    OFF_NR,
    RET_ALLOW,
    RET_ERRNO,
    RET_K,
    RET_KILL_PROCESS,
    SYSCALLS,
    X32_SYSCALL_BIT,
    assemble,
    program,
)

EPERM = RET_ERRNO | errno.EPERM
ENOSYS = RET_ERRNO | errno.ENOSYS
CLONE_FOR_A_THREAD = CLONE_THREAD | 0x100  # CLONE_VM and friends, as glibc passes them


def decide(rows: list[tuple[int, int, int, int]], arch: int, nr: int, arg0: int = 0) -> int:
    fields = {OFF_ARCH: arch, OFF_NR: nr, OFF_ARG0_LOW: arg0}
    acc, pc = 0, 0
    while True:
        code, jt, jf, k = rows[pc]
        if code == LD_W_ABS:
            acc = fields[k]
        elif code == RET_K:
            return k
        elif code == JA:
            pc += k
        else:
            taken = {
                JEQ_K: acc == k,
                JGE_K: acc >= k,
                JGT_K: acc > k,
                JSET_K: bool(acc & k),
            }[code]
            pc += jt if taken else jf
        pc += 1


@pytest.mark.parametrize("arch", sorted(SYSCALLS))
def test_every_syscall_number_gets_the_listed_decision(arch: str) -> None:
    rows = assemble(program(arch))
    table = SYSCALLS[arch]
    denied = {table[name] for name in DENIED if name in table}
    for nr in range(0, 600):
        got = decide(rows, AUDIT_ARCH[arch], nr)
        if nr == table["clone3"]:
            assert got == ENOSYS
        elif nr == table["clone"]:
            assert got == EPERM  # no CLONE_THREAD: a new process
        elif nr in denied:
            assert got == EPERM, nr
        else:
            assert got == RET_ALLOW, nr


@pytest.mark.parametrize("arch", sorted(SYSCALLS))
def test_clone_only_for_threads_without_namespaces(arch: str) -> None:
    rows = assemble(program(arch))
    clone = SYSCALLS[arch]["clone"]
    assert decide(rows, AUDIT_ARCH[arch], clone, CLONE_FOR_A_THREAD) == RET_ALLOW
    for flag in (CLONE_NEWUSER, CLONE_NEWNS):
        assert decide(rows, AUDIT_ARCH[arch], clone, CLONE_FOR_A_THREAD | flag) == EPERM


def test_other_architectures_and_x32_are_killed() -> None:
    rows = assemble(program("x86_64"))
    assert decide(rows, AUDIT_ARCH["aarch64"], 0) == RET_KILL_PROCESS
    assert decide(rows, AUDIT_ARCH["x86_64"], X32_SYSCALL_BIT | 1) == RET_KILL_PROCESS


def test_consecutive_numbers_share_one_range_test() -> None:
    assert len(assemble(program("x86_64"))) < len(DENIED)
