"""`stepwise practice` and `stepwise test` driven through piped stdin."""

from __future__ import annotations

import re

from .runner import LESSON, stepwise


def test_practice_explains_each_answer_and_reprompts_on_bad_input(tmp_path):
    done = stepwise(tmp_path, "practice", LESSON, "--count", "2", stdin="Z\nA\n:hint\nA\n")
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "(1/2)" in out and "(2/2)" in out
    assert "Answer with a letter A–D" in out
    assert "✓ Correct: A." in out  # question 1's answer is A
    assert "✗ Not quite. You chose A; the answer is B." in out  # question 2's is B
    assert "Solution:" in out and "Common mistakes:" in out and "Hint:" in out
    assert "Practice done: 1 / 2 correct." in out


def test_missed_practice_question_comes_back_in_the_next_session(tmp_path):
    stepwise(tmp_path, "practice", LESSON, "--count", "2", stdin="A\nA\n")  # misses q2
    again = stepwise(tmp_path, "practice", LESSON, "--count", "1", stdin="B\n")
    assert again.returncode == 0
    assert "Which of the following is a key component of MLOps pipelines?" in again.stdout
    assert "✓ Correct: B." in again.stdout


def test_test_mode_scores_at_the_end_with_a_review(tmp_path):
    done = stepwise(tmp_path, "test", LESSON, stdin="A\n" * 10)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "(1/10)" in out and "(10/10)" in out
    assert "Correct" not in out.split("Test result")[0]  # no feedback before the end
    score = re.search(r"Test result: (\d+) / 10", out)
    assert score is not None and int(score.group(1)) < 10
    assert re.search(r"easy: \d/\d+ +medium: \d/\d+ +hard: \d/\d+", out)
    assert "Review of your misses:" in out and "You answered: A." in out


def test_test_mode_stopped_early_counts_the_rest_as_misses(tmp_path):
    done = stepwise(tmp_path, "test", LESSON, stdin="A\n:quit\n")
    assert done.returncode == 0
    assert "Test stopped" in done.stdout and "(no answer)" in done.stdout
    assert re.search(r"Test result: [01] / 10", done.stdout)
