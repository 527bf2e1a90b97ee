"""Take lessons in the terminal: `lessons`, `study`, `practice`, `test` and `check`.

The same engine, executor and store as the Discord bot, so progress made here shows up
there for the same learner id (`local:<STEPWISE_USER>`). Input may be a keyboard or a pipe:
prompts are shown only on a terminal, and end of input always ends a session cleanly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from bot.app import Services, open_executor, open_services
from bot.cli import render_text as render
from bot.cli.console import Console
from bot.cli.question_sessions import practice_session, test_session
from bot.core.content import ContentError, load_catalog, next_in_track
from bot.core.lessons import TutorEngine, build_job
from bot.core.ports import (
    ExecutorBusy,
    ExecutorUnavailable,
    SolutionLocked,
    TutorError,
    UnknownLesson,
)
from bot.settings import Settings, SettingsError, load_settings

HELP = """Commands (type them on a line of their own):
  :hint      show the next hint for this step
  :solution  show the reference solution (unlocks after a few failed attempts)
  :giveup    show the solution now; recorded as giving up on the step
  :skip      give up on this step and move on
  :last      show the code you submitted last
  :help      this list
  :quit      save and leave (so does Ctrl-D on an empty line)
Anything else is Python code: finish it with a blank line or Ctrl-D."""


def learner_id(settings: Settings) -> str:
    return f"local:{settings.local_user}"


# --------------------------------------------------------------------------- plumbing


def run_command(
    body: Callable[[Settings], Awaitable[int]],
) -> int:
    """Load settings, run `body`, and turn known failures into messages and exit codes."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    try:
        return asyncio.run(body(settings))
    except UnknownLesson as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print("The lesson content has problems; see `stepwise content check`.", file=sys.stderr)
        return 1
    except ExecutorUnavailable as exc:
        print(f"Cannot run code safely on this machine: {exc}", file=sys.stderr)
        return 1
    except TutorError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except BrokenPipeError:  # `stepwise check ... | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0


def _open(settings: Settings, run_code: bool = True) -> AbstractAsyncContextManager[Services]:
    return open_services(settings, run_code=run_code)


# --------------------------------------------------------------------------- lessons


async def _lessons(settings: Settings, as_json: bool) -> int:
    async with _open(settings, run_code=False) as services:
        summary = await services.engine.summary(learner_id(settings))
    if as_json:
        data = {
            "tracks": [
                {
                    "track": track.name,
                    "lessons_completed": track.completed,
                    "lessons_total": track.total,
                    "next": track.next_up.lesson.id if track.next_up else None,
                    "lessons": [
                        {
                            "id": s.lesson.id,
                            "title": s.lesson.title,
                            "track": s.lesson.track,
                            "position": s.lesson.position or None,
                            "prerequisites": list(s.lesson.prerequisites),
                            "minutes": s.lesson.minutes,
                            "steps_done": s.done,
                            "steps_total": s.total,
                            "started": s.started,
                            "completed": s.completed,
                        }
                        for s in track.lessons
                    ],
                }
                for track in summary.tracks()
            ]
        }
        print(json.dumps(data, indent=2))
    else:
        print(render.lessons_table(summary))
    return 0


# --------------------------------------------------------------------------- study


async def _study_command(
    console: Console, engine: TutorEngine, learner: str, lesson_id: str, line: str
) -> bool:
    """Handle one `:command`; False means leave the session."""
    command = line.strip().lower()
    try:
        if command in (":quit", ":q", ":exit"):
            return False
        if command == ":help":
            console.say(HELP)
        elif command == ":hint":
            console.say(render.hint_text(await engine.hint(learner, lesson_id)))
        elif command in (":solution", ":giveup"):
            solution = await engine.solution(learner, lesson_id, give_up=command == ":giveup")
            console.say(render.solution_text(solution))
            console.say("Type it in (or adapt it) to pass the step.")
        elif command == ":skip":
            await engine.skip(learner, lesson_id)
            console.say("Skipped. Later steps build on the reference solution of this one.")
        elif command == ":last":
            console.say(
                render.indent(await engine.last_code(learner, lesson_id) or "(nothing yet)")
            )
        else:
            console.say(f"Unknown command {command!r}. Type :help for the list.")
    except SolutionLocked as exc:
        console.say(f"{exc.message} (:giveup shows it now.)")
    except TutorError as exc:
        console.say(exc.message)
    return True


async def study_session(
    console: Console, engine: TutorEngine, learner: str, lesson_id: str, reset: bool = False
) -> int:
    view = await (engine.reset(learner, lesson_id) if reset else engine.start(learner, lesson_id))
    lesson = view.lesson
    if view.completed:
        console.say(render.completion_text(lesson, view.done, view.total))
        console.say(f"Run `stepwise study {lesson.id} --reset` to take it again.")
        return await _offer_next(console, engine, learner, lesson.id)
    if view.is_first:
        console.say(render.lesson_intro(lesson))
    else:
        console.say(f"Welcome back to {lesson.title}: resuming at step {view.number}.")
    console.say("\nWrite Python, then a blank line to submit. Type :help for commands.")
    shown = 0
    while True:
        if view.completed:
            console.say(render.completion_text(lesson, view.done, view.total))
            return await _offer_next(console, engine, learner, lesson.id)
        if view.number != shown:
            console.say(render.step_text(view))
            shown = view.number
        block = await console.read_block()
        if block is None:
            console.say(f"\nProgress saved. Run `stepwise study {lesson.id}` to continue.")
            return 0
        if block.strip().startswith(":") and "\n" not in block.strip():
            if not await _study_command(console, engine, learner, lesson.id, block):
                console.say(f"Progress saved. Run `stepwise study {lesson.id}` to continue.")
                return 0
            view = await engine.current(learner, lesson.id)
            continue
        try:
            submission = await engine.submit(learner, lesson.id, block)
        except ExecutorBusy:
            console.say("The code runner is busy; submit again in a moment.")
            continue
        console.say(render.verdict_text(submission.result))
        view = submission.view
        if submission.passed:
            continue
        if submission.solution_unlocked:
            console.say("The solution is now available: type :solution to see it.")
        elif submission.hint_suggested:
            console.say("Stuck? Type :hint for a hint.")


async def _offer_next(console: Console, engine: TutorEngine, learner: str, lesson_id: str) -> int:
    """After a lesson: offer the next one of its track; 'y' starts it in this session."""
    following = next_in_track(engine.lessons(), lesson_id)
    if following is None:
        console.say("That was the last lesson of this track.")
        return 0
    console.say(f"Next in this track: {following.title} (`stepwise study {following.id}`).")
    answer = await console.read_line("Start it now? [y/N] ")
    if answer is not None and answer.strip().lower() in ("y", "yes"):
        return await study_session(console, engine, learner, following.id)
    return 0


async def _study(settings: Settings, lesson_id: str, reset: bool) -> int:
    async with _open(settings) as services:
        services.engine.lesson(lesson_id)  # unknown id: exit 2 before any output
        console = Console.standard()
        return await study_session(
            console, services.engine, learner_id(settings), lesson_id, reset=reset
        )


# --------------------------------------------------------------------------- questions


async def _questions(settings: Settings, args: argparse.Namespace, mode: str) -> int:
    async with _open(settings, run_code=False) as services:
        engine = services.engine
        engine.lesson(args.lesson)
        console = Console.standard()
        learner = learner_id(settings)
        if mode == "test":
            return await test_session(console, engine, learner, args.lesson)
        return await practice_session(
            console, engine, learner, args.lesson, args.difficulty, args.count
        )


# --------------------------------------------------------------------------- check


def _read_code(source: str) -> str:
    if source == "-":
        if sys.stdin.isatty():
            print("Reading code from standard input; end it with Ctrl-D.", file=sys.stderr)
        return sys.stdin.read()
    return Path(source).read_text(encoding="utf-8")


async def _check(settings: Settings, args: argparse.Namespace) -> int:
    catalog = load_catalog(settings.content_path)
    lesson = catalog.get(args.lesson)
    if lesson is None:
        raise UnknownLesson(args.lesson, [known.id for known in catalog.lessons])
    if not 1 <= args.step <= len(lesson.steps):
        print(f"--step must be between 1 and {len(lesson.steps)} for {lesson.id}", file=sys.stderr)
        return 2
    try:
        code = _read_code(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    executor = await open_executor(settings)
    try:
        result = await executor.run(build_job(lesson, args.step, code))
    finally:
        await executor.aclose()
    if args.json:
        print(json.dumps(render.verdict_dict(result, lesson.id, args.step), indent=2))
    else:
        print(f"{lesson.id} step {args.step}: {lesson.step(args.step).title}")
        print(render.verdict_text(result))
    return 0 if result.passed else 1


# --------------------------------------------------------------------------- registration


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "lessons", help="list lessons with your progress", description="List every lesson."
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=lambda a: run_command(lambda s: _lessons(s, a.json)))

    p = subparsers.add_parser(
        "study",
        help="take a lesson in the terminal",
        description="Take a lesson step by step; resumes where you left off.\n\n" + HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("lesson", help="lesson id (see `stepwise lessons`)")
    p.add_argument("--reset", action="store_true", help="start the lesson over")
    p.set_defaults(func=lambda a: run_command(lambda s: _study(s, a.lesson, a.reset)))

    p = subparsers.add_parser(
        "practice",
        help="practice a lesson's questions",
        description="One question at a time with the explanation after each answer. "
        "Questions you missed come back first.",
    )
    p.add_argument("lesson", help="lesson id")
    p.add_argument("--difficulty", choices=("easy", "medium", "hard"))
    p.add_argument("--count", type=_positive, help="questions to ask (default: the pool size)")
    p.set_defaults(func=lambda a: run_command(lambda s: _questions(s, a, "practice")))

    p = subparsers.add_parser(
        "test",
        help="take a 10-question test",
        description="Up to 10 questions across easy, medium and hard; score and review at the end.",
    )
    p.add_argument("lesson", help="lesson id")
    p.set_defaults(func=lambda a: run_command(lambda s: _questions(s, a, "test")))

    p = subparsers.add_parser(
        "check",
        help="check one submission against one step",
        description="Run FILE (or stdin) as step N of a lesson, after the reference solutions "
        "of the earlier steps, and print the verdict. Exit 0 pass, 1 fail, 2 bad arguments.",
    )
    p.add_argument("lesson", help="lesson id")
    p.add_argument("--step", type=_positive, required=True, help="1-based step number")
    p.add_argument("file", nargs="?", default="-", help="code file, or - for stdin (default)")
    p.add_argument("--json", action="store_true", help="the whole verdict as JSON")
    p.set_defaults(func=lambda a: run_command(lambda s: _check(s, a)))
    p.__class__ = _IntermixedParser  # `check LESSON --step N FILE`: FILE after the option


class _IntermixedParser(argparse.ArgumentParser):
    """Lets positionals follow options (argparse before 3.12 binds an optional positional
    too early: `check LESSON --step 2 FILE` would reject FILE)."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
