"""`SandboxExecutor`: the bot-side `CodeExecutor` that talks to the fork server.

It starts the server with an empty environment (the bot's token is never inherited),
waits for the server's layer probe and refuses to run anything if a layer is missing,
unless insecure-dev mode was asked for (then it warns on every start). Runs are admitted
by expected wait (`AdmissionQueue`, admission.py): past the deadline `run` raises
`ExecutorBusy` with `retry_after`; a run still going after the policy's short budget leaves
its slot and the server lowers its CPU priority. If the server dies, it is started again
and the jobs it was running are sent again (once).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import bot
from bot.core.ports import ExecutorUnavailable, RunJob, RunResult
from bot.executor.admission import FixedCount, Policy
from bot.executor.admission_queue import AdmissionQueue, Lease
from bot.executor.protocol import encode_request
from bot.executor.sandbox.boot import BOOTSTRAP
from bot.executor.sandbox.isolation import LAYERS
from bot.executor.sandbox.packages import resolve
from bot.executor.sandbox.rootfs import Bind
from bot.executor.sandbox.wire import HEADER, encode_frame

log = logging.getLogger("stepwise.sandbox")

PROJECT_ROOT = str(Path(bot.__file__).resolve().parent.parent)
START_TIMEOUT = 20.0
MAX_ATTEMPTS = 2
INSECURE_WARNING = (
    "STEPWISE_SANDBOX=insecure-dev: learner code runs WITHOUT the missing sandbox layers "
    "({missing}). Never use this with untrusted learners."
)


def package_binds(packages: tuple[str, ...]) -> list[list[Any]]:
    """Read-only binds for what the packages a lesson declares need (packages.py; unknown
    ones skipped: the learner's import then fails with a normal ModuleNotFoundError)."""
    return [list(bind) for bind in _binds(tuple(packages))]


@functools.lru_cache(maxsize=64)
def _binds(packages: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    found = (Bind.of(path) for path in resolve(packages).paths)
    return tuple((bind.source, bind.remount_flags) for bind in found)


class SandboxExecutor:
    """Runs jobs in the fork-server sandbox; use as `async with SandboxExecutor() as ex:`."""

    def __init__(
        self,
        timeout: float = 5.0,
        output_limit: int = 65_536,
        concurrency: int | None = None,
        insecure_dev: bool = False,
        queue_limit: int | None = None,
        pool: int | None = None,
        python: str | None = None,
        policy: Policy | FixedCount | None = None,
        warm_packages: bool = True,
        limits: dict[str, int] | None = None,
    ) -> None:
        self.timeout = timeout
        self.output_limit = output_limit
        self.concurrency = policy.slots if policy else concurrency or 2 * (os.cpu_count() or 1)
        if policy is None and queue_limit is not None:  # the old fixed-count behaviour
            policy = FixedCount(self.concurrency, queue_limit)
        self.policy = policy or Policy(self.concurrency)
        self.admission = AdmissionQueue(self.policy)
        self.insecure_dev = insecure_dev
        self.pool = pool or self.concurrency  # ready children per role
        self.python = python or sys.executable
        self.warm_packages = warm_packages  # False: children import a lesson's packages
        self.limits = limits or {}  # overrides of `limits.Limits` (benchmarks' baselines)
        self.layers: dict[str, str] = {}  # layer -> "" when ok, else the error
        self.evidence: dict[str, Any] = {}
        self.server_pid: int | None = None
        self.restarts = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task | None = None
        self._pending: dict[int, tuple[asyncio.Future, bytes, int]] = {}
        self._ids = itertools.count(1)
        self._leases: dict[int, Lease] = {}  # admitted runs the server is running
        self._start_lock: asyncio.Lock | None = None
        self._closed = False

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> SandboxExecutor:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def missing(self) -> list[str]:
        return [layer for layer in LAYERS if self.layers.get(layer)]

    @property
    def status(self) -> str:
        """One line for the bot's status/health output."""
        if not self.layers:
            return "sandbox: not started"
        if self.missing:
            return f"sandbox: INSECURE dev mode, missing {', '.join(self.missing)}"
        return "sandbox: all layers ok"

    async def start(self) -> None:
        """Start the server if it is not running; raise ExecutorUnavailable if unsafe."""
        if self._closed:
            raise ExecutorUnavailable("the sandbox executor is closed")
        if self._start_lock is None:
            self._start_lock = asyncio.Lock()
        async with self._start_lock:
            if self._proc is None:
                await self._spawn()

    async def _spawn(self) -> None:
        config = json.dumps(
            {"strict": not self.insecure_dev, "pool": self.pool, "limits": self.limits}
        )
        proc = await asyncio.create_subprocess_exec(
            self.python, "-I", "-S", "-c", BOOTSTRAP, PROJECT_ROOT, config,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={}, cwd="/", start_new_session=True,
        )  # fmt: skip
        try:
            hello = await asyncio.wait_for(self._read_frame(proc), START_TIMEOUT)
        except (TimeoutError, asyncio.IncompleteReadError) as exc:
            await self._stop(proc)
            raise ExecutorUnavailable(f"the sandbox server did not start ({exc!r})") from exc
        info = hello.get("hello") or {}
        failed = info.get("failed") or {}
        self.layers = {layer: str(failed.get(layer, "")) for layer in LAYERS}
        if "probe" in failed:
            self.layers = {layer: str(failed["probe"]) for layer in LAYERS}
        self.evidence = info.get("evidence") or {}
        if self.missing:
            detail = "; ".join(f"{layer}: {self.layers[layer]}" for layer in self.missing)
            if not self.insecure_dev:
                await self._stop(proc)
                raise ExecutorUnavailable(
                    f"sandbox layers missing ({detail}); run `stepwise sandbox doctor`"
                )
            log.warning(INSECURE_WARNING.format(missing=", ".join(self.missing)))
        elif self.insecure_dev:
            log.warning("STEPWISE_SANDBOX=insecure-dev is set, but every layer works anyway")
        self._proc, self.server_pid = proc, proc.pid
        self._reader = asyncio.create_task(self._read_loop(proc))

    async def aclose(self) -> None:
        self._closed = True
        proc, self._proc = self._proc, None
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if proc is not None:
            await self._stop(proc)
        for future, _, _ in self._pending.values():
            if not future.done():
                future.set_exception(ExecutorUnavailable("the sandbox executor was closed"))
        self._pending.clear()

    @staticmethod
    async def _stop(proc: asyncio.subprocess.Process) -> None:
        """EOF asks the server to stop (it kills every child first); kill if it lingers."""
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 5.0)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()

    # ------------------------------------------------------------------ frames

    @staticmethod
    async def _read_frame(proc: asyncio.subprocess.Process) -> dict[str, Any]:
        assert proc.stdout is not None
        header = await proc.stdout.readexactly(HEADER.size)
        (size,) = HEADER.unpack(header)
        return json.loads(await proc.stdout.readexactly(size))

    async def _read_loop(self, proc: asyncio.subprocess.Process) -> None:
        try:
            while True:
                message = await self._read_frame(proc)
                if message.get("long"):  # past its budget: free its slot if there is room
                    job_id = message.get("id")
                    lease = self._leases.get(job_id)  # type: ignore[arg-type]
                    if lease is not None and lease.demote() and self._proc is proc:
                        self._write(encode_frame({"op": "demote", "id": job_id}))
                    continue
                entry = self._pending.pop(message.get("id"), None)
                if entry is None or entry[0].done():
                    continue
                if "error" in message:
                    entry[0].set_exception(ExecutorUnavailable(message["error"]))
                else:
                    entry[0].set_result(RunResult.from_dict(message["result"]))
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        if not self._closed:
            await self._recover(proc)

    async def _recover(self, dead: asyncio.subprocess.Process) -> None:
        """The server died: start a new one and send the unfinished jobs again."""
        log.error("the sandbox server (pid %s) died; restarting it", dead.pid)
        with contextlib.suppress(ProcessLookupError):
            dead.kill()
        await dead.wait()
        self._proc = None
        self.restarts += 1
        assert self._start_lock is not None
        try:
            async with self._start_lock:  # a run() arriving now waits instead of spawning too
                await self._spawn()
        except ExecutorUnavailable as exc:
            for future, _, _ in self._pending.values():
                if not future.done():
                    future.set_exception(exc)
            self._pending.clear()
            return
        for job_id, (future, frame, attempts) in list(self._pending.items()):
            if attempts >= MAX_ATTEMPTS:
                del self._pending[job_id]
                future.set_exception(ExecutorUnavailable("the sandbox failed twice on this job"))
            else:
                self._pending[job_id] = (future, frame, attempts + 1)
                self._write(frame)

    def _write(self, frame: bytes) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        self._proc.stdin.write(frame)

    # ------------------------------------------------------------------ run

    async def warm(self, package_sets: list[tuple[str, ...]]) -> None:
        """Start the warm parent of each package set now (a catalog's sets, at start-up),
        instead of on its first job."""
        await self.start()
        for packages in package_sets:
            binds = package_binds(packages)
            if binds:
                modules = list(resolve(tuple(packages)).modules)
                self._write(encode_frame({"op": "warm", "binds": binds, "warm": modules}))

    async def run(self, job: RunJob) -> RunResult:
        return await self.admission.run(lambda lease: self._start_and_submit(job, lease))

    async def _start_and_submit(self, job: RunJob, lease: Lease) -> RunResult:
        await self.start()
        return await self._submit(job, lease)

    async def _submit(self, job: RunJob, lease: Lease | None = None) -> RunResult:
        timeout = job.timeout or self.timeout
        request = encode_request(job, timeout=timeout, output_limit=self.output_limit)
        job_id = next(self._ids)
        frame = encode_frame(
            {
                "op": "run",
                "id": job_id,
                "request": request,
                "timeout": timeout,
                "output_limit": self.output_limit,
                "binds": package_binds(job.packages),
                "long_after": self.policy.budget if self.policy.room_for_long else 0,
                "warm": list(resolve(tuple(job.packages)).modules) if self.warm_packages else [],
            }
        )
        future: asyncio.Future[RunResult] = asyncio.get_running_loop().create_future()
        self._pending[job_id] = (future, frame, 1)
        if self._proc is not None:  # otherwise _recover sends it once the server is back
            self._write(frame)
        if lease is not None:
            self._leases[job_id] = lease
        try:
            return await future
        finally:
            self._pending.pop(job_id, None)
            self._leases.pop(job_id, None)
