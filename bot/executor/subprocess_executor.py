"""The plain-subprocess executor: a fresh `python3 -I -S` per child, rlimits, a wall timeout.

Not a security boundary (the fork-server sandbox is); it is the fallback and the benchmark
baseline. It still keeps the trust model: the learner child gets an empty environment and
no checks, its output is captured and capped here, and a separate checker child, which runs
no learner code, decides whether the checks hold.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from bot.core.ports import RunJob, RunResult
from bot.executor.admission import Policy
from bot.executor.admission_queue import AdmissionQueue
from bot.executor.protocol import (
    REPORT_LIMIT,
    VERDICT_LIMIT,
    ChildOutcome,
    build_result,
    encode_request,
    learner_request,
    parse_report,
)

HARNESS = Path(__file__).with_name("harness.py")
CHECKER_TIMEOUT = 10.0
PIPE_GRACE = 1.0  # seconds to wait for a killed child's pipes to reach EOF
_CHUNK = 65_536


class _Capture:
    """Bytes read from a pipe, kept up to `limit`; survives cancellation of the pump."""

    def __init__(self, limit: int):
        self.limit = limit
        self.data = bytearray()
        self.overflow = False

    async def pump(self, stream: asyncio.StreamReader) -> bool:
        """Read until EOF (True) or until more than `limit` bytes arrived (False)."""
        while chunk := await stream.read(_CHUNK):
            self.data += chunk
            if len(self.data) > self.limit:
                del self.data[self.limit :]
                self.overflow = True
                return False
        return True


async def _fd_reader(fd: int) -> tuple[asyncio.StreamReader, asyncio.BaseTransport]:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=REPORT_LIMIT * 2)
    transport, _ = await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", buffering=0)
    )
    return reader, transport


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


async def _discard(stream: asyncio.StreamReader, after: asyncio.Future[Any] | None) -> None:
    """Read `stream` to EOF, throwing the bytes away, once `after` (its reader) is done."""
    if after is not None:
        await asyncio.wait({after})  # not `await after`: cancelling this must not cancel it
    while await stream.read(_CHUNK):
        pass


async def _end(
    proc: asyncio.subprocess.Process,
    exited: asyncio.Future[int],
    reader: asyncio.Future[Any] | None = None,
) -> int:
    """Kill the child's process group and return its exit code.

    Python 3.11 reports a child's exit only once its stdout pipe has reached EOF, and a
    pipe nobody reads (a reader that stopped at the output cap) is paused and never gets
    there: the run would hang. So once `reader` (whatever reads stdout) is done, the rest
    is read and discarded; and if a descendant that escaped the group holds the pipe open,
    the exit code asyncio already recorded is used.
    """
    _kill_group(proc.pid)
    draining = asyncio.ensure_future(_discard(proc.stdout, reader)) if proc.stdout else None
    try:
        await asyncio.wait({exited}, timeout=PIPE_GRACE)
        code = proc.returncode
        return code if code is not None else await exited
    finally:
        if draining is not None:
            draining.cancel()
        if not exited.done():
            exited.cancel()


class SubprocessExecutor:
    """`CodeExecutor` that starts one interpreter per child; at most `concurrency` jobs run,
    admitted by expected wait like the sandbox's (but a long run keeps its slot)."""

    def __init__(
        self,
        timeout: float = 5.0,
        output_limit: int = 65_536,
        concurrency: int = 4,
        policy: Policy | None = None,
    ):
        self.timeout = timeout
        self.output_limit = output_limit
        policy = dataclasses.replace(policy or Policy(concurrency), long_room=0)
        self.concurrency = policy.slots
        self.admission = AdmissionQueue(policy)
        self._seed = 0
        self._live: set[int] = set()  # process groups of children still running

    async def run(self, job: RunJob) -> RunResult:
        return await self.admission.run(lambda lease: self._run(job))

    async def aclose(self) -> None:
        """Kill any child still running (their run() calls then finish as killed/timeout)."""
        for pid in list(self._live):
            _kill_group(pid)

    async def _run(self, job: RunJob) -> RunResult:
        timeout = job.timeout or self.timeout
        request = encode_request(
            job, seed=self._seed, timeout=timeout, output_limit=self.output_limit
        )
        started = time.perf_counter()
        report, stdout, truncated, outcome = await self._learner(request, timeout)
        verdict = None
        parsed = parse_report(report)
        clean = outcome.signal is None and not (outcome.timed_out or outcome.output_limited)
        if request["checks"] and clean and parsed is not None and parsed["status"] == "ok":
            verdict = await self._checker(request, report, stdout)
        return build_result(
            request=request,
            report=report,
            verdict=verdict,
            stdout=stdout,
            truncated=truncated,
            outcome=outcome,
            duration_ms=(time.perf_counter() - started) * 1000,
        )

    async def _spawn(self, *args: str, stderr: int, pass_fds: tuple[int, ...] = ()):
        # No preexec_fn (unsafe in a threaded bot): the harness sets its own rlimits before
        # it reads the request, so they hold before any learner code runs.
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-I", "-S", str(HARNESS), *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=stderr,
            env={},
            cwd="/",
            pass_fds=pass_fds,
            start_new_session=True,
        )  # fmt: skip
        self._live.add(proc.pid)
        return proc

    async def _learner(
        self, request: dict, timeout: float
    ) -> tuple[bytes | None, bytes, bool, ChildOutcome]:
        read_fd, write_fd = os.pipe()
        try:
            cpu = str(int(timeout) + 1)
            stderr = asyncio.subprocess.STDOUT
            proc = await self._spawn(
                "learner", str(write_fd), cpu, stderr=stderr, pass_fds=(write_fd,)
            )
        except BaseException:
            os.close(read_fd)
            raise
        finally:
            os.close(write_fd)
        report_stream, transport = await _fd_reader(read_fd)
        output, report = _Capture(self.output_limit), _Capture(REPORT_LIMIT)
        pumping = asyncio.ensure_future(output.pump(proc.stdout))
        reporting = asyncio.ensure_future(report.pump(report_stream))
        exited = asyncio.ensure_future(proc.wait())
        timed_out = False
        try:
            async with asyncio.timeout(timeout):
                proc.stdin.write(json.dumps(learner_request(request)).encode())
                with contextlib.suppress(ConnectionError):
                    await proc.stdin.drain()
                proc.stdin.close()
                await asyncio.wait({pumping, exited}, return_when=asyncio.FIRST_COMPLETED)
                if not output.overflow:
                    await exited
        except TimeoutError:
            timed_out = True
        finally:
            code = await _end(proc, exited, reader=pumping)
            self._live.discard(proc.pid)
            # Output and report are complete once every writer is gone; a descendant that
            # escaped the group could hold them open, so wait only briefly.
            await asyncio.wait({pumping, reporting}, timeout=1.0)
            for task in (pumping, reporting):
                task.cancel()
            transport.close()
        outcome = ChildOutcome(
            exit_code=code if code >= 0 else None,
            signal=-code if code < 0 else None,
            timed_out=timed_out,
            output_limited=output.overflow,
            cpu_limited=code == -signal.SIGXCPU,
        )
        complete = reporting.done() and not reporting.cancelled() and not report.overflow
        return (
            (bytes(report.data) if complete else None),
            bytes(output.data),
            output.overflow,
            outcome,
        )

    async def _checker(self, request: dict, report: bytes | None, stdout: bytes) -> bytes | None:
        payload = {
            "request": request,
            "report": base64.b64encode(report or b"").decode(),
            "stdout": stdout.decode("utf-8", "replace"),
        }
        cpu = str(int(CHECKER_TIMEOUT))
        proc = await self._spawn("checker", cpu, stderr=asyncio.subprocess.DEVNULL)
        try:
            verdict, _ = await asyncio.wait_for(
                proc.communicate(json.dumps(payload, default=str).encode()), CHECKER_TIMEOUT
            )
        except TimeoutError:
            return None
        finally:
            await _end(proc, asyncio.ensure_future(proc.wait()))
            self._live.discard(proc.pid)
        return verdict if proc.returncode == 0 and len(verdict) <= VERDICT_LIMIT else None
