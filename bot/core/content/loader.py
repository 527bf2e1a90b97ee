"""Loading lesson content: YAML files in, a validated, immutable `Catalog` out.

Every surface (Discord, terminal, CLI tools) gets lessons from here. Loading either
succeeds completely or raises `ContentError` listing every problem of every file, each
with file, line and field path, so a broken lesson never half-loads.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.core.content.fields import Reader
from bot.core.content.lesson_reader import read_lesson
from bot.core.content.models import Difficulty, Lesson, Question
from bot.core.content.problems import ContentError, Problem
from bot.core.content.tracks import order_problems
from bot.core.content.yaml_source import format_path, read_yaml

__all__ = [
    "Catalog",
    "ContentError",
    "Problem",
    "keep_live",
    "lesson_files",
    "load_catalog",
    "load_lesson_file",
]

LESSON_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Catalog:
    """All lessons, in file-name order, with lookups the surfaces need."""

    lessons: tuple[Lesson, ...]
    broken: tuple[Problem, ...] = field(default=(), compare=False)  # files left out (partial)
    _by_id: MappingProxyType[str, Lesson] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = MappingProxyType({lesson.id: lesson for lesson in self.lessons})
        object.__setattr__(self, "_by_id", by_id)

    def __len__(self) -> int:
        return len(self.lessons)

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self.lessons)

    def get(self, lesson_id: str) -> Lesson | None:
        return self._by_id.get(lesson_id)

    @property
    def broken_files(self) -> tuple[str, ...]:
        """Files a partial load left out, in file order."""
        return tuple(dict.fromkeys(problem.file for problem in self.broken))

    def search(self, text: str, limit: int = 25) -> list[Lesson]:
        """Lessons whose id or title contains `text` (any case), prefix matches first.

        Built for slash-command autocomplete: an empty query lists lessons in order.
        """
        needle = text.strip().casefold()
        ranked: list[tuple[int, int, Lesson]] = []
        for position, lesson in enumerate(self.lessons):
            rank = _match_rank(needle, lesson)
            if rank is not None:
                ranked.append((rank, position, lesson))
        ranked.sort(key=lambda item: item[:2])
        return [lesson for _, _, lesson in ranked[: max(limit, 0)]]

    def questions(
        self, lesson_id: str | None = None, difficulty: Difficulty | None = None
    ) -> list[Question]:
        """Questions of one lesson (or of all), optionally of one difficulty, in file order."""
        lessons = self.lessons if lesson_id is None else [self.get(lesson_id)]
        return [
            question
            for lesson in lessons
            if lesson is not None
            for question in lesson.questions
            if difficulty is None or question.difficulty == difficulty
        ]


def _match_rank(needle: str, lesson: Lesson) -> int | None:
    """0: id or title starts with it; 1: a title word does; 2: it appears anywhere."""
    lesson_id, title = lesson.id.casefold(), lesson.title.casefold()
    if lesson_id.startswith(needle) or title.startswith(needle):
        return 0
    if any(word.startswith(needle) for word in title.split()):
        return 1
    if needle in lesson_id or needle in title:
        return 2
    return None


def load_lesson_file(path: Path) -> Lesson:
    """One validated lesson; raises `ContentError` listing every problem in the file."""
    problems: list[Problem] = []
    lesson, _ = _read_lesson(Path(path), problems)
    if lesson is None or problems:
        raise ContentError(problems)
    return lesson


def load_catalog(root: Path, *, partial: bool = False) -> Catalog:
    """Every lesson under `root`, validated together; raises `ContentError` for any problem.

    `root` may be a content folder (lessons in `root/lessons/`), a lessons folder, or one
    lesson file. Lesson ids must be unique across all files. With `partial`, a file with
    problems is left out and its problems kept in `Catalog.broken`, so one broken file
    never blocks the others; `ContentError` then means there is no lesson file at all.
    """
    root = Path(root)
    files = lesson_files(root)
    problems: list[Problem] = []
    if not files:
        reason = (
            "no such folder or file"
            if not root.exists()
            else "no lesson files (*.yaml) in this folder or its lessons/ folder"
        )
        raise ContentError([Problem(str(root), None, "", reason)])
    lessons: list[Lesson] = []
    first: dict[str, Lesson] = {}
    lines: dict[str, Callable[[tuple[str | int, ...]], int | None]] = {}
    with _collector_paused():
        for file in files:
            lesson, line_of = _read_lesson(file, problems)
            if lesson is None or line_of is None:
                continue
            id_line = line_of(("id",))
            if lesson.id in first:
                used_by = first[lesson.id].source
                message = f"duplicate lesson id {lesson.id!r} (already used by {used_by})"
                problems.append(Problem(lesson.source, id_line, "id", message))
                continue
            first[lesson.id] = lesson
            lines[lesson.id] = line_of
            lessons.append(lesson)
    for lesson, where, message in order_problems(lessons):
        line = lines[lesson.id](where)
        problems.append(Problem(lesson.source, line, format_path(where), message))
    if problems and not partial:
        raise ContentError(problems)
    return Catalog(tuple(lessons), broken=tuple(problems))


def keep_live(old: Catalog, new: Catalog) -> Catalog:
    """`new` (a partial load) plus the `old` lessons of files that are broken now, so an
    author's half-edited file never takes a lesson away from learners mid-way."""
    broken = set(new.broken_files)
    ids = {lesson.id for lesson in new.lessons}
    kept = [lesson for lesson in old.lessons if lesson.source in broken and lesson.id not in ids]
    if not kept:
        return new
    return Catalog(new.lessons + tuple(kept), broken=new.broken)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk load.

    Parsing allocates ~500 node objects per lesson that live until the lesson is validated;
    the collector kept re-tracing them (a quarter of the load time for 200 lessons). What a
    load leaves behind has no cycles to speak of; the collector resumes right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lesson_files(root: Path) -> list[Path]:
    """The lesson files `load_catalog(root)` reads, in order; hidden files (editor backups,
    `.git`) are skipped."""
    root = Path(root)
    if root.is_file():
        return [root]
    folder = root / "lessons" if (root / "lessons").is_dir() else root
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in LESSON_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and path.is_file()
    )


def _read_lesson(
    path: Path, problems: list[Problem]
) -> tuple[Lesson | None, Callable[[tuple[str | int, ...]], int | None] | None]:
    """The lesson in `path` (None if it has problems) and where its fields are written."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        problems.append(Problem(file, None, "", f"cannot read the file: {reason}"))
        return None, None

    found: list[Problem] = []

    def report(line: int | None, where: tuple[str | int, ...], message: str) -> None:
        found.append(Problem(file, line, format_path(where), message))

    document = read_yaml(text, report)
    lesson = None if document is None else read_lesson(Reader(file, document, found))
    problems.extend(sorted(found, key=lambda problem: problem.line or 0))  # file order
    if document is None or found:
        return None, None
    return lesson, document.line
