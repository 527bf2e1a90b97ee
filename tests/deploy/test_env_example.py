"""`.env.example` documents every setting `bot/settings.py` reads, with its real default."""

from __future__ import annotations

import ast
import re

from bot.settings import load_settings
from tests.deploy.conftest import ROOT

# Read by settings.py only as fallbacks: STEPWISE_USER falls back to the login name, the
# terminal's database to the XDG data folder under the home folder.
SYSTEM_VARIABLES = {"USER", "HOME", "XDG_DATA_HOME"}


def keys_read_by_settings() -> set[str]:
    tree = ast.parse((ROOT / "bot" / "settings.py").read_text())
    keys = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and re.fullmatch(r"[A-Z][A-Z0-9_]+", first.value)
            ):
                keys.add(first.value)
    return keys - SYSTEM_VARIABLES


def documented() -> dict[str, str]:
    """KEY -> value for `KEY=value` and commented-out `# KEY=value` lines."""
    entries = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.fullmatch(r"#?\s*([A-Z][A-Z0-9_]+)=(.*)", line.strip())
        if match:
            entries[match.group(1)] = match.group(2).strip()
    return entries


def test_the_settings_parser_is_found() -> None:
    keys = keys_read_by_settings()
    assert {"DISCORD_TOKEN", "STEPWISE_DB", "LOG_LEVEL"} <= keys


def test_every_setting_is_documented() -> None:
    missing = keys_read_by_settings() - documented().keys()
    assert not missing, f".env.example does not document {sorted(missing)}"


def test_nothing_undocumented_is_invented() -> None:
    unknown = documented().keys() - keys_read_by_settings()
    assert not unknown, f".env.example lists settings nobody reads: {sorted(unknown)}"


def test_documented_defaults_are_the_real_defaults() -> None:
    """Uncommenting any line of the example as shown changes nothing."""
    values = {key: value for key, value in documented().items() if value}
    defaults = load_settings({"USER": ""}, dotenv=None)
    assert load_settings({"USER": "", **values}, dotenv=None) == defaults


def test_the_example_loads_cleanly_as_a_dotenv(tmp_path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text((ROOT / ".env.example").read_text())
    settings = load_settings({"USER": ""}, dotenv=dotenv)
    assert settings.discord_token == ""
    assert settings.sandbox_mode == "strict"
