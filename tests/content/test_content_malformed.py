"""Each malformed lesson is rejected with a message naming its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import ContentError, load_catalog, load_lesson_file

MALFORMED = Path(__file__).parent / "malformed"

# fixture -> (line, path, message substring); each fixture has exactly this one problem.
EXPECTED = {
    "syntax_error": (
        7,
        "",
        "YAML syntax error: while parsing a flow sequence started on line 6",
    ),
    "empty": (1, "", "the file is empty"),
    "not_a_mapping": (1, "", "expected a mapping of fields (id, title,"),
    "duplicate_field": (5, "minutes", "duplicate field (first set on line 4)"),
    "unknown_field": (5, "difficulty", "unknown field 'difficulty' (expected one of: id, title"),
    "missing_solution": (10, "step 1", "missing field 'solution'"),
    "wrong_type": (4, "minutes", "expected a whole number, got text"),
    "bad_lesson_id": (1, "id", "'Tiny_Lesson' is not a valid id: lowercase letters"),
    "unknown_check": (
        14,
        "step 1 › check 1",
        "unknown check 'equal' (expected one of: defined, type, equals, nonempty_string, "
        "mentions, output, uses, expr, calls); did you mean 'equals'?",
    ),
    "check_names_no_variable": (
        14,
        "step 1 › check 1",
        "check 'defined' names no variable: add `name: <variable>`",
    ),
    "bad_variable_name": (
        14,
        "step 1 › check 1 › name",
        "expected a Python variable name, got '3x'",
    ),
    "bad_type_choice": (
        14,
        "step 1 › check 1 › type",
        "unknown type 'string' (expected one of: str, int,",
    ),
    "bad_construct": (
        14,
        "step 1 › check 1 › construct",
        "unknown construct 'for' (expected one of: for_loop,",
    ),
    "bad_output_mode": (
        14,
        "step 1 › check 1 › mode",
        "unknown mode 'exact' (expected one of: equals, contains)",
    ),
    "lines_item_bad": (
        14,
        "step 1 › check 1 › line 1",
        "expected text or {name: variable}, got a mapping",
    ),
    "expr_without_message": (14, "step 1 › check 1", "check 'expr' needs a 'message'"),
    "expr_does_not_parse": (14, "step 1 › check 1 › expr", "expression does not parse"),
    "no_hints": (12, "step 1 › hints", "needs at least 1 item"),
    "solution_does_not_parse": (
        15,
        "step 1 › solution",
        "the reference solution does not parse: invalid syntax (its line 1)",
    ),
    "no_correct_option": (
        20,
        "question 1 › options",
        "no option is marked `correct: true`; exactly one must be",
    ),
    "two_correct_options": (
        20,
        "question 1 › options",
        "options A and B are both marked correct; exactly one must be",
    ),
    "one_option": (20, "question 1 › options", "has 1 option(s); a question needs 2 to 5"),
    "six_options": (20, "question 1 › options", "has 6 option(s); a question needs 2 to 5"),
    "long_option_text": (
        22,
        "question 1 › option 2 › text",
        "too long for Discord: 95 characters, limit 80 (button label)",
    ),
    "option_text_number": (
        22,
        "question 1 › option 2 › text",
        "expected text, got a number (42) (put it in quotes)",
    ),
    "bad_difficulty": (
        19,
        "question 1 › difficulty",
        "unknown difficulty 'expert' (expected one of: easy, medium, hard)",
    ),
    "duplicate_question_id": (
        24,
        "question 2 › id",
        "duplicate question id 'q1' (first used by question 1)",
    ),
    "output_of_code_without_code": (
        20,
        "question 1 › output_of_code",
        "needs a `code` snippet: it is the code whose output is checked",
    ),
    "question_too_long": (
        17,
        "question 1",
        "too long for Discord: 4,320 characters, limit 4,096 "
        "(question card: prompt, code and options)",
    ),
}


def _problems(name: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_lesson_file(MALFORMED / f"{name}.yaml")
    return caught.value


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {path.stem for path in MALFORMED.glob("*.yaml")} - {
        "several_problems",
        "misspelt_field",
    }
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_lesson_is_rejected_with_located_message(name: str) -> None:
    line, path, message = EXPECTED[name]
    error = _problems(name)
    assert len(error.problems) == 1, str(error)
    problem = error.problems[0]
    file = str(MALFORMED / f"{name}.yaml")
    assert (problem.file, problem.line, problem.path) == (file, line, path)
    assert message in problem.message
    where = f"{file}:{line} {path}:" if path else f"{file}:{line}:"
    assert str(problem).startswith(where)
    assert str(error) == str(problem)


def test_misspelt_field_suggests_the_close_name_and_reports_the_missing_one() -> None:
    error = _problems("misspelt_field")
    assert [str(p).split(" ", 1)[1] for p in error.problems] == [
        "step 1: missing field 'hints'",
        "step 1 › hint: unknown field 'hint'; did you mean 'hints'?",
    ]
    assert [p.line for p in error.problems] == [10, 12]  # file order


def test_all_problems_of_one_file_are_reported_together() -> None:
    error = _problems("several_problems")
    assert [(p.line, p.path) for p in error.problems] == [
        (1, ""),
        (4, "minutes"),
        (13, "step 1 › check 1"),
        (19, "question 1 › options"),
    ]
    text = str(error)
    assert "missing field 'goal'" in text
    assert "must be at least 1, got 0" in text
    assert "unknown check 'equal'" in text
    assert "no option is marked `correct: true`" in text
    assert len(text.splitlines()) == 4


def test_catalog_collects_problems_from_every_file(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    for name in ("unknown_check", "wrong_type", "bad_difficulty"):
        (lessons / f"{name}.yaml").write_text((MALFORMED / f"{name}.yaml").read_text())
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    assert [Path(p.file).name for p in caught.value.problems] == [
        "bad_difficulty.yaml",
        "unknown_check.yaml",
        "wrong_type.yaml",
    ]
