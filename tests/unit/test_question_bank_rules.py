"""The question bank's rules: a form or a file is judged by the lesson rules."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.content import load_lesson_file
from bot.core.ports import BankQuestion, BankStatus
from bot.core.quiz.bank import (
    BANK_LESSON,
    Draft,
    body_of,
    check_draft,
    draft_of,
    question_of,
)
from bot.core.quiz.bank_yaml import export_yaml, import_yaml

GOOD = Draft(
    prompt="Which pandas method drops rows with missing values?",
    options="fillna\n* dropna\nisna\nreplace",
    explanation="dropna removes rows (or columns) holding NaN.\nfillna replaces them instead.",
    tags="pandas, Cleaning",
)


def test_a_good_draft_becomes_a_question_with_tags():
    checked = check_draft(GOOD)
    assert checked.ok and checked.problems == ()
    q = checked.question
    assert [o.text for o in q.options] == ["fillna", "dropna", "isna", "replace"]
    assert q.correct_index == 1 and q.lesson_id == BANK_LESSON
    assert checked.tags == ("pandas", "cleaning")


def test_each_abuse_gets_its_own_message_and_no_question():
    cases = {
        "Option B: too long for Discord: 81 characters, limit 80 (button label)": Draft(
            prompt="p?", options=f"* a\n{'x' * 81}", explanation="e"
        ),
        "Option B: same text as option A": Draft(prompt="p?", options="* a\na", explanation="e"),
        "Options: no option is marked correct: start the correct option's line with *": Draft(
            prompt="p?", options="a\nb", explanation="e"
        ),
        "Question: mentions (@everyone, @here, users, roles, channels) are not allowed": Draft(
            prompt="Hey @everyone, what is 2+2?", options="* 4\n5", explanation="e"
        ),
        "Question: too long for Discord: 4,000 characters": Draft(
            prompt="x" * 4000 + "?" * 0, options="* a\nb", explanation="e"
        ),
        "Options: has 1 option(s); a question needs 2 to 5": Draft(
            prompt="p?", options="* a", explanation="e"
        ),
        "Tags: 'not a tag!'": Draft(
            prompt="p?", options="* a\nb", explanation="e", tags="not a tag!"
        ),
    }
    for expected, draft in cases.items():
        checked = check_draft(draft)
        assert checked.question is None or not checked.ok, expected
        assert any(expected in problem for problem in checked.problems), (expected, checked)


def test_four_thousand_characters_in_every_field_name_each_field():
    huge = "y" * 4000
    checked = check_draft(
        Draft(prompt=huge, options=f"* {huge}\n{huge}z", explanation=huge, hint=huge)
    )
    assert not checked.ok
    text = "\n".join(checked.problems)
    for label in ("Option A", "Option B", "Explanation line 1", "Hint"):
        assert label in text
    coded = check_draft(replace(GOOD, code="x = 1\n" * 300))
    limit = "limit 1,500 (the code block of a daily post)"
    assert coded.problems == (f"Code: too long for Discord: 1,799 characters, {limit}",)


def test_the_lint_is_shown_as_warnings():
    checked = check_draft(Draft(prompt="p?", options="a\nb\n* all of the above", explanation="e"))
    assert checked.ok
    assert any("all of the above" in warning for warning in checked.warnings)


def test_the_stored_body_reads_back_and_into_the_form():
    question = check_draft(GOOD).question
    entry = BankQuestion(
        1, 17, body_of(question), ("pandas",), "discord:1", "ana", BankStatus.APPROVED,
        datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    again = question_of(entry)
    assert again.id == "q17" and again.options == question.options
    assert check_draft(draft_of(entry)).question.options == question.options
    assert json.loads(entry.body)["id"] == "draft"


def test_export_is_a_valid_lesson_file_and_imports_back(tmp_path):
    questions = [check_draft(GOOD).question]
    text = export_yaml(questions)
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    lesson = load_lesson_file(path)
    assert [q.prompt for q in lesson.questions] == [GOOD.prompt]
    back, problems = import_yaml(text.encode(), "bank.yaml")
    assert problems == [] and back[0].options == questions[0].options


BROKEN = """\
questions:
  - id: one
    prompt: What is 1 + 1?
    difficulty: easy
    options:
      - text: "2"
      - text: "3"
    explanation: [Addition.]
  - id: two
    prompt: Ping @everyone
    difficulty: easy
    options:
      - {text: a, correct: true}
      - {text: b}
    explanation: [x]
  - id: three
    prompt: Fine?
    difficulty: hardest
    options:
      - {text: a, correct: true}
      - {text: b}
    explanation: [x]
"""


def test_an_import_names_every_broken_question_with_its_line():
    _, problems = import_yaml(BROKEN.encode(), "bank.yaml")
    lines = sorted((p.line, p.path) for p in problems)
    assert lines == [
        (5, "question 1 › options"),
        (10, "question 2 › prompt"),
        (18, "question 3 › difficulty"),
    ]
    assert "hardest" in str(problems[-1])


def test_an_import_refuses_what_is_not_a_question_file():
    for text, expected in [
        (b"\xff\xfe", "not UTF-8"),
        (b"- just a list", "expected a mapping with a `questions:` list"),
        (b"questions: []", "no questions"),
        (b"questions: [\n", "YAML syntax error"),
        (b"x" * (300 * 1024), "too large"),
    ]:
        _, problems = import_yaml(text, "f.yaml")
        assert problems and expected in str(problems[0]), (text[:20], problems)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300),
    st.text(max_size=300),
    st.text(max_size=300),
    st.text(max_size=50),
    st.text(max_size=50),
)
def test_any_form_input_is_a_question_or_named_problems(prompt, options, explanation, tags, level):
    checked = check_draft(
        Draft(prompt=prompt, options=options, explanation=explanation, tags=tags, difficulty=level)
    )
    assert (checked.question is not None) != bool(checked.problems)
    assert all(problem.strip() for problem in checked.problems)


def test_member_questions_never_ask_for_their_code_to_run():
    text = b"""\
questions:
  - id: runs
    prompt: What does it print?
    code: print(2)
    output_of_code: true
    difficulty: easy
    options:
      - {text: "2", correct: true}
      - {text: "3"}
    explanation: [It prints 2.]
"""
    _, problems = import_yaml(text, "runs.yaml")
    assert [(p.line, p.path) for p in problems] == [(5, "question 1 › output_of_code")]
    assert "never run code" in problems[0].message
