"""What a progress card and a daily-stats chart show, gathered from the learner's record,
and the same facts as text (alt text for screen readers, and the terminal's output)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from bot.core.content import Question, option_letter
from bot.core.lessons import ProgressSummary
from bot.core.ports import (
    Answer,
    DailyStatsFacts,
    DayRate,
    OptionCount,
    ProgressFacts,
    TrackProgress,
)

WINDOW_DAYS = 30


def day_rates(
    answers: Iterable[Answer], today: date, days: int = WINDOW_DAYS
) -> tuple[DayRate, ...]:
    """Answers and right answers per UTC day over the last `days` days, oldest first."""
    first = today - timedelta(days=days - 1)
    counts = {first + timedelta(days=i): [0, 0] for i in range(days)}
    for answer in answers:
        tally = counts.get(answer.at.date())
        if tally is not None:
            tally[0] += 1
            tally[1] += answer.correct
    return tuple(DayRate(day, n, right) for day, (n, right) in counts.items())


def progress_facts(
    summary: ProgressSummary,
    name: str,
    answers: Sequence[Answer],
    reviews_due: int,
    today: date,
) -> ProgressFacts:
    tracks: dict[str, list[int]] = {}
    for status in summary.lessons:
        row = tracks.setdefault(status.lesson.track or "other", [0, 0, 0, 0])
        row[0] += status.completed
        row[1] += 1
        row[2] += status.done
        row[3] += status.total
    return ProgressFacts(
        name=name,
        as_of=today,
        tracks=tuple(TrackProgress(track, *row) for track, row in sorted(tracks.items())),
        streak=summary.streak.current,
        days=day_rates(answers, today),
        reviews_due=reviews_due,
    )


def daily_facts(
    question: Question, choices: dict[int, int], days: Sequence[DayRate]
) -> DailyStatsFacts:
    options = tuple(
        OptionCount(option_letter(i), choices.get(i, 0), i == question.correct_index)
        for i in range(len(question.options))
    )
    return DailyStatsFacts(title=question.id, options=options, days=tuple(days))


def _days(count: int) -> str:
    return "day" if count == 1 else "days"


def _percent(right: int, total: int) -> str:
    return f"{round(100 * right / total)}%" if total else "no answers"


def progress_alt(facts: ProgressFacts) -> str:
    """Every fact the progress card draws, as sentences."""
    lines = [f"Progress card for {facts.name} on {facts.as_of.isoformat()}."]
    for t in facts.tracks:
        lines.append(
            f"{t.track}: {t.lessons_done} of {t.lessons_total} lessons, "
            f"{t.steps_done} of {t.steps_total} steps."
        )
    answered = sum(d.answers for d in facts.days)
    right = sum(d.correct for d in facts.days)
    active = sum(1 for d in facts.days if d.answers)
    lines.append(
        f"Quiz accuracy over the last {len(facts.days)} days: {_percent(right, answered)}"
        + (f" ({right} of {answered} right, on {active} {_days(active)})." if answered else ".")
    )
    lines.append(f"Streak: {facts.streak} {_days(facts.streak)}. Reviews due: {facts.reviews_due}.")
    return "\n".join(lines)


def daily_alt(facts: DailyStatsFacts) -> str:
    """Every fact the daily-stats chart draws, as sentences."""
    total = sum(o.count for o in facts.options)
    picks = ", ".join(
        f"{o.letter} {o.count}{' (correct)' if o.correct else ''}" for o in facts.options
    )
    lines = [f"Daily quiz {facts.title}: {total} answers. Answers per option: {picks}."]
    if facts.days:
        rates = ", ".join(
            f"{d.day.isoformat()} {_percent(d.correct, d.answers)}" for d in facts.days
        )
        lines.append(f"Correct rate on recent quiz days: {rates}.")
    return "\n".join(lines)
