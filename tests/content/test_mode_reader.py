"""The `modes:` section and questions' `topic:`: read into `ModeContent`, or refused with
file, line and field path for each kind of mistake an author makes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.core.content import (
    BLANK,
    ContentError,
    FillItem,
    ModeContent,
    load_catalog,
    load_lesson_file,
)
from bot.core.content import mode_shortfalls as shortfalls
from bot.core.content.mode_reader import printed_text, same_output

HERE = Path(__file__).parent
VALID = HERE / "valid_modes.yaml"
SCHEMA = json.loads((HERE.parents[1] / "content" / "schema.json").read_text())
HERE_MARK = "# <-"  # marks the line a problem must point at

# name -> (text replaced once, its replacement with HERE_MARK on the line the problem must
# name, path, message part). Each leaves exactly one problem in the lesson.
BROKEN = {
    "unknown_mode": (
        "  flashcards:\n",
        "  flashcard:  # <-\n",
        "modes › flashcard",
        "unknown field 'flashcard'; did you mean 'flashcards'?",
    ),
    "unknown_card_field": (
        "      title: A list keeps order\n",
        "      title: A list keeps order\n      hint: look  # <-\n",
        "modes › concept 2 › hint",
        "unknown field 'hint'",
    ),
    "missing_meaning": (
        "    - id: variable\n      term: Variable\n      meaning: A name that points at a value.\n",
        "    - id: variable  # <-\n      term: Variable\n",
        "modes › flashcard 1",
        "missing field 'meaning'",
    ),
    "duplicate_flashcard_id": (
        "    - id: list\n",
        "    - id: variable  # <-\n",
        "modes › flashcard 2 › id",
        "duplicate flashcard id 'variable' (first used by modes › flashcard 1)",
    ),
    "bad_flashcard_id": (
        "    - id: list\n",
        "    - id: My List  # <-\n",
        "modes › flashcard 2 › id",
        "'My List' is not a valid id",
    ),
    "quick_check_without_correct": (
        "        options:\n          - text: '4'\n            correct: true\n",
        "        options:  # <-\n          - text: '4'\n",
        "modes › concept 1 › check › options",
        "no option is marked `correct: true`; exactly one must be",
    ),
    "quick_check_five_options": (
        "        options:\n          - {text: '3'}\n",
        "        options:  # <-\n          - {text: '3'}\n          - {text: '5'}\n"
        "          - {text: '6'}\n          - {text: '7'}\n",
        "modes › concept 2 › check › options",
        "has 5 option(s); a quick check needs 2 to 4",
    ),
    "concept_names_missing_step": (
        "      steps: [2]\n",
        "      steps: [3]  # <-\n",
        "modes › concept 2 › step 1",
        "no coding step 3: the lesson has 2",
    ),
    "concept_names_step_twice": (
        "      steps: [2]\n",
        "      steps: [2, 2]  # <-\n",
        "modes › concept 2 › step 2",
        "names step 2 twice",
    ),
    "predict_answer_is_not_the_output": (
        '      output: "4"\n      options:\n        - text: "4"\n',
        '      output: "5"\n      options:\n        - text: "4"  # <-\n',
        "modes › predict item 1 › option 1 › text",
        "the correct option must say exactly what the code prints, `output` '5'; it says '4'",
    ),
    "predict_two_options": (
        '      options:\n        - text: "4"\n          correct: true\n        - text: "31"\n'
        "        - text: x + 1\n",
        '      options:  # <-\n        - text: "4"\n          correct: true\n'
        '        - text: "31"\n',
        "modes › predict item 1 › options",
        "has 2 option(s); a predict item needs 3 to 4",
    ),
    "predict_output_a_number": (
        '      output: "4"\n',
        "      output: 4  # <-\n",
        "modes › predict item 1 › output",
        "expected text, got a number (4) (put it in quotes)",
    ),
    "predict_too_long": (
        "      code: |\n        x = 3\n",
        "      code: |  # <-\n" + "        x = 3\n" * 8,
        "modes › predict item 1 › code",
        "has 9 lines; a predict snippet has at most 8",
    ),
    "predict_does_not_parse": (
        "      code: |\n        x = 3\n        print(x + 1)\n",
        "      code: |\n        x = 3\n        print(x +)  # <-\n",
        "modes › predict item 1 › code",
        "`code` does not parse: invalid syntax (its line 2)",
    ),
    "fix_step_missing": (
        "      step: 1\n",
        "      step: 3  # <-\n",
        "modes › fix item 1 › step",
        "no coding step 3: the lesson has 2",
    ),
    "fix_step_not_a_number": (
        "      step: 1\n",
        "      step: one  # <-\n",
        "modes › fix item 1 › step",
        "expected a whole number, got text",
    ),
    "fix_is_not_a_change": (
        "      fixed: x = 3\n",
        "      fixed: X = 3  # <-\n",
        "modes › fix item 1 › fixed",
        "is the same code as `broken`",
    ),
    "fill_without_blanks": (
        "      template: |\n        pair = [___, ___]\n",
        "      template: |  # <-\n        pair = [x, 4]\n",
        "modes › fill item 1 › template",
        "has 0 blanks (___); a fill item has 1 to 3",
    ),
    "fill_four_blanks": (
        "      template: |\n        pair = [___, ___]\n",
        "      template: |  # <-\n        pair = [___, ___, ___, ___]\n",
        "modes › fill item 1 › template",
        "has 4 blanks (___); a fill item has 1 to 3",
    ),
    "fill_answers_do_not_match_blanks": (
        "      answers: ['x', '4']\n",
        "      answers: ['x']  # <-\n",
        "modes › fill item 1 › answers",
        "1 answer(s) for 2 blank(s)",
    ),
    "fill_wrong_set_length": (
        "        - ['4', 'x']\n",
        "        - ['4']  # <-\n",
        "modes › fill item 1 › wrong item 1",
        "1 answer(s) for 2 blank(s)",
    ),
    "fill_wrong_set_is_the_answer": (
        "        - ['4', 'x']\n",
        "        - ['x', '4']  # <-\n",
        "modes › fill item 1 › wrong item 1",
        "is the same as `answers`",
    ),
    "fill_wrong_set_not_a_list": (
        "        - ['4', 'x']\n",
        "        - '4'  # <-\n",
        "modes › fill item 1 › wrong item 1",
        "expected a list of answers, one per blank",
    ),
    "fill_answers_do_not_parse": (
        "        pair = [___, ___]\n      answers: ['x', '4']\n",
        "        pair = [___, ___]  # <-\n      answers: ['x', '4 4']\n",
        "modes › fill item 1 › template",
        "the template with its answers does not parse",
    ),
    "fill_names_missing_step": (
        "      step: 2\n",
        "      step: 7  # <-\n",
        "modes › fill item 1 › step",
        "no coding step 7: the lesson has 2",
    ),
    "decision_two_correct": (
        "          options:\n            - text: Whether the numbers are text\n"
        '              consequence: You find "3" and "4" joined as text.\n'
        "              correct: true\n            - text: The printer\n",
        "          options:  # <-\n            - text: Whether the numbers are text\n"
        '              consequence: You find "3" and "4" joined as text.\n'
        "              correct: true\n            - text: The printer\n"
        "              correct: true\n",
        "modes › case 1 › decision 1 › options",
        "options A and B are both marked correct; exactly one must be",
    ),
    "case_option_without_consequence": (
        "            - text: The printer\n              consequence: The printer is fine.\n",
        "            - text: The printer  # <-\n",
        "modes › case 1 › decision 1 › option 2",
        "missing field 'consequence'",
    ),
    "case_option_label_too_long": (
        "            - text: The printer\n",
        "            - text: " + "p" * 81 + "  # <-\n",
        "modes › case 1 › decision 1 › option 2 › text",
        "too long for Discord: 81 characters, limit 80 (button label)",
    ),
    "flashcard_term_too_long": (
        "      term: List\n",
        "      term: " + "L" * 300 + "  # <-\n",
        "modes › flashcard 2 › term",
        "too long for Discord: 300 characters, limit 256 (embed title)",
    ),
    "cheatsheet_three_terms": (
        "    terms:\n      - {term: Variable, meaning: a name for a value}\n",
        "    terms:  # <-\n",
        "modes › cheatsheet › terms",
        "needs at least 4 items",
    ),
    "cheatsheet_unknown_field": (
        "    summary: Names hold values; lists hold values in order.\n",
        "    summary: Names hold values; lists hold values in order.\n    notes: more  # <-\n",
        "modes › cheatsheet › notes",
        "unknown field 'notes'",
    ),
    "topic_names_no_card": (
        "    topic: assignment\n",
        "    topic: asignment  # <-\n",
        "question 1 › topic",
        "no concept card 'asignment' in `modes: concepts:` (cards: assignment, lists); "
        "did you mean 'assignment'?",
    ),
    "topic_not_an_id": (
        "    topic: assignment\n",
        "    topic: Assignment Two  # <-\n",
        "question 1 › topic",
        "'Assignment Two' is not a valid id",
    ),
}
_CASE = VALID.read_text().split("  cases:\n")[1].split("  cheatsheet:\n")[0]
_SECOND_DECISION = _CASE[_CASE.index("        - prompt: How do you fix it?") :].split(
    "        - prompt: How do you stop"
)[0]
BROKEN["duplicate_case_id"] = (
    "  cheatsheet:\n",
    _CASE.replace("    - id: wrong-total\n", "    - id: wrong-total  # <-\n") + "  cheatsheet:\n",
    "modes › case 2 › id",
    "duplicate case id 'wrong-total' (first used by modes › case 1)",
)
BROKEN["case_two_decisions"] = (
    "      decisions:\n"
    + _CASE.split("      decisions:\n")[1].split(_SECOND_DECISION)[0]
    + _SECOND_DECISION,
    "      decisions:  # <-\n" + _CASE.split("      decisions:\n")[1].split(_SECOND_DECISION)[0],
    "modes › case 1 › decisions",
    "has 2 decision(s); a case has 3 to 5",
)


def _broken_file(tmp_path: Path, name: str) -> tuple[Path, int]:
    """The valid lesson with one mistake, and the line marked where the problem is."""
    old, new, _, _ = BROKEN[name]
    text = VALID.read_text()
    assert text.count(old) == 1, name
    text = text.replace(old, new)
    marked = [n for n, line in enumerate(text.splitlines(), 1) if HERE_MARK in line]
    assert len(marked) == 1, name
    file = tmp_path / f"{name}.yaml"
    file.write_text(text)
    return file, marked[0]


def test_a_lesson_with_every_mode_loads_into_mode_content() -> None:
    lesson = load_lesson_file(VALID)
    modes = lesson.modes
    assert [card.id for card in modes.concepts] == ["assignment", "lists"]
    assert modes.concepts[0].steps == (1,)
    assert modes.concepts[0].example == "x = 3\nprint(x + 1)"
    assert modes.concepts[1].check.options[1].correct
    assert [card.term for card in modes.flashcards] == ["Variable", "List"]
    assert modes.predict[0].output == "4"
    assert modes.predict[0].options[0].correct
    assert (modes.fix[0].step, modes.fix[0].broken, modes.fix[0].fixed) == (1, "X = 3", "x = 3")
    fill = modes.fill[0]
    assert (fill.step, fill.answers, fill.wrong) == (2, ("x", "4"), (("4", "x"),))
    assert fill.filled(fill.answers) == "pair = [x, 4]"
    assert fill.example[0].code == 'colors = ["red", "green"]'
    case = modes.cases[0]
    assert len(case.decisions) == 3
    assert case.decisions[0].options[0].correct and not case.decisions[0].options[1].correct
    assert modes.cheatsheet is not None
    assert [term.term for term in modes.cheatsheet.terms][-1] == "Index"
    assert modes.cheatsheet.mistakes == ("Writing X for x.", "Counting positions from 1.")
    assert [q.topic for q in lesson.questions] == ["assignment", ""]
    assert modes.concept("lists") is modes.concepts[1]


def test_a_lesson_without_modes_has_empty_mode_content() -> None:
    lesson = load_lesson_file(HERE / "valid_tiny.yaml")
    assert lesson.modes == ModeContent()
    assert all(question.topic == "" for question in lesson.questions)


def test_the_shipped_catalogue_still_loads() -> None:
    assert len(load_catalog(HERE.parents[1] / "content")) >= 9


def test_the_valid_lesson_passes_the_schema_too() -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert list(validator.iter_errors(yaml.safe_load(VALID.read_text()))) == []


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_mistake_is_refused_with_file_line_and_field(tmp_path: Path, name: str) -> None:
    _, _, path, message = BROKEN[name]
    file, line = _broken_file(tmp_path, name)
    with pytest.raises(ContentError) as caught:
        load_lesson_file(file)
    problems = caught.value.problems
    assert len(problems) == 1, str(caught.value)
    problem = problems[0]
    assert (problem.file, problem.line, problem.path) == (str(file), line, path)
    assert message in problem.message
    assert str(problem).startswith(f"{file}:{line} {path}: ")


def test_a_topic_without_any_concept_cards_is_refused(tmp_path: Path) -> None:
    text = (
        (HERE / "valid_tiny.yaml")
        .read_text()
        .replace(
            "    prompt: What does x = 3 do?\n",
            "    topic: assignment\n    prompt: What does x = 3 do?\n",
        )
    )
    file = tmp_path / "tiny.yaml"
    file.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_lesson_file(file)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (18, "question 1 › topic")
    assert "names concept card 'assignment', but the lesson has no `modes: concepts:`" in str(
        problem
    )


def test_modes_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "tiny.yaml"
    file.write_text((HERE / "valid_tiny.yaml").read_text() + "modes: [concepts]\n")
    with pytest.raises(ContentError) as caught:
        load_lesson_file(file)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (24, "modes")
    assert "expected a mapping of fields (concepts, flashcards, predict" in problem.message


def test_every_problem_of_the_modes_is_reported_at_once(tmp_path: Path) -> None:
    text = VALID.read_text()
    for name in (
        "unknown_card_field",
        "predict_two_options",
        "fill_four_blanks",
        "topic_names_no_card",
    ):
        old, new, _, _ = BROKEN[name]
        text = text.replace(old, new)
    file = tmp_path / "several.yaml"
    file.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_lesson_file(file)
    assert [p.path for p in caught.value.problems] == [
        "question 1 › topic",
        "modes › concept 2 › hint",
        "modes › predict item 1 › options",
        "modes › fill item 1 › template",
    ]


def test_output_is_compared_without_trailing_whitespace() -> None:
    assert same_output("4  \n\n", "4")
    assert same_output("a \nb\t\n", "a\nb")
    assert not same_output("4", "4.0")
    assert not same_output(" 4", "4")  # leading spaces are printed text
    assert printed_text("a  \nb \n\n") == "a\nb"


def test_fill_blank_is_the_one_the_models_use() -> None:
    item = FillItem("x", 1, (), f"a = {BLANK}", ("1",), (("2",),))
    assert item.filled(("1",)) == "a = 1"


def test_shortfalls_name_each_mode_a_lesson_has_too_little_of() -> None:
    small = load_lesson_file(VALID)  # two cards, two flashcards, one of the rest
    assert shortfalls(small) == (
        ("modes › concepts", "2 concept cards; a lesson needs 5"),
        ("modes › flashcards", "2 flashcards; a lesson needs 12"),
        ("modes › predict", "1 predict item; a lesson needs 5"),
        ("modes › fix", "1 fix item; a lesson needs 3"),
        ("modes › cases", "1 case; a lesson needs 2"),
        ("modes › fill", "no fill item for step 1; each coding step needs one"),
    )
    bare = load_lesson_file(HERE / "valid_tiny.yaml")
    assert ("modes › cheatsheet", "no cheat sheet; a lesson needs one") in shortfalls(bare)
    assert ("modes › fill", "no fill item for step 1; each coding step needs one") in shortfalls(
        bare
    )
    modes = small.modes
    full = replace(
        small,
        modes=replace(
            modes,
            concepts=modes.concepts * 3,
            flashcards=modes.flashcards * 6,
            predict=modes.predict * 5,
            fix=modes.fix * 3,
            cases=modes.cases * 2,
            fill=(*modes.fill, replace(modes.fill[0], id="one", step=1)),
        ),
    )
    assert shortfalls(full) == ()


# What only the loader can see: cross-field and cross-item rules, code that must parse.
LOADER_ONLY = {
    "duplicate_flashcard_id",
    "duplicate_case_id",
    "concept_names_missing_step",
    "predict_answer_is_not_the_output",
    "predict_too_long",
    "predict_does_not_parse",
    "fix_step_missing",
    "fix_is_not_a_change",
    "fill_without_blanks",
    "fill_four_blanks",
    "fill_answers_do_not_match_blanks",
    "fill_wrong_set_length",
    "fill_wrong_set_is_the_answer",
    "fill_answers_do_not_parse",
    "fill_names_missing_step",
    "topic_names_no_card",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_schema_rejects_the_same_structural_mistakes(tmp_path: Path, name: str) -> None:
    file, _ = _broken_file(tmp_path, name)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = list(validator.iter_errors(yaml.safe_load(file.read_text())))
    if name in LOADER_ONLY:
        assert errors == [], "the schema caught it after all: move it out of LOADER_ONLY"
    else:
        assert errors, f"{name} is rejected by the loader but not by the schema"
