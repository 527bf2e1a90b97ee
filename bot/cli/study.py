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

from bot.app import Services, open_executor, open_services
from bot.cli import render_text as render
from bot.cli.console import Console, read_code
from bot.cli.question_sessions import practice_session, test_session
from bot.core.content import Catalog, ContentError, load_catalog, next_in_track
from bot.core.lessons import TutorEngine, build_job
from bot.core.ports import (
    EvaluationInProgress,
    ExecutorBusy,
    ExecutorUnavailable,
    SolutionLocked,
    StarterUnchanged,
    TutorError,
    UnknownLesson,
    listening,
)
from bot.settings import Settings, SettingsError, load_settings

HELP = """Commands (type them on a line of their own; the ':' may be left out):
  :hint      show the next hint for this step
  :solution  show the reference solution (unlocks after a few failed attempts)
  :giveup    show the solution now; recorded as giving up on the step
  :skip      move on without solving this step (it stays open until solved)
  :last      show the code you submitted last
  :retry     submit again the code the busy code runner turned away
  :help      this list
  :quit      save and leave (so does Ctrl-D on an empty line)
Anything else is Python code: finish it with a blank line or Ctrl-D.
Code with blank lines in it: paste it (terminals with bracketed paste keep it whole), or
start it with a line :code and end it with a line :end."""

COMMAND_WORDS = ("hint", "solution", "giveup", "skip", "last", "help", "quit", "q", "exit")


def learner_id(settings: Settings) -> str:
    return f"local:{settings.local_user}"


# --------------------------------------------------------------------------- plumbing


def run_command(body: Callable[[Settings], Awaitable[int]], terminal: bool = True) -> int:
    """Load settings, run `body`, and turn known failures into messages and exit codes.

    `terminal` commands keep progress in the user's data folder unless STEPWISE_DB is set,
    and say where on first use.
    """
    try:
        settings = load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if terminal:
        settings = settings.for_terminal()
        if not settings.db_from_env and not settings.db_path.exists():
            print(
                f"Your progress is kept in {settings.db_path} "
                "(set STEPWISE_DB to use another file).",
                file=sys.stderr,
            )
    try:
        return asyncio.run(body(settings))
    except UnknownLesson as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"Lessons are read from {settings.content_origin}.", file=sys.stderr)
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
    return open_services(settings, catalog=load_lessons(settings), run_code=run_code)


def load_lessons(settings: Settings) -> Catalog:
    """Every valid lesson; each broken file is named on stderr and left out."""
    catalog = load_catalog(settings.content_path, partial=True)
    files = catalog.broken_files
    if files:
        count = f"{len(files)} lesson file{'s' if len(files) != 1 else ''}"
        print(
            f"warning: {count} could not be loaded and {'are' if len(files) != 1 else 'is'} "
            "left out (`stepwise content check` shows every problem):",
            file=sys.stderr,
        )
        for file in files:
            first = next(problem for problem in catalog.broken if problem.file == file)
            print(f"  {first}", file=sys.stderr)
    return catalog


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
                            "steps_done": s.progress.solved + s.progress.skipped,  # moved past
                            "steps_solved": s.progress.solved,
                            "steps_solved_after_solution": s.progress.after_solution,
                            "steps_skipped": s.progress.skipped,
                            "steps_total": s.total,
                            "started": s.started,
                            "completed": s.completed,  # every step solved
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
            console.say("Type it in (or adapt it) to solve the step.")
        elif command == ":skip":
            await engine.skip(learner, lesson_id)
            console.say(
                "Skipped: the step stays open (a lesson is complete when every step is solved). "
                "Later steps build on its reference solution."
            )
        elif command == ":last":
            last = await engine.last_submission(learner, lesson_id)
            if last is None:
                console.say("You have not submitted anything for this step yet.")
            else:
                console.say("Your last submission:\n" + render.indent(last))
        else:
            console.say(f"Unknown command {command!r}. Type :help for the list.")
    except SolutionLocked as exc:
        attempts = "attempt" if exc.remaining == 1 else "attempts"
        console.say(
            f"The solution unlocks after {exc.remaining} more failed {attempts}. "
            "Type :hint for a hint, or :giveup to see it now (recorded as giving up)."
        )
    except TutorError as exc:
        console.say(exc.message)
    return True


def as_command(block: str) -> str | None:
    """`:hint`, or a bare command word such as `hint` (never Python a learner means: a lone
    name would only raise NameError), as the command; None for code."""
    text = block.strip()
    if "\n" in text:
        return None
    if text.startswith(":"):
        return text
    return f":{text.lower()}" if text.lower() in COMMAND_WORDS else None


async def study_session(
    console: Console,
    engine: TutorEngine,
    learner: str,
    lesson_id: str,
    reset: bool = False,
    intro: bool = True,
) -> int:
    """The guided steps; `intro=False` when the lesson card was just shown (`learn`)."""
    view = await (engine.reset(learner, lesson_id) if reset else engine.start(learner, lesson_id))
    lesson = view.lesson
    if view.completed:
        console.say(render.completion_text(view))
        console.say(f"Run `stepwise study {lesson.id} --reset` to take it again.")
        return await _offer_next(console, engine, learner, lesson.id)
    if view.is_first:
        if intro:
            console.say(render.lesson_intro(lesson))
    elif view.was_skipped:
        console.say(
            f"Welcome back to {lesson.title}: step {view.number} was skipped; "
            "solve it to complete the lesson."
        )
    else:
        console.say(f"Welcome back to {lesson.title}: resuming at step {view.number}.")
    console.say("\nWrite Python, then a blank line to submit. Type :help for commands.")
    shown = 0
    refused: str | None = None  # code the busy runner turned away, for :retry
    while True:
        if view.finished:
            console.say(render.completion_text(view))
            if view.completed:
                return await _offer_next(console, engine, learner, lesson.id)
            return 0
        if view.number != shown:
            console.say(render.step_text(view))
            shown = view.number
        block = await console.read_block()
        if block is None:
            console.say(f"\nProgress saved. Run `stepwise study {lesson.id}` to continue.")
            return 0
        if block.strip().lower() == ":retry":
            if refused is None:
                console.say("Nothing to retry: the code runner has not turned any code away.")
                continue
            block, refused = refused, None
        command = as_command(block)
        if command is not None:
            if not block.strip().startswith(":"):
                console.say(f"(Read as the command {command}: commands start with ':'.)")
            if not await _study_command(console, engine, learner, lesson.id, command):
                console.say(f"Progress saved. Run `stepwise study {lesson.id}` to continue.")
                return 0
            view = await engine.current(learner, lesson.id)
            continue
        try:
            with listening(lambda notice: console.say(render.queued_line(notice))):
                submission = await engine.submit(learner, lesson.id, block)
        except ExecutorBusy as busy:
            console.say(render.busy_line(busy.retry_after))
            refused = block
            continue
        except (StarterUnchanged, EvaluationInProgress) as exc:
            console.say(exc.message)
            continue
        for note in submission.notes:
            console.say(f"Note: {note}")
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


async def _check(settings: Settings, args: argparse.Namespace) -> int:
    catalog = load_lessons(settings)
    lesson = catalog.get(args.lesson)
    if lesson is None:
        raise UnknownLesson(args.lesson, [known.id for known in catalog.lessons])
    if not 1 <= args.step <= len(lesson.steps):
        print(f"--step must be between 1 and {len(lesson.steps)} for {lesson.id}", file=sys.stderr)
        return 2
    try:
        source = read_code(args.file)
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    executor = await open_executor(settings)
    try:
        result = await executor.run(build_job(lesson, args.step, source.text))
    finally:
        await executor.aclose()
    if args.json:
        verdict = render.verdict_dict(result, lesson.id, args.step)
        print(json.dumps({**verdict, "notes": list(source.notes)}, indent=2))
    else:
        for note in source.notes:
            print(f"Note: {note}", file=sys.stderr)
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
        description="One question at a time, options shuffled, the explanation after a wrong "
        "answer. Every question you have not seen comes before any repeat; then the ones you "
        "missed come back first.",
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
    p.set_defaults(func=lambda a: run_command(lambda s: _check(s, a), terminal=False))
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
