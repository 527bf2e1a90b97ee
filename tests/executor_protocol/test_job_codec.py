"""The body of `POST /run`: a job survives the trip, and no body breaks the decoder."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checks import Check
from bot.core.ports import Program, RunJob
from bot.executor.job_codec import JobFormatError, decode_job, encode_job

JOB = RunJob(
    programs=(Program("step 1", "x = 1\n"), Program("your code", "print(x + 1)\n")),
    checks=(
        Check("output", {"mode": "contains", "lines": ["2"]}),
        Check("expr", {"expr": "x == 1"}, message="x must stay 1"),
    ),
    timeout=2.5,
    packages=("numpy", "sklearn.linear_model"),
)


def test_a_job_survives_the_json_trip() -> None:
    body = json.loads(json.dumps(encode_job(JOB)))
    assert decode_job(body) == JOB
    assert decode_job(body).checks[1].params == {"expr": "x == 1"}


def test_the_executors_default_timeout_applies_only_when_the_job_has_none() -> None:
    assert encode_job(JOB, default_timeout=9.0)["timeout"] == 2.5
    bare = RunJob((Program("your code", "pass"),))
    assert encode_job(bare, default_timeout=9.0)["timeout"] == 9.0
    assert decode_job(encode_job(bare)).timeout is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([], "JSON object"),
        ({}, "at least one program"),
        ({"programs": {}}, "'programs' must be a list"),
        ({"programs": [1]}, "programs[0]"),
        ({"programs": [{"name": "p", "code": 3}]}, "programs[0] must be a string"),
        ({"programs": [{"code": ""}]}, "programs[0].name"),
        ({"programs": [{"name": "p", "code": ""}], "checks": [{}]}, "checks[0].kind"),
        ({"programs": [{"name": "p", "code": ""}], "checks": [{"kind": "x", "params": 1}]},
         "checks[0].params"),
        ({"programs": [{"name": "p", "code": ""}], "timeout": 0}, "'timeout'"),
        ({"programs": [{"name": "p", "code": ""}], "timeout": "5"}, "'timeout'"),
        ({"programs": [{"name": "p", "code": ""}], "timeout": float("nan")}, "'timeout'"),
        ({"programs": [{"name": "p", "code": ""}], "packages": ["os/../x"]}, "packages[0]"),
        ({"programs": [{"name": "p", "code": ""}], "packages": "numpy"}, "'packages'"),
        ({"programs": [{"name": "p", "code": ""}], "seed": 1}, "unknown field 'seed'"),
        ({"programs": [{"name": "p", "code": ""}] * 201}, "at most 200"),
    ],
)  # fmt: skip
def test_a_malformed_body_names_the_field(body: object, field: str) -> None:
    with pytest.raises(JobFormatError, match=field.replace("[", r"\[").replace("]", r"\]")):
        decode_job(body)


KEYS = ["programs", "checks", "timeout", "packages", "name", "code", "kind", "params", "message"]
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_is_a_job_or_a_clear_error(value: object) -> None:
    """The service decodes whatever arrives: a RunJob, or JobFormatError — nothing else."""
    try:
        job = decode_job(value)
    except JobFormatError as error:
        assert str(error)
        return
    assert job.programs and decode_job(json.loads(json.dumps(encode_job(job)))) == job


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=30), st.text(max_size=200)), min_size=1, max_size=5),
    st.none() | st.floats(min_value=0.01, max_value=60),
)
def test_any_job_survives_the_trip(programs: list[tuple[str, str]], timeout: float | None) -> None:
    job = RunJob(tuple(Program(n, c) for n, c in programs), timeout=timeout)
    assert decode_job(json.loads(json.dumps(encode_job(job)))) == job
