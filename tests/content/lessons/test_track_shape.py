"""Every new MLOps track lesson has the shape issue #12 asks for: at least four steps with
three progressive hints and starter code, and a bank of at least 15 questions with at
least four per difficulty, each with the parts a learner reads after answering."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.core.content import load_catalog

CONTENT = Path(__file__).resolve().parents[3] / "content"

TRACK = [
    lesson
    for lesson in load_catalog(CONTENT).lessons
    if lesson.track == "mlops" and lesson.id != "what-is-mlops"  # the seed keeps its 10
]


WRITTEN = {
    "model-registry",
    "model-serving",
    "monitoring-drift",
    "ci-cd-retraining",
    "ml-lifecycle",
    "data-validation",
    "reproducible-training",
}  # positions 2-5 of the track, as they land


def test_the_track_has_its_new_lessons():
    assert {lesson.id for lesson in TRACK} >= WRITTEN


@pytest.mark.parametrize("lesson", TRACK, ids=lambda lesson: lesson.id)
def test_lesson_shape(lesson):
    assert len(lesson.steps) >= 4
    for step in lesson.steps:
        assert len(step.hints) == 3, step.title
        assert step.starter.strip(), step.title
    assert len(lesson.questions) >= 15
    per_level = Counter(q.difficulty for q in lesson.questions)
    assert all(per_level[level] >= 4 for level in ("easy", "medium", "hard")), per_level
    for question in lesson.questions:
        assert question.hint and question.quick_check and question.mistakes, question.id
        assert question.explanation[-1].startswith("Final answer:"), question.id
