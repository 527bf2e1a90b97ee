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
# server asks `SPAWN` + role + tag + count (+ the lesson's binds as JSON); the zygote forks
# them all, then answers once: `SPAWNED` + count, one `BORN` (tag, pid) per child, with
# four descriptors per child [pidfd, payload, output, channel]. `EXITED` + pid + wait
# status + CPU seconds follows once it has reaped a child. A `warm` SPAWN (binds and modules
# as JSON) starts a package set's warm parent (warm.py): one BORN and one descriptor, the
# server's end of the warm parent's own socket, which then speaks this same protocol.
ROLE_CODES = {"learner": b"L", "checker": b"C", "probe": b"P", "warm": b"W"}
ROLE_NAMES = {code: name for name, code in ROLE_CODES.items()}
SPAWN = struct.Struct(">cQB")  # role, tag (0: a pool child; else the job id it is for), count
SPAWNED = struct.Struct(">ccB")  # b"S", role, count
BORN = struct.Struct(">Qi")  # tag, pid
EXITED = struct.Struct(">cxxxiid")  # b"X", pid, status, cpu
MAX_BATCH = 32  # children per SPAWN (4 descriptors each: SCM_RIGHTS carries up to 253)
