"""What the progress pictures show: facts gathered from the record, and the same facts as
text (alt text, terminal output). Drawing them is an adapter's job (`bot/pictures`).

Belongs here: choosing and counting the facts, their wording. Not here: matplotlib, caching.
"""

from __future__ import annotations

from bot.core.pictures.facts import (
    WINDOW_DAYS,
    daily_alt,
    daily_facts,
    day_rates,
    progress_alt,
    progress_facts,
)
from bot.core.pictures.gather import learner_progress

__all__ = [
    "WINDOW_DAYS",
    "daily_alt",
    "daily_facts",
    "day_rates",
    "learner_progress",
    "progress_alt",
    "progress_facts",
]
