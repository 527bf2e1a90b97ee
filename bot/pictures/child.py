"""The drawing process: reads (kind, facts) frames on stdin, answers PNG frames on stdout.

Started by `PictureWorker` with a bare environment (no token, nothing of the bot's), so
drawing runs on another core and never holds the bot's GIL. Frames: 4-byte big-endian
length + body. Requests are pickles from the bot (the only writer of this pipe); answers
are `O` + PNG bytes, or `E` + an error message, never pickles.
"""

from __future__ import annotations

import pickle
import sys
from typing import BinaryIO

from bot.pictures.frames import read_frame, write_frame


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    from bot.pictures import drawing

    draw = {"progress": drawing.progress_png, "daily": drawing.daily_png}
    while (frame := read_frame(stdin)) is not None:
        try:
            kind, facts = pickle.loads(frame)
            answer = b"O" + draw[kind](facts)
        except Exception as error:  # reported to the bot, the process keeps serving
            answer = b"E" + f"{type(error).__name__}: {error}".encode()
        write_frame(stdout, answer)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
