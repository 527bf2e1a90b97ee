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
CODE_START, CODE_END = ":code", ":end"  # an explicit block: blank lines inside are kept


def _bracketed_paste() -> None:
    """Let GNU readline take a paste as one input (newlines included) rather than a line at
    a time, where the terminal supports bracketed paste. Without readline: no change."""
    try:
        import readline
    except ImportError:
        return
    readline.parse_and_bind("set enable-bracketed-paste on")


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
        interactive = sys.stdin.isatty()
        if interactive:
            _bracketed_paste()
        return cls(sys.stdin, sys.stdout, interactive=interactive)

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
        Blank lines inside the code are kept when they arrive in one paste (bracketed paste
        hands the whole paste over at once) or between `:code` and `:end` lines.
        """
        lines: list[str] = []
        while True:
            line = await self.read_line(CONTINUATION if lines else PROMPT)
            if line is None:
                return "\n".join(lines) + "\n" if lines else None
            if not lines:
                if not line.strip():
                    continue
                if line.strip() == CODE_START:
                    block = await self._read_until_end()
                    if block == "":  # `:code` then `:end` with nothing between
                        continue
                    return block
                if line.strip().startswith(":") and "\n" not in line:
                    return line.strip()
            elif not line.strip():
                return "\n".join(lines) + "\n"
            lines.append(line.rstrip("\n"))  # a paste: its own blank lines stay inside

    async def _read_until_end(self) -> str | None:
        """Code between `:code` and `:end` (or the end of input), blank lines included;
        "" when there was none, None when input ended first."""
        lines: list[str] = []
        while True:
            line = await self.read_line(CONTINUATION)
            if line is None or line.strip() == CODE_END:
                if any(x.strip() for x in lines):
                    return "\n".join(lines) + "\n"
                return None if line is None else ""
            lines.append(line)


def parse_choice(text: str, options: int) -> int | None:
    """'b', 'B', 'B.' or '2' → 1; None when it names no option."""
    token = text.strip().rstrip(".)").upper()
    if len(token) == 1 and token in "ABCDE"[:options]:
        return "ABCDE".index(token)
    if token.isdigit() and 1 <= int(token) <= options:
        return int(token) - 1
    return None


RATINGS = ("again", "hard", "good", "easy")  # how well a flashcard was known, 1-4


def parse_rating(text: str) -> str | None:
    """'3', 'good', 'Good' or 'g' → "good"; None when it names no rating."""
    token = text.strip().lower()
    if token.isdigit() and 1 <= int(token) <= len(RATINGS):
        return RATINGS[int(token) - 1]
    return next((word for word in RATINGS if token in (word, word[0])), None)


def read_code(source: str) -> SourceText:
    """The code in file `source` (or stdin for "-") as text; any bytes are accepted, and
    the ones that are not UTF-8 come back replaced, with a note naming line and column."""
    if source == "-":
        if sys.stdin.isatty():
            print("Reading code from standard input; end it with Ctrl-D.", file=sys.stderr)
        return decode_source(sys.stdin.buffer.read())
    return decode_source(Path(source).read_bytes())
