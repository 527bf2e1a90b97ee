"""A paste with a blank line in it is one submission in a real terminal (issue 20, problem 10).

`stepwise study` runs on a pseudo-terminal, so input() goes through GNU readline exactly as
for a person; the paste arrives wrapped in the bracketed-paste markers a terminal sends.
Every wait is for text to appear (with a generous safety net), never a fixed sleep."""

from __future__ import annotations

import os
import select
import sys

import pytest

from .runner import LESSON, REPO

pytest.importorskip("readline")
pty = pytest.importorskip("pty")

PASTE = 'definition = "MLOps manages machine learning models."\n\nprint(definition)'
SAFETY_NET = 120.0  # seconds before a hung session fails the test; not a speed claim


class Terminal:
    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.seen = b""

    def wait_for(self, text: bytes) -> None:
        start = len(self.seen)
        while text not in self.seen[start:]:
            ready, _, _ = select.select([self.fd], [], [], SAFETY_NET)
            assert ready, f"no {text!r} after {self.seen[-400:]!r}"
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the session ended
                chunk = b""
            assert chunk, f"the session ended before {text!r}: {self.seen[-400:]!r}"
            self.seen += chunk

    def type(self, data: bytes) -> None:
        os.write(self.fd, data)


def test_a_bracketed_paste_with_a_blank_line_is_one_submission(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "STEPWISE_DB": str(tmp_path / "s.db"),
        "STEPWISE_CONTENT": str(REPO / "content"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on the terminal
        os.execvpe(sys.executable, [sys.executable, "-m", "bot", "study", LESSON], env)
    terminal = Terminal(fd)
    try:
        terminal.wait_for(b">>> ")
        terminal.type(b"\x1b[200~" + PASTE.encode() + b"\x1b[201~\r")
        terminal.wait_for(b"... ")  # the paste is in; a blank line submits it
        terminal.type(b"\r")
        terminal.wait_for(b"Step 2 of 4")
        terminal.type(b":quit\r")
        terminal.wait_for(b"Progress saved")
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    text = terminal.seen.decode("utf-8", "replace")
    assert text.count("✓ Passed") == 1 and "Not yet" not in text
    assert "| MLOps manages machine learning models." in text  # the line after the blank ran
