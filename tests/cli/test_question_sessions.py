"""`stepwise practice` and `stepwise test` driven through piped stdin."""

from __future__ import annotations

import re

from .runner import LESSON, stepwise


def shown(out: str, text: str) -> str:
    """The letter `stepwise practice` printed for the option `text` (options are shuffled)."""
    letters = re.findall(rf"^  ([A-E])\. {re.escape(text)}$", out, re.MULTILINE)
    assert letters, f"{text!r} not shown"
    return letters[-1]


def test_practice_explains_a_miss_and_only_confirms_a_right_answer(tmp_path):
    first = stepwise(tmp_path, "practice", LESSON, "--count", "1", stdin="Z\n:hint\nQ\n")
    right = shown(
        first.stdout, "To automate and manage the deployment and maintenance of ML models"
    )
    wrong = "B" if right == "A" else "A"
    done = stepwise(tmp_path, "practice", LESSON, "--count", "2", stdin=f"Z\n{right}\n{wrong}\n")
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "(1/2)" in out and "(2/2)" in out
    assert "Answer with a letter A–D" in out
    correct, missed = out.split("(2/2)")
    assert f"✓ Correct: {right}." in correct
    assert "Solution:" not in correct and "Hint:" not in correct  # no reprint after a right answer
    assert "✗ Not quite." in missed
    assert "Solution:" in missed and "Common mistakes:" in missed and "Hint:" in missed
    assert "Practice done: 1 / 2 correct." in out


def test_practice_reaches_the_whole_pool_and_says_so(tmp_path):
    """Issue 20, problem 3: a learner who keeps missing sees all 10 questions in 10 turns."""
    done = stepwise(tmp_path, "practice", LESSON, "--count", "12", stdin="A\n" * 12)
    prompts = re.findall(r"^\(\d+/12\) \[\w+\] (.+)$", done.stdout, re.MULTILINE)
    assert len(set(prompts[:10])) == 10
    assert "You have now answered all 10 questions of this pool at least once." in done.stdout


def test_missed_practice_question_comes_back_after_the_pool(tmp_path):
    stepwise(tmp_path, "practice", LESSON, "--count", "10", stdin="Z\n" * 0 + "A\n" * 10)
    again = stepwise(tmp_path, "practice", LESSON, "--count", "1", stdin="A\n")
    assert again.returncode == 0
    first_prompt = re.search(r"^\(1/1\) \[\w+\] (.+)$", again.stdout, re.MULTILINE)
    assert first_prompt is not None  # a missed one leads the next session
    assert "Question" not in first_prompt.group(1)


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


def test_test_mode_stopped_early_reveals_only_what_was_answered(tmp_path):
    done = stepwise(tmp_path, "test", LESSON, stdin="A\n:quit\n")
    assert done.returncode == 0
    assert "Test stopped" in done.stdout
    assert (
        "9 questions left unanswered: counted as misses; their answers stay hidden" in done.stdout
    )
    assert re.search(r"Test result: [01] / 10", done.stdout)
    assert done.stdout.count("Correct:      ") <= 1  # at most the one answered question
