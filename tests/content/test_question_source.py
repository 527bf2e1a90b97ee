"""Questions from a YAML file or a form: each problem names its file, line and field the
way `stepwise content check` and the bank's import report show them."""

from __future__ import annotations

from bot.core.content import ContentError, Difficulty, Problem
from bot.core.content.question_source import question_from_fields, questions_from_yaml

GOOD = """questions:
  - id: q1
    prompt: "Which one?"
    difficulty: easy
    options:
      - {text: "a", correct: true}
      - {text: "b"}
    explanation: ["because"]
"""
UNKNOWN_EAZY = (
    "unknown difficulty 'eazy' (expected one of: easy, medium, hard); did you mean 'easy'?"
)
MENTIONS = "mentions (@everyone, @here, users, roles, channels) are not allowed in a question"
NO_RUNS = "a server's questions never run code: its answer key cannot be checked by a run"


def test_a_good_file_gives_its_questions_for_the_lesson():
    (question,), problems = questions_from_yaml(GOOD, "bank.yaml", "pandas")
    assert problems == []
    assert (question.id, question.lesson_id, question.difficulty) == (
        "q1",
        "pandas",
        Difficulty.EASY,
    )
    assert [option.text for option in question.options] == ["a", "b"]


def test_a_file_that_is_not_a_question_list_says_what_is_expected():
    assert questions_from_yaml("- a\n", "bank.yaml", "l") == (
        (),
        [
            Problem(
                "bank.yaml",
                1,
                "",
                "expected a mapping with a `questions:` list (the lesson format)",
            )
        ],
    )
    assert questions_from_yaml("title: x\n", "bank.yaml", "l")[1][0].message == (
        "expected a mapping with a `questions:` list (the lesson format)"
    )
    questions, (problem,) = questions_from_yaml("title: x: y\n", "bank.yaml", "l")
    assert questions == ()
    assert (problem.file, problem.line, problem.path) == ("bank.yaml", 1, "")
    assert problem.message.startswith("column 9: a ':' inside a value")


def test_member_text_adds_no_mentions_and_no_runs_and_problems_come_in_line_order():
    bad = GOOD.replace('"Which one?"', '"Hi @everyone"').replace(
        "difficulty: easy", "difficulty: eazy\n    output_of_code: true\n    code: 'print(1)'"
    )
    _, authored = questions_from_yaml(bad, "bank.yaml", "l")  # a lesson author may do both
    assert authored == [Problem("bank.yaml", 4, "question 1 › difficulty", UNKNOWN_EAZY)]
    _, problems = questions_from_yaml(bad, "bank.yaml", "l", member_text=True)
    assert problems == [
        Problem("bank.yaml", 3, "question 1 › prompt", MENTIONS),
        Problem("bank.yaml", 4, "question 1 › difficulty", UNKNOWN_EAZY),
        Problem("bank.yaml", 5, "question 1 › output_of_code", NO_RUNS),
    ]


def test_a_form_names_each_field_relative_to_the_question():
    fields = {
        "id": "q1",
        "prompt": "@here x",
        "difficulty": "eazy",
        "options": [{"text": "a", "correct": True}, {"text": ""}],
    }
    question, problems = question_from_fields(fields, "bank")
    assert question is None
    assert problems == [
        Problem("", None, "", "missing field 'explanation'"),
        Problem("", None, "difficulty", UNKNOWN_EAZY),
        Problem("", None, "option 2 › text", "must not be empty"),
        Problem("", None, "prompt", MENTIONS),
    ]
    fine = {**fields, "prompt": "x?", "difficulty": "easy", "explanation": ["e"]}
    fine["options"] = [{"text": "a", "correct": True}, {"text": "b"}]
    question, problems = question_from_fields(fine, "bank")
    assert problems == [] and question is not None and question.lesson_id == "bank"


def test_a_problem_reads_file_line_field_and_message_and_an_error_lists_them_all():
    located = Problem("a.yaml", 4, "step 1 › check 2", "unknown kind")
    whole = Problem("a.yaml", None, "", "no lesson files")
    assert str(located) == "a.yaml:4 step 1 › check 2: unknown kind"
    assert str(whole) == "a.yaml: no lesson files"
    assert str(ContentError([located, whole])) == (
        "a.yaml:4 step 1 › check 2: unknown kind\na.yaml: no lesson files"
    )
