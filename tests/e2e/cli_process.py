"""Run the `stepwise` command as an operator would: a real process, a clean environment."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from .conftest import REPO


async def stepwise(*args: str, env_extra: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `stepwise ARGS` with no DISCORD_/STEPWISE_ variables
    but the shipped content and `env_extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STEPWISE_"))}
    env.update(STEPWISE_CONTENT=str(REPO / "content"), PYTHONPATH=str(REPO), **env_extra)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
