"""Issue 20, problem 5: messages name the mistake, checked word for word on the seed's steps."""

from __future__ import annotations

import json

from .runner import LESSON, block, stepwise


def check(tmp_path, step: int, code: str) -> list[str]:
    done = stepwise(tmp_path, "check", LESSON, "--step", str(step), "--json", stdin=code)
    assert done.returncode == 1, done.stderr
    return [c["message"] for c in json.loads(done.stdout)["checks"] if not c["passed"]]


def test_a_missing_comma_between_two_strings_is_named_with_its_line(tmp_path):
    code = "mlops_steps = ['Data Preparation' 'Model Training', 'Model Deployment', 'Monitoring']\n"
    assert check(tmp_path, 2, code) == [
        "line 1: there is no comma between 'Data Preparation' and 'Model Training', so Python "
        "joins them into one string ('Data PreparationModel Training'): put a comma between them"
    ]


def test_a_misspelt_name_gets_did_you_mean_and_its_dependent_checks_wait(tmp_path):
    code = 'defintion = "MLOps manages machine learning models in production."\n'
    assert check(tmp_path, 1, code) == [
        "definition is not defined: you wrote `defintion` — did you mean `definition`?",
        "fix the problem above first",
        "fix the problem above first",
        "fix the problem above first",  # not the content complaint of the `mentions` check
    ]


def test_values_printed_on_one_line_are_told_to_use_one_print_each(tmp_path):
    assert check(tmp_path, 4, "print(definition, mlops_steps, importance)\n") == [
        "your output puts 3 values on 1 line where 3 lines are expected: "
        "print each value with its own print()"
    ]


def test_unchanged_starter_code_is_named_and_costs_no_attempt(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=block('definition = ""') + ":solution\n")
    assert done.returncode == 0, done.stderr
    assert (
        "You have not changed the starter code of step 1 yet: write your answer into it, then "
        "submit (this did not count as an attempt)." in done.stdout
    )
    assert "Not yet" not in done.stdout
    assert "The solution unlocks after 3 more failed attempts." in done.stdout


def test_a_command_word_without_its_colon_is_the_command_and_free(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin="hint\n\nsolution\n\n")
    assert done.returncode == 0, done.stderr
    assert "(Read as the command :hint: commands start with ':'.)" in done.stdout
    assert "Hint 1 of 3:" in done.stdout
    assert "did you mean 'int'" not in done.stdout and "Not yet" not in done.stdout
    assert "The solution unlocks after 3 more failed attempts." in done.stdout
