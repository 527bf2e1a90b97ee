"""A lesson file that cannot be read, is empty, holds a character YAML refuses, or has
several questions wrong: each problem is reported, with its file, place and words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent


def problems_of(file: Path) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(ContentError) as raised:
        load_lesson_file(file)
    return [(p.file, p.line, p.path, p.message) for p in raised.value.problems]


def test_a_file_that_cannot_be_read_says_why_in_the_systems_words(tmp_path: Path):
    folder = tmp_path / "lesson.yaml"
    folder.mkdir()
    assert problems_of(folder) == [(str(folder), None, "", "cannot read the file: Is a directory")]


def test_an_empty_file_says_what_a_lesson_is(tmp_path: Path):
    file = tmp_path / "lesson.yaml"
    file.write_text("\n")
    assert problems_of(file) == [
        (str(file), 1, "", "the file is empty; a lesson is a mapping of fields (id, title, ...)")
    ]


def test_a_character_yaml_refuses_is_named_with_yamls_words(tmp_path: Path):
    file = tmp_path / "lesson.yaml"
    file.write_text("id: tiny\ntitle: a bell \x07 here\n")
    ((name, line, path, message),) = problems_of(file)
    assert (name, line, path) == (str(file), None, "")
    assert message.startswith("YAML syntax error: unacceptable character #x0007")


def test_every_refused_question_is_reported_not_only_the_first(tmp_path: Path):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    good = data["questions"][0]
    data["questions"] = [
        {**good, "explanation": []},
        {**good, "id": "q2"},
        {**good, "id": "q2"},
        {**good, "id": "q3", "difficulty": "impossible"},
    ]
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    paths = [path for _, _, path, _ in problems_of(file)]
    assert paths == ["question 1 › explanation", "question 3 › id", "question 4 › difficulty"]
