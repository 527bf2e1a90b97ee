"""Settings read once from the environment (and an optional `.env` file), then passed down.

Nothing else reads `os.environ`. A wrong value raises `SettingsError` whose message is one
line per problem, naming the variable and why; the CLI prints it and exits non-zero.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

SANDBOX_MODES = ("strict", "insecure-dev")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


BOT_DB = Path("data/stepwise.db")  # the bot's database when STEPWISE_DB is not set


def shipped_content() -> Path:
    """The lessons installed with Stepwise (package data), wherever Stepwise runs from."""
    return Path(str(resources.files("bot.content")))


def user_data_db(env: Mapping[str, str]) -> Path:
    """The terminal's database by the XDG rules: $XDG_DATA_HOME (if absolute) or
    ~/.local/share, then stepwise/stepwise.db, so progress follows the user, not the folder."""
    base = env.get("XDG_DATA_HOME", "").strip()
    if not base or not os.path.isabs(base):
        home = env.get("HOME", "").strip() or os.path.expanduser("~")
        base = os.path.join(home, ".local", "share")
    return Path(base) / "stepwise" / "stepwise.db"


@dataclass(frozen=True)
class Settings:
    db_path: Path = BOT_DB
    content_path: Path = field(default_factory=shipped_content)
    content_from_env: bool = False  # STEPWISE_CONTENT chose content_path
    db_from_env: bool = False  # STEPWISE_DB chose db_path
    terminal_db: Path | None = None  # where terminal sessions keep progress without STEPWISE_DB
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
    database_url: str = field(default="", repr=False)  # postgresql://...; empty: SQLite
    shard_count: int | None = None  # None: discord.py asks Discord (one process, all shards)
    shard_ids: tuple[int, ...] | None = None  # the shards this process serves; None: all
    sandbox_urls: tuple[str, ...] = ()  # remote sandbox services; empty = the local sandbox
    sandbox_secret: str = field(default="", repr=False)  # shared with `stepwise sandbox serve`

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log line or message."""
        password = urlsplit(self.database_url).password if self.database_url else None
        return tuple(s for s in (self.discord_token, password, self.sandbox_secret) if s)

    @property
    def sharded(self) -> bool:
        return self.shard_count is not None

    @property
    def content_origin(self) -> str:
        """Where the lessons come from, in words that name the setting to change."""
        if self.content_from_env:
            return f"{self.content_path} (set by STEPWISE_CONTENT)"
        return (
            f"{self.content_path} (the lessons shipped with Stepwise; "
            "set STEPWISE_CONTENT to a content folder to use others)"
        )

    def for_terminal(self) -> Settings:
        """The settings of a terminal session: without STEPWISE_DB, progress lives in the
        user's data folder (not in whatever folder the command ran in)."""
        if self.db_from_env or self.terminal_db is None:
            return self
        return dataclasses.replace(self, db_path=self.terminal_db)

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


def token_in_environment(environ: Mapping[str, str] | None = None) -> bool:
    """Whether DISCORD_TOKEN is in the process environment itself (not only in `.env`): the
    sandbox service refuses to start with it, since everything it starts could inherit it."""
    env = os.environ if environ is None else environ
    return bool(env.get("DISCORD_TOKEN", "").strip())


def sandbox_urls(raw: str) -> tuple[tuple[str, ...], list[str]]:
    """`STEPWISE_SANDBOX_URL`: comma-separated http(s):// or unix:/absolute/path URLs."""
    urls: list[str] = []
    problems: list[str] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        if part.startswith(("http://", "https://")) and len(part.split("://", 1)[1]) > 0:
            url = part.rstrip("/")
        elif part.startswith("unix:/"):
            url = part
        else:
            problems.append(
                f"STEPWISE_SANDBOX_URL: {part!r} is not an http(s):// or unix:/path URL"
            )
            continue
        if url in urls:
            problems.append(f"STEPWISE_SANDBOX_URL: {url} is listed twice")
            continue
        urls.append(url)
    return tuple(urls), problems


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

    database_url = database_url_setting(env.get("STEPWISE_DATABASE_URL", ""), problems)
    shard_count, shard_ids = shard_settings(
        env.get("STEPWISE_SHARD_COUNT", ""), env.get("STEPWISE_SHARD_IDS", ""), problems
    )
    urls, url_problems = sandbox_urls(env.get("STEPWISE_SANDBOX_URL", ""))
    problems.extend(url_problems)

    db_raw = env.get("STEPWISE_DB", "").strip()
    content_raw = env.get("STEPWISE_CONTENT", "").strip()
    long_runs = int(number("STEPWISE_LONG_RUNS", -1, int, 0, 4096))
    settings = Settings(
        db_path=Path(db_raw) if db_raw else BOT_DB,
        content_path=Path(content_raw) if content_raw else shipped_content(),
        content_from_env=bool(content_raw),
        db_from_env=bool(db_raw),
        terminal_db=user_data_db(env),
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
        database_url=database_url,
        shard_count=shard_count,
        shard_ids=shard_ids,
        sandbox_urls=urls,
        sandbox_secret=env.get("STEPWISE_SANDBOX_SECRET", "").strip(),
    )
    if problems:
        raise SettingsError(problems)
    return settings


def database_url_setting(raw: str, problems: list[str]) -> str:
    """STEPWISE_DATABASE_URL: empty (SQLite at STEPWISE_DB) or a postgresql:// URL."""
    url = raw.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a non-numeric port raises ValueError)
    except ValueError as exc:
        problems.append(f"STEPWISE_DATABASE_URL: malformed URL ({exc})")
        return ""
    if parts.scheme not in ("postgresql", "postgres"):
        shown = f"{parts.scheme}://..." if parts.scheme else "a value without a scheme"
        problems.append(
            f"STEPWISE_DATABASE_URL: {shown} is not a postgresql:// URL"
            " (leave it empty to use SQLite at STEPWISE_DB)"
        )
        return ""
    return url


def shard_settings(
    count_raw: str, ids_raw: str, problems: list[str]
) -> tuple[int | None, tuple[int, ...] | None]:
    """STEPWISE_SHARD_COUNT (1..) and STEPWISE_SHARD_IDS ("0,1"; default: every shard)."""
    count_raw, ids_raw = count_raw.strip(), ids_raw.strip()
    if not count_raw:
        if ids_raw:
            problems.append("STEPWISE_SHARD_IDS: set STEPWISE_SHARD_COUNT too")
        return None, None
    if not count_raw.isdigit() or not 1 <= int(count_raw) <= 65536:
        problems.append(f"STEPWISE_SHARD_COUNT: {count_raw!r} is not a number of shards (1..)")
        return None, None
    count = int(count_raw)
    if not ids_raw:
        return count, None
    parts = [p.strip() for p in ids_raw.split(",") if p.strip()]
    if not parts or not all(p.isdigit() for p in parts):
        problems.append(f"STEPWISE_SHARD_IDS: {ids_raw!r} is not a comma-separated list like 0,1")
        return count, None
    ids = tuple(sorted({int(p) for p in parts}))
    outside = [i for i in ids if i >= count]
    if outside:
        problems.append(
            f"STEPWISE_SHARD_IDS: shard {outside[0]} does not exist with"
            f" STEPWISE_SHARD_COUNT={count} (ids are 0..{count - 1})"
        )
        return count, None
    return count, ids
