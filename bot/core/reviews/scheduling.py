"""FSRS scheduling of review cards: how an answer becomes a rating and a rating a due date.

The `fsrs` package does the memory model; this module only maps our cards onto its cards.
Learning steps are switched off: a chat bot reviews at most daily, so even a miss comes
back the next day rather than in one minute. Fuzzing is off too, so a schedule is a pure
function of the answers and their times (tests freeze the clock and know the day).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

from bot.core.ports import ReviewCard, ReviewEvent

FAST_SECONDS = 10.0  # a right answer quicker than this is rated Easy

_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


class Grade(IntEnum):
    """The four FSRS ratings, named for what the learner did."""

    AGAIN = int(Rating.Again)  # wrong
    HARD = int(Rating.Hard)  # right after a hint, or after many attempts
    GOOD = int(Rating.Good)  # right
    EASY = int(Rating.Easy)  # right and fast


RATING_WORDS = {  # a learner's own rating of a flashcard, in the words on its buttons
    "again": Grade.AGAIN,
    "hard": Grade.HARD,
    "good": Grade.GOOD,
    "easy": Grade.EASY,
}


def grade(correct: bool, *, hinted: bool = False, seconds: float | None = None) -> Grade:
    """wrong → Again, right after a hint → Hard, right → Good, right fast → Easy."""
    if not correct:
        return Grade.AGAIN
    if hinted:
        return Grade.HARD
    if seconds is not None and 0 <= seconds < FAST_SECONDS:
        return Grade.EASY
    return Grade.GOOD


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(UTC)


def review(card: ReviewCard, rating: Grade, at: datetime) -> tuple[ReviewCard, ReviewEvent]:
    """The card after being answered with `rating` at `at`, and the event to keep."""
    at = _utc(at)
    fsrs_card = Card(
        card_id=1,  # fsrs would otherwise sleep 1 ms to invent an id
        state=State(card.state),
        step=None if card.reviews else 0,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=None if card.last_review is None else _utc(card.last_review),
    )
    if fsrs_card.state != State.Learning:
        fsrs_card.step = None
    after, _log = _SCHEDULER.review_card(fsrs_card, Rating(int(rating)), at)
    updated = dataclasses.replace(
        card,
        state=int(after.state),
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=at,
        reviews=card.reviews + 1,
    )
    event = ReviewEvent(card.learner, card.key, int(rating), at, after.due)
    return updated, event


def new_card(
    learner: str, kind: str, lesson_id: str, item: str, source: str, at: datetime
) -> ReviewCard:
    """A card that has never been reviewed (due at once until its first rating)."""
    at = _utc(at)
    return ReviewCard(learner, kind, lesson_id, item, source, due=at, created_at=at)
