"""`stepwise check` and `stepwise content check`: output, JSON fields and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .runner import CONTENT, LESSON, REPO, STEP_CODE, stepwise

# The documented JSON verdict (docs/cli.md). Changing these breaks scripts: keep in sync.
VERDICT_FIELDS = {
    "notes",
    "lesson",
    "step",
    "passed",
    "status",
    "duration_ms",
    "checks",
    "stdout",
    "truncated",
    "error",
    "detail",
    "signal",
}
CHECK_FIELDS = {"kind", "passed", "message", "detail"}
ERROR_FIELDS = {"type", "message", "friendly", "program", "line", "column", "traceback"}

SEED = CONTENT / "lessons" / f"{LESSON}.yaml"
STEP2_SOLUTION = (
    "      mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']"
)
STEP2_CHECKS = (
    "      - {kind: defined, name: mlops_steps}\n"
    "      - {kind: type, name: mlops_steps, type: list}\n"
)


def check_json(tmp: Path, step: int, code: str) -> tuple[int, dict]:
    done = stepwise(tmp, "check", LESSON, "--step", str(step), "--json", stdin=code)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


def test_check_json_passes_with_exit_0_and_documented_fields(tmp_path):
    code, verdict = check_json(tmp_path, 4, STEP_CODE[4])
    assert code == 0
    assert set(verdict) == VERDICT_FIELDS
    assert (verdict["lesson"], verdict["step"], verdict["passed"]) == (LESSON, 4, True)
    assert verdict["status"] == "ok" and verdict["error"] is None
    assert all(set(c) == CHECK_FIELDS and c["passed"] for c in verdict["checks"])
    # Earlier steps' reference solutions ran first: step 4 printed their variables.
    assert (
        "['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']"
        in (verdict["stdout"])
    )


def test_check_json_fails_with_exit_1_and_the_specific_message(tmp_path):
    code, verdict = check_json(tmp_path, 2, "mlops_steps = ('Data Preparation',)")
    assert code == 1 and verdict["passed"] is False
    failed = [c["message"] for c in verdict["checks"] if not c["passed"]]
    assert any("expected a list, got a tuple" in m or "tuple" in m for m in failed), failed


def test_check_json_locates_a_syntax_error(tmp_path):
    code, verdict = check_json(tmp_path, 1, "definition = 'x'\nif True\n    pass\n")
    assert code == 1 and verdict["status"] == "syntax_error"
    assert set(verdict["error"]) == ERROR_FIELDS and verdict["error"]["line"] == 2


def test_check_reads_a_file_and_prints_a_readable_verdict(tmp_path):
    source = tmp_path / "answer.py"
    source.write_text(STEP_CODE[1], encoding="utf-8")
    done = stepwise(tmp_path, "check", LESSON, "--step", "1", str(source))
    assert done.returncode == 0, done.stderr
    assert "✓ Passed" in done.stdout and "ran in" in done.stdout


def test_check_bad_arguments_exit_2(tmp_path):
    unknown = stepwise(tmp_path, "check", "nope", "--step", "1", stdin="x = 1")
    assert unknown.returncode == 2 and LESSON in unknown.stderr
    too_far = stepwise(tmp_path, "check", LESSON, "--step", "9", stdin="x = 1")
    assert too_far.returncode == 2 and "between 1 and 4" in too_far.stderr
    missing = stepwise(tmp_path, "check", LESSON, "--step", "1", str(tmp_path / "nope.py"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    zero = stepwise(tmp_path, "check", LESSON, "--step", "0", stdin="x = 1")
    assert zero.returncode == 2
    no_step = stepwise(tmp_path, "check", LESSON, stdin="x = 1")
    assert no_step.returncode == 2


# --------------------------------------------------------------------------- content check


def variant(tmp: Path, old: str, new: str) -> Path:
    """A content folder holding the seed lesson with one edit."""
    text = SEED.read_text(encoding="utf-8")
    assert old in text, "the seed lesson changed; update this test's edit"
    folder = tmp / "content" / "lessons"
    folder.mkdir(parents=True)
    (folder / SEED.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp / "content"


def test_content_check_passes_the_shipped_content(tmp_path):
    done = stepwise(tmp_path, "content", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith(LESSON))
    assert "4/4" in row and "ok" in row
    assert "step 4/4" in done.stderr  # progress as it goes


def test_content_check_reports_validation_problems_with_file_and_line(tmp_path):
    content = variant(
        tmp_path, "{kind: defined, name: definition}", "{kind: equal, name: definition}"
    )
    done = stepwise(tmp_path, "content", "check", str(content))
    assert done.returncode == 1
    assert re.search(rf"{re.escape(SEED.name)}:\d+ step 1 › check 1\S*: .*'equal'", done.stdout), (
        done.stdout
    )
    assert "Traceback" not in done.stderr


def test_content_check_catches_a_reference_solution_that_fails(tmp_path):
    content = variant(tmp_path, STEP2_SOLUTION, STEP2_SOLUTION.replace(", 'Monitoring'", ""))
    done = stepwise(tmp_path, "content", "check", str(content))
    assert done.returncode == 1
    solution_line = SEED.read_text().splitlines().index(STEP2_SOLUTION) + 1
    assert re.search(
        rf"what-is-mlops.yaml:{solution_line} step 2 › solution: reference solution fails: "
        r".*'Monitoring' is missing",
        done.stdout,
    ), done.stdout
    assert "3/4" in done.stdout


def test_a_reference_solution_that_raises_names_the_file_line_that_failed(tmp_path):
    """Issue 20, problem 8: "reference solution fails" says which line of the file failed."""
    broken = STEP2_SOLUTION + "\n      raise ValueError('boom')"
    content = variant(tmp_path, STEP2_SOLUTION, broken)
    done = stepwise(tmp_path, "content", "check", str(content))
    line = SEED.read_text().splitlines().index(STEP2_SOLUTION) + 2
    assert f"what-is-mlops.yaml:{line} step 2 › solution: reference solution fails: ValueError" in (
        done.stdout
    ), done.stdout


def test_content_check_catches_checks_an_empty_submission_passes(tmp_path):
    content = variant(tmp_path, STEP2_CHECKS, "      - {kind: defined, name: definition}\n")
    text = (content / "lessons" / SEED.name).read_text(encoding="utf-8")
    text = text.replace(
        "      - kind: equals\n        name: mlops_steps\n"
        "        value: [Data Preparation, Model Training, Model Deployment, Monitoring]\n",
        "",
        1,
    )
    (content / "lessons" / SEED.name).write_text(text, encoding="utf-8")
    done = stepwise(tmp_path, "content", "check", str(content))
    assert done.returncode == 1
    assert "step 2: an empty submission passes" in done.stdout


def test_content_check_honours_stepwise_content_and_rejects_a_missing_path(tmp_path):
    broken = variant(tmp_path, "id: what-is-mlops", "id: What Is MLOps")
    via_env = stepwise(tmp_path, "content", "check", env={"STEPWISE_CONTENT": str(broken)})
    assert via_env.returncode == 1 and re.search(r":\d+ id: ", via_env.stdout)
    missing = stepwise(tmp_path, "content", "check", str(tmp_path / "nowhere"))
    assert missing.returncode == 2


def test_content_check_copies_are_independent_of_the_repo(tmp_path):
    copy = tmp_path / "lesson-copy"  # not "copy": with an __init__.py it would shadow the stdlib
    shutil.copytree(CONTENT, copy)
    done = stepwise(tmp_path, "content", "check", str(copy / "lessons" / SEED.name))
    assert done.returncode == 0, done.stdout


def test_a_reader_that_leaves_early_ends_the_command_quietly(tmp_path):
    """`stepwise lessons | head -0`: exit 141 like other tools, no traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line is written
    try:
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(REPO),
            "STEPWISE_DB": str(tmp_path / "stepwise.db"),
            "STEPWISE_CONTENT": str(CONTENT),
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", "lessons"],
            stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            env=environment, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""
