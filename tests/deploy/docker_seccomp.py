"""Apply a Docker seccomp profile to this process, the way Docker + runc would, then exec.

    python tests/deploy/docker_seccomp.py PROFILE.json COMMAND [ARGS...]

No Docker engine runs on the development machines, so the deploy tests compile the
shipped profile with libseccomp exactly as moby/runc do for a container started with
`cap_drop: [ALL]` on x86-64 — rules gated on a capability are dropped, rules excluded by a
capability kept, rules in file order — and run real commands under it. That proves the
profile lets the sandbox build its namespaces (and that Docker's default would not).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import platform
import sys
from typing import Any

ALLOW = 0x7FFF0000
KILL_PROCESS = 0x80000000
KILL_THREAD = 0x00000000
TRAP = 0x00030000
LOG = 0x7FFC0000
ERRNO = 0x00050000
OPS = {
    "SCMP_CMP_NE": 1,
    "SCMP_CMP_LT": 2,
    "SCMP_CMP_LE": 3,
    "SCMP_CMP_EQ": 4,
    "SCMP_CMP_GE": 5,
    "SCMP_CMP_GT": 6,
    "SCMP_CMP_MASKED_EQ": 7,
}
ARCH_NAMES = ("amd64", "x86_64")


class ArgCmp(ctypes.Structure):
    _fields_ = [
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    ]


def libseccomp() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("seccomp")
    if name is None or platform.machine() != "x86_64":
        return None
    lib = ctypes.CDLL(name, use_errno=True)
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.POINTER(ArgCmp),
    ]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    return lib


def action(rule: dict[str, Any], default_errno: int = 1) -> int:
    name = rule["action"]
    if name == "SCMP_ACT_ERRNO":
        return ERRNO | int(rule.get("errnoRet", default_errno))
    return {
        "SCMP_ACT_ALLOW": ALLOW,
        "SCMP_ACT_KILL": KILL_THREAD,
        "SCMP_ACT_KILL_THREAD": KILL_THREAD,
        "SCMP_ACT_KILL_PROCESS": KILL_PROCESS,
        "SCMP_ACT_TRAP": TRAP,
        "SCMP_ACT_LOG": LOG,
    }[name]


def kernel_at_least(version: str) -> bool:
    have = tuple(int(p) for p in platform.release().split("-")[0].split(".")[:2])
    return have >= tuple(int(p) for p in version.split(".")[:2])


def applies_without_capabilities(rule: dict[str, Any]) -> bool:
    """moby's filter for a container with no capabilities on amd64."""
    includes, excludes = rule.get("includes") or {}, rule.get("excludes") or {}
    if includes.get("caps"):
        return False
    if includes.get("arches") and not set(includes["arches"]) & set(ARCH_NAMES):
        return False
    if includes.get("minKernel") and not kernel_at_least(includes["minKernel"]):
        return False
    return not set(excludes.get("arches") or ()) & set(ARCH_NAMES)


def apply_profile(profile: dict[str, Any]) -> None:
    lib = libseccomp()
    if lib is None:
        raise OSError("libseccomp is not available on this machine")
    default_errno = int(profile.get("defaultErrnoRet", 1))
    default = action({"action": profile["defaultAction"]}, default_errno)
    ctx = lib.seccomp_init(default)
    if not ctx:
        raise OSError("seccomp_init failed")
    for rule in profile["syscalls"]:
        if not applies_without_capabilities(rule):
            continue
        act = action(rule, default_errno)
        if act == default:
            continue  # runc skips rules that repeat the default action
        args = rule.get("args") or []
        conditions = (ArgCmp * max(len(args), 1))(
            *[ArgCmp(a["index"], OPS[a["op"]], a["value"], a.get("valueTwo", 0)) for a in args]
        )
        for name in rule["names"]:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number < 0:
                continue  # not a syscall on this architecture
            rc = lib.seccomp_rule_add_array(ctx, act, number, len(args), conditions)
            if rc < 0:
                raise OSError(-rc, f"seccomp_rule_add {name}: {os.strerror(-rc)}")
    rc = lib.seccomp_load(ctx)
    if rc < 0:
        raise OSError(-rc, f"seccomp_load: {os.strerror(-rc)}")


def main(argv: list[str]) -> None:
    profile_path, *command = argv
    with open(profile_path, encoding="utf-8") as handle:
        apply_profile(json.load(handle))
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
