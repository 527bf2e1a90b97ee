"""Turning one parsed lesson file into a `Lesson`, or into the list of what is wrong with it.

The field tables below are the lesson format; `content/schema.json` mirrors them for
editors and a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

from bot.core.content import limits
from bot.core.content.check_fields import read_check
from bot.core.content.fields import Reader, too_long, unparsable
from bot.core.content.mode_reader import read_modes, topic_problems
from bot.core.content.models import Difficulty, Lesson, Option, Question, Step, option_letter
from bot.core.content.option_reader import OPTION_FIELDS as OPTION_FIELDS  # the format
from bot.core.content.option_reader import read_options
from bot.core.content.yaml_source import Path, format_path

LESSON_FIELDS = {
    "id": True,
    "title": True,
    "track": True,
    "tags": False,
    "minutes": True,
    "scenario": True,
    "goal": True,
    "objectives": True,
    "why": True,
    "solution_after_failures": False,
    "packages": False,
    "position": False,
    "prerequisites": False,
    "steps": True,
    "questions": False,
    "modes": False,
}
WHY_FIELDS = {"real_world": True, "career": True}
STEP_FIELDS = {
    "title": True,
    "instructions": True,
    "hints": True,
    "checks": True,
    "solution": True,
    "starter": False,
}
QUESTION_FIELDS = {
    "id": True,
    "prompt": True,
    "code": False,
    "output_of_code": False,
    "difficulty": True,
    "options": True,
    "explanation": True,
    "hint": False,
    "mistakes": False,
    "quick_check": False,
    "topic": False,
}
DIFFICULTIES = tuple(d.value for d in Difficulty)

_FIELD = limits.EMBED_FIELD_VALUE


def read_lesson(reader: Reader) -> Lesson | None:
    """The lesson in `reader`'s document, or None if anything was reported."""
    before = len(reader.problems)
    data = reader.fields(reader.document.data, (), LESSON_FIELDS)
    if data is None:
        return None
    root: Path = ()
    lesson_id = reader.identifier(data, root)
    scenario = reader.text(
        data, root, "scenario", limit=limits.EMBED_DESCRIPTION, where="embed description"
    )
    goal = reader.text(data, root, "goal", limit=_FIELD, where="embed field")
    objectives = reader.texts(
        data, root, "objectives", minimum=1, limit=_FIELD, where="embed field"
    )
    _fits(reader, ("objectives",), "\n".join(objectives), _FIELD, "embed field")
    why = reader.fields(data["why"], ("why",), WHY_FIELDS) if "why" in data else None
    why = why or {}
    lesson = Lesson(
        id=lesson_id,
        title=reader.text(data, root, "title", limit=limits.EMBED_TITLE, where="embed title"),
        track=reader.text(data, root, "track", limit=limits.TRACK, where="track"),
        tags=reader.texts(data, root, "tags", limit=limits.TAG, where="tag"),
        minutes=reader.integer(data, root, "minutes", default=0, minimum=1),
        scenario=scenario,
        goal=goal,
        objectives=objectives,
        why_real_world=reader.text(why, ("why",), "real_world", limit=_FIELD, where="embed field"),
        why_career=reader.text(why, ("why",), "career", limit=_FIELD, where="embed field"),
        steps=_steps(reader, data),
        questions=_questions(reader, data, lesson_id),
        solution_after_failures=reader.integer(
            data, root, "solution_after_failures", default=3, minimum=1
        ),
        packages=_packages(reader, data),
        position=reader.integer(data, root, "position", default=0, minimum=1),
        prerequisites=_prerequisites(reader, data, lesson_id),
        source=reader.file,
        modes=read_modes(reader, data),
    )
    topic_problems(reader, data)
    intro = len(lesson.title) + len(scenario) + len(goal) + sum(map(len, objectives))
    intro += len(lesson.why_real_world) + len(lesson.why_career)
    if intro > limits.EMBED_TOTAL:
        reader.problem(root, too_long(intro, limits.EMBED_TOTAL, "one message: the lesson intro"))
    return lesson if len(reader.problems) == before else None


def _fits(reader: Reader, path: Path, text: str, limit: int, where: str) -> None:
    if limit and len(text) > limit:
        reader.problem(path, too_long(len(text), limit, where))


def _packages(reader: Reader, data: dict[str, Any]) -> tuple[str, ...]:
    names = reader.texts(data, (), "packages")
    for index, name in enumerate(names):
        if name and not limits.PACKAGE_PATTERN.fullmatch(name):
            reader.problem(("packages", index), f"{name!r} is not a package name")
    return names


def _prerequisites(reader: Reader, data: dict[str, Any], lesson_id: str) -> tuple[str, ...]:
    """Lesson ids; whether they exist is checked across the catalog (`tracks.order_problems`)."""
    ids = reader.texts(data, (), "prerequisites")
    for index, other in enumerate(ids):
        if other and not limits.ID_PATTERN.fullmatch(other):
            reader.problem(("prerequisites", index), f"{other!r} is not a lesson id")
        elif other == lesson_id:
            reader.problem(("prerequisites", index), "a lesson cannot be its own prerequisite")
    if len(set(ids)) < len(ids):
        reader.problem(("prerequisites",), "names the same lesson twice")
    return ids


# ------------------------------------------------------------------ steps


def _steps(reader: Reader, data: dict[str, Any]) -> tuple[Step, ...]:
    steps = []
    for index, raw in enumerate(reader.items(data, (), "steps", minimum=1)):
        step = _step(reader, raw, ("steps", index), index + 1)
        if step is not None:
            steps.append(step)
    return tuple(steps)


def _step(reader: Reader, raw: Any, path: Path, number: int) -> Step | None:
    data = reader.fields(raw, path, STEP_FIELDS)
    if data is None:
        return None
    checks = [
        read_check(reader, check, (*path, "checks", index))
        for index, check in enumerate(reader.items(data, path, "checks", minimum=1))
    ]
    solution = reader.text(data, path, "solution", limit=limits.CODE, where="code box", code=True)
    solution_line = reader.document.code_line((*path, "solution"))
    if solution:
        _parses(reader, (*path, "solution"), solution, solution_line)
    return Step(
        index=number,
        title=reader.text(data, path, "title", limit=limits.STEP_TITLE, where="step title"),
        instructions=reader.text(
            data, path, "instructions", limit=limits.EMBED_DESCRIPTION, where="embed description"
        ),
        hints=reader.texts(data, path, "hints", minimum=1, limit=_FIELD, where="embed field"),
        checks=tuple(check for check in checks if check is not None),
        solution=solution,
        starter=reader.text(data, path, "starter", limit=limits.CODE, where="code box", code=True),
        solution_line=solution_line,
    )


def _parses(reader: Reader, path: Path, code: str, first_line: int | None) -> None:
    try:
        compile(code, "<solution>", "exec")
    except (SyntaxError, ValueError) as error:
        lineno = getattr(error, "lineno", None)
        at = None if first_line is None or lineno is None else first_line + lineno - 1
        reader.problem(path, f"the reference solution does not parse: {unparsable(error)}", line=at)


# ------------------------------------------------------------------ questions


def read_questions(reader: Reader, data: dict[str, Any], lesson_id: str) -> tuple[Question, ...]:
    """The valid questions of `data["questions"]`, every problem reported to `reader`.

    The one place that decides what a valid question is: lesson files, the per-server
    question bank (typed in Discord or imported as YAML) and its export all go through it.
    """
    return _questions(reader, data, lesson_id)


def _questions(reader: Reader, data: dict[str, Any], lesson_id: str) -> tuple[Question, ...]:
    questions: list[Question] = []
    first_seen: dict[str, int] = {}
    for index, raw in enumerate(reader.items(data, (), "questions")):
        path: Path = ("questions", index)
        question = _question(reader, raw, path, lesson_id)
        if question is None:
            continue
        if question.id in first_seen:
            where = format_path(("questions", first_seen[question.id]))
            reader.problem(
                (*path, "id"), f"duplicate question id {question.id!r} (first used by {where})"
            )
            continue
        first_seen[question.id] = index
        questions.append(question)
    return tuple(questions)


def _question(reader: Reader, raw: Any, path: Path, lesson_id: str) -> Question | None:
    before = len(reader.problems)
    data = reader.fields(raw, path, QUESTION_FIELDS)
    if data is None:
        return None
    difficulty = None
    if "difficulty" in data:
        difficulty = reader.choice(
            data["difficulty"], (*path, "difficulty"), DIFFICULTIES, "difficulty"
        )
    question = Question(
        id=reader.identifier(data, path),
        prompt=reader.text(
            data, path, "prompt", limit=limits.EMBED_DESCRIPTION, where="embed description"
        ),
        difficulty=Difficulty(difficulty or "easy"),
        options=_options(reader, data, path),
        explanation=reader.texts(
            data, path, "explanation", minimum=1, limit=_FIELD, where="embed field"
        ),
        hint=reader.text(data, path, "hint", limit=_FIELD, where="embed field"),
        mistakes=reader.texts(data, path, "mistakes", limit=_FIELD, where="embed field"),
        quick_check=reader.text(data, path, "quick_check", limit=_FIELD, where="embed field"),
        code=reader.text(data, path, "code", limit=limits.CODE, where="code box", code=True),
        output_of_code=reader.boolean(data, path, "output_of_code", default=False),
        lesson_id=lesson_id,
        topic=reader.identifier(data, path, "topic"),
    )
    if question.output_of_code and "code" not in data:
        needs = "needs a `code` snippet: it is the code whose output is checked"
        reader.problem((*path, "output_of_code"), needs)
    if len(reader.problems) > before:
        return None
    _question_fits(reader, path, question)
    return question if len(reader.problems) == before else None


def _options(reader: Reader, data: dict[str, Any], path: Path) -> tuple[Option, ...]:
    return read_options(reader, data, path, limits.MIN_OPTIONS, limits.MAX_OPTIONS, "a question")


def _question_fits(reader: Reader, path: Path, question: Question) -> None:
    """The question card (prompt, code, options) and its reveal must fit one message."""
    code = f"\n\n```py\n{question.code}\n```" if question.code else ""
    listing = "".join(f"\n{option_letter(i)}. {o.text}" for i, o in enumerate(question.options))
    card = len(question.prompt) + len(code) + 2 + len(listing)
    if card > limits.EMBED_DESCRIPTION:
        reader.problem(
            path,
            too_long(card, limits.EMBED_DESCRIPTION, "question card: prompt, code and options"),
        )
    mistakes = sum(len(m) + 3 for m in question.mistakes)
    if mistakes > _FIELD:
        reader.problem(
            (*path, "mistakes"), too_long(mistakes, _FIELD, "embed field: all mistakes together")
        )
    fields = len(question.explanation) + 3
    if fields > limits.EMBED_FIELDS:
        reader.problem(
            (*path, "explanation"),
            f"has {len(question.explanation)} steps; at most {limits.EMBED_FIELDS - 3} fit",
        )
    total = (
        card
        + sum(map(len, question.explanation))
        + mistakes
        + len(question.hint)
        + len(question.quick_check)
    )
    if total > limits.EMBED_TOTAL:
        where = "one message: the question and its explanation"
        reader.problem(path, too_long(total, limits.EMBED_TOTAL, where))
