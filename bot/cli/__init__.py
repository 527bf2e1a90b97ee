"""The `stepwise` command line: one module per command family, each registering itself.

Every module in `COMMAND_MODULES` exposes `register(subparsers)`; a registered command sets
`func(args) -> int` as its handler. Exit codes: 0 success, 1 a failed check/verdict or
operational failure, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = (
    "bot.cli.study",  # lessons, study, practice, test, check
    "bot.cli.content_cmd",  # content check
    "bot.cli.sandbox_cmd",  # sandbox run, sandbox doctor
    "bot.cli.db_cmd",  # db backup/check/export/delete
    "bot.cli.bot_cmd",  # run, sync, invite-url, health
    "bot.cli.health_cmd",  # health (container HEALTHCHECK)
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stepwise",
        description="Stepwise tutor: lessons in the terminal, content tools, sandbox, bot.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # a command family not built yet
        module.register(subparsers)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
