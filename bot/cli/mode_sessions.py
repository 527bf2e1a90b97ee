"""The learning modes the desk serves, played in the terminal: concepts, flashcards, predict,
fix, fill, cheat sheet and the real-world case.

Each session shows the item the learner stopped at, reads an answer from the console (a
keyboard or a script on stdin), hands it to the `ModeDesk` (which saves after every action)
and shows what came of it. `q`, `:quit` or end of input leaves; the next visit resumes at the
same item. Every session returns True when the learner reached the mode's end.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import TypeVar

from bot.cli import render_modes as show
from bot.cli import render_text as render
from bot.cli.console import Console, parse_choice, parse_rating
from bot.cli.review_cmd import when_text
from bot.core.content import FillItem, FixItem, PredictItem
from bot.core.modes import ModeDesk, ModeView
from bot.core.ports import EvaluationInProgress, ExecutorBusy

T = TypeVar("T")
LEAVE = ("q", ":q", "quit", ":quit", "exit", ":exit")


def leaving(text: str | None) -> bool:
    """End of input, or a word that leaves the mode."""
    return text is None or text.strip().lower() in LEAVE


def saved(console: Console, view: ModeView) -> bool:
    """Say how to come back to this item; False: the mode was left unfinished."""
    console.say(
        f"\nSaved. `stepwise learn {view.lesson.id} --mode {view.mode.id}` resumes at this item."
    )
    return False


async def ask_option(console: Console, count: int) -> int | None:
    """An option index from a letter or its number; None when the learner leaves."""
    letters = "ABCDE"[:count]
    while True:
        line = await console.read_line(f"Your answer ({letters[0]}–{letters[-1]}): ")
        if leaving(line):
            return None
        assert line is not None
        if not line.strip():
            continue
        choice = parse_choice(line, count)
        if choice is not None:
            return choice
        console.say(f"Answer with a letter {letters[0]}–{letters[-1]} (or q to leave).")


def finished_text(view: ModeView) -> str:
    return f"\n{render.PASS} {view.mode.title}: all {view.total} done."


# --------------------------------------------------------------------------- concepts


async def concepts_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "concepts", item)
    while not view.finished:
        card = view.item
        console.say(show.concept_text(card, view.index, view.total))
        choice = await ask_option(console, len(card.check.options))
        if choice is None:
            return saved(console, view)
        result = await desk.choose(learner, lesson_id, "concepts", card.id, choice)
        right = card.check.options[result.correct_index].text
        head = (
            f"{render.PASS} Right: {right}"
            if result.correct
            else f"{render.FAIL} Not quite. The answer is {right}"
        )
        console.say(f"{head}\n{result.explanation.rstrip()}")
        view = result.next
    console.say(finished_text(view))
    return True


# --------------------------------------------------------------------------- flashcards


async def flashcards_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "flashcards", item)
    while not view.finished:
        card = view.item
        console.say(show.flashcard_front(card, view.index, view.total, flipped=view.flipped))
        if not view.flipped:
            if leaving(await console.read_line("[Enter] flip: ")):
                return saved(console, view)
            await desk.flip(learner, lesson_id, card.id)
        console.say(show.flashcard_back(card))
        rating = await read_rating(console)
        if rating is None:
            return saved(console, view)
        rated = await desk.rate(learner, lesson_id, card.id, rating)
        console.say(rated_text(rating, rated.next_due, desk.clock.now()))
        view = rated.next
    console.say(finished_text(view))
    return True


def rated_text(rating: str, due: datetime | None, now: datetime) -> str:
    """'Rated good: back for review Tue 8 Dec 2026 (in 4 days).' (reviews on)."""
    if due is None:
        return f"Rated {rating}."
    return f"Rated {rating}: back for review {when_text(due, now)}."


async def read_rating(console: Console) -> str | None:
    """The rating typed as 1-4 or as its word; None when the learner leaves."""
    while True:
        line = await console.read_line("Rate 1-4: ")
        if leaving(line):
            return None
        assert line is not None
        rating = parse_rating(line)
        if rating is not None:
            return rating
        if line.strip():
            console.say("Rate with 1 (again), 2 (hard), 3 (good) or 4 (easy), or q to leave.")


# --------------------------------------------------------------------------- predict


async def predict_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "predict", item)
    while not view.finished:
        snippet = view.item
        console.say(show.predict_text(snippet, view.index, view.total))
        answer = await _prediction(console, snippet)
        if answer is None:
            return saved(console, view)
        choice, typed = answer
        result = await desk.choose(learner, lesson_id, "predict", snippet.id, choice)
        console.say(show.predict_result(snippet, result.correct, choice, typed))
        view = result.next
    console.say(finished_text(view))
    return True


def typed_choice(item: PredictItem, text: str) -> int:
    """The option a typed output stands for: the one it equals (trailing space ignored), else
    the first wrong one, so a typed miss is recorded as a miss."""
    typed = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    for index, option in enumerate(item.options):
        if option.text.rstrip() == typed:
            return index
    return next(i for i, option in enumerate(item.options) if not option.correct)


async def _prediction(console: Console, item: PredictItem) -> tuple[int, str | None] | None:
    """(option index, the typed output or None for a letter); None when the learner leaves."""
    letters = "ABCDE"[: len(item.options)]
    while True:
        line = await console.read_line(f"Your answer ({letters[0]}–{letters[-1]}, or the output): ")
        if leaving(line):
            return None
        assert line is not None
        if not line.strip():
            continue
        token = line.strip().rstrip(".)").upper()
        if len(token) == 1 and token in letters:
            return letters.index(token), None
        return typed_choice(item, line), line.strip()


# --------------------------------------------------------------------------- fix and fill


async def run_code(console: Console, submit: Awaitable[T]) -> T | None:
    """Await a sandbox submission; None, said, when every runner is busy or this learner's
    previous code (sent from Discord, say) is still being checked."""
    try:
        return await submit
    except ExecutorBusy as busy:
        console.say(render.busy_line(busy.retry_after, retry_command=False))
    except EvaluationInProgress as running:
        console.say(running.message)
    return None


async def fix_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "fix", item)
    shown, failed = None, 0
    while not view.finished:
        bug: FixItem = view.item
        if shown != bug.id:
            console.say(show.fix_text(bug, view.lesson, view.index, view.total))
            shown, failed = bug.id, 0
        block = await console.read_block()
        if block is None or leaving(block):
            return saved(console, view)
        command = block.strip().lower()
        if command in (":hint", "hint"):
            console.say(f"Hint: {bug.hint.rstrip()}")
            continue
        if command in (":bug", "bug"):
            console.say(f"The bug: {bug.bug.rstrip()}")
            continue
        if command in (":skip", "skip"):
            view = await desk.skip(learner, lesson_id, "fix")
            continue
        if command in (":solution", "solution"):
            if failed:
                console.say("A fix that passes:\n" + render.indent(bug.fixed))
            else:
                console.say("Try a fix first (or :hint, :bug); then :solution shows one.")
            continue
        if command.startswith(":"):
            console.say(
                "Commands here: :hint, :bug, :solution, :skip, :quit. Anything else is code."
            )
            continue
        result = await run_code(console, desk.submit_fix(learner, lesson_id, bug.id, block))
        if result is None:
            continue
        console.say(render.verdict_text(result.run))
        if result.passed:
            console.say(f"Fixed. The bug was: {bug.bug.rstrip()}")
            view = result.next
        else:
            failed += 1
            console.say("Not fixed yet: try again, or :hint, :bug, :solution, :skip.")
    console.say(finished_text(view))
    return True


async def fill_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "fill", item)
    shown, failed = None, 0
    while not view.finished:
        gap: FillItem = view.item
        if shown != gap.id:
            console.say(show.worked_example_text(gap, view.lesson, view.index, view.total))
            console.say("One line per blank (at a blank: :answers after a try, :skip, :quit).")
            shown, failed = gap.id, 0
        answers = await _blanks(console, gap)
        if answers is None:
            return saved(console, view)
        if answers == ":skip":
            view = await desk.skip(learner, lesson_id, "fill")
            continue
        if answers == ":answers":
            if failed:
                console.say("The blanks: " + "   ".join(
                    f"___{n}___ = {a}" for n, a in enumerate(gap.answers, start=1)
                ))  # fmt: skip
            else:
                console.say("Try the blanks once first; then :answers shows them.")
            continue
        result = await run_code(
            console, desk.submit_fill(learner, lesson_id, gap.id, tuple(answers))
        )
        if result is None:
            continue
        console.say(render.verdict_text(result.run))
        if result.passed:
            view = result.next
        else:
            failed += 1
            console.say("Not yet: fill the blanks again (or :answers, :skip).")
    console.say(finished_text(view))
    return True


async def _blanks(console: Console, item: FillItem) -> list[str] | str | None:
    """One answer per blank; a command (":skip", ":answers") instead; None to leave."""
    count = show.blank_count(item)
    answers = []
    for number in range(1, count + 1):
        console.say(f"Blank {number} of {count}:")
        line = await console.read_line(f"___{number}___ = ")
        if leaving(line):
            return None
        assert line is not None
        if line.strip().lower() in (":skip", ":answers"):
            return line.strip().lower()
        answers.append(line.strip())
    return answers


# --------------------------------------------------------------------------- cheat sheet


async def cheatsheet_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str
) -> bool:
    console.say("")
    console.say(await desk.open_cheatsheet(learner, lesson_id))
    console.say(f"(`stepwise learn {lesson_id} --mode cheatsheet > notes.md` saves it as a file.)")
    return True


# --------------------------------------------------------------------------- real-world case


async def scenario_session(
    console: Console, desk: ModeDesk, learner: str, lesson_id: str, item: str | None = None
) -> bool:
    view = await desk.enter(learner, lesson_id, "scenario", item)
    cases = view.lesson.modes.cases
    shown = None
    while not view.finished:
        case, decision, number = view.item
        if shown != case.id:  # a new case, or the first one of this visit (resumed mid-case)
            console.say(show.case_intro(case, cases.index(case), len(cases)))
            shown = case.id
        console.say(show.decision_text(decision, number, len(case.decisions)))
        choice = await ask_option(console, len(decision.options))
        if choice is None:
            return saved(console, view)
        result = await desk.choose(learner, lesson_id, "scenario", view.item_id, choice)
        console.say(show.decision_result(decision, choice, result.correct))
        if result.debrief:
            console.say(show.debrief_text(case))
        view = result.next
    console.say(finished_text(view))
    return True
