"""A check as an author wrote it and the result the checker gives back.

Plain values that cross every boundary (content loader, executor wire, renderers), kept in
the checks room so the checker process needs nothing else of the core."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Check:
    """One declarative rule evaluated after the learner's program ran.

    `kind` names an entry of `bot.core.checks.CHECK_KINDS`; `params` holds that kind's
    fields exactly as the author wrote them (validated); `message` overrides the default
    failure message and `passed` the line shown when it passes. `line` is where the check
    starts in its lesson file, for messages to the author.
    """

    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    message: str | None = None
    passed: str | None = None
    line: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The wire form sent to the checker process."""
        return {
            "kind": self.kind,
            "params": self.params,
            "message": self.message,
            "passed": self.passed,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        line = data.get("line")
        return cls(
            kind=data["kind"],
            params=dict(data.get("params") or {}),
            message=data.get("message"),
            passed=data.get("passed"),
            line=line if type(line) is int else None,
        )


@dataclass(frozen=True)
class CheckResult:
    kind: str
    passed: bool
    message: str  # failure message a beginner can act on, or the pass line ("" shows none)
    detail: str = ""  # for the author: why the check itself could not be evaluated
