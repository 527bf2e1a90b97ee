"""`stepwise run` refuses to start on bad settings, one line per problem, all at once."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.startup_checks import check_startup, timezone_problems
from tests.deploy.conftest import ROOT

TOKEN = "MTIz.abc.defghijklmnopqrstuvwxyz0123456789"


@pytest.fixture
def good_env(tmp_path: Path) -> dict[str, str]:
    content = tmp_path / "content"
    # tests/content holds valid_tiny.yaml; its lessons/ folder holds Python tests, not lessons.
    skip = shutil.ignore_patterns("malformed", "lessons")
    shutil.copytree(ROOT / "tests" / "content", content, ignore=skip)
    return {
        "DISCORD_TOKEN": TOKEN,
        "STEPWISE_CONTENT": str(content),
        "STEPWISE_DB": str(tmp_path / "data" / "stepwise.db"),
        "STEPWISE_SANDBOX": "strict",
    }


def check(env: dict[str, str], **kwargs):
    return check_startup(env, dotenv=None, **kwargs)


def test_good_settings_start_and_the_database_directory_is_created(good_env) -> None:
    settings, problems = check(good_env)
    assert problems == []
    assert settings is not None and settings.discord_token == TOKEN
    assert Path(good_env["STEPWISE_DB"]).parent.is_dir()


def test_missing_token(good_env) -> None:
    settings, problems = check({**good_env, "DISCORD_TOKEN": ""})
    assert settings is None
    assert len(problems) == 1 and problems[0].startswith("DISCORD_TOKEN: not set")


def test_terminal_use_needs_no_token(good_env) -> None:
    _, problems = check({**good_env, "DISCORD_TOKEN": ""}, need_token=False)
    assert problems == []


def test_missing_content(good_env, tmp_path) -> None:
    _, problems = check({**good_env, "STEPWISE_CONTENT": str(tmp_path / "nowhere")})
    assert problems == [f"STEPWISE_CONTENT: {tmp_path / 'nowhere'} does not exist"]


def test_broken_lesson_is_reported_with_file_and_line(good_env) -> None:
    lessons = Path(good_env["STEPWISE_CONTENT"])
    shutil.copy(ROOT / "tests/content/malformed/bad_difficulty.yaml", lessons / "broken.yaml")
    _, problems = check(good_env)
    assert problems, "a broken lesson must stop the start"
    assert all(p.startswith("STEPWISE_CONTENT: ") for p in problems)
    assert any(re.search(r"broken\.yaml:\d+", p) for p in problems)


def test_unwritable_database_directory(good_env, tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    _, problems = check({**good_env, "STEPWISE_DB": str(blocker / "stepwise.db")})
    assert len(problems) == 1
    assert problems[0].startswith(f"STEPWISE_DB: cannot create directory {blocker}")


def test_database_path_that_is_a_directory(good_env, tmp_path) -> None:
    _, problems = check({**good_env, "STEPWISE_DB": str(tmp_path)})
    assert problems == [f"STEPWISE_DB: {tmp_path} is a directory, not a database file"]


def test_every_problem_is_reported_in_one_go(good_env, tmp_path) -> None:
    env = {
        **good_env,
        "DISCORD_TOKEN": "",
        "LOG_LEVEL": "LOUD",
        "STEPWISE_EXEC_TIMEOUT": "soon",
        "STEPWISE_CONTENT": str(tmp_path / "nowhere"),
    }
    settings, problems = check(env)
    assert settings is None
    assert [p.split(":", 1)[0] for p in problems] == [
        "LOG_LEVEL",
        "STEPWISE_EXEC_TIMEOUT",
        "DISCORD_TOKEN",
        "STEPWISE_CONTENT",
    ]
    assert all("\n" not in p for p in problems)


def test_missing_sandbox_layers_stop_a_strict_start(good_env) -> None:
    def probe(settings: Settings) -> list[str]:
        return ["user namespaces: unshare(CLONE_NEWUSER) failed: EPERM"]

    _, problems = check(good_env, sandbox_probe=probe)
    assert problems == [
        "STEPWISE_SANDBOX: user namespaces: unshare(CLONE_NEWUSER) failed: EPERM"
        " (see `stepwise sandbox doctor`)"
    ]
    _, relaxed = check({**good_env, "STEPWISE_SANDBOX": "insecure-dev"}, sandbox_probe=probe)
    assert relaxed == []


def test_time_zone_settings_must_name_real_zones() -> None:
    @dataclasses.dataclass(frozen=True)
    class WithZone(Settings):
        daily_timezone: str = "Europe/Paris"

    assert timezone_problems(WithZone()) == []
    assert timezone_problems(WithZone(daily_timezone="Mars/Olympus")) == [
        "DAILY_TIMEZONE: 'Mars/Olympus' is not a time zone (e.g. Europe/Paris)"
    ]


def test_stepwise_run_prints_one_line_per_problem_and_exits_1(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": TOKEN,
        "STEPWISE_CONTENT": str(tmp_path / "nowhere"),
        "STEPWISE_DB": str(blocker / "stepwise.db"),
        "LOG_LEVEL": "CHATTY",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":", 2)[1].strip() for line in lines] == [
        "LOG_LEVEL",
        "STEPWISE_CONTENT",
        "STEPWISE_DB",
    ], result.stderr
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stderr + result.stdout
