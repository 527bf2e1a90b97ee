"""Framing between the bot process and the fork server, and RunResult as plain JSON.

Frames are a 4-byte big-endian length and a JSON object; a RunResult travels as
`RunResult.to_dict()` (the stable names `stepwise sandbox run --json` prints).
"""

from __future__ import annotations

import json
import struct
from typing import Any

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


# Between the server and the zygote (one datagram each on a SOCK_SEQPACKET pair). The
# server asks `SPAWN` + role + tag (+ the lesson's binds as JSON); the zygote answers
# `SPAWNED` + role + tag + pid with the child's descriptors [pidfd, payload, output,
# channel], and `EXITED` + pid + wait status + CPU seconds once it has reaped the child.
ROLE_CODES = {"learner": b"L", "checker": b"C", "probe": b"P"}
ROLE_NAMES = {code: name for name, code in ROLE_CODES.items()}
SPAWN = struct.Struct(">cQ")  # role, tag (0: a pool child; else the job id it is for)
SPAWNED = struct.Struct(">ccQi")  # b"S", role, tag, pid
EXITED = struct.Struct(">cxxxiid")  # b"X", pid, status, cpu
