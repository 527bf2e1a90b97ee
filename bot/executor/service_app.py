"""The sandbox service's HTTP surface: `POST /run` and `GET /health` over a local executor.

Checks run cheapest first and a request that fails one never reaches the executor: the
shared secret (constant-time, before the body is read) → 401, the body size → 413, JSON
and the job's fields → 400. A full queue is 429 with `Retry-After`; an executor that
refuses (a missing sandbox layer, a job that broke the sandbox twice) is 503. `/run`
answers exactly `RunResult.to_dict()`, the JSON of `stepwise sandbox run --json`.
"""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from aiohttp import web

from bot.core.ports import CodeExecutor, ExecutorBusy, ExecutorUnavailable
from bot.executor.job_codec import JobFormatError, decode_job
from bot.executor.sandbox.isolation import LAYERS

DEFAULT_BODY_LIMIT = 1 << 20  # bytes; a whole lesson's programs are a few KB
NO_SANDBOX = "no sandbox: learner code runs in a plain subprocess (insecure-dev)"
RETRY_ATTRIBUTES = ("retry_after", "expected_wait")  # what a busy error may say about waiting
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Load:
    """Counters `/health` reports, so operators and tests can see what reached the executor."""

    in_flight: int = 0  # jobs handed to the executor and not answered yet
    served: int = 0  # jobs answered with a verdict
    busy: int = 0  # jobs answered 429
    rejected: int = 0  # requests answered 400, 401 or 413 (they never reached the executor)


def retry_after_seconds(error: BaseException, default: float = 1.0) -> float:
    """How long a busy executor asks callers to wait, or `default` when it does not say."""
    for name in RETRY_ATTRIBUTES:
        value = getattr(error, name, None)
        if type(value) in (int, float) and math.isfinite(value) and value > 0:
            return float(value)
    return default


def layers_of(executor: CodeExecutor) -> dict[str, str]:
    """Layer -> "" when it works, else why not; an executor without layers has none."""
    layers = getattr(executor, "layers", None)
    if not isinstance(layers, dict) or not layers:
        return dict.fromkeys(LAYERS, NO_SANDBOX)
    return {name: str(layers.get(name, "not probed")) for name in LAYERS}


def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


class SandboxService:
    """Routes and checks; `app` is what `service_main` serves."""

    def __init__(
        self, executor: CodeExecutor, *, secret: str, body_limit: int = DEFAULT_BODY_LIMIT
    ) -> None:
        self.executor = executor
        self.body_limit = body_limit
        self.load = Load()
        self._secret = secret.encode()
        self.app = web.Application(client_max_size=body_limit, middlewares=[self._authorize])
        self.app.router.add_post("/run", self.run)
        self.app.router.add_get("/health", self.health)

    @web.middleware
    async def _authorize(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self._secret:
            scheme, _, given = request.headers.get("Authorization", "").partition(" ")
            matches = hmac.compare_digest(given.encode(), self._secret)
            if not matches or scheme != "Bearer":
                self.load.rejected += 1
                return _error(401, "missing or wrong shared secret (STEPWISE_SANDBOX_SECRET)")
        return await handler(request)

    async def run(self, request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > self.body_limit:
            return self._reject(413, f"the body is over {self.body_limit} bytes")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._reject(413, f"the body is over {self.body_limit} bytes")
        try:
            job = decode_job(json.loads(body))
        except (ValueError, RecursionError) as exc:  # JobFormatError is a ValueError
            problem = str(exc) if isinstance(exc, JobFormatError) else "the body is not JSON"
            return self._reject(400, problem)
        self.load.in_flight += 1
        try:
            result = await self.executor.run(job)
        except ExecutorBusy as exc:
            self.load.busy += 1
            wait = retry_after_seconds(exc)
            headers = {"Retry-After": str(max(1, math.ceil(wait)))}
            return web.json_response(
                {"error": str(exc) or "busy", "retry_after": wait}, status=429, headers=headers
            )
        except ExecutorUnavailable as exc:
            return _error(503, str(exc) or "the sandbox is unavailable")
        finally:
            self.load.in_flight -= 1
        self.load.served += 1
        return web.json_response(result.to_dict())

    def _reject(self, status: int, message: str) -> web.Response:
        self.load.rejected += 1
        return _error(status, message)

    async def health(self, request: web.Request) -> web.Response:
        layers = layers_of(self.executor)
        missing = [name for name, error in layers.items() if error]
        body = {
            "ok": not missing,
            "layers": layers,
            "missing": missing,
            "evidence": dict(getattr(self.executor, "evidence", None) or {}),
            "load": {
                **asdict(self.load),
                "concurrency": getattr(self.executor, "concurrency", None),
            },
        }
        return web.json_response(body)
