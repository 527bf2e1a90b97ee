"""`stepwise health`: the container HEALTHCHECK. Exit 0 when the bot can serve learners.

Runs beside the bot (`docker exec`), so it learns about the gateway from the heartbeat file
the bot writes, checks the database directly, and starts its own sandbox for a trivial job.
With remote sandbox services (STEPWISE_SANDBOX_URL, or --sandbox-url), each service is
checked the same way: its layers must all work and it must run the trivial job.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys

from bot.health import (
    DEFAULT_MAX_HEARTBEAT_AGE,
    Probe,
    check_database,
    check_heartbeat,
    check_postgres,
    heartbeat_path,
    probe_sandbox,
)
from bot.settings import Settings, SettingsError, load_settings, sandbox_urls


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "health",
        help="check the database, the sandbox and the gateway heartbeat (exit 1 if unhealthy)",
        description=(
            "Healthy means: the database accepts writes, the sandbox runs a trivial job, "
            "and the running bot reported a live gateway connection recently."
        ),
    )
    parser.add_argument(
        "--max-age",
        type=float,
        default=DEFAULT_MAX_HEARTBEAT_AGE,
        metavar="SECONDS",
        help=f"oldest acceptable gateway heartbeat (default {DEFAULT_MAX_HEARTBEAT_AGE:.0f})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="time allowed to start the sandbox and run the trivial job (default 15)",
    )
    parser.add_argument(
        "--no-gateway", action="store_true", help="skip the heartbeat (no Discord bot running)"
    )
    parser.add_argument("--no-sandbox", action="store_true", help="skip the sandbox job")
    parser.add_argument(
        "--no-database", action="store_true", help="skip the database (a sandbox service host)"
    )
    parser.add_argument(
        "--sandbox-url",
        metavar="URL[,URL...]",
        help="check these sandbox services instead of STEPWISE_SANDBOX_URL",
    )
    parser.add_argument("--json", action="store_true", help="print the probes as JSON")
    parser.set_defaults(func=run_health)


def collect(settings: Settings, args: argparse.Namespace) -> list[Probe]:
    if args.no_database:
        probes = []
    elif settings.database_url:
        probes = [check_postgres(settings.database_url)]
    else:
        probes = [check_database(settings.db_path)]
    if not args.no_sandbox:
        probes.extend(asyncio.run(sandbox_probes(settings, args.timeout)))
    if not args.no_gateway:
        probes.append(check_heartbeat(heartbeat_path(settings), args.max_age))
    return probes


async def sandbox_probes(settings: Settings, timeout: float) -> list[Probe]:
    """The local sandbox, or every remote sandbox service on its own (so one dead replica
    shows, even though the bot would fail over around it)."""
    from bot.app import open_executor

    if not settings.sandbox_urls:
        return [await probe_sandbox(lambda: open_executor(settings), timeout)]
    singles = [dataclasses.replace(settings, sandbox_urls=(url,)) for url in settings.sandbox_urls]
    probes = await asyncio.gather(
        *(probe_sandbox(lambda s=single: open_executor(s), timeout) for single in singles)
    )
    return [
        dataclasses.replace(probe, name=f"sandbox {url}")
        for probe, url in zip(probes, settings.sandbox_urls, strict=True)
    ]


def run_health(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        if args.sandbox_url is not None:
            urls, problems = sandbox_urls(args.sandbox_url)
            if problems or not urls:
                raise SettingsError(problems or ["--sandbox-url: no URL given"])
            settings = dataclasses.replace(settings, sandbox_urls=urls)
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"FAIL settings: {problem}", file=sys.stderr)
        return 1
    probes = collect(settings, args)
    healthy = all(probe.ok for probe in probes)
    if args.json:
        body = {
            "healthy": healthy,
            "probes": [{"name": p.name, "ok": p.ok, "detail": p.detail} for p in probes],
        }
        print(json.dumps(body, indent=2))
    else:
        for probe in probes:
            print(f"{'ok  ' if probe.ok else 'FAIL'} {probe.name}: {probe.detail}")
    return 0 if healthy else 1
