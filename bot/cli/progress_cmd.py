"""`stepwise progress`: the progress card's facts in words, and the card itself with --png.

The same facts `/progress` draws (lessons and steps per track, streak, quiz accuracy over
the last 30 days, reviews due), so the terminal shows what the picture shows; then a line
per learning mode started, per lesson (the lines of the lesson card).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.learn_cmd import open_desk
from bot.cli.render_modes import progress_lines
from bot.cli.study import _open, learner_id, run_command
from bot.core.modes import ModeDesk
from bot.core.pictures import learner_progress, progress_alt
from bot.settings import Settings


async def modes_text(desk: ModeDesk, learner: str) -> str:
    """'Learning modes:' and each lesson's started modes, in the catalogue's order."""
    started = {row.lesson_id for row in await desk.store.modes(learner)}
    parts = []
    for lesson in desk.engine.lessons():
        if lesson.id in started:
            text = progress_lines(lesson, await desk.lines(learner, lesson.id))
            if text:
                parts.append(text)
    return "\n".join(["", "Learning modes:", *parts]) if parts else ""


async def _progress(settings: Settings, args: argparse.Namespace) -> int:
    async with _open(settings, run_code=False) as services:
        learner = learner_id(settings)
        facts = await learner_progress(
            services.engine, services.reviews, learner, settings.local_user
        )
        print(progress_alt(facts))
        modes = await modes_text(open_desk(services), learner)
        if modes:
            print(modes)
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
        description="Lessons and steps per track, streak, quiz accuracy over the last 30 days, "
        "reviews due, and a line per learning mode you started (`stepwise learn`).",
    )
    p.add_argument("--png", type=Path, metavar="FILE", help="also write the progress card PNG")
    p.set_defaults(func=lambda a: run_command(lambda s: _progress(s, a)))
