"""The README's lesson-author recipe works as written: the minimal lesson passes `content
check` and can be taken with STEPWISE_CONTENT (issue 20, problem 9)."""

from __future__ import annotations

from .runner import REPO, STEP_CODE, block, stepwise


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


def test_the_quickstarts_way_in_is_the_lesson_card_and_its_steps_solve_it(tmp_path):
    """The first Quickstart command ends in `stepwise learn what-is-mlops`; fed what .ci/run
    feeds it ("1" for Guided steps, then the four steps), it completes the lesson."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    first = quickstart.strip().splitlines()[0].split("#", 1)[0]
    command = first.rsplit("&& ", 1)[1].split()
    assert command == ["stepwise", "learn", "what-is-mlops"]
    script = "1\n" + "".join(block(STEP_CODE[n]) for n in range(1, 5))
    done = stepwise(tmp_path, *command[1:], stdin=script)
    assert done.returncode == 0, done.stderr
    assert "Choose your learning style — 10 modes available" in done.stdout
    assert "Lesson complete" in done.stdout
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "printf '1\\n%s' \"$solve\"" in ci and 'bash -c "${quickstart[0]}"' in ci
