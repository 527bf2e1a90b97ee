"""`stepwise content check`'s question-bank half: warnings, --strict, --json, proven outputs.

Runs the real command and the real sandbox: a stated output is only proven by running it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .runner import LESSON, stepwise
from .test_check_and_content import SEED, variant

DEPLOY_OPTIONS = "      - {text: Deploy successful, correct: true}\n      - {text: Deploy failed}\n"
WRONG_KEY = "      - {text: Deploy successful}\n      - {text: Deploy failed, correct: true}\n"
NONE_OLD = "      - {text: To create visualizations for data analysis}\n"
NONE_NEW = "      - {text: 'None of the above, since MLOps only draws charts'}\n"
SUMMARY = f"{LESSON}: 10 questions: longest-correct 20 %, positions A2 B3 C2 D3, 0 cues"


def test_strict_passes_the_shipped_content_and_prints_the_bank_summary(tmp_path: Path) -> None:
    done = stepwise(tmp_path, "content", "check", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert SUMMARY in done.stdout.splitlines()
    assert "warning:" not in done.stdout


def test_a_cue_is_a_located_warning_that_fails_only_with_strict(tmp_path: Path) -> None:
    content = variant(tmp_path, NONE_OLD, NONE_NEW)
    relaxed = stepwise(tmp_path, "content", "check", str(content))
    assert relaxed.returncode == 0, relaxed.stdout
    warning = (
        r"what-is-mlops\.yaml:\d+ question 1 › option 4: warning: option D says "
        r'"None of the above"; it is answered by spotting one true or false option: write an '
        r"option that stands on its own \[all-or-none-of-the-above\]"
    )
    assert re.search(warning, relaxed.stdout), relaxed.stdout
    assert "1 cue" in relaxed.stdout and "(--strict fails on them)" in relaxed.stdout
    strict = stepwise(tmp_path, "content", "check", "--strict", str(content))
    assert strict.returncode == 1
    assert re.search(warning, strict.stdout)
    assert "1 question warning in the question banks (--strict fails on any)" in strict.stdout


def test_the_line_of_a_warning_is_the_option_it_is_about(tmp_path: Path) -> None:
    content = variant(
        tmp_path,
        "      - {text: Writing ML code without version control}\n",
        "      - {text: manual model retraining without automation!}\n",
    )
    done = stepwise(tmp_path, "content", "check", str(content))
    found = re.search(
        r"what-is-mlops\.yaml:(\d+) question 2 › option 1: warning: options A and C "
        r"differ only in case or punctuation \[case-or-punctuation-only\]",
        done.stdout,
    )
    assert found, done.stdout
    lines = (content / "lessons" / SEED.name).read_text(encoding="utf-8").splitlines()
    assert (
        lines[int(found.group(1)) - 1]
        == "      - {text: Manual model retraining without automation}"
    )


def test_a_wrong_stated_output_fails_even_without_strict(tmp_path: Path) -> None:
    content = variant(tmp_path, DEPLOY_OPTIONS, WRONG_KEY)
    done = stepwise(tmp_path, "content", "check", str(content))
    assert done.returncode == 1
    assert re.search(
        r"what-is-mlops\.yaml:\d+ question 3 › option 2: the code prints "
        r'"Deploy successful", which is option A, but the correct option \(B\) says '
        r'"Deploy failed" \[output-mismatch\]',
        done.stdout,
    ), done.stdout
    assert "✗ 1 problem(s)" in done.stdout


def test_code_that_crashes_is_stated_by_naming_the_exception(tmp_path: Path) -> None:
    content = variant(tmp_path, "      print(result)\n", "      print(result / 0)\n")
    done = stepwise(tmp_path, "content", "check", str(content))
    assert done.returncode == 1
    assert (
        'the code stops with TypeError but the correct option (A) says "Deploy successful"'
    ) in done.stdout


def test_json_reports_the_bank_and_its_findings(tmp_path: Path) -> None:
    content = variant(tmp_path, NONE_OLD, NONE_NEW)
    done = stepwise(tmp_path, "content", "check", "--json", str(content))
    assert done.returncode == 0, done.stdout  # a warning does not fail without --strict
    verdict = json.loads(done.stdout)
    assert (verdict["ok"], verdict["strict"], verdict["problems"]) == (True, False, [])
    (lesson,) = verdict["lessons"]
    assert (lesson["lesson"], lesson["ok"], lesson["reference_passed"]) == (LESSON, True, 4)
    assert lesson["file"].endswith(SEED.name) and lesson["problems"] == []
    bank = lesson["question_bank"]
    assert bank["positions"] == {"A": 2, "B": 3, "C": 2, "D": 3}
    assert (bank["questions"], bank["longest_correct"], bank["cues"]) == (10, 2, 1)
    assert bank["summary"].endswith("1 cue")
    (finding,) = bank["findings"]
    assert set(finding) == {"rule", "severity", "question", "file", "line", "path", "message"}
    assert (finding["rule"], finding["severity"]) == ("all-or-none-of-the-above", "warning")
    assert (finding["question"], finding["path"]) == ("mlops-purpose", "question 1 › option 4")
    assert isinstance(finding["line"], int)
    strict = stepwise(tmp_path, "content", "check", "--json", "--strict", str(content))
    assert strict.returncode == 1 and json.loads(strict.stdout)["ok"] is False


def test_json_marks_a_wrong_stated_output_as_an_error(tmp_path: Path) -> None:
    content = variant(tmp_path, DEPLOY_OPTIONS, WRONG_KEY)
    done = stepwise(tmp_path, "content", "check", "--json", str(content))
    assert done.returncode == 1
    (lesson,) = json.loads(done.stdout)["lessons"]
    assert lesson["ok"] is False and lesson["question_bank"]["cues"] == 0
    (finding,) = lesson["question_bank"]["findings"]
    assert (finding["rule"], finding["severity"]) == ("output-mismatch", "error")


def test_json_lists_validation_problems_too(tmp_path: Path) -> None:
    content = variant(tmp_path, "id: what-is-mlops", "id: What Is MLOps")
    done = stepwise(tmp_path, "content", "check", "--json", str(content))
    assert done.returncode == 1
    verdict = json.loads(done.stdout)
    assert verdict["ok"] is False and verdict["lessons"] == []
    (problem,) = verdict["problems"]
    assert set(problem) == {"file", "line", "path", "message"} and problem["path"] == "id"


def test_code_that_never_finishes_cannot_prove_its_output(tmp_path: Path) -> None:
    content = variant(tmp_path, "      print(result)\n", "      while True:\n          pass\n")
    done = stepwise(tmp_path, "content", "check", str(content), env={"STEPWISE_EXEC_TIMEOUT": "1"})
    assert done.returncode == 1
    assert re.search(
        r"question 3 › option 1: the code could not be run to prove its output: .*\S "
        r"\[output-mismatch\]",
        done.stdout,
    ), done.stdout
