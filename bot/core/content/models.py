"""Lesson content as frozen values: what a YAML lesson file means once it has been validated.

Everything here is plain data so that every surface (Discord, terminal, CLI tools) and the
executor can share it without knowing where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.checks import Check
from bot.core.content.mode_models import ModeContent
from bot.core.content.options import Option, option_letter

__all__ = ["Difficulty", "Lesson", "ModeContent", "Option", "Question", "Step", "option_letter"]


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True)
class Step:
    index: int  # 1-based, as learners see it
    title: str
    instructions: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    solution: str
    starter: str = ""
    solution_line: int | None = None  # file line of the solution's first code line


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    difficulty: Difficulty
    options: tuple[Option, ...]
    explanation: tuple[str, ...]  # ordered solution steps
    hint: str = ""
    mistakes: tuple[str, ...] = ()
    quick_check: str = ""
    code: str = ""  # optional snippet shown with the prompt
    output_of_code: bool = False  # the correct option states what `code` prints (checked)
    lesson_id: str = ""
    topic: str = ""  # id of the lesson's concept card this question tests (the test's plan)

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)

    @property
    def correct_option(self) -> Option:
        return self.options[self.correct_index]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    track: str
    tags: tuple[str, ...]
    minutes: int
    scenario: str
    goal: str
    objectives: tuple[str, ...]
    why_real_world: str
    why_career: str
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]
    solution_after_failures: int = 3
    packages: tuple[str, ...] = ()  # extra importable packages the sandbox must expose
    position: int = 0  # its place in its track (1 = first); 0: after the numbered ones
    prerequisites: tuple[str, ...] = ()  # ids of lessons to finish first
    source: str = ""  # file the lesson was loaded from, for error messages
    modes: ModeContent = field(
        default_factory=ModeContent
    )  # concept cards, flashcards, ... (`modes:` section)

    def step(self, index: int) -> Step:
        """Step by its 1-based index."""
        return self.steps[index - 1]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)
