"""The bank's YAML file as a moderator handles it: the file `/question export` writes (its
layout, read by people too) and what `/question import` says about a file it refuses."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.content import Problem
from bot.core.ports import BankQuestion, BankStatus
from bot.core.quiz.bank import Draft, body_of, check_draft, question_of
from bot.core.quiz.bank_yaml import MAX_IMPORT_BYTES, export_yaml, import_yaml

WHEN = datetime(2025, 1, 1, tzinfo=UTC)


def one_question(number: int) -> str:
    return f"""\
  - id: sum-{number}
    prompt: What is {number} + 1?
    difficulty: easy
    options:
      - {{text: "{number + 1}", correct: true}}
      - {{text: "{number + 2}"}}
    explanation: [Count one on.]
"""


def test_the_export_reads_like_the_lesson_files_people_write():
    checked = check_draft(
        Draft(
            prompt="Which of these pandas calls keeps only the rows where every column has a "
            "value, and returns a new frame without changing the one it was called on?",
            code="clean = df.dropna()\nprint(len(clean))",
            options="* dropna()\nfillna(0)\nisna()",
            explanation="dropna drops rows holding NaN.\nIt returns a new frame: df is unchanged.",
            hint="Think of “drop”.",
            difficulty="medium",
            mistakes="Expecting df itself to change.",
        )
    )
    imported, _ = import_yaml(
        "questions:\n" + one_question(3) + "    quick_check: And 4 + 1?\n", "q.yaml"
    )
    entries = [
        BankQuestion(1, n, body_of(q), (), "discord:1", "", BankStatus.APPROVED, WHEN, WHEN)
        for n, q in ((12, checked.question), (13, imported[0]))
    ]
    text = export_yaml([question_of(e) for e in entries])
    assert text.startswith(
        "# Exported by Stepwise: /question import reads this file back.\n"
        "id: server-question-bank\n"
        "title: Server question bank\n"
        "track: community\n"
    )
    # code as a block of its own lines, prose folded after column 100, text as typed
    first_line = "  prompt: Which of these pandas calls keeps only the rows where every column "
    first_line += "has a value, and returns"
    assert len(first_line) == 101
    assert text[text.index("questions:") :] == "\n".join(
        [
            "questions:",
            "- id: q12",
            first_line,
            "    a new frame without changing the one it was called on?",
            "  code: |-",
            "    clean = df.dropna()",
            "    print(len(clean))",
            "  difficulty: medium",
            "  options:",
            "  - text: dropna()",
            "    correct: true",
            "  - text: fillna(0)",
            "  - text: isna()",
            "  explanation:",
            "  - dropna drops rows holding NaN.",
            "  - 'It returns a new frame: df is unchanged.'",
            "  hint: Think of “drop”.",
            "  mistakes:",
            "  - Expecting df itself to change.",
            "- id: q13",
            "  prompt: What is 3 + 1?",
            "  difficulty: easy",
            "  options:",
            "  - text: '4'",
            "    correct: true",
            "  - text: '5'",
            "  explanation:",
            "  - Count one on.",
            "  quick_check: And 4 + 1?",
            "",
        ]
    )


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused():
    head = ("questions:\n" + one_question(1)).encode()
    padding = MAX_IMPORT_BYTES - len(head) - 2
    exact = head + b"#" + b"x" * padding + b"\n"
    assert len(exact) == MAX_IMPORT_BYTES
    questions, problems = import_yaml(exact, "big.yaml")
    assert problems == [] and [q.id for q in questions] == ["sum-1"]
    _, problems = import_yaml(exact + b"\n", "big.yaml")
    assert problems == [
        Problem("big.yaml", None, "", "the file is too large (262,145 bytes, limit 262,144)")
    ]
    assert str(problems[0]) == "big.yaml: the file is too large (262,145 bytes, limit 262,144)"


def test_a_file_that_is_not_utf8_names_the_first_bad_byte():
    _, problems = import_yaml("questions: é\n".encode("latin-1"), "latin.yaml")
    assert problems == [Problem("latin.yaml", None, "", "not UTF-8 text (byte 11)")]
    assert str(problems[0]) == "latin.yaml: not UTF-8 text (byte 11)"


def test_an_empty_question_list_points_at_the_top_of_the_file():
    _, problems = import_yaml(b"questions: []\n", "empty.yaml")
    assert problems == [Problem("empty.yaml", 1, "questions", "no questions in the file")]
    assert str(problems[0]) == "empty.yaml:1 questions: no questions in the file"


def test_every_problem_names_the_uploaded_file_and_questions_belong_to_the_bank():
    broken = "questions:\n" + one_question(1).replace("What is 1 + 1?", "")
    _, problems = import_yaml(broken.encode(), "mine.yaml")
    assert [str(p) for p in problems] == [
        "mine.yaml:3 question 1 › prompt: expected text, got nothing"
    ]
    questions, problems = import_yaml(("questions:\n" + one_question(1)).encode(), "mine.yaml")
    assert problems == [] and questions[0].lesson_id == "@server"


def test_two_hundred_questions_import_and_two_hundred_and_one_are_refused():
    two_hundred = "questions:\n" + "".join(one_question(n) for n in range(1, 201))
    questions, problems = import_yaml(two_hundred.encode(), "many.yaml")
    assert problems == [] and len(questions) == 200
    questions, problems = import_yaml(two_hundred + one_question(201), "many.yaml")
    assert len(questions) == 201
    assert problems == [
        Problem("many.yaml", None, "questions", "too many questions: 201; at most 200 per import")
    ]
    assert str(problems[0]) == (
        "many.yaml questions: too many questions: 201; at most 200 per import"
    )
