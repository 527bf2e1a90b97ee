"""The ten learning modes: their stable ids, titles and one-line descriptions, and which
items each mode has in a lesson.

Pure lookups over a `Lesson`; the desk (`desk`) keeps where each learner stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content import Lesson
from bot.core.ports import TutorError

TEST_SIZE = 10  # questions in a "Test this pattern" run (fewer if the lesson has fewer)
SHEET = "sheet"  # the cheat sheet's one item


@dataclass(frozen=True)
class ModeInfo:
    id: str
    title: str
    description: str  # one line, under Discord's 100-character select-option limit


MODES: tuple[ModeInfo, ...] = (
    ModeInfo("steps", "Guided steps", "Hands-on coding steps with hints, checks and solutions."),
    ModeInfo("concepts", "Concepts first", "Short cards, one idea each, with a quick check."),
    ModeInfo("flashcards", "Flashcards", "Flip term and meaning cards; rate how well you knew."),
    ModeInfo("practice", "Practice", "Questions by difficulty, with explanations and hints."),
    ModeInfo("test", "Test this pattern", "10 questions, easy to hard, then a score and a plan."),
    ModeInfo("predict", "Predict the output", "Read a short snippet and pick what it prints."),
    ModeInfo("fix", "Fix the bug", "Broken code fails the checks; fix it and run it."),
    ModeInfo("fill", "Worked example, then fill the blanks", "A solved example, then your turn."),
    ModeInfo("cheatsheet", "Cheat sheet", "The lesson on one page: terms, patterns, mistakes."),
    ModeInfo("scenario", "Real-world case", "A workplace situation in a few decisions."),
)
MODE_IDS: tuple[str, ...] = tuple(m.id for m in MODES)

# modes whose items the desk serves itself (the others are TutorEngine flows)
DESK_MODES = ("concepts", "flashcards", "predict", "fix", "fill", "cheatsheet", "scenario")
ENGINE_MODES = ("steps", "practice", "test")
CHOICE_MODES = ("concepts", "predict", "scenario")


class UnknownMode(TutorError):
    def __init__(self, mode_id: str) -> None:
        self.mode_id = mode_id
        super().__init__(
            f"There is no learning mode called '{mode_id}'. Modes: {', '.join(MODE_IDS)}."
        )


class UnknownItem(TutorError):
    def __init__(self, lesson_id: str, mode_id: str, item: str) -> None:
        self.item = item
        super().__init__(f"Lesson '{lesson_id}' has no {mode_id} item '{item}'.")


def mode(mode_id: str) -> ModeInfo:
    """The mode with this id, or UnknownMode naming the ten."""
    for info in MODES:
        if info.id == mode_id:
            return info
    raise UnknownMode(mode_id)


def scenario_id(case_id: str, number: int) -> str:
    """A scenario item: "<case id>.<decision number, 1-based>"."""
    return f"{case_id}.{number}"


def item_ids(lesson: Lesson, mode_id: str) -> tuple[str, ...]:
    """The ids of the mode's items in the lesson, in the order they are served.

    For `test` these are every question that a test may draw (a run asks
    `item_count(lesson, "test")` of them)."""
    content = lesson.modes
    match mode(mode_id).id:
        case "steps":
            return tuple(str(step.index) for step in lesson.steps)
        case "practice" | "test":
            return tuple(q.id for q in lesson.questions)
        case "concepts":
            return tuple(c.id for c in content.concepts)
        case "flashcards":
            return tuple(c.id for c in content.flashcards)
        case "predict":
            return tuple(p.id for p in content.predict)
        case "fix":
            return tuple(f.id for f in content.fix)
        case "fill":
            return tuple(f.id for f in content.fill)
        case "cheatsheet":
            return (SHEET,) if content.cheatsheet is not None else ()
        case _:  # scenario
            return tuple(
                scenario_id(case.id, n)
                for case in content.cases
                for n in range(1, len(case.decisions) + 1)
            )


def item_count(lesson: Lesson, mode_id: str) -> int:
    """How many items finish the mode (a test asks at most TEST_SIZE questions)."""
    count = len(item_ids(lesson, mode_id))
    return min(TEST_SIZE, count) if mode_id == "test" else count


def missing_modes(lesson: Lesson) -> tuple[str, ...]:
    """Modes the lesson cannot offer for lack of content, in the catalogue's order."""
    return tuple(m.id for m in MODES if not item_ids(lesson, m.id))
