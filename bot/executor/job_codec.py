"""A `RunJob` as the JSON body of the sandbox service's `POST /run`, and back, validated.

The service decodes bodies sent over the network, so decoding checks every field and
raises `JobFormatError` with one line naming the field; it never raises anything else
(a Hypothesis property test holds it to that).
"""

from __future__ import annotations

import math
import re
from typing import Any

from bot.core.checks import Check
from bot.core.ports import Program, RunJob

MAX_PROGRAMS = 200
MAX_CHECKS = 200
MAX_PACKAGES = 32
MAX_TIMEOUT = 60.0
_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class JobFormatError(ValueError):
    """The body is not a job; the message names the field and what is wrong with it."""


def encode_job(job: RunJob, default_timeout: float | None = None) -> dict[str, Any]:
    """The JSON-able body for `POST /run`; the job's own timeout wins over the default."""
    return {
        "programs": [{"name": p.name, "code": p.code} for p in job.programs],
        "checks": [check.to_dict() for check in job.checks],
        "timeout": job.timeout or default_timeout,
        "packages": list(job.packages),
    }


def decode_job(data: Any) -> RunJob:
    """The job a request body describes; JobFormatError for anything else."""
    if type(data) is not dict:
        raise JobFormatError("the body must be a JSON object with 'programs'")
    unknown = sorted(set(data) - {"programs", "checks", "timeout", "packages"})
    if unknown:
        raise JobFormatError(f"unknown field {unknown[0]!r}")
    programs = tuple(
        _program(i, item) for i, item in enumerate(_list(data, "programs", MAX_PROGRAMS))
    )
    if not programs:
        raise JobFormatError("'programs' must hold at least one program")
    checks = tuple(_check(i, item) for i, item in enumerate(_list(data, "checks", MAX_CHECKS)))
    packages = tuple(
        _package(i, item) for i, item in enumerate(_list(data, "packages", MAX_PACKAGES))
    )
    return RunJob(programs, checks, _timeout(data.get("timeout")), packages)


def _list(data: dict[str, Any], key: str, limit: int) -> list[Any]:
    value = data.get(key, [])
    if type(value) is not list:
        raise JobFormatError(f"'{key}' must be a list")
    if len(value) > limit:
        raise JobFormatError(f"'{key}' holds {len(value)} items (at most {limit})")
    return value


def _string(value: Any, where: str) -> str:
    if type(value) is not str:
        raise JobFormatError(f"{where} must be a string")
    return value


def _program(index: int, item: Any) -> Program:
    where = f"programs[{index}]"
    if type(item) is not dict:
        raise JobFormatError(f"{where} must be an object with 'name' and 'code'")
    return Program(_string(item.get("name"), f"{where}.name"), _string(item.get("code"), where))


def _check(index: int, item: Any) -> Check:
    where = f"checks[{index}]"
    if type(item) is not dict:
        raise JobFormatError(f"{where} must be an object with 'kind'")
    kind = _string(item.get("kind"), f"{where}.kind")
    params = item.get("params") or {}
    if type(params) is not dict:
        raise JobFormatError(f"{where}.params must be an object")
    message = item.get("message")
    if message is not None:
        _string(message, f"{where}.message")
    return Check(kind, params, message)


def _package(index: int, item: Any) -> str:
    name = _string(item, f"packages[{index}]")
    if len(name) > 100 or not _PACKAGE.fullmatch(name):
        raise JobFormatError(f"packages[{index}] is not a module name")
    return name


def _timeout(value: Any) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value):
        raise JobFormatError("'timeout' must be a number of seconds or null")
    if not 0 < value <= MAX_TIMEOUT:
        raise JobFormatError(f"'timeout' must be above 0 and at most {MAX_TIMEOUT:g} s")
    return float(value)
