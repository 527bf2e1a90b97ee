"""The restricted executor: a warm fork server that runs each job in sandboxed children.

`SandboxExecutor` (client.py) is what the bot uses; everything else runs in the server
process it starts (boot.py → server.py + zygote.py → child.py, isolation.py, rootfs.py,
seccomp.py, limits.py). `probe.py` describes the layers for `stepwise sandbox doctor`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SandboxExecutor"]


def __getattr__(name: str) -> Any:
    if name == "SandboxExecutor":  # lazy: the server imports this package without asyncio
        from bot.executor.sandbox.client import SandboxExecutor

        return SandboxExecutor
    raise AttributeError(f"module 'bot.executor.sandbox' has no attribute {name!r}")
