"""What a learner (and a lesson author) reads when a `calls` check judges the claims the
learner child sent back: each way a call can go wrong, the author's message framed by the
call, the hints for a value that was printed or never returned, and claims that are
malformed, missing or oversized. Every check is built inside its test."""

from __future__ import annotations

import json

from bot.core.checks import Check, CheckContext, decode, encode, evaluate, read_cases
from bot.core.checks.exprs import allowed_names
from bot.core.ports import Program, RunJob
from bot.executor import harness
from bot.executor.protocol import encode_request, learner_request


def f(*args, **kwargs):
    return None


def result_of(cases, claims, *, stdout="", message=None, line=None, tolerance=None, **values):
    """The result of a `calls` check on `f` given what the child claims for its cases."""
    params = {"name": "f", "cases": cases}
    if tolerance is not None:
        params["tolerance"] = tolerance
    check = Check("calls", params, message=message, line=line)
    known = {"f": f, **values}
    ctx = CheckContext(
        values={k: decode(encode(v)) for k, v in known.items()},
        stdout=stdout,
        calls={0: read_cases(claims, len(cases))},
    )
    return evaluate(check, ctx)


def returned(value, *, printed="", **names):
    return {
        "s": "returned",
        "value": encode(value),
        "names": {k: encode(v) for k, v in names.items()},
        "printed": printed,
    }


# --------------------------------------------------------------------------- the function


def test_a_missing_function_is_named_with_how_to_define_it():
    check = Check("calls", {"name": "log_run", "cases": [{"args": [1], "returns": 1}]})
    result = evaluate(check, CheckContext(calls={0: read_cases([returned(1)], 1)}))
    assert (result.passed, result.message) == (
        False,
        "log_run is not defined — define it with def log_run(...):",
    )


def test_a_name_that_is_not_a_function_says_what_it_is():
    check = Check("calls", {"name": "log_run", "cases": [{"args": [1], "returns": 1}]})
    ctx = CheckContext(values={"log_run": 5}, calls={0: read_cases([returned(1)], 1)})
    assert evaluate(check, ctx).message == (
        "log_run should be a function (def log_run(...):), but it is a whole number (int)"
    )
    ctx = CheckContext(values={"log_run": [1]}, calls={0: read_cases([returned(1)], 1)})
    assert evaluate(check, ctx).message.endswith("but it is a list")


# --------------------------------------------------------------------------- call text


def test_a_long_call_is_cut_to_200_characters_and_one_of_200_is_kept_whole():
    long_arg = "a" * 300
    result = result_of([{"args": [long_arg], "returns": 1}], [{"s": "raised", "error": "E"}])
    call = "f('" + "a" * 195 + "…)"
    assert len(call) == 200
    assert result.message == f"{call} raised E"
    exact = "b" * 195  # f('…') is then exactly 200 characters
    result = result_of([{"args": [exact], "returns": 1}], [{"s": "raised", "error": "E"}])
    assert result.message == f"f({exact!r}) raised E"
    assert len(f"f({exact!r})") == 200


# --------------------------------------------------------------------------- each status


def test_a_call_that_raised_says_what_it_raised():
    claims = [{"s": "raised", "error": "KeyError: 'acc'"}]
    result = result_of([{"args": [1], "returns": 1}], claims)
    assert result.message == "f(1) raised KeyError: 'acc'"
    framed = result_of([{"args": [1], "returns": 1}], claims, message="return the run")
    assert framed.message == "f(1): return the run (raised KeyError: 'acc')"


def test_a_call_that_timed_out_points_to_a_loop_that_never_ends():
    cases = [{"args": [1], "returns": 1}]
    result = result_of(cases, [{"s": "timeout"}])
    assert result.message == "f(1) did not return within 1 s — look for a loop that never ends"
    framed = result_of(cases, [{"s": "timeout"}], message="stop the loop")
    assert framed.message == "f(1): stop the loop (did not return within 1 s)"


def test_a_skipped_call_is_framed_by_the_call_for_an_authors_message():
    cases = [{"args": [1], "returns": 1}, {"args": [2], "returns": 2}]
    claims = [{"s": "timeout"}, {"s": "skipped"}]
    result = result_of(cases, [returned(1), {"s": "skipped"}], message="count the runs")
    assert result.message == "f(2): count the runs (not run: an earlier call did not return)"
    assert result_of(cases, claims).message.startswith("f(1) did not return")


def test_a_call_that_could_not_be_made_says_why_or_no_result():
    cases = [{"args": [1], "returns": 1}]
    setup = [{"s": "setup", "error": "running your program again failed"}]
    assert result_of(cases, setup).message == (
        "f(1) could not be called: running your program again failed"
    )
    assert result_of(cases, [{"s": "missing"}]).message == "f(1) could not be called: no result"
    framed = result_of(cases, setup, message="define f at the top level")
    assert framed.message == (
        "f(1): define f at the top level (could not be called: running your program again failed)"
    )


# --------------------------------------------------------------------------- claims


def test_a_claim_that_cannot_be_read_says_so():
    cases = [{"args": [1], "returns": 1}]
    unreadable = "f(1) could not be called: its result could not be read"
    for claim in (
        "returned",
        5,
        None,
        {"s": "won"},
        {"s": "returned", "value": {"t": "nope"}},
        {"s": "returned", "value": encode(1), "names": {"runs": {"t": "nope"}}},
    ):
        result = result_of(cases, [claim])
        assert (result.passed, result.message) == (False, unreadable), claim


def test_a_case_without_a_claim_says_no_result_came_back():
    cases = [{"args": [1], "returns": 1}, {"args": [2], "returns": 2}]
    assert result_of(cases, [returned(1)]).message == (
        "f(2) could not be called: no result came back"
    )
    assert result_of(cases, None).message == "f(1) could not be called: no result came back"


def test_a_claimed_error_is_cut_to_300_characters_and_a_non_text_one_is_dropped():
    cases = [{"args": [1], "returns": 1}]
    result = result_of(cases, [{"s": "raised", "error": "E" * 400}])
    assert result.message == "f(1) raised " + "E" * 300
    result = result_of(cases, [{"s": "setup", "error": 7}])
    assert result.message == "f(1) could not be called: no result"


def test_names_that_are_not_identifiers_are_not_read():
    cases = [{"args": [1], "then": "len(runs) == 1"}]
    claim = returned(None, runs=[1])
    claim["names"]["not a name"] = encode(2)
    assert result_of(cases, [claim]).passed is True


# --------------------------------------------------------------------------- tolerance


def test_the_checks_tolerance_applies_to_cases_without_their_own():
    cases = [{"args": [1], "returns": 0.5}, {"args": [2], "returns": 0.5, "tolerance": 0.001}]
    claims = [returned(0.505), returned(0.505)]
    result = result_of(cases, claims, tolerance=0.01)
    assert (result.passed, result.message) == (False, "f(2): expected 0.5, found 0.505")
    assert result_of(cases[:1], claims[:1], tolerance=0.01).passed is True


def test_without_a_tolerance_numbers_must_match_exactly():
    cases = [{"args": [1], "returns": 3}]
    result = result_of(cases, [returned(3.5)])
    assert (result.passed, result.message) == (False, "f(1): expected 3, found 3.5")
    result = result_of([{"args": [1], "returns": 0.3}], [returned(0.1 + 0.2)])
    assert result.message == "f(1): expected 0.3, found 0.30000000000000004"


# --------------------------------------------------------------------------- wrong values


def test_a_wrong_value_is_framed_by_the_call_for_an_authors_message():
    cases = [{"args": [2], "kwargs": {"b": 1.5}, "returns": 3.5}]
    result = result_of(cases, [returned(3.6)], message="add them")
    assert result.message == "f(2, b=1.5): add them (expected 3.5, found 3.6)"
    nested = [{"args": [], "returns": [1, 2]}]
    result = result_of(nested, [returned([1, 3])], message="count up")
    assert result.message == "f(): count up ([1]: expected 2, found 3)"


def test_a_value_printed_instead_of_returned_is_shown_with_a_hint():
    cases = [{"args": [2], "returns": 3.5}]
    result = result_of(cases, [returned(None, printed="  3.5\n")])
    assert result.message == (
        "f(2): expected a decimal number (float), got None "
        "(it printed '  3.5' — use return to give it back)"
    )
    framed = result_of(cases, [returned(None, printed="3.5\n")], message="return it")
    assert framed.message == (
        "f(2): return it (expected a decimal number (float), got None "
        "(it printed '3.5' — use return to give it back))"
    )


def test_a_claimed_printing_is_cut_to_200_characters_before_it_is_shown():
    cases = [{"args": [2], "returns": 3.5}]
    # the child keeps 200 characters; what lies beyond them in a claim is not read
    printed = "x" * 20 + " " * 200 + "y"
    result = result_of(cases, [returned(None, printed=printed)])
    assert result.message.endswith(f"(it printed {'x' * 20!r} — use return to give it back)")


def test_a_value_returned_while_printing_gets_no_print_hint():
    cases = [{"args": [2], "returns": 3.5}]
    result = result_of(cases, [returned(3.6, printed="working...\n")])
    assert result.message == "f(2): expected 3.5, found 3.6"
    result = result_of(cases, [{**returned(None), "printed": 42}])
    assert result.message == (
        "f(2): expected a decimal number (float), got None (did you forget return?)"
    )


def test_none_returned_without_printing_asks_about_return_unless_none_was_expected():
    cases = [{"args": [2], "returns": 3.5}]
    assert result_of(cases, [returned(None)]).message == (
        "f(2): expected a decimal number (float), got None (did you forget return?)"
    )
    expects_none = [{"args": [2], "returns": None}]
    assert result_of(expects_none, [returned(None)]).passed is True
    assert result_of(expects_none, [returned(0)]).message == (
        "f(2): expected None, got a whole number (int)"
    )


def test_an_object_that_cannot_be_compared_asks_for_plain_values():
    class Run:
        pass

    cases = [{"args": [1], "returns": {"run_id": "run-1"}}]
    claim = {"s": "returned", "value": encode(Run()), "names": {}}
    result = result_of(cases, [claim])
    assert result.message == (
        "f(1) returned a Run object, which a check cannot compare — "
        "return plain values: numbers, text, lists, dicts"
    )
    framed = result_of(cases, [claim], message="return a dict")
    assert framed.message == (
        "f(1): return a dict (returned a Run object, which a check cannot compare — "
        "return plain values: numbers, text, lists, dicts)"
    )


def test_a_value_too_large_to_carry_is_not_compared():
    cases = [{"args": [1], "returns": list(range(10))}]
    claim = {"s": "returned", "value": encode(list(range(100)), budget=20), "names": {}}
    result = result_of(cases, [claim])
    assert result.message == "f(1) returned a value too large to compare"
    framed = result_of(cases, [claim], message="ten runs")
    assert framed.message == "f(1): ten runs (returned a value too large to compare)"


def test_an_int_too_large_to_carry_is_not_compared_either():
    # encode carries an int of more than 4,096 bits as its size only ("<int with 5001 bits>");
    # it used to read "expected a whole number (int), got a whole number (int)"
    cases = [{"args": [5], "returns": 120}]
    claim = {"s": "returned", "value": encode(2**5000), "names": {}}
    result = result_of(cases, [claim])
    assert (result.passed, result.message) == (False, "f(5) returned a value too large to compare")


# --------------------------------------------------------------------------- then


def test_a_then_that_does_not_hold_says_so_without_an_author_detail():
    cases = [{"args": [1], "then": "len(runs) == 1"}]
    result = result_of(cases, [returned(None, runs=[1, 2])], line=7)
    assert (result.message, result.detail) == ("after f(1), len(runs) == 1 is not true", "")
    framed = result_of(cases, [returned(None, runs=[])], message="log one run", line=7)
    assert (framed.message, framed.detail) == (
        "f(1): log one run (len(runs) == 1 is not true)",
        "",
    )


def test_a_then_that_raises_says_what_it_raised_to_both_readers():
    cases = [{"args": [1], "then": "runs[3] == 1"}]
    result = result_of(cases, [returned(None, runs=[1])], line=9)
    assert result.message == "after f(1), raised IndexError: list index out of range"
    assert result.detail == (
        "then 'runs[3] == 1' after f(1) raised IndexError: list index out of range (lesson line 9)"
    )
    framed = result_of(cases, [returned(None, runs=[1])], message="log four runs")
    assert framed.message == "f(1): log four runs (raised IndexError: list index out of range)"


def test_a_then_reading_a_missing_name_is_framed_for_an_authors_message():
    cases = [{"args": [1], "then": "len(runs) == 1"}]
    result = result_of(cases, [returned(None)], message="keep a list of runs")
    assert result.message == "f(1): keep a list of runs (runs is not defined)"


def test_a_then_may_read_what_the_program_printed():
    cases = [{"args": [1], "then": "'logged' in stdout"}]
    assert result_of(cases, [returned(None)], stdout="logged run-1\n").passed is True
    assert result_of(cases, [returned(None)], stdout="").message == (
        "after f(1), 'logged' in stdout is not true"
    )


def test_a_then_using_a_forbidden_name_is_reported_as_a_misconfigured_check():
    cases = [{"args": [1], "then": "open('x') is None"}]
    result = result_of(cases, [returned(None)], line=4)
    assert result.passed is False
    assert result.message == (
        f"this check is misconfigured: 'open' is not available in checks "
        f"(allowed: {allowed_names()})"
    )
    assert result.detail == (
        "then \"open('x') is None\" after f(1): NameError: name 'open' is not defined "
        "(lesson line 4)"
    )


# --------------------------------------------------------------------------- the plan


def test_a_calls_check_after_other_checks_is_still_called():
    code = "runs = []\n\ndef f(x):\n    runs.append(x)\n    return x * 2\n"
    checks = (
        Check("defined", {"name": "runs"}),
        Check("calls", {"name": "f", "cases": [{"args": [2], "returns": 4}]}),
    )
    request = encode_request(RunJob(programs=(Program("your code", code),), checks=checks))
    sent = learner_request(request)
    assert sent["calls"] == [
        {"check": 1, "name": "f", "cases": [{"args": [2], "kwargs": {}, "names": []}]}
    ]
    report = harness.learner_report(sent)
    verdict = json.loads(harness.verdict(request, report, ""))
    assert [entry["passed"] for entry in verdict] == [True, True], verdict
