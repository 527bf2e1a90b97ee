"""Which question comes next and how its options and teaching are shown.

Pure rules of `quiz.selection`, `quiz.adaptive` and `quiz.shuffle`, over values built here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.content import Difficulty, Option, Question
from bot.core.ports import Answer
from bot.core.quiz import shuffle
from bot.core.quiz.adaptive import next_adaptive_question, target_level
from bot.core.quiz.selection import next_practice_question

from .helpers import make_question

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def said(*answers: tuple[str, bool]) -> list[Answer]:
    return [
        Answer("local:a", "demo", qid, 0, ok, "practice", T0 + timedelta(minutes=i))
        for i, (qid, ok) in enumerate(answers)
    ]


# --------------------------------------------------------------------------- practice


def test_once_all_is_answered_right_the_least_seen_question_comes_next():
    pool = (make_question("q1"), make_question("q2"), make_question("q3"))
    history = said(("q1", True), ("q2", True), ("q3", True), ("q1", True), ("q3", True))
    assert next_practice_question(pool, history).id == "q2"
    even = said(("q1", True), ("q2", True), ("q3", True))
    assert next_practice_question(pool, even, after="q1").id == "q2"  # then lesson order


# --------------------------------------------------------------------------- adaptive


def test_one_right_answer_after_a_miss_does_not_step_up():
    bank = (make_question("e1", "easy"), make_question("e2", "easy"), make_question("m1", "medium"))
    assert target_level(bank, said(("e1", False))) == Difficulty.EASY
    assert target_level(bank, said(("e1", False), ("e2", True))) == Difficulty.EASY
    assert target_level(bank, said(("e1", False), ("e2", True), ("e1", True))) == Difficulty.MEDIUM


def test_answers_to_questions_no_longer_in_the_bank_are_skipped_not_the_end_of_the_record():
    bank = (make_question("e1", "easy"), make_question("e2", "easy"), make_question("m1", "medium"))
    history = said(("removed", False), ("e1", True), ("e2", True))
    assert target_level(bank, history) == Difficulty.MEDIUM


def test_an_unseen_question_comes_before_a_seen_one_nearer_the_level():
    bank = (make_question("e1", "easy"), make_question("m1", "medium"))
    assert next_adaptive_question(bank, said(("e1", True))).id == "m1"


def test_adaptive_practice_skips_the_question_just_shown_unless_it_is_the_only_one():
    bank = (make_question("e1", "easy"), make_question("e2", "easy"))
    assert next_adaptive_question(bank, [], after="e1").id == "e2"
    assert next_adaptive_question(bank[:1], [], after="e1").id == "e1"


# --------------------------------------------------------------------------- shuffle


def lettered() -> Question:
    return Question(
        id="q",
        prompt="Which one?",
        difficulty=Difficulty.EASY,
        options=tuple(Option(f"option {n}", n == 0) for n in range(4)),
        explanation=("Option A is right.",),
        mistakes=("Picking (B) forgets the cache.",),
        hint="Compare Options A and C.",
        quick_check="Why not Option D?",
    )


def test_every_teaching_text_follows_the_shown_letters():
    # shown A, B, C, D = written C, A, D, B
    shown = shuffle.shown(lettered(), (2, 0, 3, 1))
    assert [o.text for o in shown.options] == ["option 2", "option 0", "option 3", "option 1"]
    assert shown.explanation == ("Option B is right.",)
    assert shown.mistakes == ("Picking (D) forgets the cache.",)
    assert shown.hint == "Compare Options A and B."  # C→A, A→B, kept in letter order
    assert shown.quick_check == "Why not Option C?"


def test_a_letter_that_names_no_shown_option_is_left_as_written():
    three = Question(
        id="t",
        prompt="Which one?",
        difficulty=Difficulty.EASY,
        options=tuple(Option(f"option {n}", n == 0) for n in range(3)),
        explanation=("Option A is right; there is no Option E.",),
    )
    shown = shuffle.shown(three, (1, 2, 0))
    assert shown.explanation == ("Option C is right; there is no Option E.",)


def test_two_free_options_rarely_keep_their_written_order():
    """A true/false question is reshuffled when a shuffle gives the written order back,
    so the answer's letter is not the written one half the time."""
    true_false = Question(
        id="tf",
        prompt="True or false?",
        difficulty=Difficulty.EASY,
        options=(Option("True", True), Option("False", False)),
        explanation=("Because.",),
    )
    kept = sum(shuffle.option_order(true_false, f"local:learner{n}:0") == (0, 1) for n in range(64))
    assert kept <= 12  # about 1 in 16; without the reshuffle about 1 in 2
