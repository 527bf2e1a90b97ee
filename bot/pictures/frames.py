"""Length-prefixed frames on the pipe between the bot and its drawing process."""

from __future__ import annotations

import struct
from typing import BinaryIO

HEADER = struct.Struct(">I")  # 4-byte big-endian body length


def read_frame(stream: BinaryIO) -> bytes | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, body: bytes) -> None:
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()
