"""What a freshly forked child does: take its descriptors, enter the sandbox, then wait.

A child is isolated *before* it learns its job, so the zygote can keep a few ready. Its
descriptors: 0 = the job payload (read to EOF), 1 and 2 = output captured by the server,
3 = its result channel: READY once every layer is in place, then the learner's report as
one length-prefixed frame (or, for a checker worker, one verdict frame per request).
Nothing else survives. A learner closes 1 and 2 before it writes the report, so a
complete frame tells the server the job ran to its end: it kills the child then instead
of waiting for the kernel to tear its namespaces down (milliseconds). Learner code can
write a frame early, but gains nothing it could not get by exiting with a forged report.
Setup failures exit with `SETUP_FAILED` and a one-line reason on fd 2.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import marshal
import os
import signal
import struct

from bot.executor.sandbox.isolation import NAMES, Sandbox, SetupError
from bot.executor.sandbox.libc import PR_SET_PDEATHSIG
from bot.executor.sandbox.plan import Plan, PlanError
from bot.executor.sandbox.rootfs import Bind

SETUP_FAILED = 121
CHANNEL_FD = 3
ROLES = ("learner", "checker", "probe")
READY = b"R"  # first byte on the channel: every layer is in place (learner code cannot fake it)
REPORT_HEADER = struct.Struct(">I")  # learner -> server: report size
REQUEST_HEADER = struct.Struct(">I")  # server -> checker worker: payload size
VERDICT_HEADER = struct.Struct(">Id")  # checker worker -> server: verdict size, CPU seconds used


def take_descriptors(payload: int, output: int, channel: int) -> None:
    """Put the three pipes on 0..3 and close every other inherited descriptor."""
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (payload, output, channel)]
    os.dup2(high[0], 0)
    os.dup2(high[1], 1)
    os.dup2(high[1], 2)
    os.dup2(high[2], CHANNEL_FD)
    os.closerange(CHANNEL_FD + 1, 1 << 20)


def read_payload() -> bytes:
    chunks = []
    while chunk := os.read(0, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def child_main(
    role: str,
    sandbox: Sandbox,
    fds: tuple[int, int, int],
    extra: tuple[Bind, ...],
    strict: bool,
    plan: Plan | None = None,
) -> None:
    """Never returns: the process ends with os._exit. With a `plan` (the fds are where it
    expects them), the descriptors and every layer are one precompiled run of C calls."""
    code = 0
    try:
        if plan is not None:
            plan.run()
            failed: dict[str, str] = {}
        else:
            take_descriptors(*fds)
            sandbox.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
            sandbox.libc.set_name(NAMES.get(role, b"stepwise-child"))
            failed = sandbox.enter(extra, strict=strict, writable_tmp=role != "checker")
        gc.enable()  # the zygote runs without collections; learner code may make cycles
        os.write(CHANNEL_FD, READY)
        if role == "probe":
            evidence = {"root": sandbox.root_note or "shared read-only template", **verify()}
            os.write(CHANNEL_FD, json.dumps({"failed": failed, **evidence}).encode())
        elif role == "checker":
            serve_checks()
        else:
            report = run_learner(marshal.loads(read_payload()), extra)
            _flush()
            os.closerange(1, CHANNEL_FD)  # EOF on the output before the report arrives
            _write_all(CHANNEL_FD, REPORT_HEADER.pack(len(report)) + report)
    except (SetupError, PlanError) as exc:
        _say(f"sandbox setup failed: {exc}")
        code = SETUP_FAILED
    except BaseException as exc:
        _say(f"sandbox child failed: {type(exc).__name__}: {exc}")
        code = SETUP_FAILED
    os._exit(code)


def serve_checks() -> None:
    """A checker worker: one framed request in, one framed verdict out, until EOF on 0.

    It runs no learner code, so one sandboxed process serves many jobs; a verdict that
    fails to compute is answered empty (the checks then fail) and the worker ends."""
    import time

    from bot.executor import harness

    while header := _read_exact(0, REQUEST_HEADER.size):
        (size,) = REQUEST_HEADER.unpack(header)
        try:
            payload = marshal.loads(_read_exact(0, size))
            verdict = harness.verdict(payload["request"], payload["report"], payload["stdout"])
        except BaseException:  # answer, then let the server start a fresh worker
            verdict, size = b"", -1
        frame = VERDICT_HEADER.pack(len(verdict), time.process_time()) + verdict
        _write_all(CHANNEL_FD, frame)
        if size < 0:
            return


def _read_exact(fd: int, size: int) -> bytes:
    """`size` bytes, or b"" at EOF before the first byte."""
    chunks, missing = [], size
    while missing:
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            if missing == size:
                return b""
            raise EOFError("the request was cut short")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def run_learner(payload: dict, extra: tuple[Bind, ...]) -> bytes:
    import sys

    from bot.executor import harness  # preloaded by the server: this is a dict lookup

    for bind in extra:  # a lesson's packages: their parent directory goes on sys.path
        parent = os.path.dirname(bind.source)
        if parent not in sys.path:
            sys.path.append(parent)
    return harness.learner_report(payload["request"])


def verify() -> dict[str, object]:
    """Evidence that the layers hold, seen from inside (for the probe and the doctor)."""
    import socket

    evidence: dict[str, object] = {"uid": os.getuid(), "files": sorted(os.listdir("/"))}
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        evidence["socket"] = "allowed"
    except OSError as exc:
        evidence["socket"] = f"blocked ({exc.strerror})"
    try:
        os.kill(os.getpid(), 0)
        evidence["kill"] = "allowed"
    except OSError as exc:
        evidence["kill"] = f"blocked ({exc.strerror})"
    return evidence


def _flush() -> None:
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()


def _say(message: str) -> None:
    with contextlib.suppress(OSError):
        os.write(2, message.encode() + b"\n")
