"""Right and wrong submissions for each seed step, through the real SubprocessExecutor."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.content import Lesson, load_catalog
from bot.core.ports import Program, RunJob, RunResult, RunStatus
from bot.executor import SubprocessExecutor

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    found = load_catalog(CONTENT).get("what-is-mlops")
    assert found is not None
    return found


@pytest.fixture
async def executor():
    runner = SubprocessExecutor(timeout=5.0, concurrency=2)
    yield runner
    await runner.aclose()


def job_for(lesson: Lesson, step: int, code: str, timeout: float | None = None) -> RunJob:
    """Step N runs the reference solutions of steps 1..N-1 first, then the submission."""
    earlier = tuple(Program(f"step {s.index}", s.solution) for s in lesson.steps[: step - 1])
    return RunJob((*earlier, Program("your code", code)), lesson.step(step).checks, timeout=timeout)


def first_failure(run: RunResult) -> str:
    if run.status is not RunStatus.OK:
        return run.error.friendly if run.error else run.detail
    return run.failed_checks[0].message


STEPS = "['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']"
DEFINITION = 'definition = "MLOps is a way to manage machine learning projects."'

RIGHT = [
    (1, DEFINITION),
    (1, "definition = 'MLOps keeps ML models healthy in production'"),
    (2, f"mlops_steps = {STEPS}"),
    (2, "mlops_steps = []\nfor s in ['Data Preparation', 'Model Training']:\n"
        "    mlops_steps.append(s)\nmlops_steps += ['Model Deployment', 'Monitoring']"),
    (3, "importance = 'MLOps helps teams ship models faster and more reliably.'"),
    (4, "print(definition)\nprint(mlops_steps)\nprint(importance)"),
    (4, "for value in (definition, mlops_steps, importance):\n    print(value)"),
]  # fmt: skip


@pytest.mark.parametrize(("step", "code"), RIGHT)
async def test_right_answers_pass(executor, lesson, step, code):
    run = await executor.run(job_for(lesson, step, code))
    assert run.status is RunStatus.OK, run
    assert run.passed, run.failed_checks


WRONG = [
    (1, 'definition = ""', RunStatus.OK, "definition is an empty string"),
    (1, "definition = 42", RunStatus.OK, "definition: expected a string, got a whole number"),
    (1, 'Definition = "MLOps manages ML"', RunStatus.OK, "definition is not defined"),
    (1, 'definition = "MLOps is great"', RunStatus.OK, "mention machine learning"),
    (1, 'if True\n    definition = "x"', RunStatus.SYNTAX_ERROR,
     "missing ':' at the end of line 1"),
    (1, 'definition = "MLOps manages ML', RunStatus.SYNTAX_ERROR,
     "the text on line 1 has no closing quote"),
    (1, 'definition = "a"\n    x = 1', RunStatus.SYNTAX_ERROR,
     "line 2 is indented more than the line before"),
    (1, "definition = input('Your definition? ')", RunStatus.RUNTIME_ERROR,
     "input() is not available in lessons"),
    (2, "mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment']",
     RunStatus.OK, "mlops_steps should have 4 items; yours has 3: 'Monitoring' is missing"),
    (2, "mlops_steps = ['Data Preparation', 'Model Deployment', 'Model Training', 'Monitoring']",
     RunStatus.OK, "mlops_steps[1]: expected 'Model Training', found 'Model Deployment'"),
    (2, f"mlops_steps = tuple({STEPS})", RunStatus.OK, "expected a list, got a tuple"),
    (2, "mlops_steps = ['Monitoring'] * 100_000", RunStatus.OK,
     "mlops_steps should have 4 items; yours has 100000"),
    (2, "mlops_steps = 'Data Preparation, Model Training'", RunStatus.OK,
     "mlops_steps: expected a list, got a string"),
    (2, "mlops_steps = ['Data Preparation', 'Model Training'\nprint(mlops_steps)",
     RunStatus.SYNTAX_ERROR, "the '[' on line 1 is never closed"),
    (2, f"mlops_steps = {STEPS}\nprint(mlops_step)", RunStatus.RUNTIME_ERROR,
     "name 'mlops_step' is not defined on line 2 — did you mean 'mlops_steps'?"),
    (3, "importance = ''", RunStatus.OK, "importance is an empty string"),
    (3, "importance = 'It is nice.'", RunStatus.OK, "mention teamwork, speed or reliability"),
    (3, "importance = ['teams']", RunStatus.OK, "expected a string, got a list"),
    (3, "if importance = 'x':\n    pass", RunStatus.SYNTAX_ERROR, "use == to compare"),
    (4, "print(mlops_steps)\nprint(definition)\nprint(importance)", RunStatus.OK,
     "line 1 of your output should be MLOps is a way to manage"),
    (4, "print(definition)\nprint(mlops_steps)", RunStatus.OK,
     "your output has 2 lines; expected 3"),
    (4, "print(definition, mlops_steps, importance)", RunStatus.OK,
     "your output puts 3 values on 1 line where 3 lines are expected: print each value "
     "with its own print()"),
    (4, "import sys\nfor v in (definition, mlops_steps, importance):\n"
        "    sys.stdout.write(str(v) + '\\n')", RunStatus.OK, "call print(...)"),
    (4, "print(definition)\nprint(mlops_steps)\nprint(importanse)", RunStatus.RUNTIME_ERROR,
     "did you mean 'importance'?"),
    (4, "print 'summary'", RunStatus.SYNTAX_ERROR, "print needs parentheses on line 1"),
]  # fmt: skip


@pytest.mark.parametrize(("step", "code", "status", "message"), WRONG)
async def test_wrong_answers_fail_with_a_specific_message(
    executor, lesson, step, code, status, message
):
    run = await executor.run(job_for(lesson, step, code))
    assert run.status is status, run
    assert not run.passed
    assert message in first_failure(run)


async def test_syntax_error_carries_line_column_and_program(executor, lesson):
    run = await executor.run(job_for(lesson, 2, "x = 1\nfor s in x\n    pass"))
    assert run.status is RunStatus.SYNTAX_ERROR
    assert (run.error.program, run.error.line, run.error.type) == ("your code", 2, "SyntaxError")
    assert run.error.friendly == "missing ':' at the end of line 2"
    assert "for s in x" in run.error.traceback


async def test_runtime_traceback_is_trimmed_to_the_learners_frames(executor, lesson):
    code = "def ratio(a, b):\n    return a / b\n\nprint(ratio(1, 0))"
    run = await executor.run(job_for(lesson, 3, code))
    assert run.status is RunStatus.RUNTIME_ERROR
    assert (run.error.type, run.error.program, run.error.line) == (
        "ZeroDivisionError",
        "your code",
        2,
    )
    assert run.error.friendly == "you divided by zero (on line 2)"
    assert 'File "your code", line 4, in <module>' in run.error.traceback
    assert 'File "your code", line 2, in ratio' in run.error.traceback
    assert "harness" not in run.error.traceback and "bot/" not in run.error.traceback


async def test_infinite_loop_times_out(executor, lesson):
    run = await executor.run(job_for(lesson, 3, "while True:\n    pass", timeout=1.0))
    assert run.status is RunStatus.TIMEOUT
    assert "took longer than 1 s" in run.detail


async def test_sleeping_past_the_timeout_times_out(executor, lesson):
    run = await executor.run(job_for(lesson, 3, "import time\ntime.sleep(30)", timeout=1.0))
    assert run.status is RunStatus.TIMEOUT


@pytest.mark.parametrize(
    "code", ["x = 'a' * 10**9", "x = [0] * 10**9", "b = bytearray(300 * 2**20)"]
)
async def test_memory_bomb_is_a_memory_limit(executor, lesson, code):
    run = await executor.run(job_for(lesson, 3, code))
    assert run.status is RunStatus.MEMORY_LIMIT
    assert "more than 256 MB" in run.detail


async def test_print_flood_is_an_output_limit_with_truncated_output(executor, lesson):
    run = await executor.run(job_for(lesson, 3, "while True:\n    print('spam' * 100)"))
    assert run.status is RunStatus.OUTPUT_LIMIT
    assert run.truncated and len(run.stdout.encode()) == 64 * 1024


async def test_one_huge_write_is_an_output_limit_and_the_run_ends(executor, lesson):
    # The child blocks in write() with the pipe full when it is killed; the run used to
    # wait forever for an EOF that a paused pipe never reads (Python 3.11 asyncio).
    code = "import sys\nsys.stdout.write('x' * 10**7)"
    for _ in range(3):
        async with asyncio.timeout(60):  # a hang guard, not a speed check
            run = await executor.run(job_for(lesson, 3, code))
        assert run.status is RunStatus.OUTPUT_LIMIT
        assert run.truncated and len(run.stdout) == 64 * 1024


async def test_recursion_is_a_friendly_runtime_error(executor, lesson):
    run = await executor.run(job_for(lesson, 3, "def f(n):\n    return f(n + 1)\n\nf(0)"))
    assert run.status is RunStatus.RUNTIME_ERROR
    assert run.error.type == "RecursionError"
    assert "keeps calling itself" in run.error.friendly


async def test_step_n_sees_variables_of_earlier_programs(executor, lesson):
    run = await executor.run(
        job_for(lesson, 4, "print(definition)\nprint(mlops_steps)\nprint(importance)")
    )
    assert run.passed
    assert run.stdout.splitlines()[1] == STEPS


async def test_error_in_an_earlier_program_names_that_program(executor, lesson):
    job = RunJob(
        (Program("step 1", "definition = 'x'\nprint(mlops)"), Program("your code", "print(1)")),
        lesson.step(2).checks,
    )
    run = await executor.run(job)
    assert run.status is RunStatus.RUNTIME_ERROR
    assert (run.error.program, run.error.line) == ("step 1", 2)
    assert "on line 2 of step 1" in run.error.friendly
    assert run.stdout == ""  # the submission never ran


async def test_syntax_error_in_an_earlier_program_names_it(executor, lesson):
    job = RunJob((Program("step 1", "x = (1,"), Program("your code", "y = 2")))
    run = await executor.run(job)
    assert run.status is RunStatus.SYNTAX_ERROR
    assert run.error.program == "step 1"
    assert "line 1 of step 1" in run.error.friendly


async def test_runs_are_deterministic_and_get_an_empty_environment(executor, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "fake-token-for-test")
    code = "import os, random\nprint(random.random())\nprint(dict(os.environ))\nprint('✓')"
    first = await executor.run(RunJob((Program("your code", code),)))
    second = await executor.run(RunJob((Program("your code", code),)))
    assert first.status is RunStatus.OK and first.stdout == second.stdout
    assert "fake-token-for-test" not in first.stdout
    environ, tick = first.stdout.splitlines()[1:]
    assert environ in ("{}", "{'LC_CTYPE': 'C.UTF-8'}")  # set by the child's own locale coercion
    assert tick == "✓"


async def test_exit_ends_that_program_quietly(executor):
    job = RunJob((Program("step 1", "a = 1\nexit()\na = 2"), Program("your code", "print(a)")))
    run = await executor.run(job)
    assert run.status is RunStatus.OK and run.stdout == "1\n"
