"""Issue 20, problems 6 and 7: lessons load from any folder, and one broken file blocks none."""

from __future__ import annotations

import shutil

from .runner import CONTENT, LESSON, STEP_CODE, block, stepwise

UNSET = {"STEPWISE_CONTENT": None, "STEPWISE_DB": None, "XDG_DATA_HOME": None}


def test_shipped_lessons_and_the_user_data_folder_from_any_folder(tmp_path):
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    listed = stepwise(tmp_path, "lessons", env=UNSET, cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    assert LESSON in listed.stdout
    database = tmp_path / ".local" / "share" / "stepwise" / "stepwise.db"
    assert f"Your progress is kept in {database}" in listed.stderr
    assert database.exists() and list(elsewhere.iterdir()) == []  # no data/ in the cwd

    studied = stepwise(
        tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]), env=UNSET, cwd=elsewhere
    )
    assert studied.returncode == 0 and "✓ Passed" in studied.stdout
    assert "Your progress is kept" not in studied.stderr  # said once, on first use

    xdg = tmp_path / "xdg"
    moved = stepwise(tmp_path, "lessons", env={**UNSET, "XDG_DATA_HOME": str(xdg)}, cwd=elsewhere)
    assert (xdg / "stepwise" / "stepwise.db").exists(), moved.stderr


def test_a_missing_content_folder_is_named_with_its_variable(tmp_path):
    missing = tmp_path / "no-such-content"
    done = stepwise(tmp_path, "lessons", env={"STEPWISE_CONTENT": str(missing)})
    assert done.returncode == 1
    assert f"{missing}: no such folder or file" in done.stderr
    assert f"Lessons are read from {missing} (set by STEPWISE_CONTENT)." in done.stderr

    check = stepwise(tmp_path, "content", "check", env={"STEPWISE_CONTENT": str(missing)})
    assert check.returncode == 2
    assert f"no lessons to check: {missing} (set by STEPWISE_CONTENT) does not exist" in (
        check.stderr
    )


def test_one_broken_file_is_named_and_the_others_still_load(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    broken = content / "lessons" / "broken.yaml"
    broken.write_text("title: x: y\n", encoding="utf-8")
    env = {"STEPWISE_CONTENT": str(content)}

    listed = stepwise(tmp_path, "lessons", env=env)
    assert listed.returncode == 0, listed.stderr
    assert LESSON in listed.stdout
    assert "warning: 1 lesson file could not be loaded and is left out" in listed.stderr
    assert f"{broken}:1" in listed.stderr

    studied = stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]), env=env)
    assert studied.returncode == 0 and "✓ Passed" in studied.stdout
    assert str(broken) in studied.stderr

    check = stepwise(tmp_path, "content", "check", env=env)
    assert check.returncode == 1 and f"{broken}:1" in check.stdout
