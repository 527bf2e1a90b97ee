"""`stepwise learn LESSON`: the lesson's front door in the terminal.

The card (scenario, goal, what you'll learn, why it matters, progress and a line per mode
started), then a numbered menu of the ten learning modes and the two ways in: "jump into
concepts and practice" and "test this pattern". `--mode MODE` goes straight in; `--modes
--json` is for scripts; `--mode cheatsheet` prints Markdown only, so it can be redirected
to a file. The learner, database and lessons are the ones `stepwise study` uses.
"""

from __future__ import annotations

import argparse
import json
import sys

from bot.app import Services
from bot.cli import mode_sessions as play
from bot.cli import render_modes as show
from bot.cli import render_text as render
from bot.cli.console import Console
from bot.cli.question_sessions import practice_session, run_test
from bot.cli.study import _open, learner_id, run_command, study_session
from bot.core.lessons import TutorEngine
from bot.core.modes import MODE_IDS, MODES, TEST_SESSION_KEY, ModeDesk, missing_modes
from bot.core.ports import TutorError
from bot.settings import Settings

JUMP, TEST = "j", "t"


class Room:
    """What a terminal learning session needs, in one place."""

    def __init__(self, console: Console, engine: TutorEngine, desk: ModeDesk, learner: str):
        self.console = console
        self.engine = engine
        self.desk = desk
        self.learner = learner


def menu_choice(text: str) -> str | None:
    """'3', 'flashcards', 'j' or 't' → a mode id or JUMP; None when it names nothing."""
    token = text.strip().lower()
    if token.isdigit() and 1 <= int(token) <= len(MODES):
        return MODES[int(token) - 1].id
    if token == TEST:  # the recommended way in is the test mode itself
        return "test"
    if token in MODE_IDS or token == JUMP:
        return token
    return None


async def play_mode(room: Room, lesson_id: str, mode: str, item: str | None = None) -> bool:
    """Play one mode from where the learner stopped (or at `item`); True when it was finished."""
    console, desk, learner = room.console, room.desk, room.learner
    if mode == "steps":
        await desk.enter(learner, lesson_id, "steps", item)
        at = await room.engine.start(learner, lesson_id)
        if item is not None and (at.finished or at.number != int(item)):
            return await step_again(room, lesson_id, int(item))
        await study_session(console, room.engine, learner, lesson_id, intro=False)
        return (await room.engine.current(learner, lesson_id)).finished
    if mode == "practice":
        await desk.enter(learner, lesson_id, "practice", item)
        await practice_session(console, room.engine, learner, lesson_id, None, None)
        return True
    if mode == "test":
        return await test_with_plan(room, lesson_id)
    if mode == "cheatsheet":
        return await play.cheatsheet_session(console, desk, learner, lesson_id)
    session = {
        "concepts": play.concepts_session,
        "flashcards": play.flashcards_session,
        "predict": play.predict_session,
        "fix": play.fix_session,
        "fill": play.fill_session,
        "scenario": play.scenario_session,
    }[mode]
    return await session(console, desk, learner, lesson_id, item)


async def step_again(room: Room, lesson_id: str, number: int) -> bool:
    """A plan's step that is not the learner's current one: write it again, checked in the
    sandbox like the step (after the learner's earlier code), without changing the lesson's
    progress. True once it passes."""
    console = room.console
    step = room.engine.lesson(lesson_id).step(number)
    console.say(f"\nStep {number}: {step.title} (practice: your lesson progress stays as it is)")
    console.say(step.instructions.rstrip())
    console.say("Write the code (finish with a blank line), or q to leave.")
    while True:
        code = await console.read_block()
        if play.leaving(code):
            return False
        run = await play.run_code(
            console, room.engine.check_step(room.learner, lesson_id, number, code)
        )
        if run is None:  # every code runner busy: said so; the learner sends it again
            continue
        console.say(render.verdict_text(run))
        if run.passed:
            return True


async def jump_in(room: Room, lesson_id: str) -> bool:
    """Concepts first, then practice once every card is done: no test required."""
    if not await play_mode(room, lesson_id, "concepts"):
        return False
    room.console.say("\nOn to practice.")
    return await play_mode(room, lesson_id, "practice")


async def open_test(room: Room, lesson_id: str) -> str | None:
    """The test the learner left part-answered (its session id), to resume; None for none.
    The test row remembers which test its counts belong to (`TEST_SESSION_KEY`)."""
    row = await room.desk.store.get_mode(room.learner, lesson_id, "test")
    session_id = row.state.get(TEST_SESSION_KEY) if row is not None else None
    if not isinstance(session_id, str) or not session_id:
        return None
    session = await room.engine.test_session(room.learner, lesson_id, session_id)
    return session_id if session.answered and not session.finished else None


async def test_with_plan(room: Room, lesson_id: str) -> bool:
    """The test, its score card, and the plan: a number opens that mode at that item."""
    await room.desk.enter(room.learner, lesson_id, "test")
    resume = await open_test(room, lesson_id)
    report = await run_test(
        room.console, room.engine, room.learner, lesson_id, resume=resume, keep_open=True
    )
    if report is None:
        room.console.say(
            f"\nSaved: your answers so far are kept. `stepwise learn {lesson_id} --mode test` "
            "resumes this test at the next question."
        )
        return False
    card = await room.desk.test_score(room.learner, lesson_id, report.session_id)
    room.console.say(show.score_card_text(card))
    plan = show.plan_entries(card)
    while plan:
        line = await room.console.read_line("Plan entry (Enter to finish): ")
        if play.leaving(line) or not line.strip():
            return True
        token = line.strip()
        if not (token.isdigit() and 1 <= int(token) <= len(plan)):
            room.console.say(f"Type a plan number 1–{len(plan)}, or Enter to finish.")
            continue
        entry = plan[int(token) - 1]
        room.console.say(f"\n→ {entry.label}")
        await play_mode(room, lesson_id, entry.mode, entry.item)
        room.console.say(show.score_card_text(card))
    return True


async def front_door(room: Room, lesson_id: str) -> int:
    card = await room.desk.card(room.learner, lesson_id)
    room.console.say(show.card_text(card))
    room.console.say(show.menu_text(MODES, missing_modes(card.lesson)))
    while True:
        line = await room.console.read_line("Your choice: ")
        if play.leaving(line):
            room.console.say(f"\nSee you soon: `stepwise learn {lesson_id}` brings you back here.")
            return 0
        if not line.strip():
            continue
        choice = menu_choice(line)
        if choice is None:
            room.console.say(f"{line.strip()!r} is not on the menu. {show.MENU_KEYS}")
            continue
        try:
            if choice == JUMP:
                await jump_in(room, lesson_id)
            else:
                await play_mode(room, lesson_id, choice)
        except TutorError as exc:  # e.g. a mode this lesson has no content for yet
            room.console.say(exc.message)
        played = ("concepts", "practice") if choice == JUMP else (choice,)
        lines = await room.desk.lines(room.learner, lesson_id)
        progress = [show.mode_line_text(x) for x in lines if x.mode.id in played and x.started]
        room.console.say("\nBack at the menu. " + " · ".join([*progress, show.MENU_KEYS]))


async def _learn(settings: Settings, args: argparse.Namespace) -> int:
    code_modes = (None, "steps", "fix", "fill", "test")  # the menu and a test's plan: steps
    async with _open(settings, run_code=not args.modes and args.mode in code_modes) as services:
        lesson = services.engine.lesson(args.lesson)  # unknown: one line, exit 2
        desk = open_desk(services)
        learner = learner_id(settings)
        if args.modes:
            lines = await desk.lines(learner, lesson.id)
            if args.json:
                print(json.dumps(show.modes_json(lines), indent=2))
            else:
                print("\n".join(f"{x.mode.id:<11} {show.mode_line_text(x)}" for x in lines))
            return 0
        if args.mode == "cheatsheet":  # Markdown only: `> notes.md` makes a clean file
            print(await desk.open_cheatsheet(learner, lesson.id), end="")
            return 0
        room = Room(Console.standard(), services.engine, desk, learner)
        if args.mode is not None:
            await play_mode(room, lesson.id, args.mode)
            return 0
        return await front_door(room, lesson.id)


def open_desk(services: Services) -> ModeDesk:
    """The services' desk, the one listening to the engine (as the bot uses it); its
    ratings feed the review desk."""
    assert services.modes is not None  # open_services always opens one
    return services.modes


def _checked(args: argparse.Namespace) -> int | None:
    """Argument problems argparse cannot see, as one line and exit 2."""
    if args.mode is not None and args.mode not in MODE_IDS:
        print(f"unknown mode {args.mode!r}: choose one of {', '.join(MODE_IDS)}", file=sys.stderr)
        return 2
    if args.json and not args.modes:
        print("--json goes with --modes", file=sys.stderr)
        return 2
    if args.modes and args.mode is not None:
        print("--modes lists every mode: leave out --mode", file=sys.stderr)
        return 2
    return None


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "learn",
        help="a lesson's card and its ten learning modes",
        description="The lesson card and a menu of ten ways to learn it (guided steps, "
        "concepts, flashcards, practice, a test with a plan, predict the output, fix the bug, "
        "fill the blanks, a cheat sheet, a real-world case). Every mode saves as you go: leave "
        "with q (or Ctrl-D) and come back to the same item.",
        epilog="modes: " + ", ".join(MODE_IDS),
    )
    p.add_argument("lesson", help="lesson id (see `stepwise lessons`)")
    p.add_argument("--mode", metavar="MODE", help="go straight into one mode (see below)")
    p.add_argument("--modes", action="store_true", help="list the modes with your progress")
    p.add_argument("--json", action="store_true", help="with --modes: machine-readable output")
    p.set_defaults(func=lambda a: _checked(a) or run_command(lambda s: _learn(s, a)))
