"""Issue 20, problem 10: a paste is one submission, `:last` is labelled, texts say it once."""

from __future__ import annotations

import io

from bot.cli.console import Console

from .runner import LESSON, STEP_CODE, block, stepwise

WITH_BLANK_LINE = 'definition = "MLOps manages machine learning models"\n\nprint(definition)'


def test_code_between_code_and_end_is_one_submission_blank_lines_included(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=f":code\n{WITH_BLANK_LINE}\n:end\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("✓ Passed") == 1 and "Not yet" not in done.stdout
    assert "MLOps manages machine learning models" in done.stdout  # the print ran too


async def test_a_bracketed_paste_arrives_whole_and_ends_at_the_next_blank_line(monkeypatch):
    """With bracketed paste, readline hands the whole paste (newlines and all) to one
    input() call; the blank line inside must not end the submission."""
    typed = iter([WITH_BLANK_LINE, ""])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(typed))
    console = Console(io.StringIO(), io.StringIO(), interactive=True)
    assert await console.read_block() == WITH_BLANK_LINE + "\n"


def test_the_help_names_the_way_to_end_a_submission(tmp_path):
    done = stepwise(tmp_path, "study", "--help")
    assert ":code and end it with a line :end" in done.stdout.replace("\n", " ")


def test_last_is_labelled_and_says_when_there_is_nothing(tmp_path):
    script = ":last\n" + block('definition = "x"') + ":last\n"
    done = stepwise(tmp_path, "study", LESSON, stdin=script)
    assert "You have not submitted anything for this step yet." in done.stdout
    assert 'Your last submission:\n    definition = "x"' in done.stdout


def test_locked_solution_says_it_once_and_names_giveup(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=":solution\n")
    assert done.stdout.count("unlocks after") == 1
    assert (
        "The solution unlocks after 3 more failed attempts. Type :hint for a hint, or :giveup "
        "to see it now (recorded as giving up)." in done.stdout
    )
    solved = stepwise(tmp_path, "study", LESSON, stdin=":giveup\n" + block(STEP_CODE[1]))
    assert "Type it in (or adapt it) to solve the step." in solved.stdout
