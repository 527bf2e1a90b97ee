"""Framing between the bot process and the fork server, and RunResult as plain JSON.

Frames are a 4-byte big-endian length and a JSON object. `result_to_dict` gives the
stable field names `stepwise sandbox run --json` prints (documented in docs/sandbox.md).
"""

from __future__ import annotations

import json
import struct
from typing import Any

from bot.core.ports import CheckResult, ErrorInfo, RunResult, RunStatus

HEADER = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024


class ProtocolError(Exception):
    """The other side sent something that is not a frame of this protocol."""


def encode_frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode()
    return HEADER.pack(len(body)) + body


def split_frames(buffer: bytearray) -> list[dict[str, Any]]:
    """Remove and decode every complete frame at the start of `buffer`."""
    messages = []
    while len(buffer) >= HEADER.size:
        (size,) = HEADER.unpack_from(buffer)
        if size > MAX_FRAME:
            raise ProtocolError(f"frame of {size} bytes is over the {MAX_FRAME} limit")
        if len(buffer) < HEADER.size + size:
            break
        body = bytes(buffer[HEADER.size : HEADER.size + size])
        del buffer[: HEADER.size + size]
        try:
            message = json.loads(body)
        except ValueError as exc:
            raise ProtocolError(f"frame is not JSON: {exc}") from exc
        if type(message) is not dict:
            raise ProtocolError("frame is not a JSON object")
        messages.append(message)
    return messages


def result_to_dict(result: RunResult) -> dict[str, Any]:
    error = result.error
    return {
        "status": result.status.value,
        "passed": result.passed,
        "stdout": result.stdout,
        "truncated": result.truncated,
        "error": None
        if error is None
        else {
            "type": error.type,
            "message": error.message,
            "friendly": error.friendly,
            "program": error.program,
            "line": error.line,
            "column": error.column,
            "traceback": error.traceback,
        },
        "checks": [
            {"kind": c.kind, "passed": c.passed, "message": c.message} for c in result.checks
        ],
        "duration_ms": round(result.duration_ms, 3),
        "signal": result.signal,
        "detail": result.detail,
    }


def result_from_dict(data: dict[str, Any]) -> RunResult:
    error = data.get("error")
    return RunResult(
        status=RunStatus(data["status"]),
        stdout=data.get("stdout", ""),
        truncated=bool(data.get("truncated")),
        error=None if error is None else ErrorInfo(**error),
        checks=tuple(CheckResult(**c) for c in data.get("checks") or ()),
        duration_ms=float(data.get("duration_ms") or 0.0),
        signal=data.get("signal"),
        detail=data.get("detail", ""),
    )
