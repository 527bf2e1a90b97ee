"""`stepwise learn` as a learner runs it: the real command in a subprocess, the shipped
lesson, a private database; what it prints, its exit codes and what it stores."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.core.content import load_catalog, option_letter
from bot.core.modes import MODES, item_count

from .runner import CONTENT, LESSON, STEP_CODE, block, stepwise

SHIPPED = load_catalog(CONTENT).get(LESSON)


def quick_check_letters(right: bool) -> list[str]:
    """For each concept card in order: the letter of its right (or of a wrong) answer."""
    letters = []
    for card in SHIPPED.modes.concepts:
        options = card.check.options
        index = next(i for i, o in enumerate(options) if o.correct == right)
        letters.append(option_letter(index))
    return letters


def modes_json(tmp_path) -> dict[str, dict]:
    done = stepwise(tmp_path, "learn", LESSON, "--modes", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["id"] for row in rows] == [info.id for info in MODES]
    return {row["id"]: row for row in rows}


def test_the_card_and_the_menu_then_end_of_input_leaves(tmp_path):
    done = stepwise(tmp_path, "learn", LESSON)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert out.index("What is MLOps") < out.index("Scenario:") < out.index("Goal:")
    assert "What you'll learn:" in out and "Why this matters:" in out
    assert "Progress 0 / 4 steps" in out
    assert "Choose your learning style — 10 modes available" in out
    for number, info in enumerate(MODES, start=1):
        assert f"{number:>2}. {info.title} — {info.description}" in out
    assert "j. Jump into concepts and practice — no test required" in out
    assert "t. Test this pattern — recommended" in out
    assert "See you soon" in out and done.stderr == ""


def test_picking_guided_steps_from_the_menu_solves_the_lesson(tmp_path):
    """What .ci/run feeds the README's first command: 1, then the four steps."""
    script = "1\n" + "".join(block(STEP_CODE[n]) for n in range(1, 5))
    done = stepwise(tmp_path, "learn", LESSON, stdin=script)
    assert done.returncode == 0, done.stderr
    assert "Lesson complete: What is MLOps. Progress 4 / 4 solved." in done.stdout
    again = stepwise(tmp_path, "learn", LESSON)
    assert "Progress 4 / 4 steps" in again.stdout
    assert "  Guided steps: 4 / 4 done" in again.stdout  # a line per mode started


def test_modes_json_counts_items_and_what_the_learner_did(tmp_path):
    before = modes_json(tmp_path)
    for info in MODES:
        row = before[info.id]
        assert row["title"] == info.title and row["items"] == item_count(SHIPPED, info.id)
        assert (row["done"], row["right"], row["wrong"], row["last_visit"]) == (0, 0, 0, None)

    right, wrong = quick_check_letters(True), quick_check_letters(False)
    played = stepwise(
        tmp_path, "learn", LESSON, "--mode", "concepts", stdin=f"{right[0]}\n{wrong[1]}\nq\n"
    )
    assert played.returncode == 0, played.stderr
    assert "✓ Right:" in played.stdout and "✗ Not quite. The answer is" in played.stdout
    after = modes_json(tmp_path)
    concepts = after["concepts"]
    assert (concepts["done"], concepts["right"], concepts["wrong"]) == (2, 1, 1)
    visited = datetime.fromisoformat(concepts["last_visit"])
    assert timedelta(0) <= datetime.now(UTC) - visited < timedelta(minutes=10)
    assert {k: v for k, v in after.items() if k != "concepts"} == {
        k: v for k, v in before.items() if k != "concepts"
    }
    table = stepwise(tmp_path, "learn", LESSON, "--modes").stdout.splitlines()
    assert [line.split()[0] for line in table] == [info.id for info in MODES]
    total = len(SHIPPED.modes.concepts)
    assert f"concepts    Concepts first: 2 / {total} done (1 right, 1 wrong)" in table


def test_leaving_a_mode_and_coming_back_resumes_at_the_same_item(tmp_path):
    right = quick_check_letters(True)
    first = stepwise(tmp_path, "learn", LESSON, "--mode", "concepts", stdin=f"{right[0]}\nq\n")
    total = len(SHIPPED.modes.concepts)
    assert f"(1/{total})" in first.stdout and f"(2/{total})" in first.stdout
    assert f"Saved. `stepwise learn {LESSON} --mode concepts` resumes at this item." in first.stdout
    second = stepwise(tmp_path, "learn", LESSON, "--mode", "concepts", stdin="")
    assert f"(2/{total}) {SHIPPED.modes.concepts[1].title}" in second.stdout
    assert f"(1/{total})" not in second.stdout
    card = stepwise(tmp_path, "learn", LESSON)
    assert f"  Concepts first: 1 / {total} done (1 right, 0 wrong)" in card.stdout


def test_the_cheat_sheet_alone_is_markdown_for_a_file(tmp_path):
    done = stepwise(tmp_path, "learn", LESSON, "--mode", "cheatsheet")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# What is MLOps: cheat sheet\n")
    assert "## Key terms" in done.stdout and "```py" in done.stdout
    assert "Scenario:" not in done.stdout and "Progress" not in done.stdout
    assert done.stdout.endswith("\n") and not done.stdout.endswith("\n\n")
    assert modes_json(tmp_path)["cheatsheet"]["done"] == 1


def test_bad_arguments_are_one_line_and_exit_2(tmp_path):
    for args, words in (
        (("learn", "no-such-lesson"), "no-such-lesson"),
        (("learn", LESSON, "--mode", "karaoke"), "unknown mode 'karaoke'"),
        (("learn", LESSON, "--json"), "--json goes with --modes"),
    ):
        done = stepwise(tmp_path, *args)
        assert done.returncode == 2, args
        assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stdout == ""


def test_help_names_the_modes(tmp_path):
    done = stepwise(tmp_path, "learn", "--help")
    assert done.returncode == 0
    assert "--mode" in done.stdout and "--modes" in done.stdout
    assert "steps, concepts, flashcards" in done.stdout


def test_progress_shows_a_line_per_mode_started(tmp_path):
    right = quick_check_letters(True)
    stepwise(tmp_path, "learn", LESSON, "--mode", "concepts", stdin=f"{right[0]}\nq\n")
    stepwise(tmp_path, "learn", LESSON, "--mode", "cheatsheet")
    done = stepwise(tmp_path, "progress")
    assert done.returncode == 0, done.stderr
    modes = done.stdout.split("Learning modes:", 1)[1]
    total = len(SHIPPED.modes.concepts)
    assert "What is MLOps (what-is-mlops):" in modes
    assert f"  Concepts first: 1 / {total} done (1 right, 0 wrong)" in modes
    assert "  Cheat sheet: 1 / 1 done" in modes
    assert "Flashcards" not in modes  # never opened


def test_a_plan_step_after_the_test_runs_code(tmp_path):
    """`--mode test` opens the code runner: its plan may send the learner to a step. Every
    concept card of the lesson names a step, so the plan's second entry is a step."""
    assert all(card.steps for card in SHIPPED.modes.concepts)
    code = "".join(block(STEP_CODE[n]) for n in range(1, 5))  # one of them is that step's
    done = stepwise(tmp_path, "learn", LESSON, "--mode", "test", stdin="A\n" * 10 + "2\n" + code)
    assert done.returncode == 0, done.stderr
    assert "\n→ Step " in done.stdout
    assert "✓ Passed" in done.stdout and "Cannot run code" not in done.stdout + done.stderr
