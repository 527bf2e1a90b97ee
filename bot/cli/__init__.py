"""The `stepwise` command line: one module per command family, each registering itself.

Every module in `COMMAND_MODULES` exposes `register(subparsers)`; a registered command sets
`func(args) -> int` as its handler. Exit codes: 0 success, 1 a failed check/verdict or
operational failure, 2 bad arguments. A command parses, calls an engine or the composition
root, and prints; it never names a concrete store or executor itself.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = (
    "bot.cli.study",  # lessons, study, practice, test, check
    "bot.cli.learn_cmd",  # learn (the lesson card and its ten learning modes)
    "bot.cli.review_cmd",  # review
    "bot.cli.progress_cmd",  # progress
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
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that left shows up here, not at interpreter exit
        return code
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `stepwise ... | head`: the reader left; end quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not fail again
        return 141
