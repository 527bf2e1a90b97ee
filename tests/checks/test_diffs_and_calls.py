"""Diffs that point to a path, `tolerance`, expr errors, `passed`, and judging `calls`
claims: what the checker says, and that it trusts nothing the learner child sends."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.core.checks import Check, CheckContext, decode, encode, evaluate, plan, read_cases
from bot.core.checks.compare import difference
from bot.core.ports import Program, RunJob
from bot.executor import harness
from bot.executor.protocol import encode_request, learner_request

RUNS = [
    {"run_id": "run-1", "learning_rate": 0.1, "epochs": 5, "accuracy": 0.82},
    {"run_id": "run-2", "learning_rate": 0.01, "epochs": 10, "accuracy": 0.91},
]


def judge(check: Check, **values) -> tuple[bool, str]:
    ctx = CheckContext(values={k: decode(encode(v)) for k, v in values.items()})
    result = evaluate(check, ctx)
    return result.passed, result.message


# --------------------------------------------------------------------------- diffs


def test_the_diff_names_the_path_and_both_sides_there():
    found = [dict(RUNS[0]), dict(RUNS[1], accuracy=0.9)]
    assert difference("runs", RUNS, found) == "runs[1]['accuracy']: expected 0.91, found 0.9"
    extra = dict(RUNS[0], acc=1)
    assert difference("new_run", RUNS[0], extra) == "new_run: unexpected key 'acc'"
    missing = {k: v for k, v in RUNS[0].items() if k != "epochs"}
    assert difference("changed", RUNS[0], missing) == "changed: missing 'epochs'"


def test_a_long_value_is_never_cut_before_the_difference():
    long_runs = [dict(RUNS[0], run_id="r" * 80), dict(RUNS[1], note="x" * 200)]
    found = [dict(long_runs[0]), dict(long_runs[1], epochs=11)]
    assert difference("runs", long_runs, found) == "runs[1]['epochs']: expected 10, found 11"
    text = "a" * 100 + "b" + "c" * 100
    message = difference("s", text, text.replace("b", "B"))
    assert message.startswith("s: from character 101 on, expected …aaaaaaaaaab")
    assert "found …aaaaaaaaaaB" in message


def test_tolerance_applies_at_every_depth_and_only_when_set():
    assert difference("g", 0.09, 0.91 - 0.82) == "g: expected 0.09, found 0.09000000000000008"
    assert difference("g", 0.09, 0.91 - 0.82, 1e-9) == ""
    assert difference("g", 0.09, 0.1, 1e-9) == "g: expected 0.09, found 0.1"
    nested = {"runs": [{"accuracy": 0.3}]}
    assert difference("d", nested, {"runs": [{"accuracy": 0.1 + 0.2}]}, 1e-9) == ""
    assert difference("n", 3, 3.0000001, 1e-3) == ""
    assert difference("n", 3, 4, 0.5) == "n: expected 3, found 4"


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(plain, plain)
def test_difference_is_empty_exactly_when_the_values_are_equal(expected, actual):
    decoded = decode(encode(actual))
    same = expected == decoded and json.dumps(expected) == json.dumps(decoded)
    message = difference("x", expected, decoded)
    assert message.startswith("x") or message == ""
    if same:
        assert message == ""
    if message == "":
        assert expected == decoded


# --------------------------------------------------------------------------- expr, passed


def test_an_expr_passes_silently_unless_it_has_a_passed_line():
    silent = Check("expr", {"expr": "len(runs) == 2"}, "two runs")
    assert judge(silent, runs=RUNS) == (True, "")
    told = Check("expr", {"expr": "len(runs) == 2"}, "two runs", passed="both runs logged")
    assert judge(told, runs=RUNS) == (True, "both runs logged")
    assert judge(Check("defined", {"name": "runs"}, passed="ok!"), runs=RUNS) == (True, "ok!")


def test_an_expr_that_raises_says_why_to_the_learner_and_the_author():
    check = Check("expr", {"expr": "runs[2]['accuracy'] > 0"}, "log three runs", line=40)
    ctx = CheckContext(values={"runs": decode(encode(RUNS))})
    result = evaluate(check, ctx)
    assert result.message == "log three runs (IndexError: list index out of range)"
    assert result.detail == (
        "expr \"runs[2]['accuracy'] > 0\" raised IndexError: list index out of range "
        "(lesson line 40)"
    )


def test_allowed_names_work_and_functions_are_callable_but_never_called():
    def log_run():
        return 1

    check = Check("expr", {"expr": "callable(log_run) and type(runs) is list and math.pi > 3"}, "m")
    assert judge(check, log_run=log_run, runs=RUNS)[0] is True
    calling = Check("expr", {"expr": "log_run() == 1"}, "call it")
    assert judge(calling, log_run=log_run) == (
        False,
        "call it (TypeError: log_run() cannot be called in a check: use a 'calls' check)",
    )


# --------------------------------------------------------------------------- calls claims


CASES = [
    {"args": ["run-9", 0.2, 3, 0.5], "returns": {"run_id": "run-9"}, "then": "len(runs) == 1"},
    {"args": [2], "kwargs": {"b": 1.5}, "returns": 3.5, "tolerance": 0.01},
]
CALLS = Check("calls", {"name": "f", "cases": CASES})


def judge_claims(claims, **values) -> str:
    ctx = CheckContext(
        values={k: decode(encode(v)) for k, v in values.items()},
        calls={0: read_cases(claims, len(CASES))},
    )
    result = evaluate(CALLS, ctx)
    return "passed" if result.passed else result.message


def returned(value, **names):
    return {
        "s": "returned",
        "value": encode(value),
        "names": {k: encode(v) for k, v in names.items()},
    }


def f():
    return None


def test_the_checker_compares_what_the_child_claims():
    good = [returned({"run_id": "run-9"}, runs=[1]), returned(3.505)]
    assert judge_claims(good, f=f) == "passed"
    wrong = [returned({"run_id": "run-9"}, runs=[1]), returned(3.6)]
    assert judge_claims(wrong, f=f) == "f(2, b=1.5): expected 3.5, found 3.6"


def test_malformed_or_missing_claims_fail_and_never_pass():
    for claims in (
        None,
        [],
        "x",
        [{"s": "returned"}],
        [{"s": "won"}],
        [{"s": "returned", "value": {"t": "nope"}}],
    ):
        assert judge_claims(claims, f=f) != "passed", claims
    assert judge_claims([{"s": "skipped"}] * 2, f=f) == (
        "f('run-9', 0.2, 3, 0.5) was not run: an earlier call did not return"
    )


def test_an_authors_message_is_framed_by_the_call():
    check = Check("calls", {"name": "f", "cases": CASES}, message="return the run")
    ctx = CheckContext(
        values={"f": decode(encode(f))},
        calls={0: read_cases([{"s": "raised", "error": "KeyError: 'acc'"}], 2)},
    )
    assert evaluate(check, ctx).message == (
        "f('run-9', 0.2, 3, 0.5): return the run (raised KeyError: 'acc')"
    )


def test_the_learner_child_gets_the_calls_but_never_the_expected_values():
    job = RunJob(
        programs=(Program("your code", "def f(*a, **k):\n    return 3.5\n"),), checks=(CALLS,)
    )
    request = encode_request(job)
    sent = learner_request(request)
    assert sent["calls"] == [
        {"check": 0, "name": "f", "cases": [
            {"args": ["run-9", 0.2, 3, 0.5], "kwargs": {}, "names": ["len", "runs"]},
            {"args": [2], "kwargs": {"b": 1.5}, "names": []},
        ]},
    ]  # fmt: skip
    assert "returns" not in json.dumps(sent) and "checks" not in sent
    assert plan([]) == []


def test_cases_start_from_the_namespace_the_program_left():
    code = (
        "counter = [0]\n\ndef f(*args, **kwargs):\n    counter.append(1)\n    return len(counter)\n"
    )
    cases = [
        {"args": [], "returns": 2},
        {"args": [], "returns": 2},
        {"args": [], "then": "len(counter) == 2"},
    ]
    check = Check("calls", {"name": "f", "cases": cases})
    request = encode_request(RunJob(programs=(Program("your code", code),), checks=(check,)))
    report = harness.learner_report(learner_request(request))
    assert json.loads(report)["values"]["counter"]["items"] == [{"t": "int", "v": "0"}]
    verdict = json.loads(harness.verdict(request, report, ""))
    assert verdict[0]["passed"] is True, verdict


def test_a_then_that_raises_tells_the_author_which_expression_and_call():
    check = Check(
        "calls", {"name": "f", "cases": [{"args": [1], "then": "len(run) == 1"}]}, line=12
    )
    claims = [returned(None, runs=[1])]
    ctx = CheckContext(values={"f": decode(encode(f))}, calls={0: read_cases(claims, 1)})
    result = evaluate(check, ctx)
    assert result.message == "after f(1), run is not defined"
    assert result.detail == (
        "then 'len(run) == 1' after f(1) raised NameError: name 'run' is not defined "
        "(lesson line 12)"
    )
