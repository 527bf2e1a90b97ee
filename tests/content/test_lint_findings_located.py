"""What an author reads from the question lint beyond the message: which question and which
options a cue is about, the summary of an empty bank, the edges of the position and
near-duplicate limits, and a stated output for code that prints nothing.

Questions are built here as `Question` values (the rules serve every question source).
"""

from __future__ import annotations

from bot.core.content import Difficulty, Option, Question
from bot.core.quiz.lint import Printed, Rule, lint_bank, lint_question, output_findings

PLAIN = ("Red apples", "Blue lakes", "Cold rooms", "Warm socks")


def question(
    options: tuple[str, ...] = PLAIN,
    correct: int = 0,
    prompt: str = "Which one fits?",
    qid: str = "q",
) -> Question:
    return Question(
        id=qid,
        prompt=prompt,
        difficulty=Difficulty.EASY,
        options=tuple(Option(text, i == correct) for i, text in enumerate(options)),
        explanation=("Because.",),
        code="...",
    )


def located(findings) -> list[tuple[Rule, str, tuple[int, ...]]]:
    return [(f.rule, f.question_id, f.options) for f in findings]


def test_each_cue_names_the_question_and_the_options_it_is_about() -> None:
    """The report locates a cue by question id and option; without them an author of a
    fifty-question bank cannot find it."""
    cued = question(
        ("Red apples", "None of the above", "Red apples", "Warm socks"), qid="colour-cue"
    )
    assert located(lint_question(cued)) == [
        (Rule.ALL_OR_NONE, "colour-cue", (1,)),
        (Rule.DUPLICATE, "colour-cue", (0, 2)),
    ]
    options = ("In a model registry", "In the GPU cache", "In the log files", "In a spreadsheet")
    clang = question(options, correct=0, prompt="Where are trained models kept?", qid="where")
    assert located(lint_question(clang)) == [(Rule.STEM_CLANG, "where", (0,))]
    clang_at_c = question(
        ("In the GPU cache", "In the log files", "In a model registry", "In a spreadsheet"),
        correct=2,
        prompt="Where are trained models kept?",
        qid="where-c",
    )
    assert located(lint_question(clang_at_c)) == [(Rule.STEM_CLANG, "where-c", (2,))]


def test_a_stated_output_finding_names_the_question_and_the_options() -> None:
    options = ("Deploy successful", "Deploy failed", "Deploy successful!", "Nothing")
    wrong_key = question(options, correct=1, prompt="What does it print?", qid="deploy")
    found = output_findings(wrong_key, Printed("Deploy successful\n"))
    assert located(found) == [(Rule.OUTPUT_MISMATCH, "deploy", (1, 0))]
    two_say_it = question(("a, then b", "x", "a / b", "b"), prompt="What?", qid="lines")
    found = output_findings(two_say_it, Printed("a\nb\n"))
    assert located(found) == [(Rule.OUTPUT_AMBIGUOUS, "lines", (2,))]


def test_code_that_prints_nothing_is_described_as_printing_nothing() -> None:
    silent = question(("0", "1", "None", "Nothing is printed"), correct=0, qid="silent")
    (found,) = output_findings(silent, Printed("\n"))
    assert found.message == (
        'the code prints nothing, which is option D, but the correct option (A) says "0"'
    )


def test_an_empty_bank_reads_as_nothing_to_judge() -> None:
    report = lint_bank([])
    assert report.positions == ()
    assert report.findings == ()
    assert report.summary() == "0 questions: longest-correct 0 %, positions -, 0 cues"


def test_exactly_forty_percent_at_one_letter_is_allowed() -> None:
    """The limit is 'more than 40 %': four of ten answers at A is still fine."""
    letters = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3]
    bank = [question(correct=c, qid=f"q{n}") for n, c in enumerate(letters)]
    report = lint_bank(bank)
    assert report.positions == (4, 2, 2, 2)
    assert report.findings == ()
    five = [question(correct=c, qid=f"q{n}") for n, c in enumerate([0, *letters[:-1]])]
    assert [f.rule for f in lint_bank(five).findings] == [Rule.POSITION_CROWDED]


def test_options_nine_tenths_alike_are_near_duplicates() -> None:
    """Two options that differ in one character of ten (similarity exactly 0.9, the
    limit) say nearly the same thing, though no word is shared in another form."""
    options = ("code 12345", "code 12346", "Cold rooms", "Warm socks")
    assert located(lint_question(question(options, correct=2, qid="codes"))) == [
        (Rule.NEAR_DUPLICATE, "codes", (0, 1))
    ]
    apart = ("code 12345", "code 19946", "Cold rooms", "Warm socks")
    assert lint_question(question(apart, correct=2)) == []


def test_a_single_option_question_has_no_length_cue() -> None:
    """With no other option there is no mean length to exceed (a question written in
    Discord may be judged before its options are complete)."""
    lone = question(("A rather long single option text",), correct=0, qid="lone")
    assert [f for f in lint_question(lone) if f.rule is Rule.LONGEST_CORRECT] == []
