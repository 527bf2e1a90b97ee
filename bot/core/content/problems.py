"""What the content loader reports: located problems, gathered into one exception.

Authors fix lessons faster when they see every problem at once, each pointing at a file,
a line and a field, so the loader never stops at the first one and never shows a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file.

    `path` names the field the way an author reads it (`step 2 › check 1`, counted from 1);
    it is empty when the problem concerns the whole file.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(Exception):
    """Lesson content is invalid; `problems` lists everything found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
