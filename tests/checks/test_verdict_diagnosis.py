"""What a learner reads when a step's checks fail: the cause named once, not every symptom.

`evaluate_all` is the verdict the checker sends back. These tests feed it a submission's
source and values (built the way the checker builds them, through encoded snapshots) and
assert each check's kind, pass/fail, message and author detail: a missing comma named
instead of "is not defined", a name spelt almost right, values printed on one line, and
the later failures of one mistake saying "fix the problem above first".
"""

from __future__ import annotations

import sys

import pytest
from checker_context import context

from bot.core.checks import (
    SAME_PROBLEM,
    Check,
    CheckContext,
    CheckResult,
    decode,
    encode,
    evaluate,
    evaluate_all,
)
from bot.core.checks.calls import CaseResult

STEPS = ["Data Preparation", "Model Training", "Model Deployment", "Monitoring"]


def run_source(source: str) -> dict:
    namespace: dict = {}
    exec(compile(source, "<submission>", "exec"), namespace)
    return {k: v for k, v in namespace.items() if not k.startswith("__")}


def first_message(source: str, check: Check | None = None) -> str:
    """The message of the step's first (failing) check for a submission that runs."""
    check = check or Check("equals", {"name": "mlops_steps", "value": STEPS})
    (result,) = evaluate_all([check], context(source=source, **run_source(source)))
    assert result.passed is False
    return result.message


def comma(line: int, first: str, second: str, joined: str | None) -> str:
    value = f" ({joined!r})" if joined is not None else ""
    return (
        f"line {line}: there is no comma between {first} and {second}, so Python joins "
        f"them into one string{value}: put a comma between them"
    )


# --------------------------------------------------------------------------- missing comma


def test_a_missing_comma_in_a_list_is_named_instead_of_the_wrong_value():
    source = (
        'mlops_steps = ["Data Preparation", "Model Training" "Model Deployment", "Monitoring"]\n'
    )
    check = Check("equals", {"name": "mlops_steps", "value": STEPS})
    (result,) = evaluate_all([check], context(source=source, **run_source(source)))
    assert result == CheckResult(
        "equals",
        False,
        comma(1, '"Model Training"', '"Model Deployment"', "Model TrainingModel Deployment"),
        "",
    )


def test_a_missing_comma_across_lines_of_a_list_is_found_past_comments_and_line_breaks():
    source = (
        '"""My MLOps steps."""\n'
        "# the four steps\n"
        "mlops_steps = [\n"
        '    "Data Preparation",  # first\n'
        '    "Model Training"\n'
        "    # then we ship it\n"
        "    'Model Deployment',\n"
        '    "Monitoring",\n'
        "]\n"
    )
    assert first_message(source) == comma(
        7, '"Model Training"', "'Model Deployment'", "Model TrainingModel Deployment"
    )


def test_a_missing_comma_in_a_one_line_tuple_is_named():
    source = 'mlops_steps = ("Data Preparation" "Model Training", "Model Deployment")\n'
    assert first_message(source) == comma(
        1, '"Data Preparation"', '"Model Training"', "Data PreparationModel Training"
    )


def test_strings_joined_across_lines_inside_parentheses_are_not_called_a_missing_comma():
    """Splitting a long string over lines in parentheses is how Python wraps text."""
    source = 'intro = (\n    "Data Preparation "\n    "comes first"\n)\nmlops_steps = "none"\n'
    assert first_message(source) == "mlops_steps: expected a list, got a string"


def test_strings_joined_outside_brackets_or_a_correct_list_get_the_checks_own_message():
    source = (
        'steps = ["Data Preparation", "Model Training"]\n'
        'title = "MLOps" " steps"\n'
        "print(steps[0])\n"
        'mlops_steps = ("Data Preparation", "Model Training")\n'
    )
    assert first_message(source) == "mlops_steps: expected a list, got a tuple"


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="Python 3.12 tokenizes an f-string as FSTRING_START…FSTRING_END, not one STRING",
)
def test_an_f_string_joined_to_a_string_is_named_without_the_joined_value():
    """An f-string has no literal value, so the message cannot show the joined string."""
    source = 'n = 1\nmlops_steps = [f"Step {n}" "Data Preparation", "Model Training"]\n'
    assert first_message(source) == comma(2, 'f"Step {n}"', '"Data Preparation"', None)


def test_only_the_first_failure_names_the_comma_and_keeps_the_authors_detail():
    source = 'mlops_steps = ["Data Preparation" "Model Training", "Model Deployment"]\n'
    checks = [
        Check("expr", {"expr": "mlops_steps[2] == 'Model Deployment'"}, line=12),
        Check("defined", {"name": "definition"}),
    ]
    first, second = evaluate_all(checks, context(source=source, **run_source(source)))
    assert first == CheckResult(
        "expr",
        False,
        comma(1, '"Data Preparation"', '"Model Training"', "Data PreparationModel Training"),
        "expr \"mlops_steps[2] == 'Model Deployment'\" raised IndexError: list index out of "
        "range (lesson line 12)",
    )
    assert second == CheckResult(
        "defined", False, "definition is not defined — create it with definition = ..."
    )


# --------------------------------------------------------------------------- misspelt names


def test_a_variable_spelt_almost_right_is_pointed_out():
    source = 'defintion = "MLOps joins ML and operations"\n'
    check = Check("nonempty_string", {"name": "definition"})
    (result,) = evaluate_all([check], context(source=source, defintion="MLOps"))
    assert result == CheckResult(
        "nonempty_string",
        False,
        "definition is not defined: you wrote `defintion` — did you mean `definition`?",
    )


def test_a_function_or_class_spelt_almost_right_is_pointed_out():
    source = (
        "def averge(numbers):\n    return sum(numbers) / len(numbers)\n\nclass Reprot:\n    pass\n"
    )
    checks = [Check("defined", {"name": "average"}), Check("defined", {"name": "Report"})]
    results = evaluate_all(checks, context(source=source))
    assert [r.message for r in results] == [
        "average is not defined: you wrote `averge` — did you mean `average`?",
        "Report is not defined: you wrote `Reprot` — did you mean `Report`?",
    ]


def test_a_name_only_loosely_alike_is_not_suggested():
    source = "steps = []\n"
    (result,) = evaluate_all([Check("defined", {"name": "mlops_steps"})], context(source=source))
    assert result.message == "mlops_steps is not defined — create it with mlops_steps = ..."


# --------------------------------------------------------------------------- one line of output


def output(*lines) -> Check:
    return Check("output", {"mode": "equals", "lines": list(lines)})


def output_message(check: Check, stdout: str) -> str:
    result = evaluate(check, context(stdout=stdout))
    assert result.passed is False
    assert result.detail == ""
    return result.message


def test_two_values_printed_on_one_line_are_named():
    assert output_message(
        output("Data Preparation", "Model Training"), STEPS[0] + " " + STEPS[1]
    ) == (
        "your output puts 2 values on 1 line where 2 lines are expected: "
        "print each value with its own print()"
    )


def test_three_values_printed_on_two_lines_are_named():
    assert output_message(output("total", "3", "mean"), "total 3\nmean\n") == (
        "your output puts 3 values on 2 lines where 3 lines are expected: "
        "print each value with its own print()"
    )


def test_values_split_over_more_or_as_many_lines_get_the_line_by_line_message():
    check = output("Data Preparation", "Model Training")
    assert output_message(check, "Data\nPreparation\nModel\nTraining\n") == (
        "your output has 4 lines; expected 2; "
        "line 1 of your output should be Data Preparation but is Data"
    )
    assert output_message(check, "Data\nPreparation Model Training\n") == (
        "line 1 of your output should be Data Preparation but is Data"
    )


# --------------------------------------------------------------------------- one mistake, said once


def test_an_output_line_showing_a_variable_that_failed_says_fix_the_problem_above():
    checks = [
        Check("type", {"name": "total", "type": "int"}),
        Check("output", {"mode": "equals", "lines": ["Total:", {"name": "total"}]}),
    ]
    first, second = evaluate_all(checks, context(stdout="", total="5"))
    assert first == CheckResult("type", False, "total: expected a whole number (int), got a string")
    assert second == CheckResult("output", False, SAME_PROBLEM)


def test_an_output_check_on_a_variable_that_passed_gives_its_own_message():
    checks = [
        Check("type", {"name": "total", "type": "int"}),
        Check("defined", {"name": "mean"}),
        Check("output", {"mode": "equals", "lines": ["Total:", {"name": "total"}]}),
    ]
    results = evaluate_all(checks, context(stdout="", total=5))
    assert [r.passed for r in results] == [True, False, False]
    assert results[2].message == "your program printed nothing; expected 2 lines"


def test_every_variable_that_failed_is_remembered_not_only_the_last():
    checks = [
        Check("type", {"name": "total", "type": "float"}),
        Check("defined", {"name": "mean"}),
        Check("equals", {"name": "total", "value": 4.5}),
    ]
    results = evaluate_all(checks, context(total=4))
    assert [(r.kind, r.passed, r.message) for r in results] == [
        ("type", False, "total: expected a decimal number (float), got a whole number (int)"),
        ("defined", False, "mean is not defined — create it with mean = ..."),
        ("equals", False, SAME_PROBLEM),
    ]


def test_the_same_message_from_another_check_is_said_once_and_keeps_its_detail():
    checks = [
        Check("expr", {"expr": "total > 0"}, line=3),
        Check("expr", {"expr": "total < 100"}, line=4),
    ]
    first, second = evaluate_all(checks, context())
    assert first == CheckResult(
        "expr",
        False,
        "total is not defined — create it with total = ...",
        "expr 'total > 0' raised NameError: name 'total' is not defined (lesson line 3)",
    )
    assert second == CheckResult(
        "expr",
        False,
        SAME_PROBLEM,
        "expr 'total < 100' raised NameError: name 'total' is not defined (lesson line 4)",
    )


def test_two_output_checks_failing_alike_say_it_once():
    checks = [output("Data Preparation"), output("Model Training")]
    first, second = evaluate_all(checks, context(stdout=""))
    assert first == CheckResult("output", False, "your program printed nothing; expected 1 line")
    assert second == CheckResult("output", False, SAME_PROBLEM)


def test_a_failure_without_author_detail_carries_none():
    (result,) = evaluate_all([Check("defined", {"name": "total"}, line=7)], context())
    assert result.detail == ""
    result = evaluate(Check("type", {"name": "total", "type": "int"}, line=7), context(total="5"))
    assert result == CheckResult(
        "type", False, "total: expected a whole number (int), got a string"
    )


def test_a_calls_check_after_other_checks_is_judged_on_its_own_calls():
    def average(numbers):
        return sum(numbers) / len(numbers)

    checks = [
        Check("uses", {"construct": "function_def", "name": "average"}),
        Check("calls", {"name": "average", "cases": [{"args": [[1, 2, 3]], "returns": 2.0}]}),
    ]
    ctx = CheckContext(
        values={"average": decode(encode(average))},
        sources=(("your code", "def average(numbers):\n    return sum(numbers) / len(numbers)\n"),),
        calls={1: (CaseResult("returned", 2.0),)},
    )
    assert evaluate_all(checks, ctx) == [
        CheckResult("uses", True, "uses function def"),
        CheckResult("calls", True, "average returns the right values (1 call)"),
    ]
