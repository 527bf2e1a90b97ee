"""Facts → PNG with matplotlib's object API on the Agg canvas (no pyplot, no global state,
no display). Plain functions of their facts, run by `PictureWorker` off the event loop."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.core.ports import DailyStatsFacts, DayRate, ProgressFacts

INK, MUTED, GOOD, BAD, ACCENT = "#23272f", "#9aa0a6", "#2e9d5b", "#c8553d", "#5865f2"
SIZE = (8.0, 4.5)  # inches; at 100 dpi an 800 x 450 PNG, sharp in a Discord embed
DPI = 100


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _rates(ax, days: tuple[DayRate, ...], title: str) -> None:
    """Answers per day as grey bars, the correct rate as a line on a 0-100% axis."""
    xs = list(range(len(days)))
    ax.bar(xs, [d.answers for d in days], color=MUTED, width=0.8, label="answers")
    ax.set_ylabel("answers", color=MUTED)
    ax.set_title(title, loc="left", color=INK, fontsize=11)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ticks = xs if len(xs) <= 7 else [i for i in xs if (len(xs) - 1 - i) % 7 == 0]
    ax.set_xticks(ticks, [days[i].day.strftime("%d %b") for i in ticks], fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    rate_ax = ax.twinx()
    points = [(i, 100 * d.rate) for i, d in enumerate(days) if d.rate is not None]
    if points:
        rate_ax.plot(*zip(*points, strict=True), color=ACCENT, marker="o", markersize=3)
    rate_ax.set_ylim(0, 105)
    rate_ax.set_ylabel("% correct", color=ACCENT)
    rate_ax.spines[["top"]].set_visible(False)


def progress_png(facts: ProgressFacts) -> bytes:
    figure = Figure(figsize=SIZE, facecolor="white")
    figure.suptitle(
        f"{facts.name} · progress on {facts.as_of:%d %b %Y}", x=0.02, ha="left", color=INK
    )
    tracks_ax, rates_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.3)})
    names = [t.track for t in facts.tracks] or ["no lessons"]
    shares = [t.steps_done / t.steps_total if t.steps_total else 0 for t in facts.tracks] or [0]
    ys = list(range(len(names)))
    tracks_ax.barh(ys, [1] * len(ys), color="#eceff1")
    tracks_ax.barh(ys, shares, color=GOOD)
    for y, t in zip(ys, facts.tracks, strict=False):
        label = f"{t.lessons_done}/{t.lessons_total} lessons · {t.steps_done}/{t.steps_total} steps"
        tracks_ax.text(0.02, y - 0.32, label, fontsize=8, color=INK)
    tracks_ax.set_yticks(ys, names, fontsize=9)
    tracks_ax.set_xlim(0, 1)
    tracks_ax.set_xticks([])
    tracks_ax.invert_yaxis()
    tracks_ax.set_title("steps done per track", loc="left", color=INK, fontsize=11)
    tracks_ax.spines[["top", "right", "bottom"]].set_visible(False)
    _rates(rates_ax, facts.days, f"quiz, last {len(facts.days)} days")
    plural = "" if facts.streak == 1 else "s"
    figure.text(
        0.02, 0.02, f"Streak: {facts.streak} day{plural}    Reviews due: {facts.reviews_due}",
        color=INK, fontsize=11, weight="bold",
    )  # fmt: skip
    figure.subplots_adjust(left=0.14, right=0.92, top=0.82, bottom=0.2, wspace=0.45)
    return _png(figure)


def daily_png(facts: DailyStatsFacts) -> bytes:
    figure = Figure(figsize=SIZE, facecolor="white")
    figure.suptitle(f"Daily quiz · {facts.title}", x=0.02, ha="left", color=INK)
    picks_ax, rates_ax = figure.subplots(1, 2, gridspec_kw={"width_ratios": (1, 1.3)})
    letters = [o.letter for o in facts.options]
    counts = [o.count for o in facts.options]
    colours = [GOOD if o.correct else MUTED for o in facts.options]
    picks_ax.bar(letters, counts, color=colours)
    for x, count in enumerate(counts):
        picks_ax.text(x, count, str(count), ha="center", va="bottom", fontsize=9, color=INK)
    picks_ax.set_title("answers per option (green: correct)", loc="left", color=INK, fontsize=11)
    picks_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    picks_ax.spines[["top", "right"]].set_visible(False)
    _rates(rates_ax, facts.days, "correct rate, recent quiz days")
    figure.subplots_adjust(left=0.08, right=0.92, top=0.82, bottom=0.15, wspace=0.4)
    return _png(figure)
