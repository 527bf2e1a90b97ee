"""A lesson question's fields as an author writes them: what is refused, and the words that
say why."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent


def load_with(tmp_path: Path, step: dict | None = None, **question_fields):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    data["questions"][0].update(question_fields)
    data["steps"][0].update(step or {})
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        return load_lesson_file(file), []
    except ContentError as error:
        return None, [(p.path, p.message) for p in error.problems]


def test_a_question_without_any_explanation_step_is_refused(tmp_path: Path):
    _, problems = load_with(tmp_path, explanation=[])
    assert problems == [("question 1 › explanation", "needs at least 1 item")]


def test_an_explanation_step_too_long_for_an_embed_field_says_so(tmp_path: Path):
    step = "Because " + "x" * 1100
    _, problems = load_with(tmp_path, explanation=[step])
    assert problems == [
        (
            "question 1 › explanation item 1",
            f"too long for Discord: {len(step):,} characters, limit 1,024 (embed field)",
        )
    ]


def test_an_output_of_code_flag_that_is_not_true_or_false_is_named(tmp_path: Path):
    _, problems = load_with(tmp_path, code="print(3)", output_of_code="yes")
    assert problems == [("question 1 › output_of_code", "expected true or false, got text")]


def test_a_starter_keeps_its_indentation_as_written(tmp_path: Path):
    lesson, problems = load_with(tmp_path, step={"starter": "    # your code here\n\n"})
    assert problems == []
    assert lesson.steps[0].starter == "    # your code here"


def test_an_output_of_code_question_without_code_says_what_it_needs(tmp_path: Path):
    _, problems = load_with(tmp_path, output_of_code=True)
    assert problems == [
        (
            "question 1 › output_of_code",
            "needs a `code` snippet: it is the code whose output is checked",
        )
    ]


def test_a_refused_question_does_not_claim_its_id(tmp_path: Path):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    broken = {**data["questions"][0], "explanation": []}
    data["questions"] = [broken, data["questions"][0]]
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        load_lesson_file(file)
    except ContentError as error:
        problems = [(p.path, p.message) for p in error.problems]
    assert problems == [("question 1 › explanation", "needs at least 1 item")]


def test_a_question_too_big_for_one_message_does_not_claim_its_id(tmp_path: Path):
    data = yaml.safe_load((HERE / "valid_tiny.yaml").read_text())
    big = {**data["questions"][0], "prompt": "p" * 4000, "code": "x = 1\n" * 600}
    data["questions"] = [big, data["questions"][0]]
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        load_lesson_file(file)
    except ContentError as error:
        problems = [(p.path, p.message) for p in error.problems]
    assert problems == [
        (
            "question 1",
            "too long for Discord: 7,651 characters, limit 4,096 "
            "(question card: prompt, code and options)",
        ),
        (
            "question 1",
            "too long for Discord: 7,670 characters, limit 6,000 "
            "(one message: the question and its explanation)",
        ),
    ]  # and no "duplicate question id" for the second, valid q1
