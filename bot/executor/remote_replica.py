"""One sandbox service as the bot sees it: its URL, its HTTP session, whether it is healthy.

Each outcome of a call is a different exception, because the executor treats them
differently: `ReplicaDown` (unreachable, 5xx, a wrong secret, garbage: try another
replica, mark this one unhealthy), `ReplicaBusy` (429: the job never started, another
replica may take it) and `JobRefused` (400/413: any replica would refuse it too).
"""

from __future__ import annotations

import json
import time
from typing import Any

import aiohttp
from yarl import URL

from bot.core.ports import RunResult

CONNECT_TIMEOUT = 2.0  # seconds; a replica that does not accept a connection by then is down
PROBE_TIMEOUT = 5.0


class ReplicaDown(Exception):
    """The replica could not run the job; the job may be sent to another replica."""


class ReplicaBusy(Exception):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class JobRefused(Exception):
    """The replica refused the job itself (400/413); another replica would too."""


def parse_retry_after(response_body: Any, header: str | None) -> float:
    """Seconds to wait: the body's precise `retry_after`, else the header, else 1."""
    if isinstance(response_body, dict):
        value = response_body.get("retry_after")
        if type(value) in (int, float) and 0 < value < 3600:
            return float(value)
    try:
        seconds = float(header or "")
    except ValueError:
        return 1.0
    return seconds if 0 < seconds < 3600 else 1.0


class Replica:
    """One `stepwise sandbox serve` endpoint: `http(s)://host:port` or `unix:/path`."""

    def __init__(
        self, url: str, secret: str, *, label: str = "", source: str = "", connections: int = 256
    ) -> None:
        self.url = url  # what to connect to
        self.label = label or url  # what logs and messages call it
        self.source = source or url  # the configured URL it came from
        self.listed = True  # False once its address left the DNS answer for `source`
        self.healthy = False
        self.reason = "not probed yet"  # why it is unhealthy
        self.down_since = 0.0  # monotonic time it was marked unhealthy
        self.in_flight = 0
        self.layers: dict[str, str] = {}
        self.evidence: dict[str, Any] = {}
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        if url.startswith("unix:"):
            connector: aiohttp.BaseConnector = aiohttp.UnixConnector(
                url.removeprefix("unix:"), limit=connections
            )
            self._base = "http://sandbox"
        else:
            connector = aiohttp.TCPConnector(limit=connections)
            self._base = url
        # No cookies, no compression, URLs parsed once: a few tens of µs less per job.
        self._session = aiohttp.ClientSession(
            connector=connector,
            headers=headers,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        self._urls = {path: URL(self._base + path) for path in ("/run", "/health")}

    def __repr__(self) -> str:
        return f"Replica({self.label}, {'healthy' if self.healthy else 'down: ' + self.reason})"

    def mark_down(self, reason: str) -> bool:
        """Mark unhealthy; True when it was healthy until now (worth a log line)."""
        was = self.healthy
        self.healthy, self.reason = False, reason
        if was or not self.down_since:
            self.down_since = time.monotonic()
        return was

    def mark_up(self) -> bool:
        """Mark healthy; True when it was unhealthy until now."""
        was = self.healthy
        self.healthy, self.reason, self.down_since = True, "", 0.0
        return not was

    async def aclose(self) -> None:
        await self._session.close()

    async def run(self, body: bytes, timeout: float) -> RunResult:
        limits = aiohttp.ClientTimeout(total=timeout, connect=CONNECT_TIMEOUT)
        status, data, retry_header = await self._call("POST", "/run", body, limits)
        if status == 200:
            try:
                return RunResult.from_dict(data)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise ReplicaDown(f"answered a malformed verdict ({exc!r})") from exc
        message = data.get("error", "") if isinstance(data, dict) else ""
        if status == 429:
            raise ReplicaBusy(message or "busy", parse_retry_after(data, retry_header))
        if status in (400, 413):
            raise JobRefused(f"the sandbox service refused the job ({status}: {message})")
        if status in (401, 403):
            raise ReplicaDown(f"refused our secret ({status}); check STEPWISE_SANDBOX_SECRET")
        raise ReplicaDown(f"answered {status} {message}".strip())

    async def probe(self) -> dict[str, Any]:
        """`GET /health`; the answer, or ReplicaDown. Also keeps the layers it reported."""
        limits = aiohttp.ClientTimeout(total=PROBE_TIMEOUT, connect=CONNECT_TIMEOUT)
        status, data, _ = await self._call("GET", "/health", None, limits)
        if status != 200 or not isinstance(data, dict) or not isinstance(data.get("layers"), dict):
            message = data.get("error", "") if isinstance(data, dict) else ""
            raise ReplicaDown(f"health answered {status} {message}".strip())
        self.layers = {str(k): str(v) for k, v in data["layers"].items()}
        self.evidence = data.get("evidence") if isinstance(data.get("evidence"), dict) else {}
        return data

    async def _call(
        self, method: str, path: str, body: bytes | None, limits: aiohttp.ClientTimeout
    ) -> tuple[int, Any, str | None]:
        try:
            async with self._session.request(
                method, self._urls[path], data=body, timeout=limits
            ) as response:
                raw = await response.read()
                status, retry = response.status, response.headers.get("Retry-After")
        except TimeoutError as exc:
            raise ReplicaDown(f"no answer within {limits.total:g} s") from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise ReplicaDown(f"unreachable ({type(exc).__name__}: {exc})") from exc
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        if status == 200 and data is None:
            raise ReplicaDown("answered 200 without JSON")
        return status, data, retry
