"""Domain errors the engine raises when a learner asks for something the rules don't allow.

Adapters catch `TutorError` and show `.message` to the learner as is: it is written for
them, in plain words, and never contains Discord or terminal formatting.

    TutorError
    ├── UnknownLesson          no lesson with that id (carries the known ids)
    ├── UnknownQuestion        no question with that id in the lesson
    ├── UnknownTestSession     a test session id that does not parse or belongs elsewhere
    ├── InvalidChoice          an option index outside the question's options
    ├── NoActiveLesson         "continue" without a lesson in progress
    ├── LessonComplete         submitting/hinting on a finished lesson
    ├── SolutionLocked         the solution needs more attempts (carries how many)
    ├── NoMoreHints            every hint of the step has been shown
    ├── NotYourSession         a button pressed by someone else (Discord layer)
    └── EvaluationInProgress   a second submission while one is still running

Executor failures (`ExecutorBusy`, `ExecutorUnavailable` in `bot.core.ports`) are not
TutorErrors: they are about the machine, not the learner, and are never recorded as attempts.
"""

from __future__ import annotations

from collections.abc import Iterable


class TutorError(Exception):
    """Base class: `message` is a complete sentence fit to show the learner."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class UnknownLesson(TutorError):
    def __init__(self, lesson_id: str, known: Iterable[str] = ()):
        self.lesson_id = lesson_id
        self.known = tuple(known)
        listing = f" Known lessons: {', '.join(self.known)}." if self.known else ""
        super().__init__(f"There is no lesson called '{lesson_id}'.{listing}")


class UnknownQuestion(TutorError):
    def __init__(self, lesson_id: str, question_id: str):
        self.lesson_id = lesson_id
        self.question_id = question_id
        super().__init__(f"Lesson '{lesson_id}' has no question '{question_id}'.")


class UnknownTestSession(TutorError):
    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"That test ({session_id!r}) no longer exists; start a new one.")


class InvalidChoice(TutorError):
    def __init__(self, choice: int, options: int):
        self.choice = choice
        self.options = options
        super().__init__(f"Choose one of the {options} options (A–{'ABCDE'[options - 1]}).")


class NoActiveLesson(TutorError):
    def __init__(self) -> None:
        super().__init__("You have no lesson in progress. Pick a lesson to start one.")


class LessonComplete(TutorError):
    def __init__(self, lesson_id: str):
        self.lesson_id = lesson_id
        super().__init__(f"You have already completed '{lesson_id}'. Reset it to take it again.")


class SolutionLocked(TutorError):
    def __init__(self, remaining: int, lesson_id: str = ""):
        self.remaining = remaining
        self.lesson_id = lesson_id
        attempts = "attempt" if remaining == 1 else "attempts"
        super().__init__(
            f"The solution unlocks after {remaining} more failed {attempts}. "
            "Try a hint first, or give up on the step to see it now."
        )


class NoMoreHints(TutorError):
    def __init__(self, total: int, lesson_id: str = ""):
        self.total = total
        self.lesson_id = lesson_id
        shown = "the only hint" if total == 1 else f"all {total} hints"
        if total == 0:
            super().__init__("This step has no hints.")
        else:
            super().__init__(f"You have seen {shown} for this step.")


class NotYourSession(TutorError):
    def __init__(self) -> None:
        super().__init__("This session belongs to someone else. Start your own to join in.")


class EvaluationInProgress(TutorError):
    def __init__(self) -> None:
        super().__init__(
            "Still checking your last submission: its verdict is on its way, then try again."
        )


class StarterUnchanged(TutorError):
    """The submission is the step's starter code as given: nothing is run or counted."""

    def __init__(self, step: int) -> None:
        self.step = step
        super().__init__(
            f"You have not changed the starter code of step {step} yet: write your answer "
            "into it, then submit (this did not count as an attempt)."
        )
