"""Settings read once from the environment (and an optional `.env` file), then passed down.

Nothing else reads `os.environ`. A wrong value raises `SettingsError` whose message is one
line per problem, naming the variable and why; the CLI prints it and exits non-zero.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SANDBOX_MODES = ("strict", "insecure-dev")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("data/stepwise.db")
    content_path: Path = Path("content")
    discord_token: str = field(default="", repr=False)
    dev_guild_id: int | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    sandbox_mode: str = "strict"
    exec_timeout: float = 5.0
    exec_concurrency: int = 0  # 0 means 2 × cores
    output_limit: int = 64 * 1024
    queue_deadline: float = 10.0  # refuse a run whose expected wait is longer (seconds)
    queue_limit: int = 2_000  # hard cap on queued runs, whatever their expected wait
    queue_notice: float = 1.0  # tell a learner they are queued from this expected wait
    long_runs: int | None = None  # long runs allowed outside the slots; None: 5 × concurrency
    log_level: str = "INFO"
    local_user: str = "local"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log line or message."""
        return tuple(s for s in (self.discord_token,) if s)

    def require_token(self) -> str:
        if not self.discord_token:
            raise SettingsError(
                ["DISCORD_TOKEN: not set (put the bot token in the environment or .env)"]
            )
        return self.discord_token


def read_dotenv(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; `#` comments, optional quotes, `export ` prefix. Missing file: {}."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return values
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
) -> Settings:
    """Environment wins over `.env`. Raises SettingsError listing every bad value."""
    env: dict[str, str] = dict(read_dotenv(dotenv)) if dotenv else {}
    env.update(os.environ if environ is None else environ)
    problems: list[str] = []

    def number(key: str, default: float, cast: type, low: float, high: float) -> float:
        raw = env.get(key, "").strip()
        if not raw:
            return default
        try:
            value = cast(raw)
        except ValueError:
            problems.append(f"{key}: {raw!r} is not a {cast.__name__}")
            return default
        if not low <= value <= high:
            problems.append(f"{key}: {value} is outside {low}..{high}")
            return default
        return value

    def url(key: str) -> str | None:
        raw = env.get(key, "").strip()
        if raw and not raw.startswith(("http://", "https://", "ws://", "wss://")):
            problems.append(f"{key}: {raw!r} is not an http(s):// or ws(s):// URL")
            return None
        return raw.rstrip("/") or None

    guild_raw = env.get("DEV_GUILD_ID", "").strip()
    dev_guild_id = None
    if guild_raw:
        if guild_raw.isdigit():
            dev_guild_id = int(guild_raw)
        else:
            problems.append(f"DEV_GUILD_ID: {guild_raw!r} is not a numeric server id")

    sandbox_mode = env.get("STEPWISE_SANDBOX", "strict").strip() or "strict"
    if sandbox_mode not in SANDBOX_MODES:
        problems.append(
            f"STEPWISE_SANDBOX: {sandbox_mode!r} is not one of {', '.join(SANDBOX_MODES)}"
        )
    log_level = (env.get("LOG_LEVEL", "INFO").strip() or "INFO").upper()
    if log_level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL: {log_level!r} is not one of {', '.join(LOG_LEVELS)}")

    long_runs = int(number("STEPWISE_LONG_RUNS", -1, int, 0, 4096))
    settings = Settings(
        db_path=Path(env.get("STEPWISE_DB", "").strip() or "data/stepwise.db"),
        content_path=Path(env.get("STEPWISE_CONTENT", "").strip() or "content"),
        discord_token=env.get("DISCORD_TOKEN", "").strip(),
        dev_guild_id=dev_guild_id,
        api_base=url("DISCORD_API_BASE"),
        gateway_url=url("DISCORD_GATEWAY_URL"),
        sandbox_mode=sandbox_mode,
        exec_timeout=number("STEPWISE_EXEC_TIMEOUT", 5.0, float, 0.1, 60),
        exec_concurrency=int(number("STEPWISE_EXEC_CONCURRENCY", 0, int, 0, 256)),
        output_limit=int(number("STEPWISE_OUTPUT_LIMIT", 64 * 1024, int, 1024, 16 * 1024 * 1024)),
        queue_deadline=number("STEPWISE_QUEUE_DEADLINE", 10.0, float, 0.1, 600),
        queue_limit=int(number("STEPWISE_QUEUE_LIMIT", 2_000, int, 1, 1_000_000)),
        queue_notice=number("STEPWISE_QUEUE_NOTICE", 1.0, float, 0, 600),
        long_runs=None if long_runs < 0 else long_runs,
        log_level=log_level,
        local_user=env.get("STEPWISE_USER", "").strip() or env.get("USER", "").strip() or "local",
    )
    if problems:
        raise SettingsError(problems)
    return settings
