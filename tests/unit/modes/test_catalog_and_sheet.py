"""The mode menu a learner picks from, the items each mode serves, and the cheat sheet as the
Markdown a learner saves: pinned as they read it."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.content import CheatSheet, Pattern, Term
from bot.core.modes import (
    DESK_MODES,
    MODE_IDS,
    MODES,
    UnknownItem,
    UnknownMode,
    cheatsheet_markdown,
    item_count,
    item_ids,
    missing_modes,
    mode,
)
from tests.unit.helpers import make_lesson, make_question
from tests.unit.modes.builders import MODES as CONTENT
from tests.unit.modes.builders import modes_lesson

# The ten modes as the select menu on the lesson card shows them (id, title, one line).
MENU = [
    ("steps", "Guided steps", "Hands-on coding steps with hints, checks and solutions."),
    ("concepts", "Concepts first", "Short cards, one idea each, with a quick check."),
    ("flashcards", "Flashcards", "Flip term and meaning cards; rate how well you knew."),
    ("practice", "Practice", "Questions by difficulty, with explanations and hints."),
    ("test", "Test this pattern", "10 questions, easy to hard, then a score and a plan."),
    ("predict", "Predict the output", "Read a short snippet and pick what it prints."),
    ("fix", "Fix the bug", "Broken code fails the checks; fix it and run it."),
    ("fill", "Worked example, then fill the blanks", "A solved example, then your turn."),
    ("cheatsheet", "Cheat sheet", "The lesson on one page: terms, patterns, mistakes."),
    ("scenario", "Real-world case", "A workplace situation in a few decisions."),
]


def test_the_mode_menu_names_the_ten_modes_in_the_learners_words() -> None:
    assert [(m.id, m.title, m.description) for m in MODES] == MENU
    assert tuple(row[0] for row in MENU) == MODE_IDS
    assert all(len(m.description) <= 100 for m in MODES)  # a Discord select option
    assert mode("fill").title == "Worked example, then fill the blanks"


def test_an_unknown_mode_or_item_is_named_with_what_there_is() -> None:
    with pytest.raises(UnknownMode) as caught:
        mode("quiz")
    assert str(caught.value) == (
        "There is no learning mode called 'quiz'. Modes: steps, concepts, flashcards, "
        "practice, test, predict, fix, fill, cheatsheet, scenario."
    )
    assert caught.value.mode_id == "quiz"
    error = UnknownItem("demo", "predict", "p9")
    assert (str(error), error.item) == ("Lesson 'demo' has no predict item 'p9'.", "p9")


def test_each_mode_serves_its_items_in_the_written_order() -> None:
    lesson = modes_lesson()
    assert item_ids(lesson, "steps") == ("1", "2")
    assert item_ids(lesson, "practice") == item_ids(lesson, "test")
    assert item_ids(lesson, "practice") == tuple(q.id for q in lesson.questions)
    assert item_ids(lesson, "concepts") == ("alpha", "beta", "gamma")
    assert item_ids(lesson, "flashcards") == ("card1", "card2", "card3")
    assert item_ids(lesson, "predict") == ("p1", "p2")
    assert item_ids(lesson, "fix") == ("f1", "f2")
    assert item_ids(lesson, "fill") == ("fill1",)
    assert item_ids(lesson, "cheatsheet") == ("sheet",)
    assert item_ids(lesson, "scenario") == ("drop.1", "drop.2", "spike.1", "spike.2", "spike.3")
    assert missing_modes(lesson) == ()


def test_a_test_asks_ten_questions_at_most_and_fewer_when_the_lesson_has_fewer() -> None:
    many = tuple(make_question(f"q{n}") for n in range(12))
    assert item_count(make_lesson(questions=many), "test") == 10
    assert item_count(make_lesson(questions=many), "practice") == 12
    assert item_count(make_lesson(questions=many[:4]), "test") == 4
    assert item_count(modes_lesson(), "scenario") == 5


def test_a_lesson_without_mode_content_lacks_every_desk_mode() -> None:
    lesson = make_lesson(questions=(make_question("q1"),))
    assert missing_modes(lesson) == DESK_MODES
    assert missing_modes(make_lesson(steps=0)) == MODE_IDS  # in the catalogue's order


def test_the_cheat_sheet_is_one_markdown_page() -> None:
    sheet = CheatSheet(
        summary="  Keep models working.\n",
        terms=(Term("Drift", "data changes\n"), Term("Skew", " train and serve differ")),
        patterns=(Pattern("A flag", "ok = True\n\n"), Pattern("Two", "a = 1\nb = 2")),
        mistakes=("Forgetting monitoring\n", " Retraining blindly"),
    )
    lesson = dataclasses.replace(
        modes_lesson(), modes=dataclasses.replace(CONTENT, cheatsheet=sheet)
    )
    assert cheatsheet_markdown(lesson) == (
        "# Lesson demo: cheat sheet\n\n"
        "Keep models working.\n\n"
        "## Key terms\n\n"
        "- **Drift**: data changes\n"
        "- **Skew**: train and serve differ\n\n"
        "## Code patterns\n\n"
        "### A flag\n\n```py\nok = True\n```\n\n"
        "### Two\n\n```py\na = 1\nb = 2\n```\n\n"
        "## Common mistakes\n\n"
        "- Forgetting monitoring\n"
        "- Retraining blindly\n"
    )


def test_a_lesson_without_a_cheat_sheet_says_so_on_its_page() -> None:
    lesson = make_lesson()
    assert cheatsheet_markdown(lesson) == (
        "# Lesson demo: cheat sheet\n\n(This lesson has no cheat sheet yet.)\n"
    )
