"""The question form and the stored question, as members and moderators meet them: what a
form turns into, the words its problems use, the body the store keeps, the form an edit
opens, and the refusals a moderator or member reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.core.content import Difficulty
from bot.core.ports import BankQuestion, BankStatus
from bot.core.quiz.bank import (
    APPROVABLE,
    RETIRABLE,
    BankRuleError,
    Draft,
    body_of,
    check_draft,
    check_move,
    draft_of,
    entry_id,
    open_limit_message,
    question_of,
)
from bot.core.quiz.bank_yaml import import_yaml

WHEN = datetime(2025, 1, 1, tzinfo=UTC)


def stored(number: int, body: str, status=BankStatus.APPROVED, tags=()) -> BankQuestion:
    """A row as the store hands it back."""
    return BankQuestion(1, number, body, tags, "discord:1", "ana", status, WHEN, WHEN)


def test_the_difficulty_is_read_in_any_case_and_easy_when_left_empty():
    base = Draft(prompt="What is 2 + 2?", options="* 4\n5", explanation="Two and two make four.")
    typed = check_draft(replace(base, difficulty=" Hard "))
    assert typed.ok and typed.question.difficulty is Difficulty.HARD
    empty = check_draft(replace(base, difficulty=""))
    assert empty.ok and empty.question.difficulty is Difficulty.EASY


def test_the_form_becomes_the_stored_body_as_written():
    checked = check_draft(
        Draft(
            prompt="¿Qué imprime este código?",
            code="x = 1\nprint(x)",
            options="* 1\n2",
            explanation="x vale 1.\n\nprint lo muestra.",
            hint="Mira x.",
            difficulty="medium",
            mistakes="Pensar 2.\n  Olvidar print.  \n",
        )
    )
    assert checked.ok
    # what the store keeps: sorted keys, text as typed (not \u escapes), empty lines dropped
    assert body_of(checked.question) == (
        '{"code": "x = 1\\nprint(x)", "difficulty": "medium", '
        '"explanation": ["x vale 1.", "print lo muestra."], "hint": "Mira x.", "id": "draft", '
        '"mistakes": ["Pensar 2.", "Olvidar print."], '
        '"options": [{"correct": true, "text": "1"}, {"text": "2"}], '
        '"prompt": "¿Qué imprime este código?"}'
    )


def test_the_stored_body_keeps_an_imported_quick_check_and_reads_back_as_the_banks():
    text = """\
questions:
  - id: sums
    prompt: What is 2 + 2?
    difficulty: easy
    options:
      - {text: "4", correct: true}
      - {text: "5"}
    explanation: [Two and two make four.]
    quick_check: Now try 3 + 3.
"""
    (imported,), problems = import_yaml(text, "sums.yaml")
    assert problems == []
    again = question_of(stored(17, body_of(imported)))
    assert again.quick_check == "Now try 3 + 3."
    assert again.id == "q17" and again.lesson_id == "@server"


def test_five_tags_are_allowed_and_a_sixth_is_refused_by_count():
    base = Draft(prompt="What is 2 + 2?", options="* 4\n5", explanation="Two and two make four.")
    five = check_draft(replace(base, tags="a, b, c, d, e"))
    assert five.ok and five.tags == ("a", "b", "c", "d", "e")
    six = check_draft(replace(base, tags="a, b, c, d, e, f"))
    assert six.problems == ("Tags: 6 tags; at most 5",)


def test_an_overlong_tag_is_quoted_by_its_first_forty_characters():
    draft = Draft(prompt="What is 2?", options="* 2\n3", explanation="Two.", tags="a" * 60)
    assert check_draft(draft).problems == (
        f"Tags: {'a' * 40!r} is not a tag (lowercase letters, digits and '-', at most 30)",
    )


def test_two_correct_options_tell_the_member_how_correct_is_marked():
    draft = Draft(prompt="Which are even?", options="* 2\n* 4\n5", explanation="2 and 4.")
    assert check_draft(draft).problems == (
        "Options: options A and B are both marked correct (with *); exactly one must be",
    )


def test_a_question_too_long_for_one_message_is_named_as_the_question():
    steps = "\n".join(f"Step {n}: " + "x" * 990 for n in range(1, 8))
    draft = Draft(prompt="What is 2 + 2?", options="* 4\n5", explanation=steps)
    (problem,) = check_draft(draft).problems
    assert problem.startswith("The question: too long for Discord: ")
    assert problem.endswith(", limit 6,000 (one message: the question and its explanation)")


def test_editing_opens_the_form_as_the_member_wrote_it():
    checked = check_draft(
        Draft(
            prompt="What does it print?",
            code="x = 1\nprint(x)",
            options="1\n* 2",
            explanation="x is 1.\nprint shows it.",
            hint="Look at x.",
            difficulty="hard",
            tags="Python, basics",
            mistakes="Reading 2.\nForgetting print.",
        )
    )
    entry = stored(4, body_of(checked.question), tags=checked.tags)
    assert draft_of(entry) == Draft(
        prompt="What does it print?",
        code="x = 1\nprint(x)",
        options="1\n* 2",
        explanation="x is 1.\nprint shows it.",
        hint="Look at x.",
        difficulty="hard",
        tags="python, basics",
        mistakes="Reading 2.\nForgetting print.",
    )


def test_a_stored_question_that_no_longer_passes_names_its_number():
    body = '{"difficulty": "easy", "explanation": ["e"], "id": "draft", '
    body += '"options": [{"correct": true, "text": "a"}], "prompt": "p?"}'
    with pytest.raises(BankRuleError, match=r"^question #3 no longer passes") as raised:
        question_of(stored(3, body))
    assert raised.value.message == "question #3 no longer passes the question rules"


def test_a_question_stored_before_the_member_limits_still_reads_back():
    # a prompt longer than a member may type now (2,000) but within the lesson rules
    long_prompt = "Why? " * 600
    body = (
        '{"difficulty": "easy", "explanation": ["Because."], "id": "draft", '
        '"options": [{"correct": true, "text": "a"}, {"text": "b"}], '
        f'"prompt": "{long_prompt}"'
        "}"
    )
    assert question_of(stored(8, body)).prompt == long_prompt.strip()


def test_only_q_and_a_number_is_a_bank_question_id():
    assert entry_id("q17") == 17
    for other in ("x17", "17", "q", "qx", "@17"):
        assert entry_id(other) is None, other


def test_a_moderator_is_told_why_a_question_cannot_move():
    retired = stored(5, "{}", status=BankStatus.RETIRED)
    with pytest.raises(BankRuleError, match=r"^Question #5 is retired") as raised:
        check_move(retired, APPROVABLE, "approved")
    assert raised.value.message == "Question #5 is retired; it cannot be approved."
    check_move(stored(6, "{}", status=BankStatus.SUGGESTED), APPROVABLE, "approved")
    check_move(stored(7, "{}", status=BankStatus.APPROVED), RETIRABLE, "retired")


def test_a_member_at_the_limit_reads_why_and_when_they_can_suggest_again():
    assert open_limit_message() == (
        "You already have 5 suggestions waiting for review, the most a member can have at "
        "once. Thanks for writing them! Once a moderator has looked at one, you can suggest "
        "another."
    )
    assert open_limit_message(2).startswith("You already have 2 suggestions waiting")


def test_an_imported_option_pinned_in_place_stays_pinned_once_stored():
    text = """\
questions:
  - id: tools
    prompt: Which of these track experiments?
    difficulty: medium
    options:
      - {text: MLflow}
      - {text: Weights & Biases}
      - {text: A spreadsheet}
      - {text: All of the above, correct: true, pinned: true}
    explanation: [Each of them records runs; the first two were made for it.]
"""
    (imported,), problems = import_yaml(text, "tools.yaml")
    assert problems == []
    again = question_of(stored(18, body_of(imported)))
    assert [(o.text, o.correct, o.pinned) for o in again.options] == [
        ("MLflow", False, False),
        ("Weights & Biases", False, False),
        ("A spreadsheet", False, False),
        ("All of the above", True, True),
    ]
