"""Every check kind, passing and failing, with the exact message a beginner reads."""

from __future__ import annotations

import pytest
from checker_context import context

from bot.core.checks import (
    Check,
    CheckContext,
    decode,
    encode,
    evaluate,
    mentions_word,
    printed_lines,
)

STEPS = ["Data Preparation", "Model Training", "Model Deployment", "Monitoring"]


def failure(check: Check, ctx: CheckContext) -> str:
    result = evaluate(check, ctx)
    assert result.passed is False, result.message
    assert result.kind == check.kind
    return result.message


def passes(check: Check, ctx: CheckContext) -> bool:
    return evaluate(check, ctx).passed


# --------------------------------------------------------------------------- defined / type


def test_defined():
    check = Check("defined", {"name": "definition"})
    assert passes(check, context(definition="x"))
    assert (
        failure(check, context()) == "definition is not defined — create it with definition = ..."
    )


@pytest.mark.parametrize(
    ("value", "wanted", "message"),
    [
        (tuple(STEPS), "list", "mlops_steps: expected a list, got a tuple"),
        ("abc", "list", "mlops_steps: expected a list, got a string"),
        (3, "str", "mlops_steps: expected a string, got a whole number (int)"),
        (None, "str", "mlops_steps: expected a string, got None"),
    ],
)
def test_type_mismatch_names_both_types(value, wanted, message):
    assert (
        failure(Check("type", {"name": "mlops_steps", "type": wanted}), context(mlops_steps=value))
        == message
    )


def test_type_passes_and_knows_functions_and_opaque_objects():
    def f():
        return 1

    class Model:
        pass

    assert passes(Check("type", {"name": "f", "type": "function"}), context(f=f))
    assert passes(Check("type", {"name": "x", "type": "bool"}), context(x=True))
    assert not passes(Check("type", {"name": "x", "type": "int"}), context(x=True))
    message = failure(Check("type", {"name": "m", "type": "dict"}), context(m=Model()))
    assert message == "m: expected a dictionary, got a Model"


def test_type_of_missing_variable_says_it_is_not_defined():
    message = failure(Check("type", {"name": "importance", "type": "str"}), context())
    assert message.startswith("importance is not defined")


# --------------------------------------------------------------------------- equals


def steps_check() -> Check:
    return Check("equals", {"name": "mlops_steps", "value": STEPS})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (STEPS[:3], "mlops_steps should have 4 items; yours has 3: 'Monitoring' is missing"),
        (
            [STEPS[0], STEPS[2], STEPS[1], STEPS[3]],
            "mlops_steps[1]: expected 'Model Training', found 'Model Deployment'",
        ),
        (
            [*STEPS[:3], "monitoring"],
            "mlops_steps[3]: expected 'Monitoring', found 'monitoring' "
            "(check upper and lower case)",
        ),
        (
            [*STEPS, "Testing"],
            "mlops_steps should have 4 items; yours has 5: 'Testing' should not be there",
        ),
        (tuple(STEPS), "mlops_steps: expected a list, got a tuple"),
        ([], "mlops_steps should have 4 items; yours has 0: 'Data Preparation' is missing"),
    ],
)
def test_list_equals_messages(value, message):
    assert failure(steps_check(), context(mlops_steps=value)) == message


def test_list_equals_passes_on_the_exact_list():
    assert passes(steps_check(), context(mlops_steps=list(STEPS)))


def test_equals_scalars_and_dicts():
    assert passes(Check("equals", {"name": "n", "value": 3}), context(n=3.0))
    assert (
        failure(Check("equals", {"name": "n", "value": 3}), context(n=4))
        == "n: expected 3, found 4"
    )
    assert failure(Check("equals", {"name": "n", "value": 1}), context(n=True)) == (
        "n: expected a whole number (int), got True or False (bool)"
    )
    assert failure(Check("equals", {"name": "s", "value": "Hi"}), context(s="hi")) == (
        "s: expected 'Hi', found 'hi' (check upper and lower case)"
    )
    assert failure(Check("equals", {"name": "d", "value": {"a": 1}}), context(d={"b": 1})) == (
        "d: missing 'a'"
    )
    assert failure(Check("equals", {"name": "d", "value": {"a": 1}}), context(d={"a": 2})) == (
        "d['a']: expected 1, found 2"
    )


def test_nested_list_difference_is_located():
    check = Check("equals", {"name": "grid", "value": [[1, 2], [3, 4]]})
    assert failure(check, context(grid=[[1, 2], [4, 3]])) == "grid[1][0]: expected 3, found 4"


# --------------------------------------------------------------------------- strings


def test_nonempty_string():
    check = Check("nonempty_string", {"name": "definition"})
    assert passes(check, context(definition="MLOps manages models"))
    assert failure(check, context(definition="")).startswith("definition is an empty string")
    assert failure(check, context(definition="   ")).startswith("definition only contains spaces")
    assert failure(check, context(definition=["x"])) == "definition: expected a string, got a list"


def test_mentions_lists_the_words_and_matches_whole_words_in_any_case():
    check = Check("mentions", {"name": "importance", "words": ["team", "reliable", "faster"]})
    assert passes(check, context(importance="It keeps models RELIABLE."))
    assert failure(check, context(importance="It is good.")) == (
        "importance should mention one of: team, reliable, faster"
    )
    assert not mentions_word("MLOps is neat", "ML")
    assert mentions_word("manages machine-learning projects", "machine learning")


def test_author_message_overrides_the_default():
    check = Check(
        "mentions", {"name": "importance", "words": ["team"]}, message="Say who it helps."
    )
    assert failure(check, context(importance="nothing")) == "Say who it helps."


# --------------------------------------------------------------------------- output


def summary_check(mode: str = "equals") -> Check:
    lines = [{"name": "definition"}, {"name": "mlops_steps"}, {"name": "importance"}]
    return Check("output", {"mode": mode, "lines": lines})


SUMMARY = {"definition": "MLOps manages ML", "mlops_steps": STEPS, "importance": "teams win"}
RIGHT = f"MLOps manages ML\n{STEPS}\nteams win\n"


def test_output_built_from_variables_passes():
    assert passes(summary_check(), context(stdout=RIGHT, **SUMMARY))
    assert passes(summary_check(), context(stdout=RIGHT.replace("\n", "  \n") + "\n\n", **SUMMARY))


def test_output_in_the_wrong_order_names_the_line():
    stdout = f"{STEPS}\nMLOps manages ML\nteams win\n"
    assert failure(summary_check(), context(stdout=stdout, **SUMMARY)) == (
        "line 1 of your output should be MLOps manages ML but is "
        "['Data Preparation', 'Model Training', 'Model Deployment', …"
    )


def test_output_with_a_missing_line_counts_lines():
    stdout = f"MLOps manages ML\n{STEPS}\n"
    assert failure(summary_check(), context(stdout=stdout, **SUMMARY)) == (
        "your output has 2 lines; expected 3"
    )
    assert failure(summary_check(), context(stdout="", **SUMMARY)) == (
        "your program printed nothing; expected 3 lines"
    )


def test_output_with_undefined_variable():
    values = {k: v for k, v in SUMMARY.items() if k != "importance"}
    assert failure(summary_check(), context(stdout=RIGHT, **values)).startswith(
        "importance is not defined"
    )


def test_output_contains_in_order():
    check = Check("output", {"mode": "contains", "lines": ["a", "c"]})
    assert passes(check, context(stdout="a\nb\nc\n"))
    assert failure(check, context(stdout="a\nb\n")) == "your output should include the line c"
    assert failure(check, context(stdout="c\na\n")) == (
        "your output has the line c, but it should come after a"
    )


def test_printed_lines_ignores_trailing_space_and_blank_lines():
    assert printed_lines("a  \nb\n\n\n") == ["a", "b"]


# --------------------------------------------------------------------------- uses / expr


@pytest.mark.parametrize(
    ("construct", "good", "bad", "advice"),
    [
        ("for_loop", "for s in x:\n    print(s)", "print(x)", "use a for loop"),
        ("while_loop", "while False:\n    pass", "pass", "use a while loop"),
        ("if_statement", "if x:\n    pass", "x = 1 if y else 2", "use an if statement"),
        ("print_call", "print(x)", "pprint(x)", "call print(...) to show the result"),
        ("function_def", "def f():\n    pass", "f = 1", "define a function with def"),
        ("return", "def f():\n    return 1", "def f():\n    pass", "return a value with return"),
        ("list_comprehension", "y = [s for s in x]", "y = list(x)", "use a list comprehension"),
        ("import", "import math", "math = 1", "import a module"),
    ],
)
def test_uses(construct, good, bad, advice):
    check = Check("uses", {"construct": construct})
    assert passes(check, context(source=good))
    assert failure(check, context(source=bad)) == advice


def test_uses_function_with_a_name():
    check = Check("uses", {"construct": "function_def", "name": "area"})
    assert passes(check, context(source="def area(w, h):\n    return w * h"))
    assert failure(check, context(source="def size(w, h):\n    return w * h")) == (
        "define a function named area with def area(...):"
    )


def test_uses_looks_only_at_the_submission():
    ctx = CheckContext(sources=(("step 1", "for x in y: pass"), ("your code", "print(1)")))
    assert not passes(Check("uses", {"construct": "for_loop"}), ctx)


def test_expr_over_values_and_stdout():
    check = Check(
        "expr", {"expr": "len(mlops_steps) == 4 and 'Monitoring' in stdout"}, "Print all 4."
    )
    assert passes(check, context(stdout="Monitoring\n", mlops_steps=STEPS))
    assert failure(check, context(stdout="", mlops_steps=STEPS)) == "Print all 4."


def test_expr_has_no_dangerous_builtins():
    check = Check("expr", {"expr": "__import__('os') is not None"}, "blocked")
    assert failure(check, context()) == "blocked"
    open_check = Check("expr", {"expr": "open('/etc/passwd') is not None"})
    message = failure(open_check, context())
    assert message.startswith("this check is misconfigured: 'open' is not available in checks")
    assert "(allowed: abs, all," in message and "math, stdout)" in message


def test_expr_error_in_the_expression_fails_instead_of_passing():
    assert not passes(Check("expr", {"expr": "1 / 0"}, "no"), context())


def test_unknown_kind_fails():
    assert evaluate(Check("equal", {}), context()).passed is False


def test_snapshot_values_decode_to_real_primitives():
    """Checks see what the learner's program held, not a look-alike string."""
    assert decode(encode(STEPS)) == STEPS


def test_a_repeated_failure_is_shown_once():
    """A missing variable fails every check on it; the learner reads the cause once."""
    from bot.core.checks import SAME_PROBLEM, evaluate_all

    checks = [
        Check("type", {"name": "mlops_steps", "type": "list"}),
        Check("equals", {"name": "mlops_steps", "value": STEPS}),
        Check("defined", {"name": "definition"}),
    ]
    results = evaluate_all(checks, context(mlops_steps=tuple(STEPS)))
    assert [r.passed for r in results] == [False, False, False]
    assert results[0].message == "mlops_steps: expected a list, got a tuple"
    assert results[1].message == SAME_PROBLEM
    assert results[2].message.startswith("definition is not defined")
