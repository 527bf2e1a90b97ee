"""The zygote: the only process that forks sandbox children, and it never sees a job.

The server forks it once, before the first job, so a child's memory is a copy of a process
that holds no other learner's code, output or report (a child could read its own memory
through ctypes). On each `spawn` command it forks a child, which isolates itself and waits
for its payload, and hands the server the child's pidfd and pipe ends over a Unix socket
(SCM_RIGHTS). It reaps its children and tells the server how each one ended (wire.py).

Every page the zygote writes after a fork is copied once more, so its loop stays small:
fixed-size binary messages, one epoll, no per-child objects but a pid.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import resource
import select
import signal
import socket
import sys

from bot.executor.sandbox.child import child_main
from bot.executor.sandbox.isolation import Sandbox
from bot.executor.sandbox.rootfs import Bind
from bot.executor.sandbox.warm import start_warm_parent
from bot.executor.sandbox.warmup import warm_up
from bot.executor.sandbox.wire import BORN, EXITED, ROLE_NAMES, SPAWN, SPAWNED

MESSAGE_LIMIT = 1 << 16


def spawn(sandbox: Sandbox, role: str, extra: tuple[Bind, ...], strict: bool, fd_base: int):
    """Fork one child; returns (pid, [server ends]) in the zygote.

    The child's three pipe ends are moved to `fd_base`.. first, where the precompiled plan
    of its role expects them (a lower free descriptor means the slower, generic setup)."""
    payload_r, payload_w = os.pipe()
    output_r, output_w = os.pipe()
    channel_r, channel_w = os.pipe()
    ends = []
    for offset, fd in enumerate((payload_r, output_w, channel_w)):
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD, fd_base + offset))
        os.close(fd)
    plan = sandbox.plans.get(role) if strict else None
    if plan is not None and ends != [fd_base, fd_base + 1, fd_base + 2]:
        plan = None
    pid = os.fork()
    if pid == 0:
        child_main(role, sandbox, (ends[0], ends[1], ends[2]), extra, strict, plan)
    for fd in ends:
        os.close(fd)
    return pid, [payload_w, output_r, channel_r]


def descriptor_base() -> int:
    """Where children's pipe ends go: high, below the soft limit, far from the zygote's own
    descriptors (which are allocated lowest first)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        soft = 1024
    return max(16, min(soft, 1024) - 8)


def zygote_main(sock: socket.socket, sandbox: Sandbox, strict: bool) -> None:
    """Serve spawn commands until the server closes the socket; then kill and reap all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):  # what the harness asks for, done once for all
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(line_buffering=True)
    with contextlib.suppress(Exception):  # only ever a speed-up
        warm_up()
    gc.collect()
    gc.freeze()  # children then never dirty the shared pages just to track garbage
    gc.disable()  # the loop makes no cycles; each child turns collection back on
    fd_base = descriptor_base()
    sandbox.root_note = sandbox.prepare(fd_base)
    serve(sock, sandbox, strict, fd_base)


def serve(sock: socket.socket, sandbox: Sandbox, strict: bool, fd_base: int) -> None:
    """The zygote's loop (also a warm parent's, warm.py)."""
    children: dict[int, int] = {}  # pidfd -> pid
    poller = select.epoll()
    poller.register(sock.fileno(), select.EPOLLIN)
    listening = sock.fileno()
    try:
        while True:
            for fd, _ in poller.poll():
                if fd != listening:
                    reap(sock, poller, children, fd)
                elif data := sock.recv(MESSAGE_LIMIT):
                    fork_batch(sock, poller, children, sandbox, strict, fd_base, data)
                else:
                    return
    except (BrokenPipeError, ConnectionResetError):
        return
    finally:
        for pidfd, pid in children.items():
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def fork_batch(
    sock: socket.socket,
    poller: select.epoll,
    children: dict[int, int],
    sandbox: Sandbox,
    strict: bool,
    fd_base: int,
    command: bytes,
) -> None:
    """Fork the children one SPAWN asks for back to back (between two forks the zygote
    writes, and so copies, few pages), then pass them all to the server in one message."""
    code, tag, count = SPAWN.unpack_from(command)
    role = ROLE_NAMES[code]
    if role == "warm":
        start_warm(sock, poller, children, sandbox, strict, fd_base, command)
        return
    extra = add_binds(sandbox, command[SPAWN.size :])
    strict = strict and role != "probe"
    born = []
    for _ in range(count):
        born.append(spawn(sandbox, role, extra, strict, fd_base))
    message, passed = [SPAWNED.pack(b"S", code, count)], []
    for pid, ends in born:
        pidfd = os.pidfd_open(pid)  # works on a child that already ended: it is a zombie
        children[pidfd] = pid
        poller.register(pidfd, select.EPOLLIN)
        message.append(BORN.pack(tag, pid))
        passed += [pidfd, *ends]
    socket.send_fds(sock, [b"".join(message)], passed)
    for end in passed:
        if end not in children:
            os.close(end)


def start_warm(
    sock: socket.socket,
    poller: select.epoll,
    children: dict[int, int],
    sandbox: Sandbox,
    strict: bool,
    fd_base: int,
    command: bytes,
) -> None:
    """Fork a package set's warm parent (its binds go into the template first) and pass
    the server its socket; the warm parent is reaped like any child."""
    code, tag, _ = SPAWN.unpack_from(command)
    data = json.loads(command[SPAWN.size :])
    extra = add_binds(sandbox, json.dumps(data["binds"]).encode())
    inherited = [sock.fileno(), poller.fileno(), *children]

    def serve_warm(own: socket.socket, warm_sandbox: Sandbox) -> None:
        serve(own, warm_sandbox, strict, fd_base)

    data["fd_base"] = fd_base
    pid, theirs = start_warm_parent(sandbox, extra, data, inherited, serve_warm)
    pidfd = os.pidfd_open(pid)
    children[pidfd] = pid
    poller.register(pidfd, select.EPOLLIN)
    message = SPAWNED.pack(b"S", code, 1) + BORN.pack(tag, pid)
    socket.send_fds(sock, [message], [theirs.fileno()])
    theirs.close()


def reap(sock: socket.socket, poller: select.epoll, children: dict[int, int], pidfd: int) -> None:
    pid = children.pop(pidfd)
    poller.unregister(pidfd)
    _, status, usage = os.wait4(pid, 0)
    os.close(pidfd)
    sock.send(EXITED.pack(b"X", pid, status, usage.ru_utime + usage.ru_stime))


def add_binds(sandbox: Sandbox, data: bytes) -> tuple[Bind, ...]:
    """A lesson's package directories, bound into the template before its child forks."""
    if not data:
        return ()
    extra = tuple(Bind(source, flags) for source, flags in json.loads(data))
    if extra and sandbox.template is not None:
        try:
            sandbox.template.add(extra)
        except OSError as exc:  # the import will fail in the child instead
            os.write(2, f"sandbox: cannot bind {len(extra)} package paths: {exc}\n".encode())
    return extra
