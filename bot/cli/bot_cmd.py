"""`stepwise run`, `stepwise sync` and `stepwise invite-url`: running the Discord bot.

Start-up problems (missing or rejected token, unreadable content, no sandbox) are printed
one line each, and the exit code is 1; the token itself is never printed or logged.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.app import StoreError, open_executor, open_services, warm_package_sets
from bot.core.content import ContentError
from bot.core.ports import ExecutorUnavailable
from bot.gc_tuning import tune_for_serving
from bot.health import heartbeat_path
from bot.logging_setup import configure_logging
from bot.settings import Settings, SettingsError, load_settings
from bot.shutdown import (
    EvaluationGate,
    StopRequested,
    StopSignal,
    drain_timeout,
    finish_running,
)
from bot.startup_checks import check_startup


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser(
        "run",
        help="start the Discord bot",
        description="Connect to Discord with DISCORD_TOKEN and serve learners until stopped. "
        "Slash commands are synced when they changed since the last run.",
    )
    run.set_defaults(func=run_command)

    sync = subparsers.add_parser(
        "sync",
        help="push the slash commands to Discord now",
        description="Sync the slash commands (to DEV_GUILD_ID only, when it is set).",
    )
    sync.set_defaults(func=sync_command)

    invite = subparsers.add_parser(
        "invite-url",
        help="print the link that adds the bot to a server",
        description="Print the OAuth2 install URL (scopes bot + applications.commands, "
        "minimal permissions). The application id comes from --app-id or DISCORD_TOKEN.",
    )
    invite.add_argument("--app-id", type=int, help="the application id (default: from the token)")
    invite.add_argument("--json", action="store_true", help="print the URLs as JSON")
    invite.set_defaults(func=invite_command)


def _fail(message: str, code: int = 1) -> int:
    print(f"stepwise: {message}", file=sys.stderr)
    return code


# --------------------------------------------------------------------------- run


async def serve(settings: Settings, stop: StopSignal) -> None:
    """Open services, connect, write the health heartbeat, serve until stopped.

    On SIGTERM/SIGINT (see `bot.shutdown`): new evaluations are refused, running ones
    finish and are reported (bounded), then the bot disconnects and the database closes.
    """
    from bot.discord_app.heartbeat import start_heartbeat
    from bot.discord_app.runner import start_bot, stop_bot

    executor = await open_executor(settings)
    gate = EvaluationGate(executor)
    stop.on_stop(gate.close)
    try:
        async with open_services(settings, executor=gate) as services:
            await warm_package_sets(executor, services.catalog)
            bot = await stop.unless_stopped(start_bot(settings, services))
            tune_for_serving()
            heartbeat = start_heartbeat(bot, heartbeat_path(settings))
            try:
                assert bot.connect_task is not None
                if await stop.wait_or(bot.connect_task):
                    await finish_running(gate, drain_timeout(settings.exec_timeout))
                else:
                    await bot.connect_task  # the gateway ended on its own: surface why
            finally:
                heartbeat.cancel()
                await stop_bot(bot)
    finally:
        await executor.aclose()


async def _serve_until_signalled(settings: Settings) -> None:
    async with StopSignal() as stop:
        try:
            await serve(settings, stop)
        except StopRequested:  # stopped before it was connected
            pass
        except asyncio.CancelledError:
            if not stop.forced:  # a second signal cut the drain short; anything else propagates
                raise
            asyncio.current_task().uncancel()  # type: ignore[union-attr]


def run_command(args: argparse.Namespace) -> int:
    from bot.discord_app.runner import StartupError  # discord.py loads only for bot commands

    settings, problems = check_startup()
    if problems or settings is None:
        for problem in problems:
            print(f"stepwise: {problem}", file=sys.stderr)
        return 1
    configure_logging(settings)
    try:
        asyncio.run(_serve_until_signalled(settings))
    except StartupError as exc:
        return _fail(str(exc))
    except ExecutorUnavailable as exc:
        return _fail(f"cannot run learner code safely: {exc} (see STEPWISE_SANDBOX)")
    except ContentError as exc:
        return _fail("; ".join(map(str, exc.problems)))
    except StoreError as exc:  # e.g. the database went away after the start-up checks
        setting = "STEPWISE_DATABASE_URL" if settings.database_url else "STEPWISE_DB"
        return _fail(f"{setting}: {exc}")
    return 0


# --------------------------------------------------------------------------- sync


async def _sync(settings: Settings) -> int:
    from bot.discord_app.client import TutorBot
    from bot.discord_app.cogs import feature_cogs
    from bot.discord_app.runner import login, sync_commands

    async with open_services(settings, run_code=False) as services:
        bot = TutorBot(services, settings, cogs=feature_cogs)
        try:
            await login(bot)
            await sync_commands(bot, force=True)
        finally:
            await bot.close()
    scope = f"server {settings.dev_guild_id}" if settings.dev_guild_id else "all servers (global)"
    print(f"synced slash commands to {scope}")
    return 0


def sync_command(args: argparse.Namespace) -> int:
    from bot.discord_app.runner import StartupError

    try:
        settings = load_settings()
        settings.require_token()
    except SettingsError as exc:
        return _fail("; ".join(exc.problems))
    configure_logging(settings)
    try:
        return asyncio.run(_sync(settings))
    except StartupError as exc:
        return _fail(str(exc))
    except ContentError as exc:
        return _fail("; ".join(map(str, exc.problems)))


# --------------------------------------------------------------------------- invite-url


def invite_command(args: argparse.Namespace) -> int:
    from bot.discord_app.invite import (
        app_id_from_token,
        bot_permissions,
        guild_install_url,
        user_install_url,
    )

    app_id = args.app_id
    if app_id is None:
        try:
            token = load_settings().discord_token
        except SettingsError as exc:
            return _fail("; ".join(exc.problems), 2)
        app_id = app_id_from_token(token) if token else None
        if app_id is None:
            return _fail("pass --app-id (DISCORD_TOKEN is missing or not a bot token)", 2)
    urls = {
        "application_id": app_id,
        "permissions": bot_permissions().value,
        "guild_install": guild_install_url(app_id),
        "user_install": user_install_url(app_id),
    }
    if args.json:
        print(json.dumps(urls, indent=2))
    else:
        print(urls["guild_install"])
    return 0
