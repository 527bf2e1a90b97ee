"""`stepwise progress`: the progress card's facts in words, and the card itself with --png.

The same facts `/progress` draws (lessons and steps per track, streak, quiz accuracy over
the last 30 days, reviews due), so the terminal shows what the picture shows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.study import _open, learner_id, run_command
from bot.core.pictures import learner_progress, progress_alt
from bot.settings import Settings


async def _progress(settings: Settings, args: argparse.Namespace) -> int:
    async with _open(settings, run_code=False) as services:
        learner = learner_id(settings)
        facts = await learner_progress(
            services.engine, services.reviews, learner, settings.local_user
        )
        print(progress_alt(facts))
        if args.png is not None:
            if services.pictures is None:
                print("Cannot draw the card: matplotlib is not installed.")
                return 1
            png = await services.pictures.progress_card(facts)
            args.png.write_bytes(png)
            print(f"Progress card written to {args.png} ({len(png)} bytes).")
        return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "progress",
        help="your progress in words (and as a picture)",
        description="Lessons and steps per track, streak, quiz accuracy over the last 30 days "
        "and reviews due.",
    )
    p.add_argument("--png", type=Path, metavar="FILE", help="also write the progress card PNG")
    p.set_defaults(func=lambda a: run_command(lambda s: _progress(s, a)))
