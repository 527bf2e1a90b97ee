"""`RemoteExecutor` over real sandbox services on loopback: spreading, failover, busy, health.

The services run in this event loop over one real `SandboxExecutor`; a replica goes down by
closing its listener (connections are refused) and comes back on the same port. Where a
test needs a sandbox that answers busy or broken, `Switch` wraps the real one and answers
the way it would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checks import Check
from bot.core.ports import (
    ExecutorBusy,
    ExecutorUnavailable,
    Program,
    RunJob,
    RunResult,
    RunStatus,
)
from bot.executor.remote import RemoteExecutor
from bot.executor.remote_discovery import Endpoint, endpoints
from bot.executor.remote_replica import parse_retry_after
from bot.executor.sandbox import SandboxExecutor
from bot.executor.subprocess_executor import SubprocessExecutor
from tests.service_process import SECRET, LocalService


class Switch:
    """The real sandbox, or the answers of a full (`busy`) or failing (`broken`) one."""

    def __init__(self, inner: SandboxExecutor) -> None:
        self.inner = inner
        self.mode = "run"
        self.retry_after: float | None = None
        self.calls = 0

    @property
    def layers(self) -> dict[str, str]:
        return self.inner.layers

    async def run(self, job: RunJob) -> RunResult:
        self.calls += 1
        if self.mode == "busy":
            error = ExecutorBusy("every sandbox runner is busy")
            if self.retry_after is not None:
                error.retry_after = self.retry_after  # type: ignore[attr-defined]
            raise error
        if self.mode == "broken":
            raise ExecutorUnavailable("the sandbox failed twice on this job")
        return await self.inner.run(job)

    async def aclose(self) -> None:
        return None


def job(code: str, **fields: object) -> RunJob:
    return RunJob((Program("your code", code),), **fields)  # type: ignore[arg-type]


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield executor


@pytest.fixture
async def services(sandbox: SandboxExecutor) -> AsyncIterator[list[LocalService]]:
    started = [LocalService(Switch(sandbox)) for _ in range(3)]
    for service in started:
        await service.start()
    try:
        yield started
    finally:
        for service in started:
            await service.stop()


def switch(service: LocalService) -> Switch:
    return service.service.executor  # type: ignore[return-value]


async def wait_for(predicate, what: str, timeout: float = 30.0) -> None:
    async def poll() -> None:
        while not predicate():
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), timeout)
    except TimeoutError:
        raise AssertionError(f"never happened: {what}") from None


async def test_jobs_are_spread_over_the_replicas(services: list[LocalService]) -> None:
    async with RemoteExecutor([s.url for s in services], SECRET) as remote:
        results = await asyncio.gather(*(remote.run(job(f"print({i})")) for i in range(12)))
    assert [r.stdout for r in results] == [f"{i}\n" for i in range(12)]
    assert [s.load.served for s in services] == [4, 4, 4]  # fewest in flight, ties rotate


async def test_the_verdict_is_the_local_one(sandbox: SandboxExecutor, services) -> None:
    checks = (Check("output", {"mode": "contains", "lines": ["3"]}),)
    for code in ("x = 1\nprint(x + 2)", "print(1/0)", "if True\n  pass", "print('2')"):
        local = await sandbox.run(job(code, checks=checks))
        async with RemoteExecutor([services[0].url], SECRET) as remote:
            answer = await remote.run(job(code, checks=checks))
        assert {**answer.to_dict(), "duration_ms": 0} == {**local.to_dict(), "duration_ms": 0}


async def test_a_replica_that_goes_down_fails_over_and_is_used_again_when_back(
    services: list[LocalService],
) -> None:
    first, second = services[:2]
    async with RemoteExecutor([first.url, second.url], SECRET, probe_interval=0.1) as remote:
        await first.stop()  # connections to it are refused from now on
        results = await asyncio.gather(*(remote.run(job(f"print({i})")) for i in range(6)))
        assert [r.stdout for r in results] == [f"{i}\n" for i in range(6)]
        assert second.load.served == 6 and first.load.served == 0
        down = remote.replicas[0]
        assert not down.healthy and "unreachable" in down.reason
        assert "1 of 2" in remote.status

        await first.start()  # same port
        await wait_for(lambda: down.healthy, "the probe marks the replica healthy again")
        await asyncio.gather(*(remote.run(job("print('back')")) for _ in range(4)))
        assert first.load.served == 2 and second.load.served == 8


async def test_a_5xx_fails_over_to_another_replica(services: list[LocalService]) -> None:
    broken, good = services[:2]
    switch(broken).mode = "broken"  # answers 503
    async with RemoteExecutor([broken.url, good.url], SECRET, probe_interval=60) as remote:
        result = await remote.run(job("print('answered')"))  # the first choice is `broken`
        assert result.stdout == "answered\n"
        assert switch(broken).calls == 1 and good.load.served == 1
        assert not remote.replicas[0].healthy and "503" in remote.replicas[0].reason
        await remote.run(job("print(2)"))
        assert switch(broken).calls == 1, "an unhealthy replica is not chosen while one is up"


async def test_a_job_is_sent_again_at_most_once(services: list[LocalService]) -> None:
    for service in services:
        switch(service).mode = "broken"
    async with RemoteExecutor([s.url for s in services], SECRET, probe_interval=60) as remote:
        with pytest.raises(ExecutorUnavailable, match="no sandbox service could run the job"):
            await remote.run(job("print(1)"))
    assert sum(switch(s).calls for s in services) == 2  # sent, then sent again once


async def test_busy_everywhere_is_the_ports_busy_error_with_the_shortest_wait(
    services: list[LocalService],
) -> None:
    for service, wait in zip(services, (3.5, 2.25, 8.0), strict=True):
        switch(service).mode, switch(service).retry_after = "busy", wait
    async with RemoteExecutor([s.url for s in services], SECRET) as remote:
        with pytest.raises(ExecutorBusy) as caught:
            await remote.run(job("print(1)"))
        assert getattr(caught.value, "retry_after", None) == 2.25
        assert [s.load.busy for s in services] == [1, 1, 1]  # each was asked once
        assert all(r.healthy for r in remote.replicas), "busy is not down"
        switch(services[1]).mode = "run"  # one frees up: the job goes there
        result = await remote.run(job("print('free')"))
        assert result.stdout == "free\n" and services[1].load.served == 1


async def test_a_wrong_secret_stops_the_executor_at_start(services: list[LocalService]) -> None:
    remote = RemoteExecutor([services[0].url], "not-the-secret-0123456789")
    with pytest.raises(ExecutorUnavailable, match="STEPWISE_SANDBOX_SECRET"):
        await remote.start()


async def test_nothing_listening_is_unavailable_at_start() -> None:
    service = LocalService(SubprocessExecutor())
    await service.start()
    await service.stop()  # its port is free now
    remote = RemoteExecutor([service.url], SECRET)
    with pytest.raises(ExecutorUnavailable, match="unreachable"):
        await remote.start()


async def test_strict_mode_refuses_a_service_without_the_sandbox_layers() -> None:
    plain = LocalService(SubprocessExecutor())  # what insecure-dev falls back to
    await plain.start()
    try:
        with pytest.raises(ExecutorUnavailable, match="layers missing"):
            await RemoteExecutor([plain.url], SECRET).start()
        async with RemoteExecutor([plain.url], SECRET, insecure_dev=True) as remote:
            assert (await remote.run(job("print(6 * 7)"))).stdout == "42\n"
            assert remote.layers["seccomp"].startswith(plain.url)
    finally:
        await plain.stop()


async def test_a_job_every_service_refuses_is_unavailable(services: list[LocalService]) -> None:
    async with RemoteExecutor([services[0].url], SECRET) as remote:
        with pytest.raises(ExecutorUnavailable, match="refused the job"):
            await remote.run(job("print(1)", packages=("../../etc",)))
        assert remote.replicas[0].healthy  # the job was bad, not the service
        assert (await remote.run(job("print(2)"))).status is RunStatus.OK


async def test_a_host_name_stands_for_every_address_it_resolves_to(
    sandbox: SandboxExecutor,
) -> None:
    """`--scale sandbox=N`: Docker's DNS answers `sandbox` with N addresses (faked here)."""
    first = LocalService(Switch(sandbox), host="127.0.0.1")
    await first.start()
    second = LocalService(Switch(sandbox), host="127.0.0.2", port=first.port)
    await second.start()
    addresses = ["127.0.0.1"]

    async def resolve(host: str, port: int) -> list[str]:
        assert (host, port) == ("sandbox", first.port)
        return list(addresses)

    url = f"http://sandbox:{first.port}"
    try:
        async with RemoteExecutor(
            [url], SECRET, resolve=resolve, probe_interval=0.05, refresh_interval=0.1
        ) as remote:
            assert [r.label for r in remote.replicas] == [f"{url} (127.0.0.1)"]
            addresses.append("127.0.0.2")  # scaled up
            await wait_for(lambda: sum(r.healthy for r in remote.replicas) == 2, "scale up")
            await asyncio.gather(*(remote.run(job(f"print({i})")) for i in range(6)))
            assert first.load.served == 3 and second.load.served == 3
            addresses.remove("127.0.0.1")  # scaled down
            await wait_for(lambda: not remote.replicas[0].listed, "scale down")
            await asyncio.gather(*(remote.run(job("print(0)")) for _ in range(4)))
            assert first.load.served == 3 and second.load.served == 7
            assert "1 of 1" in remote.status
    finally:
        await first.stop()
        await second.stop()


async def test_only_plain_http_host_names_are_expanded() -> None:
    async def resolve(host: str, port: int) -> list[str]:
        if host == "gone":
            raise OSError("Name or service not known")
        return ["10.0.0.5", "fd00::7"]

    for url in ("https://sandbox:8443", "http://10.0.0.9:8080", "unix:/run/s.sock", "http://gone"):
        assert await endpoints(url, resolve) == [Endpoint(url, url, url)]
    assert await endpoints("http://sandbox:8080", resolve) == [
        Endpoint("http://sandbox:8080", "http://10.0.0.5:8080", "http://sandbox:8080 (10.0.0.5)"),
        Endpoint("http://sandbox:8080", "http://[fd00::7]:8080", "http://sandbox:8080 (fd00::7)"),
    ]


bodies = st.dictionaries(
    st.sampled_from(["retry_after", "error"]) | st.text(max_size=8),
    st.integers() | st.floats() | st.text(max_size=5) | st.none(),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(st.none() | st.text(max_size=30), st.none() | bodies)
def test_any_retry_after_becomes_a_sane_wait(header: str | None, body: object) -> None:
    """Whatever a service (or a proxy in front of it) answers, the wait is a number of
    seconds the learner can be told: above 0, below an hour, never NaN."""
    wait = parse_retry_after(body, header)
    assert 0 < wait < 3600
