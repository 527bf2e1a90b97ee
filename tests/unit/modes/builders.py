"""A small lesson with every mode's content, for the desk's tests."""

from __future__ import annotations

import dataclasses

from bot.core.content import (
    Case,
    CaseOption,
    CheatSheet,
    ConceptCard,
    Decision,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    ModeContent,
    Option,
    Pattern,
    PredictItem,
    QuickCheck,
    Term,
)
from tests.unit.helpers import make_lesson, make_question


def options(*texts: str, correct: int = 0) -> tuple[Option, ...]:
    return tuple(Option(text, correct=i == correct) for i, text in enumerate(texts))


def concept(card_id: str, steps: tuple[int, ...] = (), correct: int = 0) -> ConceptCard:
    check = QuickCheck(
        f"Check {card_id}?", options("a", "b", "c", correct=correct), f"why {card_id}"
    )
    return ConceptCard(card_id, f"Title {card_id}", f"idea {card_id}", "example", check, steps)


def case(case_id: str, decisions: int = 2) -> Case:
    return Case(
        id=case_id,
        title=f"Case {case_id}",
        situation="Something broke.",
        decisions=tuple(
            Decision(
                prompt=f"{case_id} decision {n}?",
                options=(
                    CaseOption("check the data", f"{case_id}.{n} good move", correct=True),
                    CaseOption("retrain at once", f"{case_id}.{n} wasted a day"),
                ),
                explanation=f"{case_id}.{n} explanation",
            )
            for n in range(1, decisions + 1)
        ),
        debrief=f"{case_id} debrief",
    )


MODES = ModeContent(
    concepts=(
        concept("alpha", steps=(1,)),
        concept("beta", steps=(2,), correct=1),
        concept("gamma"),
    ),
    flashcards=tuple(Flashcard(f"card{i}", f"term {i}", f"meaning {i}") for i in range(1, 4)),
    predict=(
        PredictItem("p1", "print(1 + 1)", "2", options("2", "11", "1 + 1"), "addition"),
        PredictItem(
            "p2", "print('a' * 2)", "aa", options("a2", "aa", "error", correct=1), "repeat"
        ),
    ),
    fix=(
        FixItem("f1", 1, "ok = False", "ok = True", "it says False", "flip it"),
        FixItem("f2", 2, "ok = 0", "ok = True", "zero is not True", "use True"),
    ),
    fill=(
        FillItem(
            "fill1",
            1,
            (ExampleLine("done = True", "a flag"),),
            "ok = ___",
            ("True",),
            (("False",), ("None",)),
        ),
    ),
    cases=(case("drop"), case("spike", decisions=3)),
    cheatsheet=CheatSheet(
        summary="Keep models working.",
        terms=(Term("Drift", "data changes"),),
        patterns=(Pattern("A flag", "ok = True\n"),),
        mistakes=("Forgetting monitoring",),
    ),
)


def topical(qid: str, difficulty: str, topic: str):
    return dataclasses.replace(make_question(qid, difficulty, pinned=True), topic=topic)


QUESTIONS = (
    topical("e1", "easy", "alpha"),
    topical("e2", "easy", "alpha"),
    topical("e3", "easy", "gamma"),
    topical("m1", "medium", "beta"),
    topical("m2", "medium", "gamma"),
    topical("m3", "medium", ""),
    topical("h1", "hard", "beta"),
    topical("h2", "hard", "beta"),
    topical("h3", "hard", "alpha"),
    topical("h4", "hard", "gamma"),
)


def modes_lesson(lesson_id: str = "demo") -> Lesson:
    return dataclasses.replace(make_lesson(lesson_id, steps=2, questions=QUESTIONS), modes=MODES)
