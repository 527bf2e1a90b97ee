"""Typed results of engine calls: what an adapter needs to render, and nothing about how.

Every value is frozen and carries the content objects themselves (Lesson, Step, Question)
so adapters never look anything up again. No emoji, colours or markup live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content import Lesson, Step, tracks
from bot.core.daily import Streak
from bot.core.ports import RunResult
from bot.core.quiz import QuizStats

# --------------------------------------------------------------------------- lessons


@dataclass(frozen=True)
class Tally:
    """A lesson's steps by outcome: the one wording of "Progress" every surface shows."""

    solved: int  # including those solved after seeing the solution
    after_solution: int
    skipped: int
    total: int

    def words(self) -> str:
        """ "1 / 4 solved · 3 skipped", "4 / 4 solved (1 after seeing the solution)"."""
        text = f"{self.solved} / {self.total} solved"
        if self.after_solution:
            text += f" ({self.after_solution} after seeing the solution)"
        if self.skipped:
            text += f" · {self.skipped} skipped"
        return text


@dataclass(frozen=True)
class StepView:
    """Where a learner stands in a lesson: the step to work on, or the finished lesson."""

    lesson: Lesson
    step: Step | None  # None once past the last step
    number: int  # 1-based index of `step` (total + 1 when past the last step)
    total: int
    done: int  # steps solved
    is_first: bool  # the very start of the lesson: show scenario, goal and objectives
    failed_attempts: int = 0
    hints_shown: int = 0
    hints_total: int = 0
    solution_available: bool = False  # unlocked by failures, or already revealed
    solution_revealed: bool = False
    completed: bool = False  # every step solved
    last_passed: bool | None = None  # verdict of the learner's latest attempt in this lesson
    version: str = ""  # the lesson state this view shows (`state.version`): run and step
    finished: bool = False  # past the last step (complete, or with skipped steps)
    was_skipped: bool = False  # the open step was skipped before and is back to be solved
    tally: Tally | None = None

    @property
    def progress(self) -> Tally:
        return self.tally or Tally(self.done, 0, 0, self.total)

    @property
    def lesson_id(self) -> str:
        return self.lesson.id

    @property
    def hints_left(self) -> int:
        return self.hints_total - self.hints_shown

    @property
    def show_next(self) -> bool:
        """The previous step was just passed: offer a "Next step" action, not a code box."""
        return bool(self.last_passed) and not self.finished and self.failed_attempts == 0


@dataclass(frozen=True)
class Submission:
    """The verdict of one submitted program and where the learner is afterwards."""

    result: RunResult  # per-check results, output, error, duration
    passed: bool
    step_number: int  # the step the code was submitted for
    view: StepView  # the learner's position after this submission (next step on pass)
    completed: bool = False  # took the learner past the last step (view.completed: all solved)
    solution_unlocked: bool = False  # this failure made the solution available
    hint_suggested: bool = False  # failed, and an unseen hint is waiting
    # The lesson moved on (a reset, a step change) while this code ran, or the code box was
    # opened for an earlier state: nothing was recorded, `view` is where the learner is now.
    stale: bool = False
    notes: tuple[str, ...] = ()  # repairs made to the code before it ran (undecodable bytes)
    next_lesson: Lesson | None = None  # finished the lesson: the one after it in its track

    @property
    def advanced_to(self) -> StepView | None:
        """The next step when the submission passed (None on failure or completion)."""
        return self.view if self.passed and not self.completed else None


@dataclass(frozen=True)
class Hint:
    step_number: int
    number: int  # 1-based: "Hint 2 of 3"
    total: int
    text: str

    @property
    def is_last(self) -> bool:
        return self.number == self.total


@dataclass(frozen=True)
class Solution:
    step_number: int
    code: str
    gave_up: bool  # the learner asked for it before it unlocked (recorded)
    lesson_id: str = ""


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class LessonStatus:
    lesson: Lesson
    done: int  # steps solved
    total: int
    started: bool
    completed: bool  # every step solved
    current_step: int  # 1-based; total + 1 when past the last step
    tally: Tally | None = None

    @property
    def progress(self) -> Tally:
        return self.tally or Tally(self.done, 0, 0, self.total)


@dataclass(frozen=True)
class ProgressSummary:
    learner: str
    lessons: tuple[LessonStatus, ...]  # catalog order
    quiz: QuizStats  # every answer, all modes
    streak: Streak  # days with any study: lessons, practice, tests, daily quiz
    by_mode: tuple[tuple[str, QuizStats], ...] = ()  # ("practice", …), ("test", …), ("daily", …)

    def mode(self, name: str) -> QuizStats:
        return dict(self.by_mode).get(name, QuizStats(0, 0))

    def status(self, lesson_id: str) -> LessonStatus | None:
        return next((s for s in self.lessons if s.lesson.id == lesson_id), None)

    def tracks(self) -> tuple[TrackStatus, ...]:
        """The lessons grouped by track, in the order to take them, with counts."""
        by_id = {status.lesson.id: status for status in self.lessons}
        return tuple(
            TrackStatus(track.name, tuple(by_id[lesson.id] for lesson in track.lessons))
            for track in tracks(status.lesson for status in self.lessons)
        )


@dataclass(frozen=True)
class TrackStatus:
    """One track's lessons (in order) and how many of them the learner completed."""

    name: str
    lessons: tuple[LessonStatus, ...]

    @property
    def completed(self) -> int:
        return sum(1 for status in self.lessons if status.completed)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def next_up(self) -> LessonStatus | None:
        """The first lesson of the track not completed (None when all are)."""
        return next((status for status in self.lessons if not status.completed), None)
