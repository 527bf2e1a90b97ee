"""The one exception a check evaluator raises to fail: the learner's message and, for
the author, why the check itself could not be evaluated."""

from __future__ import annotations


class Failed(Exception):
    """A check failed. `message` is the default wording; `about` goes in front of an
    author's own message (the call a case made), `why` after it (the exception an
    expression raised); `detail` is for the author only."""

    def __init__(self, message: str, *, about: str = "", why: str = "", detail: str = ""):
        super().__init__(message)
        self.message = message
        self.about = about
        self.why = why
        self.detail = detail

    def worded(self, authored: str | None) -> str:
        """The line the learner reads: the author's message (framed) or the default."""
        if not authored:
            return self.message
        text = f"{self.about}: {authored}" if self.about else authored
        return f"{text} ({self.why})" if self.why else text
