"""Which files `load_catalog` reads from a folder: a content root's `lessons/`, else the folder."""

from __future__ import annotations

from pathlib import Path

from bot.core.content import lesson_files


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id: x\n")
    return path


def test_a_content_root_is_read_from_its_lessons_folder_only(tmp_path: Path):
    lesson = touch(tmp_path / "lessons" / "first.yaml")
    touch(tmp_path / "banks" / "server.yaml")  # beside lessons/, not a lesson
    touch(tmp_path / "notes.yaml")
    assert lesson_files(tmp_path) == [lesson]


def test_a_folder_without_lessons_inside_is_read_itself_and_hidden_files_are_skipped(
    tmp_path: Path,
):
    first = touch(tmp_path / "a.yaml")
    second = touch(tmp_path / "more" / "b.yml")
    touch(tmp_path / ".backup.yaml")
    touch(tmp_path / ".git" / "c.yaml")
    assert lesson_files(tmp_path) == [first, second]


def test_one_file_is_read_as_itself_and_a_missing_folder_reads_nothing(tmp_path: Path):
    lesson = touch(tmp_path / "only.yaml")
    assert lesson_files(lesson) == [lesson]
    assert lesson_files(tmp_path / "absent") == []
