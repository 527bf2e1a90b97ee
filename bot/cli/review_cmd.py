"""`stepwise review`: the due review cards in the terminal, one at a time.

Questions are answered with a letter (`:hint` shows the hint and rates a right answer Hard);
a step card asks for the step's code again and checks it in the sandbox; a flashcard (rated
in `stepwise learn`'s flashcards) flips on Enter and is rated 1-4 again. After each card:
the verdict, the explanation and when the card comes back. `--due` only says how many are
due (and `--json` says it for scripts).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime

from bot.cli import render_text as render
from bot.cli.console import Console, parse_choice, parse_rating
from bot.cli.question_sessions import QUIT
from bot.cli.study import _open, learner_id, run_command
from bot.core.content import option_letter
from bot.core.reviews import (
    RATING_WORDS,
    DueFlashcard,
    DueQuestion,
    DueStep,
    Grade,
    NothingDue,
    ReviewDesk,
    ReviewResult,
    days_until,
    reminder_text,
)
from bot.settings import Settings


def when_text(due: datetime, now: datetime) -> str:
    """'Tue 4 Mar 2025 (in 2 days)' in UTC, the terminal's shared reference."""
    days = days_until(due, now)
    relative = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return f"{due:%a} {due.day} {due:%b %Y} ({relative})"


def nothing_due_text(nothing: NothingDue, now: datetime) -> str:
    if nothing.next_due is None:
        return (
            "No review cards yet. Questions you miss and steps that needed the solution "
            "come back here on the day they are due."
        )
    return f"Nothing to review right now. Next card due {when_text(nothing.next_due, now)}."


def result_text(result: ReviewResult, now: datetime) -> str:
    lines = []
    question = result.question
    if question is not None and result.choice is not None:
        right = f"{option_letter(question.correct_index)}. {question.correct_option.text}"
        if result.correct:
            lines.append(f"{render.PASS} Correct: {right}")
        else:
            chose = option_letter(result.choice)
            lines.append(f"{render.FAIL} Not quite. You chose {chose}; the answer is {right}")
        if result.explanation:
            lines += ["Solution:", *(f"  {i}. {s}" for i, s in enumerate(result.explanation, 1))]
    lines.append(f"Next review of this card: {when_text(result.next_due, now)}.")
    return "\n".join(lines)


async def _ask(console: Console, due: DueQuestion) -> tuple[int, bool] | None:
    """(option index, whether the hint was shown), or None when the learner quit."""
    question = due.question
    letters = "ABCDE"[: len(question.options)]
    hinted = False
    while True:
        line = await console.read_line(f"Your answer ({letters[0]}–{letters[-1]}): ")
        if line is None or line.strip().lower() in QUIT:
            return None
        text = line.strip()
        if text.lower() == ":hint":
            hinted = True
            console.say(f"Hint: {question.hint or 'no hint for this one.'}")
            continue
        choice = parse_choice(text, len(question.options)) if text else None
        if choice is not None:
            return choice, hinted
        if text:
            console.say(f"Answer with a letter {letters[0]}–{letters[-1]} (or :quit, :hint).")


async def review_session(console: Console, desk: ReviewDesk, learner: str) -> int:
    """Serve due cards until none is due or the learner quits; 0 either way."""
    right = done = 0
    while True:
        now = desk.clock.now()
        due = await desk.next_due(learner)
        if isinstance(due, NothingDue):
            if done:
                console.say(f"\nReviews done: {right} / {done} right.")
            console.say(nothing_due_text(due, now))
            return 0
        if not done:
            console.say(f"Review: {reminder_text(due.remaining)} Type :quit to stop.")
        console.say(f"\n— {due.lesson.title}")
        started = time.monotonic()
        if isinstance(due, DueFlashcard):
            result = await _flashcard(console, desk, learner, due)
            if result is None:
                return 0
        elif isinstance(due, DueQuestion):
            console.say(render.question_text(due.question))
            answer = await _ask(console, due)
            if answer is None:
                return 0
            result = await desk.answer(
                learner, due.card.key, answer[0], seconds=time.monotonic() - started,
                hinted=answer[1],
            )  # fmt: skip
        elif isinstance(due, DueFlashcard):
            result = await _flashcard(console, desk, learner, due)
            if result is None:
                return 0
        else:
            result = await _step(console, desk, learner, due, started)
            if result is None:
                return 0
        console.say(result_text(result, desk.clock.now()))
        done += 1
        right += result.correct


async def _flashcard(
    console: Console, desk: ReviewDesk, learner: str, due: DueFlashcard
) -> ReviewResult | None:
    """The term; Enter flips to the meaning; the learner rates how well they knew it."""
    console.say(f"Flashcard: {due.flashcard.term}")
    line = await console.read_line("Recall the meaning, then press Enter to flip: ")
    if line is None or line.strip().lower() in QUIT:
        return None
    console.say(f"Meaning: {due.flashcard.meaning.rstrip()}")
    words = "/".join(RATING_WORDS)
    console.say(f"How well did you know it? {words} (or 1-4)")
    while True:
        line = await console.read_line("Rating: ")
        if line is None or line.strip().lower() in QUIT:
            return None
        rating = rating_of(line)
        if rating is not None:
            return await desk.rate_flashcard(learner, due.card.key, rating)
        console.say(f"Answer with one of {words} (its first letter, or 1-4), or :quit.")


def rating_of(text: str) -> Grade | None:
    """'good', 'g', 'Good' or '3' → Grade.GOOD; None for anything else."""
    word = parse_rating(text)
    return RATING_WORDS[word] if word is not None else None


async def _step(
    console: Console, desk: ReviewDesk, learner: str, due: DueStep, started: float
) -> ReviewResult | None:
    console.say(f"Step {due.step_number}: {due.step.title}\n{due.step.instructions.rstrip()}")
    console.say("Write the code again (finish with a blank line), or :quit.")
    code = await console.read_block()
    if code is None or code.strip().lower() in QUIT:
        return None
    result, run = await desk.answer_step(
        learner, due.card.key, code, seconds=time.monotonic() - started
    )
    console.say(render.verdict_text(run))
    return result


async def _review(settings: Settings, args: argparse.Namespace) -> int:
    async with _open(settings, run_code=not args.due) as services:
        desk = services.reviews
        assert desk is not None
        learner = learner_id(settings)
        if args.due:
            summary = await desk.summary(learner)
            if args.json:
                next_due = summary.next_due.isoformat() if summary.next_due else None
                document = {"due": summary.due, "cards": summary.total, "next_due": next_due}
                print(json.dumps(document))
            else:
                print(f"{summary.due} of {summary.total} review cards due.")
            return 0
        return await review_session(Console.standard(), desk, learner)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="review what you missed, when it is due",
        description="Questions you missed, steps that needed the solution and the flashcards "
        "you rated in `stepwise learn` come back on the day spaced repetition (FSRS) schedules "
        "them. Answer with a letter; :hint shows the hint; a flashcard flips on Enter and is "
        "rated 1-4; :quit stops.",
    )
    p.add_argument("--due", action="store_true", help="only say how many cards are due")
    p.add_argument("--json", action="store_true", help="with --due: machine-readable output")
    p.set_defaults(func=lambda a: run_command(lambda s: _review(s, a)))
