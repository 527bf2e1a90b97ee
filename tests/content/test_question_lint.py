"""The question-quality rules: each cue is caught with its exact message, clean banks pass.

Banks here are built from `Question` values directly (not YAML) because the rules are meant
for every question source, lesson files and questions written in Discord alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.content import Difficulty, Option, Question, load_catalog, option_letter
from bot.core.quiz.lint import (
    Finding,
    Printed,
    Rule,
    is_longest_correct,
    lint_bank,
    lint_question,
    output_findings,
    states,
)

REPO = Path(__file__).resolve().parents[2]

# Four unrelated options of the same length: no cue of any kind.
PLAIN = ("Red apples", "Blue lakes", "Cold rooms", "Warm socks")


def question(
    options: tuple[str, ...] = PLAIN,
    correct: int = 0,
    prompt: str = "Which one fits?",
    qid: str = "q",
    code: str = "",
    output_of_code: bool = False,
) -> Question:
    return Question(
        id=qid,
        prompt=prompt,
        difficulty=Difficulty.EASY,
        options=tuple(Option(text, i == correct) for i, text in enumerate(options)),
        explanation=("Because.",),
        code=code,
        output_of_code=output_of_code,
    )


def balanced(count: int = 8) -> list[Question]:
    """`count` clean questions whose answers go round A, B, C, D."""
    return [question(correct=n % 4, qid=f"q{n}") for n in range(count)]


def messages(findings: list[Finding] | tuple[Finding, ...]) -> list[tuple[Rule, str]]:
    return [(f.rule, f.message) for f in findings]


# --------------------------------------------------------------------------- clean


def test_a_clean_bank_has_no_findings_and_a_plain_summary() -> None:
    report = lint_bank(balanced(8))
    assert report.findings == ()
    assert report.positions == (2, 2, 2, 2)
    assert report.summary() == "8 questions: longest-correct 0 %, positions A2 B2 C2 D2, 0 cues"


def test_the_shipped_bank_is_clean() -> None:
    questions = load_catalog(REPO / "content").questions("what-is-mlops")
    report = lint_bank(questions)
    assert messages(report.findings) == []
    assert report.summary() == "10 questions: longest-correct 20 %, positions A2 B3 C2 D3, 0 cues"


# --------------------------------------------------------------------------- length


def test_a_correct_option_much_longer_than_the_others_is_flagged() -> None:
    options = ("Short one", "Retrain the model on fresh data every week", "Tiny", "Small bit")
    found = lint_question(question(options, correct=1, qid="long"))
    assert messages(found) == [
        (
            Rule.LONGEST_CORRECT,
            "the correct option (B, 42 characters) is 5.73x the mean length of the others (7); "
            "the limit is 1.5x: shorten it or give the others the same detail",
        )
    ]
    assert found[0].question_id == "long" and found[0].options == (1,)


def test_one_and_a_half_times_the_mean_is_still_allowed() -> None:
    # others average 10 characters; 15 is exactly 1.5x, 16 is over
    assert lint_question(question(("x" * 15, "a" * 10, "b" * 10, "c" * 10))) == []
    assert [f.rule for f in lint_question(question(("x" * 16, "a" * 10, "b" * 10, "c" * 10)))] == [
        Rule.LONGEST_CORRECT
    ]


def test_a_bank_where_the_longest_option_wins_too_often_is_flagged() -> None:
    # longer but under 1.5x, so only the bank-wide habit shows
    long_a = ("Warm red socks", "Red apples", "Blue lakes", "Cold rooms")
    bank = [question(long_a, qid=f"q{n}") for n in range(3)]
    bank += [question(PLAIN, qid="q3"), question(PLAIN, qid="q4")]
    report = lint_bank(bank)
    assert messages(report.findings) == [
        (
            Rule.LONGEST_RATE,
            "the correct option is the longest in 3 of 5 questions (60 %, limit 40 %): "
            "a learner who always picks the longest option scores 60 %",
        )
    ]
    assert report.findings[0].question_id == ""
    assert report.summary() == "5 questions: longest-correct 60 %, positions A5 B0 C0 D0, 1 cue"


def test_exactly_forty_percent_longest_is_allowed_and_ties_are_not_longest() -> None:
    long_a = ("Warm red socks", "Red apples", "Blue lakes", "Cold rooms")
    bank = [question(long_a, qid="q0"), question(long_a, qid="q1")]
    bank += [question(PLAIN, qid=f"q{n}") for n in range(2, 5)]
    assert lint_bank(bank).findings == ()
    tie = question(("Same size", "Also same", "short", "tiny"))
    assert not is_longest_correct(tie)


# --------------------------------------------------------------------------- positions


def test_one_letter_holding_too_many_answers_and_an_unused_letter_are_flagged() -> None:
    bank = [question(correct=c, qid=f"q{n}") for n, c in enumerate([0, 0, 0, 0, 1, 1, 2, 2])]
    assert messages(lint_bank(bank).findings) == [
        (
            Rule.POSITION_CROWDED,
            "the correct option is A in 4 of 8 questions (50 %, limit 40 %); "
            "move some answers to other letters",
        ),
        (Rule.POSITION_UNUSED, "the correct option is never D; spread the answers over A–D"),
    ]


def test_banks_under_eight_questions_are_not_judged_on_positions() -> None:
    bank = [question(correct=0, qid=f"q{n}") for n in range(7)]
    assert [f.rule for f in lint_bank(bank).findings] == []


def test_two_option_questions_get_a_fair_share_for_two_letters() -> None:
    pair = ("Red apples", "Blue lakes")
    even = [question(pair, correct=n % 2, qid=f"q{n}") for n in range(8)]
    assert lint_bank(even).findings == ()
    lopsided = [question(pair, correct=int(n == 0), qid=f"q{n}") for n in range(10)]
    assert messages(lint_bank(lopsided).findings) == [
        (
            Rule.POSITION_CROWDED,
            "the correct option is A in 9 of 10 questions (90 %, limit 80 %); "
            "move some answers to other letters",
        )
    ]


# --------------------------------------------------------------------------- option wording


@pytest.mark.parametrize(
    "text", ["All of the above", "None of the above", "both of these", "none of the other options"]
)
def test_all_or_none_of_the_above_is_flagged(text: str) -> None:
    found = lint_question(question(("Red apples", "Blue lakes", "Cold rooms", text)))
    assert messages(found) == [
        (
            Rule.ALL_OR_NONE,
            f'option D says "{text}"; it is answered by spotting one true or false option: '
            "write an option that stands on its own",
        )
    ]
    assert found[0].options == (3,)


def test_identical_options_are_flagged_even_outside_the_loader() -> None:
    found = lint_question(question(("Red apples", "Blue lakes", "Red apples", "Cold rooms")))
    assert messages(found) == [(Rule.DUPLICATE, "options A and C have the same text")]
    assert found[0].options == (0, 2)


def test_options_differing_only_in_case_or_punctuation_are_flagged() -> None:
    found = lint_question(question(("Red apples", "Model drift", "Cold rooms", "model drift!")))
    assert messages(found) == [
        (Rule.CASE_OR_PUNCTUATION, "options B and D differ only in case or punctuation")
    ]


@pytest.mark.parametrize(
    "other",
    [
        "Retrain the models with the new data",  # articles and a plural
        "With new data, retrain the model",  # word order
        "Retrain the model with new datas",  # one letter off
    ],
)
def test_near_duplicate_options_are_flagged(other: str) -> None:
    options = ("Retrain the model with new data", other, "Cold rooms", "Warm socks")
    assert messages(lint_question(question(options, correct=2))) == [
        (
            Rule.NEAR_DUPLICATE,
            "options A and B say nearly the same thing; make each wrong option a different mistake",
        )
    ]


def test_program_outputs_may_differ_only_in_brackets_when_the_output_is_proven() -> None:
    outputs = ("[1, 2]", "(1, 2)", "1 2", "2 1")
    stated = question(outputs, prompt="What does it print?", code="print([1, 2])")
    case, near = Rule.CASE_OR_PUNCTUATION, Rule.NEAR_DUPLICATE
    assert [f.rule for f in lint_question(stated)] == [case, case, near, case, near, near]
    proven = question(outputs, code="print([1, 2])", output_of_code=True)
    assert lint_question(proven) == []


# --------------------------------------------------------------------------- clang


def test_a_prompt_word_echoed_only_by_the_correct_option_is_flagged() -> None:
    options = ("In a model registry", "In the GPU cache", "In the log files", "In a spreadsheet")
    found = lint_question(question(options, prompt="Where are trained models kept?"))
    assert messages(found) == [
        (
            Rule.STEM_CLANG,
            '"models" from the prompt appears only in the correct option (A); '
            "use it in a wrong option too, or drop it",
        )
    ]


def test_the_echo_is_found_across_word_forms_and_allowed_when_a_wrong_option_shares_it() -> None:
    prompt = "How is a new version deployed safely?"
    cued = (
        "It deploys to a few users first",
        "All users at the same moment",
        "Only after a full rewrite",
        "By email to the whole team",
    )
    assert [f.rule for f in lint_question(question(cued, prompt=prompt))] == [Rule.STEM_CLANG]
    shared = ("It deploys to a few users first", "Deploying to all users at once", *cued[2:])
    assert lint_question(question(shared, prompt=prompt)) == []


def test_function_words_of_the_prompt_are_not_cues() -> None:
    options = ("It is what we use", "A cold room here", "Blue lakes far away", "Warm socks on feet")
    assert lint_question(question(options, prompt="What is it that we use?")) == []


# --------------------------------------------------------------------------- stated output


def output_question(options: tuple[str, ...], correct: int) -> Question:
    return question(options, correct, prompt="What does it print?", code="...", qid="out")


def test_the_stated_output_forms_an_author_may_write() -> None:
    two_lines = Printed("2 Model Training\n3 Model Deployment\n")
    assert states("2 Model Training, then 3 Model Deployment", two_lines)
    assert states("2 Model Training / 3 Model Deployment", two_lines)
    assert not states("2 Model Training", two_lines)
    assert states("Nothing is printed", Printed("")) and states("No output", Printed("\n"))
    assert not states("Nothing is printed", Printed("0\n"))
    crash = Printed("", "ZeroDivisionError")
    assert states("ZeroDivisionError", crash)
    assert states("ZeroDivisionError: division by zero", crash)
    assert not states("ZeroDivisionErrors", crash) and not states("0", crash)
    assert states("  padded  ", Printed("  padded  \n"))


def test_a_wrong_stated_output_names_what_the_code_printed_and_which_option_says_it() -> None:
    options = ("Deploy successful", "Deploy failed", "SyntaxError", "Nothing is printed")
    found = output_findings(output_question(options, 1), Printed("Deploy successful\n"))
    assert messages(found) == [
        (
            Rule.OUTPUT_MISMATCH,
            'the code prints "Deploy successful", which is option A, but the correct option (B) '
            'says "Deploy failed"',
        )
    ]
    assert found[0].is_error and found[0].options == (1, 0)
    assert output_findings(output_question(options, 0), Printed("Deploy successful\n")) == []


def test_an_output_no_option_states_and_an_exception_are_reported_plainly() -> None:
    options = ("1", "2", "3", "Nothing is printed")
    assert messages(output_findings(output_question(options, 0), Printed("4\n"))) == [
        (Rule.OUTPUT_MISMATCH, 'the code prints "4" but the correct option (A) says "1"')
    ]
    crash = Printed("", "NameError")
    assert messages(output_findings(output_question(options, 3), crash)) == [
        (
            Rule.OUTPUT_MISMATCH,
            'the code stops with NameError but the correct option (D) says "Nothing is printed"',
        )
    ]


def test_two_options_stating_the_output_are_an_error() -> None:
    options = ("a, then b", "a / b", "a", "b")
    found = output_findings(output_question(options, 0), Printed("a\nb\n"))
    assert messages(found) == [
        (
            Rule.OUTPUT_AMBIGUOUS,
            'option B also matches: the code prints "a / b"; exactly one option may say so',
        )
    ]
    assert found[0].is_error


# --------------------------------------------------------------------------- learners


def test_test_wise_learners_score_at_most_forty_percent_on_what_is_mlops() -> None:
    """Guessing by length or by letter must not pass the seed lesson's test."""
    questions = load_catalog(REPO / "content").questions("what-is-mlops")
    total = len(questions)

    def longest_picker(q: Question) -> bool:
        # ties go the learner's way: any of the longest options counts as a hit
        longest = max(len(o.text) for o in q.options)
        return len(q.correct_option.text) == longest

    assert sum(map(longest_picker, questions)) / total <= 0.4
    for letter in range(4):
        same_letter = sum(q.correct_index == letter for q in questions)
        assert same_letter / total <= 0.4, option_letter(letter)


# --------------------------------------------------------------------------- any text


option_text = st.text(min_size=1, max_size=80).filter(str.strip)


@st.composite
def questions(draw: st.DrawFn) -> Question:
    texts = draw(st.lists(option_text, min_size=2, max_size=5, unique_by=str.strip))
    return question(
        tuple(texts),
        correct=draw(st.integers(0, len(texts) - 1)),
        prompt=draw(st.text(min_size=1, max_size=300)),
        output_of_code=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(questions(), max_size=12))
def test_any_author_text_is_judged_without_crashing(bank: list[Question]) -> None:
    report = lint_bank(bank)
    assert sum(report.positions) == report.questions == len(bank)
    assert report.longest_correct == sum(map(is_longest_correct, bank))
    assert report.summary().startswith(f"{len(bank)} question")
    for finding in report.findings:
        assert finding.message and not finding.is_error
        assert all(0 <= index < 5 for index in finding.options)
    assert lint_bank(bank) == report  # deterministic
