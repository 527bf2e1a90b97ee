"""Ending a child whose stdout nobody reads any more (output past the cap).

On Python 3.11 asyncio reports a child's exit only once its stdout reached EOF, and a pipe
whose reader stopped is paused once its buffer is full: waiting for the exit then hangs.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from bot.executor.subprocess_executor import _end

FLOOD = "import sys\nsys.stdout.write('x' * 10**7)"


async def flooding_child() -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-I", "-S", "-c", FLOOD,
        stdout=asyncio.subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    assert proc.stdout is not None
    await proc.stdout.read(65_536)  # the reader takes its share, then stops reading
    for _ in range(200):  # until the transport has paused (its buffer is full)
        if getattr(proc.stdout, "_paused", False):
            break
        await asyncio.sleep(0.01)
    return proc


async def test_a_paused_pipe_is_drained_so_the_exit_is_reported() -> None:
    proc = await flooding_child()
    assert getattr(proc.stdout, "_paused", None) is True  # the situation that used to hang
    exited = asyncio.ensure_future(proc.wait())
    async with asyncio.timeout(30):  # a hang guard, not a speed check
        code = await _end(proc, exited)
    assert code == -signal.SIGKILL
