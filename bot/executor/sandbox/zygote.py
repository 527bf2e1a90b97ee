"""The zygote: the only process that forks sandbox children, and it never sees a job.

The server forks it once, before the first job, so a child's memory is a copy of a process
that holds no other learner's code, output or report (a child could read its own memory
through ctypes). On each `spawn` command it forks a child, which isolates itself and waits
for its payload, and hands the server the child's pidfd and pipe ends over a Unix socket
(SCM_RIGHTS). It reaps its children and tells the server how each one ended.

Messages to the server: {"spawned": tag, "pid": n} with fds [pidfd, payload, output,
channel, done]; {"exited": pid, "status": wait status, "cpu": seconds}.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket

from bot.executor.sandbox.child import child_main
from bot.executor.sandbox.isolation import Sandbox
from bot.executor.sandbox.rootfs import Bind

MESSAGE_LIMIT = 1 << 16


def spawn(sandbox: Sandbox, role: str, extra: tuple[Bind, ...], strict: bool):
    """Fork one child; returns (pid, pidfd, [server ends]) in the zygote."""
    payload_r, payload_w = os.pipe()
    output_r, output_w = os.pipe()
    channel_r, channel_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        child_main(role, sandbox, (payload_r, output_w, channel_w, done_w), extra, strict)
    for fd in (payload_r, output_w, channel_w, done_w):
        os.close(fd)
    return pid, os.pidfd_open(pid), [payload_w, output_r, channel_r, done_r]


def zygote_main(sock: socket.socket, sandbox: Sandbox, strict: bool) -> None:
    """Serve spawn commands until the server closes the socket; then kill and reap all."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.collect()
    gc.freeze()  # children then never dirty the shared pages just to track garbage
    sandbox.root_note = sandbox.prepare()
    children: dict[int, int] = {}  # pidfd -> pid
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in selector.select():
                if key.fileobj is sock:
                    data = sock.recv(MESSAGE_LIMIT)
                    if not data:
                        return
                    command = json.loads(data)
                    extra = tuple(Bind(s, f) for s, f in command.get("binds", ()))
                    if extra and sandbox.template is not None:
                        try:
                            sandbox.template.add(extra)
                        except OSError as exc:  # the import will fail in the child instead
                            os.write(2, f"sandbox: cannot bind {extra}: {exc}\n".encode())
                    pid, pidfd, fds = spawn(
                        sandbox, command["role"], extra, strict and command["role"] != "probe"
                    )
                    children[pidfd] = pid
                    selector.register(pidfd, selectors.EVENT_READ)
                    message = {
                        "spawned": command.get("tag", ""),
                        "pid": pid,
                        "role": command["role"],
                    }
                    socket.send_fds(sock, [json.dumps(message).encode()], [pidfd, *fds])
                    for fd in fds:
                        os.close(fd)
                else:
                    pidfd = key.fd
                    pid = children.pop(pidfd)
                    selector.unregister(pidfd)
                    _, status, usage = os.wait4(pid, 0)
                    os.close(pidfd)
                    cpu = usage.ru_utime + usage.ru_stime
                    sock.send(json.dumps({"exited": pid, "status": status, "cpu": cpu}).encode())
    except (BrokenPipeError, ConnectionResetError):
        return
    finally:
        for pidfd, pid in children.items():
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
