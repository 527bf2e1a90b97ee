"""A lesson's own fields as an author writes them (packages, prerequisites, steps,
objectives, why, minutes): what is kept, what is refused, and where the problem is named."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent


def load_with(tmp_path: Path, **fields):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    data.update(fields)
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        return load_lesson_file(file), []
    except ContentError as error:
        return None, [(p.path, p.line, p.message) for p in error.problems]


def test_packages_prerequisites_goal_and_why_are_kept_as_written(tmp_path: Path):
    lesson, problems = load_with(
        tmp_path, packages=["numpy"], prerequisites=["intro"], solution_after_failures=2
    )
    assert problems == []
    assert lesson.packages == ("numpy",)
    assert lesson.prerequisites == ("intro",)
    assert lesson.goal == "Store a number."
    assert lesson.why_real_world == "Programs remember values."
    assert lesson.solution_after_failures == 2


def test_a_package_name_that_pip_would_refuse_is_named_at_its_item(tmp_path: Path):
    _, problems = load_with(tmp_path, packages=["numpy", "Not A Pkg"])
    assert problems == [("package 2", 34, "'Not A Pkg' is not a package name")]


def test_a_prerequisite_that_is_not_a_lesson_id_is_named_at_its_item(tmp_path: Path):
    _, problems = load_with(tmp_path, prerequisites=["Bad Id"])
    assert problems == [("prerequisite 1", 33, "'Bad Id' is not a lesson id")]


def test_a_prerequisite_named_twice_is_refused(tmp_path: Path):
    _, problems = load_with(tmp_path, prerequisites=["intro", "intro"])
    assert problems == [("prerequisites", 32, "names the same lesson twice")]


def test_a_lesson_needs_a_step_and_an_objective(tmp_path: Path):
    assert load_with(tmp_path, steps=[])[1] == [("steps", 12, "needs at least 1 item")]
    assert load_with(tmp_path, objectives=[])[1] == [("objectives", 7, "needs at least 1 item")]


def test_an_objective_or_a_why_too_long_for_an_embed_field_says_so(tmp_path: Path):
    long = "y" * 1025
    said = "too long for Discord: 1,025 characters, limit 1,024 (embed field)"
    assert ("objective 1", 8, said) in load_with(tmp_path, objectives=[long])[1]
    why = {"real_world": long, "career": "Every job uses variables."}
    assert load_with(tmp_path, why=why)[1] == [("why › real_world", 10, said)]


def test_a_text_exactly_at_its_limit_fits(tmp_path: Path):
    lesson, problems = load_with(tmp_path, objectives=["y" * 1024])
    assert problems == [] and lesson.objectives == ("y" * 1024,)


def test_the_solution_unlocks_after_three_failures_unless_the_lesson_says_otherwise(
    tmp_path: Path,
):
    assert load_with(tmp_path)[0].solution_after_failures == 3
    assert load_with(tmp_path, solution_after_failures=1)[0].solution_after_failures == 1
    assert load_with(tmp_path, solution_after_failures=0)[1] == [
        ("solution_after_failures", 32, "must be at least 1, got 0")
    ]


def test_a_lesson_without_a_position_comes_unnumbered(tmp_path: Path):
    assert load_with(tmp_path)[0].position == 0


def test_a_why_that_is_not_a_mapping_or_has_an_unknown_field_is_named(tmp_path: Path):
    assert load_with(tmp_path, why=["x"])[1] == [
        ("why", 9, "expected a mapping of fields (real_world, career), got a list")
    ]
    why = {"real_world": "a", "career": "b", "extra": 1}
    assert load_with(tmp_path, why=why)[1] == [
        ("why › extra", 12, "unknown field 'extra' (expected one of: real_world, career)")
    ]


def test_a_checks_own_failure_message_is_kept(tmp_path: Path):
    steps = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())["steps"]
    steps[0]["checks"][0]["message"] = "x should be 3"
    lesson, problems = load_with(tmp_path, steps=steps)
    assert problems == []
    assert lesson.steps[0].checks[0].message == "x should be 3"


def test_the_lesson_intro_must_fit_one_message_counting_every_part(tmp_path: Path):
    why = {"real_world": "w" * 1000, "career": "c" * 1000}
    parts = {"scenario": "s" * 2000, "goal": "g" * 1000, "objectives": ["o" * 1000], "why": why}
    _, problems = load_with(tmp_path, **parts)  # title "Tiny lesson" (11) + 6,000
    assert problems == [
        (
            "",
            1,
            "too long for Discord: 6,011 characters, limit 6,000 (one message: the lesson intro)",
        )
    ]
    parts["scenario"] = "s" * 1989  # exactly 6,000 fits
    assert load_with(tmp_path, **parts)[1] == []


def test_prose_is_stripped_and_a_value_that_is_not_text_is_named(tmp_path: Path):
    lesson, _ = load_with(tmp_path, title="  Tiny lesson  ")
    assert lesson.title == "Tiny lesson"
    assert load_with(tmp_path, title=3)[1] == [
        ("title", 2, "expected text, got a number (3) (put it in quotes)")
    ]
    assert load_with(tmp_path, title=["a"])[1] == [("title", 2, "expected text, got a list")]
