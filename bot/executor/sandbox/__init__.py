"""The restricted executor: a warm fork server that runs each job in sandboxed children.

`SandboxExecutor` (client.py) is what the bot uses; everything else runs in the server
process it starts: boot.py → server.py (children.py, checkers.py: the checker workers) and
zygote.py (warmup.py) → child.py, isolation.py / plan.py (the precompiled strict setup),
rootfs.py, seccomp.py, limits.py. A lesson's packages: packages.py (resolved in the bot
process), warm.py (the zygote's warm parent per package set), warm_sets.py (the server's
side of them). The layer probe behind `stepwise sandbox doctor` is the
server's first child (child.py, role "probe").
"""

from __future__ import annotations

from typing import Any

__all__ = ["SandboxExecutor"]


def __getattr__(name: str) -> Any:
    if name == "SandboxExecutor":  # lazy: the server imports this package without asyncio
        from bot.executor.sandbox.client import SandboxExecutor

        return SandboxExecutor
    raise AttributeError(f"module 'bot.executor.sandbox' has no attribute {name!r}")
