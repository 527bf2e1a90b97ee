"""`RemoteExecutor`: the `CodeExecutor` port over one or more `stepwise sandbox serve` services.

The bot process then never forks learner code, so its container keeps Docker's default
seccomp profile. Jobs go to the healthy replica with the fewest jobs in flight (ties
rotate). A replica that is unreachable, answers 5xx or garbage is marked unhealthy and the
job is sent to another one — at most once more, since a job that broke two replicas would
break a third (learner code is deterministic). A background task probes unhealthy replicas
(`GET /health`) and puts them back in rotation when they answer. A 429 means the job never
started, so another replica may take it; when every replica is busy, `run` raises the same
`ExecutorBusy` the local executor raises, carrying the shortest `Retry-After`.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import logging
from typing import Any

from bot.core.ports import ExecutorBusy, ExecutorUnavailable, RunJob, RunResult
from bot.executor.job_codec import encode_job
from bot.executor.remote_replica import JobRefused, Replica, ReplicaBusy, ReplicaDown

log = logging.getLogger("stepwise.sandbox.remote")

MAX_SENDS = 2  # a job is sent again at most once after a replica failed on it
PROBE_INTERVAL = 1.0  # seconds between probes of an unhealthy replica
BUSY = "every sandbox service is busy — try again in a moment"


def busy_error(message: str, retry_after: float) -> ExecutorBusy:
    """The port's `ExecutorBusy`, given the wait through its constructor when it takes one."""
    try:
        parameters = inspect.signature(ExecutorBusy).parameters
    except (TypeError, ValueError):  # a plain Exception subclass has no signature
        parameters = {}
    for name in ("retry_after", "expected_wait"):
        if name in parameters:
            return ExecutorBusy(message, **{name: retry_after})
    error = ExecutorBusy(message)
    error.retry_after = retry_after  # type: ignore[attr-defined]
    return error


class RemoteExecutor:
    """Use as `async with RemoteExecutor(urls, secret) as ex:` (or `start()` / `aclose()`)."""

    def __init__(
        self,
        urls: tuple[str, ...] | list[str],
        secret: str = "",
        *,
        timeout: float = 5.0,
        request_timeout: float = 60.0,
        insecure_dev: bool = False,
        probe_interval: float = PROBE_INTERVAL,
    ) -> None:
        if not urls:
            raise ValueError("RemoteExecutor needs at least one sandbox service URL")
        self.urls = tuple(urls)
        self.timeout = timeout
        self.request_timeout = request_timeout
        self.insecure_dev = insecure_dev
        self.probe_interval = probe_interval
        self.replicas: list[Replica] = []
        self._secret = secret
        self._turn = itertools.count()
        self._prober: asyncio.Task | None = None
        self._closed = False

    async def __aenter__(self) -> RemoteExecutor:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ------------------------------------------------------------------ state

    @property
    def layers(self) -> dict[str, str]:
        """Layer -> "" when it works on every replica that answered, else where it does not."""
        merged: dict[str, str] = {}
        for replica in self.replicas:
            for name, error in replica.layers.items():
                if error and not merged.get(name):
                    merged[name] = f"{replica.url}: {error}"
                else:
                    merged.setdefault(name, "")
        return merged

    @property
    def evidence(self) -> dict[str, Any]:
        return next((r.evidence for r in self.replicas if r.evidence), {})

    @property
    def status(self) -> str:
        healthy = sum(r.healthy for r in self.replicas)
        return f"sandbox: {healthy} of {len(self.replicas)} remote sandbox services healthy"

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Probe every replica; raise ExecutorUnavailable when none can run learner code."""
        if self._closed:
            raise ExecutorUnavailable("the remote executor is closed")
        if self.replicas:
            return
        self.replicas = [Replica(url, self._secret) for url in self.urls]
        await asyncio.gather(*(self._probe(r) for r in self.replicas))
        if not any(r.healthy for r in self.replicas):
            problems = "; ".join(f"{r.url}: {r.reason}" for r in self.replicas)
            await self.aclose()
            raise ExecutorUnavailable(f"no sandbox service can run learner code ({problems})")
        self._prober = asyncio.create_task(self._probe_loop())

    async def aclose(self) -> None:
        self._closed = True
        if self._prober is not None:
            self._prober.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._prober
            self._prober = None
        await asyncio.gather(*(r.aclose() for r in self.replicas), return_exceptions=True)

    async def _probe(self, replica: Replica) -> None:
        try:
            await replica.probe()
        except ReplicaDown as exc:
            replica.mark_down(str(exc))
            return
        missing = [name for name, error in replica.layers.items() if error]
        if missing and not self.insecure_dev:
            replica.mark_down(f"sandbox layers missing there ({', '.join(missing)})")
            return
        if missing:
            log.warning("sandbox service %s runs WITHOUT %s", replica.url, ", ".join(missing))
        if replica.mark_up() and self._prober is not None:
            log.info("sandbox service %s is healthy again", replica.url)

    async def _probe_loop(self) -> None:
        while True:
            await asyncio.sleep(self.probe_interval)
            down = [r for r in self.replicas if not r.healthy]
            if down:
                await asyncio.gather(*(self._probe(r) for r in down))

    # ------------------------------------------------------------------ run

    async def run(self, job: RunJob) -> RunResult:
        if self._closed:
            raise ExecutorUnavailable("the remote executor is closed")
        await self.start()
        body = json.dumps(encode_job(job, self.timeout)).encode()
        tried: set[int] = set()
        failures: list[str] = []
        waits: list[float] = []
        while len(failures) < MAX_SENDS and (replica := self._choose(tried)) is not None:
            tried.add(id(replica))
            replica.in_flight += 1
            try:
                return await replica.run(body, self.request_timeout)
            except ReplicaBusy as exc:
                waits.append(exc.retry_after)
            except ReplicaDown as exc:
                failures.append(f"{replica.url}: {exc}")
                if replica.mark_down(str(exc)):
                    log.error("sandbox service %s is down: %s", replica.url, exc)
            except JobRefused as exc:
                raise ExecutorUnavailable(str(exc)) from exc
            finally:
                replica.in_flight -= 1
        if waits:
            raise busy_error(BUSY, min(waits))
        detail = "; ".join(failures) or "none is healthy"
        raise ExecutorUnavailable(f"no sandbox service could run the job ({detail})")

    def _choose(self, tried: set[int]) -> Replica | None:
        """The healthy untried replica with the fewest jobs in flight (ties rotate); when no
        healthy one is left, the untried one that has been down the longest."""
        count = len(self.replicas)
        turn = next(self._turn) % count
        order = self.replicas[turn:] + self.replicas[:turn]
        untried = [r for r in order if id(r) not in tried]
        healthy = [r for r in untried if r.healthy]
        if healthy:
            return min(healthy, key=lambda r: r.in_flight)
        return min(untried, key=lambda r: r.down_since, default=None)
