"""Runs learner code outside the bot process: the run protocol, its harness, and executors.

Not here: what a check means (`bot.core.checks`) or what is kept (`bot.storage`).
Exports are resolved lazily so that the harness (imported inside every child) does not pay
for the executors' asyncio machinery.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SandboxExecutor", "SubprocessExecutor"]


def __getattr__(name: str) -> Any:
    if name == "SubprocessExecutor":
        from bot.executor.subprocess_executor import SubprocessExecutor

        return SubprocessExecutor
    if name == "SandboxExecutor":
        from bot.executor.sandbox.client import SandboxExecutor

        return SandboxExecutor
    raise AttributeError(f"module 'bot.executor' has no attribute {name!r}")
