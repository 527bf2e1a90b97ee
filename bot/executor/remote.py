"""`RemoteExecutor`: the `CodeExecutor` port over one or more `stepwise sandbox serve` services.

The bot process then never forks learner code, so its container keeps Docker's default
seccomp profile. Jobs go to the healthy replica with the fewest jobs in flight (ties
rotate). A replica that is unreachable, answers 5xx or garbage is marked unhealthy and the
job is sent to another one — at most once more, since a job that broke two replicas would
break a third (learner code is deterministic). A background task probes unhealthy replicas
(`GET /health`) and puts them back in rotation when they answer; a host name stands for
every address it resolves to, looked up again every few seconds, so `docker compose up
--scale sandbox=N` needs no new URL (remote_discovery.py). A 429 means the job never
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
from bot.executor.remote_discovery import Resolver, endpoints, expandable, resolve_host
from bot.executor.remote_replica import JobRefused, Replica, ReplicaBusy, ReplicaDown

log = logging.getLogger("stepwise.sandbox.remote")

MAX_SENDS = 2  # a job is sent again at most once after a replica failed on it
PROBE_INTERVAL = 1.0  # seconds between probes of an unhealthy replica
REFRESH_INTERVAL = 10.0  # seconds between DNS lookups of host names (replicas come and go)
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
        request_timeout: float = 60.0,  # beyond the job's own timeout: queueing, transfer
        insecure_dev: bool = False,
        probe_interval: float = PROBE_INTERVAL,
        refresh_interval: float = REFRESH_INTERVAL,
        resolve: Resolver = resolve_host,
    ) -> None:
        if not urls:
            raise ValueError("RemoteExecutor needs at least one sandbox service URL")
        self.urls = tuple(urls)
        self.timeout = timeout
        self.request_timeout = request_timeout
        self.insecure_dev = insecure_dev
        self.probe_interval = probe_interval
        self.refresh_interval = refresh_interval
        self.replicas: list[Replica] = []
        self._resolve = resolve
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
                    merged[name] = f"{replica.label}: {error}"
                else:
                    merged.setdefault(name, "")
        return merged

    @property
    def evidence(self) -> dict[str, Any]:
        return next((r.evidence for r in self.replicas if r.evidence), {})

    @property
    def status(self) -> str:
        listed = [r for r in self.replicas if r.listed]
        healthy = sum(r.healthy for r in listed)
        return f"sandbox: {healthy} of {len(listed)} remote sandbox services healthy"

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        """Probe every replica; raise ExecutorUnavailable when none can run learner code."""
        if self._closed:
            raise ExecutorUnavailable("the remote executor is closed")
        if self.replicas:
            return
        found = await asyncio.gather(*(endpoints(url, self._resolve) for url in self.urls))
        self.replicas = [
            Replica(e.url, self._secret, label=e.label, source=e.source)
            for group in found
            for e in group
        ]
        await asyncio.gather(*(self._probe(r) for r in self.replicas))
        if not any(r.healthy for r in self.replicas):
            problems = "; ".join(f"{r.label}: {r.reason}" for r in self.replicas)
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
            log.warning("sandbox service %s runs WITHOUT %s", replica.label, ", ".join(missing))
        if replica.mark_up() and self._prober is not None:
            log.info("sandbox service %s is healthy", replica.label)

    async def _probe_loop(self) -> None:
        loop = asyncio.get_running_loop()
        refresh_at = loop.time() + self.refresh_interval
        while True:
            await asyncio.sleep(self.probe_interval)
            try:
                if loop.time() >= refresh_at:
                    refresh_at = loop.time() + self.refresh_interval
                    await self._refresh()
                down = [r for r in self.replicas if r.listed and not r.healthy]
                await asyncio.gather(*(self._probe(r) for r in down))
            except Exception:  # a bug here must not stop replicas from ever coming back
                log.exception("probing the sandbox services failed; trying again")

    async def _refresh(self) -> None:
        """Look host names up again: new addresses become replicas (probed first), addresses
        that left the answer stop being chosen; they are kept in case they come back."""
        for source in (url for url in self.urls if expandable(url)):
            found = {e.url: e for e in await endpoints(source, self._resolve)}
            known = {r.url: r for r in self.replicas if r.source == source}
            for replica in known.values():
                replica.listed = replica.url in found
                if not replica.listed:
                    replica.mark_down(f"no longer an address of {source}")
            for url, endpoint in found.items():
                if url not in known:
                    replica = Replica(url, self._secret, label=endpoint.label, source=source)
                    self.replicas.append(replica)
                    log.info("sandbox service %s appeared", replica.label)

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
                return await replica.run(body, self.request_timeout + (job.timeout or self.timeout))
            except ReplicaBusy as exc:
                waits.append(exc.retry_after)
            except ReplicaDown as exc:
                failures.append(f"{replica.label}: {exc}")
                if replica.mark_down(str(exc)):
                    log.error("sandbox service %s is down: %s", replica.label, exc)
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
        listed = [r for r in self.replicas if r.listed]
        turn = next(self._turn) % max(len(listed), 1)
        order = listed[turn:] + listed[:turn]
        untried = [r for r in order if id(r) not in tried]
        healthy = [r for r in untried if r.healthy]
        if healthy:
            return min(healthy, key=lambda r: r.in_flight)
        return min(untried, key=lambda r: r.down_since, default=None)
