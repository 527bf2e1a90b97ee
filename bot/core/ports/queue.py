"""How a waiting run tells whoever submitted it that it is queued, without a new parameter
on every port: the surface (Discord, terminal) registers a listener for the duration of one
submission, and the executor, deep inside `CodeExecutor.run`, calls `notify`. The listener
lives in a context variable, so concurrent submissions each reach their own learner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueNotice:
    """A run is queued: `ahead` runs go first, and it should start in about `wait` seconds."""

    ahead: int
    wait: float


QueueListener = Callable[[QueueNotice], None]

_listener: ContextVar[QueueListener | None] = ContextVar("stepwise_queue_listener", default=None)


@contextmanager
def listening(listener: QueueListener) -> Iterator[None]:
    """Send the queue notices of runs started inside this block to `listener`."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def notify(notice: QueueNotice) -> None:
    """Tell the current submission's listener, if any; a listener must not block."""
    listener = _listener.get()
    if listener is not None:
        listener(notice)


def about(seconds: float) -> str:
    """`about 12 s`: a wait rounded up to whole seconds (never 0), as learners read it."""
    return f"about {max(1, int(-(-seconds // 1)))} s"
