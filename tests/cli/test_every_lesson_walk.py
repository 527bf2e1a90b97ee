"""Every shipped lesson, taken in the terminal with its reference solutions, ends complete
(issue 12: the course works end to end, not only step by step in the sandbox)."""

from __future__ import annotations

import pytest

from bot.core.content import load_catalog

from .runner import CONTENT, stepwise

CATALOG = load_catalog(CONTENT)


@pytest.mark.parametrize("lesson", CATALOG.lessons, ids=lambda lesson: lesson.id)
def test_the_reference_solutions_complete_the_lesson(tmp_path, lesson):
    blocks = "".join(f":code\n{step.solution.rstrip()}\n:end\n" for step in lesson.steps)
    done = stepwise(tmp_path, "study", lesson.id, stdin=blocks + "n\n")
    assert done.returncode == 0, done.stderr
    total = len(lesson.steps)
    assert done.stdout.count("✓ Passed") == total, done.stdout
    assert f"Lesson complete: {lesson.title}. Progress {total} / {total} solved." in done.stdout
