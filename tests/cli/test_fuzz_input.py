"""No learner-visible traceback for any bytes: study, practice and check, in process and as
the real command (issue 20). Hypothesis sends invalid UTF-8, NULs, control bytes and
megabyte lines; every run must end with a message a learner can read."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import open_services
from bot.cli import render_text as render
from bot.cli.console import Console, read_code
from bot.cli.question_sessions import practice_session
from bot.cli.study import study_session
from bot.core.lessons import build_job
from bot.settings import load_settings
from bot.storage.memory import MemoryProgressStore

from .runner import CONTENT, LESSON, stepwise

MEGABYTE_LINE = b"x = '" + b"\xff" * (1 << 20) + b"'\n"
hostile = st.one_of(
    st.binary(max_size=400),
    st.builds(
        lambda head, tail: head + b"\x00" + tail, st.binary(max_size=50), st.binary(max_size=50)
    ),
    st.just(MEGABYTE_LINE),
    st.just(b"definition = 'caf\xe9 \xc3\x28 ML models'\n"),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,  # runs go through the real executor; never a timed assertion
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def console_for(data: bytes) -> tuple[Console, io.StringIO]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape")
    out = io.StringIO()
    return Console(stdin, out, interactive=False), out


@pytest.fixture
async def services(tmp_path):
    env = {"STEPWISE_CONTENT": str(CONTENT), "STEPWISE_DB": str(tmp_path / "unused.db")}
    async with open_services(load_settings(env, dotenv=None), store=MemoryProgressStore()) as ready:
        yield ready


@FUZZ
@given(data=hostile)
async def test_study_answers_any_bytes_with_a_verdict_or_a_note(services, data):
    console, out = console_for(data + b"\n\n")
    learner = f"local:fuzz-{hash(data)}"
    assert await study_session(console, services.engine, learner, LESSON) == 0
    text = out.getvalue()
    assert 'File "/' not in text  # a traceback of the learner's code names "your code" only
    assert text.rstrip().endswith("to continue.")  # "Progress saved. Run ... to continue."
    typed = data.decode("utf-8", "surrogateescape")
    if any(line.strip() for line in re.split(r"\r\n|\r|\n", typed)):
        after_step = text.split('Starter code:\n    definition = ""\n', 1)[1]
        assert after_step.strip().count("\n") >= 1, after_step  # an answer, then the goodbye


@FUZZ
@given(data=hostile)
async def test_practice_reads_any_bytes_as_answers(services, data):
    console, out = console_for(data + b"\nA\n")
    assert await practice_session(console, services.engine, "local:fuzz", LESSON, None, 2) == 0
    assert "Practice done:" in out.getvalue()


@FUZZ
@given(data=hostile)
async def test_check_turns_any_file_into_a_json_verdict(services, tmp_path_factory, data):
    file = Path(tmp_path_factory.mktemp("code")) / "code.py"
    file.write_bytes(data)
    source = read_code(str(file))
    lesson = services.engine.lesson(LESSON)
    result = await services.executor.run(build_job(lesson, 1, source.text))
    verdict = json.loads(json.dumps(render.verdict_dict(result, LESSON, 1)))
    assert verdict["status"] and (verdict["passed"] or verdict["error"] or verdict["checks"])
    if any(b > 0x7F for b in data) or b"\x00" in data:
        undecodable = data.decode("utf-8", errors="replace") != data.decode("utf-8", "ignore")
        assert bool(source.notes) == (undecodable or b"\x00" in data)


def test_the_real_commands_take_a_megabyte_of_bad_bytes(tmp_path):
    studied = stepwise(tmp_path, "study", LESSON, stdin=MEGABYTE_LINE + b"\n")
    assert studied.returncode == 0 and "Traceback" not in studied.stderr
    assert "Note: line 1, column 6: the byte 0xFF is not UTF-8 text" in studied.stdout
    checked = stepwise(tmp_path, "check", LESSON, "--step", "1", "--json", stdin=MEGABYTE_LINE)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    verdict = json.loads(checked.stdout)
    assert verdict["notes"][-2] == "... and 1048573 more such characters"
    assert verdict["checks"][0]["message"].startswith("definition is not defined")
