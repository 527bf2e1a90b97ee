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


def fits(**fields) -> list[Problem]:
    """The problems of a two-option question (`A. a`, `B. b`) with these fields changed."""
    question = {
        "id": "q1",
        "prompt": "p",
        "difficulty": "easy",
        "options": [{"text": "a", "correct": True}, {"text": "b"}],
        "explanation": ["e"],
        **fields,
    }
    return question_from_fields(question, "l", member_text=False)[1]


def test_a_question_card_fits_one_embed_description_exactly():
    # prompt + a blank line + "\nA. a\nB. b" (10) must fit 4,096 characters
    assert fits(prompt="p" * 4084) == []
    assert fits(prompt="p" * 4085) == [
        Problem(
            "",
            None,
            "",
            "too long for Discord: 4,097 characters, limit 4,096 "
            "(question card: prompt, code and options)",
        )
    ]
    with_code = fits(prompt="p" * 4070, code="x = 1")  # + "\n\n```py\nx = 1\n```" (17)
    assert [problem.message[:38] for problem in with_code] == [
        "too long for Discord: 4,099 characters"
    ]


def test_a_question_explains_in_at_most_twenty_two_steps():
    assert fits(explanation=["e"] * 22) == []
    assert fits(explanation=["e"] * 23) == [
        Problem("", None, "explanation", "has 23 steps; at most 22 fit")
    ]


def test_all_mistakes_together_fit_one_embed_field():
    assert fits(mistakes=["m" * 509, "m" * 509]) == []  # each counted with its "• " and newline
    assert fits(mistakes=["m" * 510, "m" * 509]) == [
        Problem(
            "",
            None,
            "mistakes",
            "too long for Discord: 1,025 characters, limit 1,024 "
            "(embed field: all mistakes together)",
        )
    ]


def test_the_question_and_all_its_teaching_fit_one_message():
    long = {"explanation": ["e" * 1000] * 5}  # card 13 + explanation 5,000
    assert fits(**long, hint="h" * 500, quick_check="c" * 487) == []  # exactly 6,000
    over = Problem(
        "",
        None,
        "",
        "too long for Discord: 6,001 characters, limit 6,000 "
        "(one message: the question and its explanation)",
    )
    assert fits(**long, hint="h" * 500, quick_check="c" * 488) == [over]
    assert fits(**long, hint="h" * 988) == [over]
    assert fits(**long, mistakes=["m" * 497], hint="h" * 488) == [over]


def test_a_members_prompt_fits_one_chat_message_and_code_a_daily_post():
    form = {
        "id": "q1",
        "prompt": "p",
        "difficulty": "easy",
        "options": [{"text": "a", "correct": True}, {"text": "b"}],
        "explanation": ["e"],
    }
    assert question_from_fields({**form, "prompt": "p" * 2000}, "l")[1] == []
    assert question_from_fields({**form, "prompt": f"  {'p' * 2000}  "}, "l")[1] == []
    assert question_from_fields({**form, "prompt": "p" * 2001}, "l")[1] == [
        Problem(
            "",
            None,
            "prompt",
            "too long for Discord: 2,001 characters, limit 2,000 (one chat message)",
        )
    ]
    assert question_from_fields({**form, "code": "x" * 1500}, "l")[1] == []
    assert question_from_fields({**form, "code": "x" * 1501}, "l")[1] == [
        Problem(
            "",
            None,
            "code",
            "too long for Discord: 1,501 characters, limit 1,500 (the code block of a daily post)",
        )
    ]
    assert question_from_fields({**form, "code": "x" * 4001}, "l")[1] == [  # said once
        Problem("", None, "code", "too long for Discord: 4,001 characters, limit 4,000 (code box)")
    ]


def test_a_member_file_whose_question_is_not_a_mapping_is_named_not_crashed():
    questions, (problem,) = questions_from_yaml("questions: [5]\n", "b.yaml", "l", member_text=True)
    assert questions == ()
    assert (problem.line, problem.path) == (1, "question 1")
    assert problem.message.startswith("expected a mapping of fields (id, prompt, code,")
    assert problem.message.endswith("got a number (5)")


def test_a_member_question_at_the_lesson_ceiling_is_still_held_to_the_member_limit():
    form = {
        "id": "q1",
        "prompt": "p",
        "difficulty": "easy",
        "options": [{"text": "a", "correct": True}, {"text": "b"}],
        "explanation": ["e"],
    }
    assert question_from_fields({**form, "code": "x" * 4000}, "l") == (
        None,
        [
            Problem(
                "",
                None,
                "code",
                "too long for Discord: 4,000 characters, limit 1,500"
                " (the code block of a daily post)",
            )
        ],
    )


def test_a_member_question_with_only_a_member_problem_is_not_given_back():
    form = {
        "id": "q1",
        "prompt": "p" * 2001,
        "difficulty": "easy",
        "options": [{"text": "a", "correct": True}, {"text": "b"}],
        "explanation": ["e"],
    }
    question, problems = question_from_fields(form, "l")
    assert question is None
    assert [problem.path for problem in problems] == ["prompt"]


def test_a_member_file_whose_questions_are_not_a_list_is_named_not_crashed():
    assert questions_from_yaml("questions: 5\n", "b.yaml", "l", member_text=True) == (
        (),
        [Problem("b.yaml", 1, "questions", "expected a list, got a number (5)")],
    )


def _form(**changes: object) -> dict[str, object]:
    form = {
        "id": "q1",
        "prompt": "p",
        "difficulty": "easy",
        "options": [{"text": "a", "correct": True}, {"text": "b"}],
        "explanation": ["e"],
    }
    return {**form, **changes}


def test_a_value_of_the_wrong_type_is_named_with_what_was_expected():
    options = [{"text": "a", "correct": 5}, {"text": "b", "correct": True}]
    assert question_from_fields(_form(difficulty=5), "l")[1] == [
        Problem(
            "",
            None,
            "difficulty",
            "expected a difficulty (expected one of: easy, medium, hard), got a number (5)",
        )
    ]
    assert question_from_fields(_form(options=options), "l")[1] == [
        Problem("", None, "option 1 › correct", "expected true or false, got a number (5)")
    ]
    assert question_from_fields(_form(mistakes=None), "l")[1] == [
        Problem("", None, "mistakes", "expected a list, got nothing")
    ]


def test_prose_is_stripped_and_code_keeps_its_first_lines_indentation():
    question, problems = question_from_fields(
        _form(prompt="  Which?  ", code="\n    x = 1  \nprint(x)\n"), "l"
    )
    assert problems == [] and question is not None
    assert question.prompt == "Which?"
    assert question.code == "    x = 1  \nprint(x)"
