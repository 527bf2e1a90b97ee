"""Inside the learner child: make the calls a step's `calls` checks ask for.

Runs after the programs, in the learner's own sandboxed process (the only place learner
code runs). Each case starts from a fresh copy of the namespace the programs left: the
first case gets the namespace itself (its values are already in the report), every later
one a namespace the programs are run again into, with their printing discarded, so one
case's side effects never reach the next. A call runs under a wall-clock timer
(`signal.setitimer`; the child is single-threaded) and with its printing captured; what it
returns is encoded like any learner value, so the report still only *claims*: the checker
compares. After a call that did not return, the remaining cases are skipped (their time
would push the whole run past its limit and lose every result).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable
from typing import Any

from bot.core.checks import CALL_SECONDS, encode
from bot.core.checks.calls import PRINTED_LIMIT


class CallTimeout(BaseException):
    """Raised in the learner's function when its case ran out of time."""


class CapturedOutput:
    """A text stream that keeps the first `limit` characters written to it."""

    def __init__(self, limit: int = PRINTED_LIMIT) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: Any) -> int:
        if type(text) is str and self.size < self.limit:
            kept = text[: self.limit - self.size]
            self.parts.append(kept)
            self.size += len(kept)
        return len(text) if type(text) is str else 0

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    @property
    def text(self) -> str:
        return "".join(self.parts)


@contextlib.contextmanager
def redirected(stream: Any):
    """sys.stdout and sys.stderr go to `stream` for the block."""
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = stream
    try:
        yield stream
    finally:
        sys.stdout, sys.stderr = saved


_alarms = [0]  # how often the case timer fired: a guard inside `encode` may swallow it


def _on_alarm(signum: int, frame: Any) -> None:
    _alarms[0] += 1
    raise CallTimeout()


def _describe(error: BaseException) -> str:
    """'KeyError: 'acc'' for a learner's exception, whose __str__ may itself misbehave."""
    name = getattr(type(error), "__name__", "Error")
    try:
        text = str(error)
    except BaseException:
        text = ""
    if type(text) is not str:
        text = ""
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{name}: {text}" if text else str(name)


def run_calls(
    entries: list[dict[str, Any]],
    namespace: dict[str, Any],
    rerun: Callable[[], dict[str, Any] | None],
) -> list[list[dict[str, Any]]]:
    """One list of case claims per entry of the call plan (`bot.core.checks.plan`).

    `rerun` runs the programs again into a fresh namespace (None if that failed)."""
    total = sum(len(entry.get("cases") or ()) for entry in entries)
    nodes, chars = max(50, 4_000 // max(total, 1)), max(500, 120_000 // max(total, 1))
    claims: list[list[dict[str, Any]]] = []
    first, stalled = True, False
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for entry in entries:
            results: list[dict[str, Any]] = []
            for case in entry.get("cases") or ():
                if stalled:
                    results.append({"s": "skipped"})
                    continue
                fresh = namespace if first else rerun()
                first = False
                if fresh is None:
                    claim = {"s": "setup", "error": "running your program again failed"}
                else:
                    claim = call_case(fresh, str(entry.get("name")), case, nodes, chars)
                # a case that used up its time, even where the timeout was caught on the way
                # (a __repr__ that loops is cut by encode's guard), stops the cases after it:
                # each would cost another second of the run's CPU limit
                spent = claim.pop("spent", False)
                stalled = spent or claim["s"] == "timeout"
                results.append(claim)
            claims.append(results)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return claims


def call_case(
    namespace: dict[str, Any], name: str, case: dict[str, Any], nodes: int, chars: int
) -> dict[str, Any]:
    """Call `name` from `namespace` with the case's arguments; the claim of what happened."""
    function = dict.get(namespace, name)
    if function is None or not callable(function):
        return {"s": "missing"}
    args, kwargs = list(case.get("args") or ()), dict(case.get("kwargs") or {})
    output = CapturedOutput()
    alarms = _alarms[0]
    claim: dict[str, Any]
    try:
        with redirected(output):
            signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
            try:
                value = function(*args, **kwargs)
                claim = {"s": "returned", "value": encode(value, budget=nodes, chars=chars)}
                claim["names"] = {
                    n: encode(dict.get(namespace, n), budget=nodes, chars=chars)
                    for n in case.get("names") or ()
                    if type(n) is str and n in namespace
                }
            except CallTimeout:
                claim = {"s": "timeout"}
            except BaseException as error:  # the learner's function raised: that is a result
                claim = {"s": "raised", "error": _describe(error)}
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except CallTimeout:  # the timer fired just as the call ended
        claim = {"s": "timeout"}
    claim["printed"] = output.text
    if _alarms[0] != alarms:
        claim["spent"] = True
    return claim
