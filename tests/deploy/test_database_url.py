"""STEPWISE_DATABASE_URL and the shard settings: a wrong value stops start-up in one line.

The line names the setting and the reason and never contains the password. The server
cases run against the real throwaway PostgreSQL of `tests/conftest.py`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from postgres_cluster import PASSWORD

from bot.settings import SettingsError, load_settings
from bot.startup_checks import check_startup
from tests.deploy.conftest import ROOT

TOKEN = "MTIz.abc.defghijklmnopqrstuvwxyz0123456789"


@pytest.fixture
def good_env(tmp_path: Path) -> dict[str, str]:
    content = tmp_path / "content"
    # tests/content/lessons holds the shipped lessons' tests, not lessons: leave it out too
    skip = shutil.ignore_patterns("malformed", "lessons")
    shutil.copytree(ROOT / "tests" / "content", content, ignore=skip)
    return {
        "DISCORD_TOKEN": TOKEN,
        "STEPWISE_CONTENT": str(content),
        "STEPWISE_DB": str(tmp_path / "data" / "stepwise.db"),
    }


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def only_problem(env: dict[str, str]) -> str:
    settings, problems = check_startup(env, dotenv=None)
    assert settings is None and len(problems) == 1, problems
    assert "\n" not in problems[0]
    return problems[0]


def test_a_reachable_server_starts(good_env, postgres_url) -> None:
    settings, problems = check_startup({**good_env, "STEPWISE_DATABASE_URL": postgres_url}, None)
    assert problems == [] and settings is not None
    assert settings.database_url == postgres_url
    assert PASSWORD in settings.secrets  # so the log filter scrubs it
    assert PASSWORD not in repr(settings)


def test_not_a_postgres_url(good_env) -> None:
    line = only_problem({**good_env, "STEPWISE_DATABASE_URL": f"mysql://u:{PASSWORD}@h/db"})
    assert line.startswith("STEPWISE_DATABASE_URL: mysql://... is not a postgresql:// URL")
    assert PASSWORD not in line


def test_malformed_port(good_env) -> None:
    line = only_problem({**good_env, "STEPWISE_DATABASE_URL": "postgresql://u@h:port/db"})
    assert line.startswith("STEPWISE_DATABASE_URL: malformed URL")


def test_unreachable_server(good_env) -> None:
    url = f"postgresql://stepwise:{PASSWORD}@127.0.0.1:{closed_port()}/stepwise"
    line = only_problem({**good_env, "STEPWISE_DATABASE_URL": url})
    assert line.startswith("STEPWISE_DATABASE_URL: cannot connect to postgresql://stepwise:***@")
    assert "refused" in line
    assert PASSWORD not in line


def test_wrong_password(good_env, postgres_cluster) -> None:
    url = postgres_cluster.url("postgres", password="not-the-password")
    line = only_problem({**good_env, "STEPWISE_DATABASE_URL": url})
    assert "password authentication failed" in line
    assert "not-the-password" not in line and "***" in line


def test_missing_database(good_env, postgres_cluster) -> None:
    line = only_problem({**good_env, "STEPWISE_DATABASE_URL": postgres_cluster.url("nope")})
    assert 'database "nope" does not exist' in line and PASSWORD not in line


def test_stepwise_run_prints_the_one_line_without_a_traceback(tmp_path, good_env) -> None:
    url = f"postgresql://stepwise:{PASSWORD}@127.0.0.1:{closed_port()}/stepwise"
    env = {
        **good_env,
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "STEPWISE_DATABASE_URL": url,
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("stepwise: STEPWISE_DATABASE_URL: cannot connect")
    assert "Traceback" not in result.stderr
    assert PASSWORD not in result.stderr + result.stdout


# --------------------------------------------------------------------------- shards


def settings_problems(**env: str) -> list[str]:
    try:
        load_settings(env, dotenv=None)
    except SettingsError as exc:
        return exc.problems
    return []


def test_shard_settings_parse() -> None:
    settings = load_settings({"STEPWISE_SHARD_COUNT": "4", "STEPWISE_SHARD_IDS": "2, 0"}, None)
    assert (settings.shard_count, settings.shard_ids, settings.sharded) == (4, (0, 2), True)
    every = load_settings({"STEPWISE_SHARD_COUNT": "2"}, None)
    assert (every.shard_count, every.shard_ids) == (2, None)
    assert load_settings({}, None).sharded is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"STEPWISE_SHARD_IDS": "0"}, "STEPWISE_SHARD_IDS: set STEPWISE_SHARD_COUNT too"),
        ({"STEPWISE_SHARD_COUNT": "zero"}, "STEPWISE_SHARD_COUNT: 'zero' is not a number"),
        ({"STEPWISE_SHARD_COUNT": "0"}, "STEPWISE_SHARD_COUNT: '0' is not a number"),
        (
            {"STEPWISE_SHARD_COUNT": "2", "STEPWISE_SHARD_IDS": "1,2"},
            "STEPWISE_SHARD_IDS: shard 2 does not exist with STEPWISE_SHARD_COUNT=2",
        ),
        (
            {"STEPWISE_SHARD_COUNT": "2", "STEPWISE_SHARD_IDS": "a,b"},
            "STEPWISE_SHARD_IDS: 'a,b' is not a comma-separated list",
        ),
    ],
)
def test_bad_shard_settings_are_one_line_each(env, expected) -> None:
    problems = settings_problems(**env)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_database_lost_after_the_checks_still_ends_in_one_line(good_env, monkeypatch, capsys):
    """The server answered the start-up check, then went away before the store opened."""
    import bot.cli.bot_cmd as bot_cmd

    url = f"postgresql://stepwise:{PASSWORD}@127.0.0.1:{closed_port()}/stepwise"
    settings = load_settings({**good_env, "STEPWISE_DATABASE_URL": url}, dotenv=None)
    monkeypatch.setattr(bot_cmd, "check_startup", lambda: (settings, []))
    monkeypatch.setattr(bot_cmd, "configure_logging", lambda _settings: None)
    assert bot_cmd.run_command(None) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("stepwise: STEPWISE_DATABASE_URL: cannot connect to")
    assert len(err.splitlines()) == 1 and PASSWORD not in err
