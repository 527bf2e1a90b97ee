"""The README's lesson-author recipe works as written: the minimal lesson passes `content
check` and can be taken with STEPWISE_CONTENT (issue 20, problem 9)."""

from __future__ import annotations

from .runner import REPO, block, stepwise


def test_the_authors_minimal_lesson_checks_and_studies(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("`my-lessons/lessons/hello.yaml`:\n\n```yaml\n", 1)[1].split("```")[0]
    lessons = tmp_path / "my-lessons" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "hello.yaml").write_text(recipe, encoding="utf-8")

    checked = stepwise(tmp_path, "content", "check", "my-lessons", env={"STEPWISE_CONTENT": None})
    assert checked.returncode == 0, checked.stdout + checked.stderr
    studied = stepwise(
        tmp_path,
        "study",
        "hello-python",
        stdin=block('greeting = "Hello"'),
        env={"STEPWISE_CONTENT": "my-lessons"},
    )
    assert "Lesson complete: Hello, Python. Progress 1 / 1 solved." in studied.stdout


def test_the_quickstart_makes_and_uses_a_virtualenv():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    commands = quickstart.strip().splitlines()
    assert len(commands) == 2  # .ci/run runs both as written
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
