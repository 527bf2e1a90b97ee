"""`calls`, `tolerance`, `passed`, expr errors and output isolation, through the real
`stepwise check --json` and `stepwise content check` (the sandbox runs the learner's code).

The lesson is tests/cli/content/lessons/tracking-experiments.yaml: step 1 asks for
`log_run(run_id, learning_rate, epochs, accuracy)`, step 2 for a float `gain`, step 3 for
one printed line after step 2's reference printed one of its own.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .runner import stepwise

CONTENT = Path(__file__).parent / "content"
LESSON = "tracking-experiments"
FILE = CONTENT / "lessons" / f"{LESSON}.yaml"

RIGHT = """\
runs = []

def log_run(run_id, learning_rate, epochs, accuracy):
    run = {'run_id': run_id, 'learning_rate': learning_rate, 'epochs': epochs,
           'accuracy': accuracy}
    runs.append(run)
    return run
"""


def check(tmp: Path, step: int, code: str) -> tuple[int, dict]:
    done = stepwise(
        tmp, "check", LESSON, "--step", str(step), "--json", stdin=code,
        env={"STEPWISE_CONTENT": str(CONTENT)},
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def failures(verdict: dict) -> list[str]:
    assert verdict["status"] == "ok", verdict
    return [c["message"] for c in verdict["checks"] if not c["passed"]]


# --------------------------------------------------------------------------- calls


def test_a_right_function_passes_and_cases_do_not_leak_into_each_other(tmp_path):
    # Every case's `then` says len(runs) == 1: it holds only if each case starts from the
    # namespace the program left (an empty `runs`), not from the previous case's.
    code, verdict = check(tmp_path, 1, RIGHT)
    assert code == 0, verdict
    assert verdict["checks"][0]["message"] == "log_run returns the right values (3 calls)"


def test_a_function_that_ignores_its_arguments_fails_on_the_case_that_shows_it(tmp_path):
    hard_coded = RIGHT.replace("run = {'run_id': run_id,", "run = {'run_id': 'run-9',")
    code, verdict = check(tmp_path, 1, hard_coded)
    assert code == 1
    assert failures(verdict) == [
        "log_run('run-10', 0.3, 1, 0.25)['run_id']: expected 'run-10', found 'run-9'"
    ]


def test_a_function_that_forgets_its_side_effect_fails_the_cases_then(tmp_path):
    code, verdict = check(tmp_path, 1, RIGHT.replace("    runs.append(run)\n", ""))
    assert code == 1
    assert failures(verdict) == [
        "after log_run('run-9', 0.2, 3, 0.5), "
        "len(runs) == 1 and runs[0]['run_id'] == 'run-9' is not true"
    ]


def test_a_function_that_raises_is_reported_as_that_call(tmp_path):
    broken = RIGHT.replace("'accuracy': accuracy}", "'accuracy': {'acc': 1}['accuracy']}")
    code, verdict = check(tmp_path, 1, broken)
    assert code == 1
    assert failures(verdict) == ["log_run('run-9', 0.2, 3, 0.5) raised KeyError: 'accuracy'"]


def test_a_function_that_loops_is_stopped_and_the_run_still_gets_a_verdict(tmp_path):
    looping = "runs = []\n\ndef log_run(run_id, learning_rate, epochs, accuracy):\n"
    looping += "    while epochs > 0:\n        pass\n"
    code, verdict = check(tmp_path, 1, looping)
    assert code == 1 and verdict["status"] == "ok"  # not a timeout of the whole run
    assert failures(verdict) == [
        "log_run('run-9', 0.2, 3, 0.5) did not return within 1 s — look for a loop that never ends"
    ]


def test_a_loop_in_one_case_keeps_the_results_of_the_cases_before_it(tmp_path):
    # run-11 (the third case) loops; the first two cases' results are still judged.
    code, verdict = check(
        tmp_path,
        1,
        RIGHT.replace(
            "    return run", "    while run_id == 'run-11':\n        pass\n    return run"
        ),
    )
    assert code == 1
    assert failures(verdict) == [
        "log_run('run-11', learning_rate=0.01, epochs=10, accuracy=0.91) did not return "
        "within 1 s — look for a loop that never ends"
    ]
    wrong_first = RIGHT.replace(
        "    return run", "    while run_id == 'run-11':\n        pass\n    return None"
    )
    _, verdict = check(tmp_path, 1, wrong_first)
    assert failures(verdict)[0].startswith("log_run('run-9', 0.2, 3, 0.5): expected a dictionary")


def test_a_function_returning_an_object_that_cannot_be_reported_fails_by_name(tmp_path):
    code, verdict = check(tmp_path, 1, RIGHT.replace("    return run", "    return iter([run])"))
    assert code == 1
    assert failures(verdict) == [
        "log_run('run-9', 0.2, 3, 0.5) returned a list_iterator object, which a check "
        "cannot compare — return plain values: numbers, text, lists, dicts"
    ]


def test_printing_instead_of_returning_is_named(tmp_path):
    code, verdict = check(tmp_path, 1, RIGHT.replace("    return run", "    print(run)"))
    assert code == 1
    [message] = failures(verdict)
    assert message.startswith("log_run('run-9', 0.2, 3, 0.5): expected a dictionary, got None")
    assert "(it printed \"{'run_id': 'run-9'" in message and "use return" in message
    assert verdict["stdout"] == ""  # a case's printing is not the program's output


def test_a_missing_function_is_named(tmp_path):
    code, verdict = check(tmp_path, 1, "runs = []\nlog_run = 3\n")
    assert code == 1
    assert failures(verdict) == [
        "log_run should be a function (def log_run(...):), but it is a whole number (int)"
    ]


# --------------------------------------------------------------------------- tolerance, expr


GAIN = "log_run('run-1', 0.1, 5, 0.82)\nlog_run('run-2', 0.01, 10, 0.91)\n"


def test_tolerance_accepts_float_noise_and_rejects_a_wrong_number(tmp_path):
    code, verdict = check(tmp_path, 2, GAIN + "gain = 0.91 - 0.82\n")
    assert code == 0, verdict  # 0.09000000000000008
    code, verdict = check(tmp_path, 2, GAIN + "gain = 0.1\n")
    assert code == 1
    assert failures(verdict) == ["gain: expected 0.09, found 0.1"]


def test_an_expr_that_raises_on_the_learners_values_shows_message_and_exception(tmp_path):
    code, verdict = check(tmp_path, 2, "gain = 0.91 - 0.82\nruns = None\n")
    assert code == 1
    assert failures(verdict) == [
        "runs should hold two runs (TypeError: object of type 'NoneType' has no len())"
    ]


# --------------------------------------------------------------------------- output, passed


def test_output_checks_see_only_this_steps_printing(tmp_path):
    # Step 2's reference printed "logged 2 runs"; step 3's output check wants one line.
    code, verdict = check(tmp_path, 3, "print('best:', 'run-2')\n")
    assert code == 0, verdict
    assert verdict["stdout"] == "best: run-2\n"
    messages = [c["message"] for c in verdict["checks"]]
    assert messages == ["your output is right", "the best run is announced"]


def test_an_expr_without_passed_shows_no_pass_line(tmp_path):
    done = stepwise(
        tmp_path, "check", LESSON, "--step", "2", stdin=GAIN + "gain = 0.91 - 0.82\n",
        env={"STEPWISE_CONTENT": str(CONTENT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    marks = [line for line in done.stdout.splitlines() if line.startswith("  ✓")]
    assert marks == ["  ✓ gain has the expected value"]


# --------------------------------------------------------------------------- content check


def test_content_check_prints_the_exception_an_expr_raised_with_expr_and_line(tmp_path):
    folder = tmp_path / "content" / "lessons"
    folder.mkdir(parents=True)
    text = FILE.read_text(encoding="utf-8").replace("expr: len(runs) == 2", "expr: len(run) == 2")
    (folder / FILE.name).write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - kind: expr") + 1
    done = stepwise(tmp_path, "content", "check", str(tmp_path / "content"))
    assert done.returncode == 1
    assert re.search(
        r"step 2 › solution: reference solution fails: runs should hold two runs", done.stdout
    )
    assert (
        f"step 2: expr 'len(run) == 2' raised NameError: name 'run' is not defined "
        f"(lesson line {line})" in done.stdout
    ), done.stdout


def test_content_check_passes_the_calls_lesson(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    done = stepwise(tmp_path, "content", "check", str(copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3/3" in done.stdout
