"""A step's checks and reference solution as an author writes them: what is refused, and
the words that say why."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent


def problems_with(tmp_path: Path, **step_fields) -> list[tuple[str, str]]:
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    data["steps"][0].update(step_fields)
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        load_lesson_file(file)
    except ContentError as error:
        return [(p.path, p.message) for p in error.problems]
    return []


def test_a_step_without_any_check_is_refused(tmp_path: Path):
    assert problems_with(tmp_path, checks=[]) == [("step 1 › checks", "needs at least 1 item")]


def test_a_solution_too_long_for_a_code_box_says_so(tmp_path: Path):
    solution = "\n".join(f"x = {n}" for n in range(800))
    ((path, message),) = problems_with(tmp_path, solution=solution)
    assert path == "step 1 › solution"
    assert message == f"too long for Discord: {len(solution):,} characters, limit 4,000 (code box)"


def test_a_solution_is_kept_as_written_so_an_indented_first_line_is_reported(tmp_path: Path):
    assert problems_with(tmp_path, solution="  x = 3") == [
        (
            "step 1 › solution",
            "the reference solution does not parse: unexpected indent (its line 1)",
        )
    ]
    assert problems_with(tmp_path, solution="\n\nx = 3\n\n") == []


def test_a_step_knows_the_file_line_its_solution_starts_on(tmp_path: Path):
    text = (HERE / "valid_tiny.yaml").read_text()
    assert text.count("    solution: x = 3\n") == 1
    file = tmp_path / "lesson.yaml"
    file.write_text(
        text.replace("    solution: x = 3\n", "    solution: |\n      x = 3\n      print(x)\n")
    )
    lesson = load_lesson_file(file)
    lines = file.read_text().splitlines()
    indicator = next(n for n, line in enumerate(lines, 1) if "solution: |" in line)
    assert lesson.steps[0].solution_line == indicator + 1  # a block: its text starts below
