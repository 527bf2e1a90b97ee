"""When a check cannot simply pass or fail: an expression that raises, uses a name checks do
not allow, or reads a learner name that is missing; `calls` results that never came back; a
check the author got wrong. What the learner reads, and what the author is told (`detail`,
with the lesson line when known)."""

from __future__ import annotations

from bot.core.checks import Check, CheckContext, decode, encode, evaluate, read_cases


def run(check: Check, stdout: str = "", source: str = "", calls=None, **values):
    ctx = CheckContext(
        values={name: decode(encode(value)) for name, value in values.items()},
        stdout=stdout,
        sources=(("your code", source),),
        calls=calls or {},
    )
    return evaluate(check, ctx)


def fit(rows):
    return rows


# --------------------------------------------------------------------------- expr errors


def test_an_error_message_of_120_characters_is_quoted_whole():
    key = "a" * 118  # KeyError shows repr(key): 120 characters
    result = run(Check("expr", {"expr": "runs[key]"}), runs={}, key=key)
    assert result.passed is False
    assert result.message == f"the check 'runs[key]' raised KeyError: '{key}'"


def test_a_longer_error_message_is_cut_to_120_characters():
    key = "a" * 119
    result = run(Check("expr", {"expr": "runs[key]"}, line=3), runs={}, key=key)
    quoted = "'" + "a" * 118 + "…"
    assert result.message == f"the check 'runs[key]' raised KeyError: {quoted}"
    assert result.detail == f"expr 'runs[key]' raised KeyError: {quoted} (lesson line 3)"


def test_an_error_without_a_message_is_named_alone():
    result = run(Check("expr", {"expr": "len([0] * 2**62) > 0"}))
    assert result.message == "the check 'len([0] * 2**62) > 0' raised MemoryError"


def test_an_error_the_author_did_not_word_is_shown_to_the_learner():
    result = run(Check("expr", {"expr": "1 / x > 0"}, line=9), x=0)
    assert result.message == "the check '1 / x > 0' raised ZeroDivisionError: division by zero"
    assert result.detail == (
        "expr '1 / x > 0' raised ZeroDivisionError: division by zero (lesson line 9)"
    )


def test_a_local_read_too_early_is_an_error_not_a_missing_learner_name():
    expr = "(lambda: (x, (x := 1)))()"
    result = run(Check("expr", {"expr": expr}))
    assert result.message == (
        f"the check {expr!r} raised UnboundLocalError: "
        "cannot access local variable 'x' where it is not associated with a value"
    )


def test_a_builtin_checks_do_not_allow_is_the_authors_mistake():
    result = run(Check("expr", {"expr": "print(x)"}, line=9), x=1)
    assert result.passed is False
    assert result.message.startswith(
        "this check is misconfigured: 'print' is not available in checks (allowed: abs, all,"
    )
    assert (
        result.detail
        == "expr 'print(x)' raised NameError: name 'print' is not defined (lesson line 9)"
    )


def test_a_missing_learner_name_keeps_the_authors_message_and_says_which():
    check = Check("expr", {"expr": "size > 0"}, message="compute size", line=9)
    result = run(check)
    assert result.message == "compute size (size is not defined)"
    assert (
        result.detail
        == "expr 'size > 0' raised NameError: name 'size' is not defined (lesson line 9)"
    )


def test_a_missing_learner_name_without_a_message_tells_how_to_create_it():
    result = run(Check("expr", {"expr": "size > 0"}))
    assert result.message == "size is not defined — create it with size = ..."
    assert result.detail == "expr 'size > 0' raised NameError: name 'size' is not defined"


# --------------------------------------------------------------------------- lookups, output


def test_a_misspelt_variable_is_pointed_out():
    result = run(Check("defined", {"name": "definition"}), source="defintion = 'x'\n")
    assert result.message == (
        "definition is not defined: you wrote `defintion` — did you mean `definition`?"
    )


def test_values_printed_on_one_line_get_the_one_print_each_advice():
    check = Check("output", {"mode": "exact", "lines": ["1", "2", "3"]})
    assert run(check, stdout="1 2 3\n").message == (
        "your output puts 3 values on 1 line where 3 lines are expected: "
        "print each value with its own print()"
    )


# --------------------------------------------------------------------------- calls


CALL_ONE = Check("calls", {"name": "fit", "cases": [{"args": [1], "returns": 1}]})


def test_calls_whose_results_never_came_back_fail_each_case():
    assert run(CALL_ONE, fit=fit).message == "fit(1) could not be called: no result came back"


def test_calls_with_too_few_results_fail_rather_than_judge_part_of_them():
    result = run(CALL_ONE, fit=fit, calls={0: ()})
    assert result.message == "fit(1) could not be called: no result came back"


def test_a_then_reads_what_the_program_printed():
    check = Check("calls", {"name": "fit", "cases": [{"args": [1], "then": "'ready' in stdout"}]})
    claims = [{"s": "returned", "value": encode(1), "names": {}}]
    result = run(check, stdout="ready\n", fit=fit, calls={0: read_cases(claims, 1)})
    assert (result.passed, result.message) == (True, "fit returns the right values (1 call)")


# --------------------------------------------------------------------------- author detail


def test_a_misconfigured_check_tells_the_author_where():
    result = run(Check("defined", {}, line=7))
    assert result.message == "this check is misconfigured (KeyError: 'name')"
    assert result.detail == "this check is misconfigured (KeyError: 'name') (lesson line 7)"


def test_a_misconfigured_check_without_a_line_has_no_line_in_its_detail():
    result = run(Check("defined", {}))
    assert result.detail == "this check is misconfigured (KeyError: 'name')"


def test_an_ordinary_failure_has_no_author_detail():
    result = run(Check("equals", {"name": "x", "value": 2}, line=7), x=3)
    assert (result.message, result.detail) == ("x: expected 2, found 3", "")
