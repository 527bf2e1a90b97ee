"""Line input for terminal sessions that works the same from a keyboard or a pipe.

Prompts are printed only when a person is typing (stdin is a terminal); scripted sessions
get clean output. End of input is a normal way to stop, never a traceback. Reads block the
event loop on purpose: a terminal session has one learner, and a blocked `input()` in a
worker thread would keep the process alive after Ctrl-C.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.core.lessons import SourceText, decode_source

PROMPT, CONTINUATION = ">>> ", "... "


class Console:
    def __init__(self, stdin: TextIO, stdout: TextIO, interactive: bool) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = interactive

    @classmethod
    def standard(cls) -> Console:
        """The process's stdin and stdout. Bytes that are not UTF-8 are kept as stand-ins
        (the engine reports where they were), never a UnicodeDecodeError mid-session."""
        for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "backslashreplace")):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors=errors)
        return cls(sys.stdin, sys.stdout, interactive=sys.stdin.isatty())

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    async def read_line(self, prompt: str = "") -> str | None:
        """One line without its newline, or None at end of input."""
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:
                self.say()
                return None
        line = self.stdin.readline()
        return None if line == "" else line.rstrip("\r\n")

    async def read_block(self) -> str | None:
        """A `:command` line, or code up to a blank line / end of input; None when input ended.

        Blank lines before the code are ignored, so stray newlines never submit nothing.
        """
        lines: list[str] = []
        while True:
            line = await self.read_line(CONTINUATION if lines else PROMPT)
            if line is None:
                return "\n".join(lines) + "\n" if lines else None
            if not lines:
                if not line.strip():
                    continue
                if line.strip().startswith(":"):
                    return line.strip()
            elif not line.strip():
                return "\n".join(lines) + "\n"
            lines.append(line)


def parse_choice(text: str, options: int) -> int | None:
    """'b', 'B', 'B.' or '2' → 1; None when it names no option."""
    token = text.strip().rstrip(".)").upper()
    if len(token) == 1 and token in "ABCDE"[:options]:
        return "ABCDE".index(token)
    if token.isdigit() and 1 <= int(token) <= options:
        return int(token) - 1
    return None


def read_code(source: str) -> SourceText:
    """The code in file `source` (or stdin for "-") as text; any bytes are accepted, and
    the ones that are not UTF-8 come back replaced, with a note naming line and column."""
    if source == "-":
        if sys.stdin.isatty():
            print("Reading code from standard input; end it with Ctrl-D.", file=sys.stderr)
        return decode_source(sys.stdin.buffer.read())
    return decode_source(Path(source).read_bytes())
