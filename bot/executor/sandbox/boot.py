"""Fork-server entry point: preload, build the sandbox once, fork the zygote, serve.

Run by the client as `python3 -I -S -c BOOTSTRAP CONFIG_JSON` with an empty environment,
stdin/stdout being the frame channel to the bot process.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import socket
import sys

from bot.executor.sandbox.isolation import Sandbox
from bot.executor.sandbox.libc import PR_SET_PDEATHSIG, load_libc
from bot.executor.sandbox.limits import Limits
from bot.executor.sandbox.rootfs import Bind, outermost
from bot.executor.sandbox.seccomp import CompiledFilter
from bot.executor.sandbox.zygote import zygote_main

# Only what children need is imported before the zygote forks (the server's own modules
# come after): every page the zygote maps is paid again by each fork and each child exit.
# Imported before the zygote forks, so no child pays for them: the harness, and the
# standard library lessons use most. The root has no /usr/lib, so an extension module that
# links a system library (zlib, binascii → libz, bz2, lzma) is importable only when it is
# loaded here. Each module also makes every fork and exit a little dearer (more pages to
# map and unmap), so rarely used pure-Python ones are left for the learner's own import.
PRELOAD = (
    "bot.executor.harness",
    "bot.executor.protocol",
    "bot.core.checks.evaluate",
    "bot.core.checks.snapshot",
    "bot.executor.friendly",
    "math", "json", "random", "statistics", "collections", "itertools", "functools", "re",
    "string", "datetime", "decimal", "fractions", "dataclasses", "typing", "textwrap",
    "heapq", "bisect", "operator", "copy", "enum", "time", "csv", "base64", "zlib", "bz2",
    "lzma",
)  # fmt: skip

BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from bot.executor.sandbox.boot import main; main(sys.argv[2])"
)


def preload() -> None:
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def build_sandbox(root: str, mountpoint: str, config: dict) -> Sandbox:
    libc = load_libc()
    stdlib = [p for p in sys.path if p and os.path.realpath(p) != os.path.realpath(root)]
    sources = outermost([*stdlib, os.path.join(root, "bot")])
    return Sandbox(
        libc=libc,
        mountpoint=mountpoint,
        binds=tuple(Bind.of(p) for p in sources),
        seccomp=CompiledFilter(libc.arch),
        limits=Limits(**config.get("limits", {})),
    )


def make_mountpoint() -> str:
    """An empty 0755 directory of our own under /tmp (the environment is empty)."""
    while True:
        path = f"/tmp/stepwise-sandbox-{os.urandom(6).hex()}"
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            continue
        os.chmod(path, 0o755)
        return path


def main(config_json: str) -> None:
    config = json.loads(config_json)
    os.environ.clear()  # started with none; drop even the LC_CTYPE Python's locale coercion adds
    root = sys.path[0]
    # the frame channel moves off 0/1 so nothing printed by accident can corrupt it
    control_in, control_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the bot decides when the server stops
    preload()
    mountpoint = make_mountpoint()
    sandbox = build_sandbox(root, mountpoint, config)
    sandbox.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    sandbox.libc.set_name(b"stepwise-server")
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        ours.close()
        os.close(control_in)
        os.close(control_out)
        sandbox.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        sandbox.libc.set_name(b"stepwise-zygote")
        try:
            zygote_main(theirs, sandbox, strict=bool(config.get("strict", True)))
        finally:
            os._exit(0)
    theirs.close()
    from bot.executor.sandbox.server import Server

    server = Server(
        control_in, control_out, ours, pool=int(config.get("pool", 2)),
        cpu_soft=float(sandbox.limits.cpu_soft_s), checkers=int(config.get("checkers", 2)),
    )  # fmt: skip
    try:
        server.serve()
    finally:
        server.shutdown()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        with contextlib.suppress(OSError):
            os.rmdir(mountpoint)
