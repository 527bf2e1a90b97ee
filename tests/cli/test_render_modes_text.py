"""What a learner reads in the terminal for the learning modes, in-process: the lesson card
and its progress lines, the menu of the ten modes, `--modes --json`, `stepwise progress`,
each mode's item and verdict, and the test's score card with its plan.

The CLI tests in this folder drive `python -m bot` in a subprocess; these call the renderers
of `bot.cli.render_modes` directly on a small lesson built inside each test, and compare
the whole text, so a changed word, number or line shows up here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli import render_modes as rm
from bot.core.content import (
    Case,
    CaseOption,
    ConceptCard,
    Decision,
    Difficulty,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    Option,
    PredictItem,
    QuickCheck,
    Step,
)
from bot.core.modes import LessonCard, ModeLine, PlanItem, ScoreCard, mode
from bot.core.modes.scorecard import LevelScore, TopicScore

RULE = "─" * 60


def lesson(objectives: tuple[str, ...] = ("Name the stages",)) -> Lesson:
    steps = (
        Step(1, "Define it", "Write a definition.\n", (), (), "d = 1"),
        Step(2, "List the stages", "Make a list of the four stages.\n", (), (), "s = []"),
    )
    return Lesson(
        id="tiny",
        title="Tiny MLOps",
        track="mlops",
        tags=(),
        minutes=7,
        scenario="A model broke.",
        goal="Keep it working.",
        objectives=objectives,
        why_real_world="",
        why_career="",
        steps=steps,
        questions=(),
    )


def line(mode_id: str, done: int, total: int, right: int, wrong: int, visited: bool) -> ModeLine:
    moment = datetime(2026, 12, 4, 23, 5, tzinfo=UTC) if visited else None
    return ModeLine(mode(mode_id), done, total, right, wrong, moment)


# --------------------------------------------------------------------------- card and menu


def test_a_mode_line_counts_done_and_adds_right_and_wrong_only_when_answered():
    assert rm.mode_line_text(line("concepts", 3, 5, 2, 1, True)) == (
        "Concepts first: 3 / 5 done (2 right, 1 wrong)"
    )
    assert rm.mode_line_text(line("flashcards", 2, 3, 0, 0, True)) == "Flashcards: 2 / 3 done"
    assert rm.mode_line_text(line("predict", 1, 2, 0, 1, True)) == (
        "Predict the output: 1 / 2 done (0 right, 1 wrong)"
    )
    assert rm.mode_line_text(line("predict", 1, 2, 1, 0, True)) == (
        "Predict the output: 1 / 2 done (1 right, 0 wrong)"
    )


def test_the_lesson_card_shows_the_intro_the_steps_progress_and_a_line_per_mode():
    card = LessonCard(
        lesson(),
        1,
        2,
        (line("concepts", 1, 2, 1, 0, True), line("flashcards", 0, 3, 0, 0, True)),
    )
    assert rm.card_text(card) == "\n".join(
        [
            RULE,
            "Tiny MLOps  (mlops, ~7 min)",
            RULE,
            "Scenario: A model broke.",
            "",
            "Goal: Keep it working.",
            "",
            "What you'll learn:",
            "  • Name the stages",
            "",
            "Progress 1 / 2 steps",
            "  Concepts first: 1 / 2 done (1 right, 0 wrong)",
            "  Flashcards: 0 / 3 done",
        ]
    )


def test_the_menu_numbers_the_modes_marks_the_missing_and_offers_the_two_ways_in():
    modes = (mode("steps"), mode("fix"))
    assert rm.menu_text(modes, missing=["fix"]) == "\n".join(
        [
            "",
            "Choose your learning style — 10 modes available",
            "   1. Guided steps — Hands-on coding steps with hints, checks and solutions.",
            "   2. Fix the bug — Broken code fails the checks; fix it and run it."
            " (not in this lesson yet)",
            "",
            "Or one of the two ways in:",
            "   j. Jump into concepts and practice — no test required",
            "   t. Test this pattern — recommended: 10 questions across easy, medium and hard"
            " to know if this pattern is strong",
            "",
            "Type a number (or a mode's id), j or t; q leaves.",
        ]
    )
    assert "(not in this lesson yet)" not in rm.menu_text(modes)


def test_modes_json_gives_each_modes_counts_and_last_visit_or_null():
    lines = (line("concepts", 1, 2, 1, 0, True), line("fix", 0, 2, 0, 0, False))
    assert rm.modes_json(lines) == [
        {
            "id": "concepts",
            "title": "Concepts first",
            "items": 2,
            "done": 1,
            "right": 1,
            "wrong": 0,
            "last_visit": "2026-12-04T23:05:00+00:00",
        },
        {
            "id": "fix",
            "title": "Fix the bug",
            "items": 2,
            "done": 0,
            "right": 0,
            "wrong": 0,
            "last_visit": None,
        },
    ]


def test_progress_lists_only_the_modes_started_and_nothing_when_none_was():
    lines = (line("concepts", 1, 2, 1, 0, True), line("fix", 0, 2, 0, 0, False))
    assert rm.progress_lines(lesson(), lines) == (
        "Tiny MLOps (tiny):\n  Concepts first: 1 / 2 done (1 right, 0 wrong)"
    )
    assert rm.progress_lines(lesson(), (line("fix", 0, 2, 0, 0, False),)) == ""


# --------------------------------------------------------------------------- items


def test_a_concept_card_shows_its_idea_the_example_and_the_quick_check():
    card = ConceptCard(
        id="stages",
        title="Four stages",
        idea="They follow one another.\n",
        example="a = 1\nb = 2\n",
        check=QuickCheck(
            "Which comes last?\n", (Option("Data"), Option("Monitoring", True)), "Watch it."
        ),
    )
    assert rm.concept_text(card, 1, 3) == "\n".join(
        [
            "",
            "(2/3) Four stages",
            "",
            "They follow one another.",
            "",
            "Example:",
            "    a = 1",
            "    b = 2",
            "",
            "Quick check: Which comes last?",
            "  A. Data",
            "  B. Monitoring",
        ]
    )


def test_a_flashcard_shows_the_term_with_the_flip_prompt_unless_left_flipped():
    card = Flashcard("drift", "Data drift", "Live data moves away.\n")
    assert rm.flashcard_front(card, 0, 3) == "\n(1/3) Data drift\n(Enter flips the card; q leaves.)"
    assert rm.flashcard_front(card, 2, 3, flipped=True) == "\n(3/3) Data drift"
    assert rm.flashcard_back(card) == (
        "→ Live data moves away.\nHow well did you know it? 1 again · 2 hard · 3 good · 4 easy"
    )


def predict_item() -> PredictItem:
    return PredictItem(
        id="count",
        code="print(len([1, 2]))\n",
        output="2\n",
        options=(Option("2", True), Option("1"), Option("3")),
        why="len counts the items.\n",
    )


def test_predict_shows_the_snippet_and_the_letters_to_pick():
    assert rm.predict_text(predict_item(), 0, 2) == "\n".join(
        [
            "",
            "(1/2) What does this print?",
            "",
            "    print(len([1, 2]))",
            "",
            "  A. 2",
            "  B. 1",
            "  C. 3",
            "",
            "Pick a letter, or type the output itself.",
        ]
    )


def test_predicts_verdict_names_what_was_picked_or_typed_then_the_output_and_why():
    item = predict_item()
    tail = ["It prints:", "  | 2", "Why: len counts the items."]
    assert rm.predict_result(item, True, 0, None) == "\n".join(["✓ Right.", *tail])
    assert rm.predict_result(item, False, 2, None) == "\n".join(
        ["✗ Not quite: you chose C. 3", *tail]
    )
    assert rm.predict_result(item, False, 0, "two") == "\n".join(
        ["✗ Not quite: you typed 'two'.", *tail]
    )


def test_fix_shows_the_step_its_task_and_the_broken_code():
    item = FixItem("swap", 2, "s = [2, 1]\n", "s = [1, 2]\n", "swapped", "order")
    assert rm.fix_text(item, lesson(), 0, 2) == "\n".join(
        [
            "",
            "(1/2) Fix the bug — step 2: List the stages",
            "",
            "Make a list of the four stages.",
            "",
            "This code fails the step's checks:",
            "    s = [2, 1]",
            "",
            "Paste the fixed code and end it with a blank line"
            " (:hint, :bug, :solution, :skip, :quit).",
        ]
    )


def test_fill_shows_the_worked_example_line_by_line_then_the_numbered_blanks():
    item = FillItem(
        id="stages",
        step=2,
        example=(ExampleLine('c = ["red"]', "a list\n"), ExampleLine("print(c)", "show it")),
        template="s = [___, 'Train', ___]\n",
        answers=("'Data'", "'Watch'"),
        wrong=(),
    )
    assert rm.worked_example_text(item, lesson(), 1, 2) == "\n".join(
        [
            "",
            "(2/2) Worked example, then step 2: List the stages",
            "",
            "A similar task, solved line by line:",
            '    c = ["red"]',
            "      ← a list",
            "    print(c)",
            "      ← show it",
            "",
            "Now your turn:",
            "Make a list of the four stages.",
            "",
            "    s = [___1___, 'Train', ___2___]",
        ]
    )
    assert rm.numbered_blanks("x = 1\n") == "x = 1\n"
    assert rm.blank_count(item) == 2


def case() -> Case:
    first = Decision(
        "What first?\n",
        (
            CaseOption("Check the data", "You find a new source.\n", True),
            CaseOption("Retrain", "Just as bad.\n"),
        ),
        "Data before model.\n",
    )
    second = Decision(
        "Then?",
        (
            CaseOption("Tell nobody", "It happens again."),
            CaseOption("Add a check", "Caught.", True),
        ),
        "Make it permanent.",
    )
    return Case("drop", "Accuracy dropped", "Accuracy fell.", (first, second), "Data first.\n")


def test_a_case_opens_with_its_situation_and_numbers_its_decisions():
    assert rm.case_intro(case(), 0, 2) == "\n".join(
        ["", RULE, "Case 1 of 2: Accuracy dropped", RULE, "Accuracy fell."]
    )
    assert rm.decision_text(case().decisions[0], 1, 2) == "\n".join(
        ["", "Decision 1 of 2: What first?", "  A. Check the data", "  B. Retrain"]
    )


def test_a_decisions_verdict_gives_the_consequence_the_best_move_when_missed_and_why():
    decision = case().decisions[0]
    assert rm.decision_result(decision, 0, True) == ("✓ You find a new source.\nData before model.")
    assert rm.decision_result(decision, 1, False) == "\n".join(
        ["✗ Just as bad.", "The best move: A. Check the data", "Data before model."]
    )
    assert rm.decision_result(case().decisions[1], 0, False) == "\n".join(
        ["✗ It happens again.", "The best move: B. Add a check", "Make it permanent."]
    )
    assert rm.debrief_text(case()) == "\nDebrief: Data first."


# --------------------------------------------------------------------------- score card


def plan(*entries: tuple[str, str, str, str]) -> tuple[PlanItem, ...]:
    return tuple(PlanItem(t, title, m, item, f"{label}") for t, title, m, item, label in entries)


def score_card(plan_items: tuple[PlanItem, ...], topics: bool = True) -> ScoreCard:
    levels = (
        LevelScore(3, 3, Difficulty.EASY),
        LevelScore(3, 4, Difficulty.MEDIUM),
        LevelScore(1, 3, Difficulty.HARD),
    )
    by_topic = (
        (TopicScore(4, 5, "stages", "Four stages"), TopicScore(3, 5, "why", "Why MLOps"))
        if topics
        else ()
    )
    return ScoreCard(lesson(), 7, 10, "getting there", levels, by_topic, plan_items)


def test_the_score_card_gives_the_verdict_scores_and_a_numbered_plan_without_repeats():
    entries = plan(
        ("why", "Why MLOps", "concepts", "why", "Concepts: Why MLOps"),
        ("why", "Why MLOps", "steps", "2", "Step 2: List the stages"),
        ("stages", "Four stages", "steps", "2", "Step 2: List the stages"),
        ("stages", "Four stages", "concepts", "stages", "Concepts: Four stages"),
    )
    card = score_card(entries)
    assert rm.plan_entries(card) == (entries[0], entries[1], entries[3])
    assert rm.score_card_text(card) == "\n".join(
        [
            "",
            RULE,
            "Score card: 7 / 10 (70%). This pattern is GETTING THERE.",
            "  easy: 3/3   medium: 3/4   hard: 1/3",
            "",
            "By topic:",
            "  Four stages: 4/5",
            "  Why MLOps: 3/5",
            "",
            "Your plan, weakest topic first (type its number to open it):",
            "   1. Concepts: Why MLOps",
            "   2. Step 2: List the stages",
            "   3. Concepts: Four stages",
        ]
    )


def test_a_plan_entry_is_one_mode_and_item_the_same_item_in_another_mode_stays():
    entries = plan(
        ("a", "A", "concepts", "2", "Concepts: 2"),
        ("a", "A", "steps", "2", "Step 2"),
        ("b", "B", "steps", "3", "Step 3"),
    )
    assert rm.plan_entries(score_card(entries)) == entries


def test_a_score_card_without_topics_or_misses_says_there_is_nothing_to_plan():
    assert rm.score_card_text(score_card((), topics=False)) == "\n".join(
        [
            "",
            RULE,
            "Score card: 7 / 10 (70%). This pattern is GETTING THERE.",
            "  easy: 3/3   medium: 3/4   hard: 1/3",
            "",
            "No topic with a miss: nothing to plan.",
        ]
    )
