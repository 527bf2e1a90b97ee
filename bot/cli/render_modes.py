"""Plain-text rendering of the learning modes for the terminal: the lesson card, the menu of
the ten modes, and each mode's items. Strings in, strings out, like `render_text`.

Verdicts of code (fix, fill) are rendered by `render_text.verdict_text`, the same words as a
guided step's, so a learner reads one kind of verdict everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.cli.render_text import FAIL, PASS, RULE, indent, lesson_intro
from bot.core.content import (
    BLANK,
    Case,
    ConceptCard,
    Decision,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    PredictItem,
    option_letter,
)
from bot.core.modes import LessonCard, ModeInfo, ModeLine, PlanItem, ScoreCard

MENU_TITLE = "Choose your learning style — 10 modes available"
JUMP_IN = "Jump into concepts and practice — no test required"
TEST_FIRST = (
    "Test this pattern — recommended: 10 questions across easy, medium and hard "
    "to know if this pattern is strong"
)
MENU_KEYS = "Type a number (or a mode's id), j or t; q leaves."


# --------------------------------------------------------------------------- card and menu


def mode_line_text(line: ModeLine) -> str:
    """'Concepts first: 3 / 5 done (2 right, 1 wrong)' — the card's and progress's line."""
    text = f"{line.mode.title}: {line.done} / {line.total} done"
    if line.right or line.wrong:
        text += f" ({line.right} right, {line.wrong} wrong)"
    return text


def card_text(card: LessonCard) -> str:
    """Title, scenario, goal, what you'll learn, why it matters, progress, started modes."""
    lines = [
        lesson_intro(card.lesson),
        "",
        f"Progress {card.steps_solved} / {card.steps_total} steps",
        *(f"  {mode_line_text(line)}" for line in card.lines),
    ]
    return "\n".join(lines)


def menu_text(modes: Iterable[ModeInfo], missing: Iterable[str] = ()) -> str:
    """The ten modes, numbered, each with its line (`missing`: modes without content)."""
    absent = set(missing)
    lines = ["", MENU_TITLE]
    for number, info in enumerate(modes, start=1):
        note = " (not in this lesson yet)" if info.id in absent else ""
        lines.append(f"  {number:>2}. {info.title} — {info.description}{note}")
    lines += [
        "",
        "Or one of the two ways in:",
        f"   j. {JUMP_IN}",
        f"   t. {TEST_FIRST}",
        "",
        MENU_KEYS,
    ]
    return "\n".join(lines)


def when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def modes_json(lines: Iterable[ModeLine]) -> list[dict[str, object]]:
    """`stepwise learn LESSON --modes --json`: one object per mode, in the menu's order."""
    return [
        {
            "id": line.mode.id,
            "title": line.mode.title,
            "items": line.total,
            "done": line.done,
            "right": line.right,
            "wrong": line.wrong,
            "last_visit": when(line.last_visit),
        }
        for line in lines
    ]


def progress_lines(lesson: Lesson, lines: Iterable[ModeLine]) -> str:
    """`stepwise progress`: a lesson's started modes, one line each."""
    started = [line for line in lines if line.last_visit is not None]
    if not started:
        return ""
    return "\n".join(
        [f"{lesson.title} ({lesson.id}):", *(f"  {mode_line_text(x)}" for x in started)]
    )


# --------------------------------------------------------------------------- items


def position(index: int, total: int) -> str:
    return f"({index + 1}/{total})"


def options_text(texts: Iterable[str]) -> list[str]:
    return [f"  {option_letter(i)}. {text}" for i, text in enumerate(texts)]


def concept_text(card: ConceptCard, index: int, total: int) -> str:
    lines = [
        "",
        f"{position(index, total)} {card.title}",
        "",
        card.idea.rstrip(),
        "",
        "Example:",
        indent(card.example),
        "",
        f"Quick check: {card.check.prompt.rstrip()}",
        *options_text(option.text for option in card.check.options),
    ]
    return "\n".join(lines)


def flashcard_front(card: Flashcard, index: int, total: int, flipped: bool = False) -> str:
    """The term; the flip prompt unless the card was left flipped (a resume)."""
    text = f"\n{position(index, total)} {card.term}"
    return text if flipped else text + "\n(Enter flips the card; q leaves.)"


def flashcard_back(card: Flashcard) -> str:
    return (
        f"→ {card.meaning.rstrip()}\nHow well did you know it? 1 again · 2 hard · 3 good · 4 easy"
    )


def predict_text(item: PredictItem, index: int, total: int) -> str:
    lines = [
        "",
        f"{position(index, total)} What does this print?",
        "",
        indent(item.code),
        "",
        *options_text(option.text for option in item.options),
        "",
        "Pick a letter, or type the output itself.",
    ]
    return "\n".join(lines)


def predict_result(item: PredictItem, correct: bool, choice: int, typed: str | None) -> str:
    """Right or not (what the learner picked or typed), the real output, and why."""
    if correct:
        head = f"{PASS} Right."
    elif typed is not None:
        head = f"{FAIL} Not quite: you typed {typed!r}."
    else:
        head = f"{FAIL} Not quite: you chose {option_letter(choice)}. {item.options[choice].text}"
    lines = [head, "It prints:", indent(item.output, "  | "), f"Why: {item.why.rstrip()}"]
    return "\n".join(lines)


def fix_text(item: FixItem, lesson: Lesson, index: int, total: int) -> str:
    step = lesson.step(item.step)
    lines = [
        "",
        f"{position(index, total)} Fix the bug — step {item.step}: {step.title}",
        "",
        step.instructions.rstrip(),
        "",
        "This code fails the step's checks:",
        indent(item.broken),
        "",
        "Paste the fixed code and end it with a blank line (:hint, :bug, :solution, :skip, :quit).",
    ]
    return "\n".join(lines)


def worked_example_text(item: FillItem, lesson: Lesson, index: int, total: int) -> str:
    step = lesson.step(item.step)
    lines = ["", f"{position(index, total)} Worked example, then step {item.step}: {step.title}"]
    lines += ["", "A similar task, solved line by line:"]
    for line in item.example:
        lines += [indent(line.code), f"      ← {line.why.rstrip()}"]
    lines += ["", "Now your turn:", step.instructions.rstrip(), ""]
    lines.append(indent(numbered_blanks(item.template)))
    return "\n".join(lines)


def numbered_blanks(template: str) -> str:
    """The template with its blanks shown as ___1___, ___2___ so prompts can name them."""
    parts = template.split(BLANK)
    text = parts[0]
    for number, rest in enumerate(parts[1:], start=1):
        text += f"___{number}___" + rest
    return text


def blank_count(item: FillItem) -> int:
    return item.template.count(BLANK)


def case_intro(case: Case, index: int, total: int) -> str:
    return "\n".join(["", RULE, f"Case {index + 1} of {total}: {case.title}", RULE, case.situation])


def decision_text(decision: Decision, number: int, total: int) -> str:
    lines = ["", f"Decision {number} of {total}: {decision.prompt.rstrip()}"]
    lines += options_text(option.text for option in decision.options)
    return "\n".join(lines)


def decision_result(decision: Decision, choice: int, correct: bool) -> str:
    """What the chosen option led to, the best move when it was another, and why."""
    chosen = decision.options[choice]
    lines = [f"{PASS if correct else FAIL} {chosen.consequence.rstrip()}"]
    if not correct:
        best = next(i for i, option in enumerate(decision.options) if option.correct)
        lines.append(f"The best move: {option_letter(best)}. {decision.options[best].text}")
    lines.append(decision.explanation.rstrip())
    return "\n".join(lines)


def debrief_text(case: Case) -> str:
    return f"\nDebrief: {case.debrief.rstrip()}"


# --------------------------------------------------------------------------- test score card


def plan_entries(card: ScoreCard) -> tuple[PlanItem, ...]:
    """The plan without repeats: a step that practises two weak topics is listed once, under
    the weaker one."""
    seen: set[tuple[str, str]] = set()
    entries = []
    for entry in card.plan:
        if (entry.mode, entry.item) not in seen:
            seen.add((entry.mode, entry.item))
            entries.append(entry)
    return tuple(entries)


def score_card_text(card: ScoreCard) -> str:
    """The verdict, the score per difficulty and per topic, and the numbered plan."""
    lines = [
        "",
        RULE,
        f"Score card: {card.right} / {card.total} ({card.percent}%). "
        f"This pattern is {card.verdict.upper()}.",
        "  " + "   ".join(f"{d.difficulty}: {d.right}/{d.total}" for d in card.by_difficulty),
    ]
    if card.by_topic:
        lines += ["", "By topic:"]
        lines += [f"  {t.title}: {t.right}/{t.total}" for t in card.by_topic]
    entries = plan_entries(card)
    if entries:
        lines += ["", "Your plan, weakest topic first (type its number to open it):"]
        lines += [f"  {number:>2}. {item.label}" for number, item in enumerate(entries, start=1)]
    else:
        lines += ["", "No topic with a miss: nothing to plan."]
    return "\n".join(lines)
