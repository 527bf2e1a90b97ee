"""What every `ReviewStore` shares: normal card values and the export document's shape."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.core.ports import ReminderSetting, ReviewCard, ReviewEvent
from bot.storage.records import check_learner, utc

CARD_KINDS = ("question", "step", "flashcard")  # flashcard: since schema 7


def normal_card(card: ReviewCard) -> ReviewCard:
    check_learner(card.learner)
    if card.kind not in CARD_KINDS:
        raise ValueError(f"card kind must be one of {CARD_KINDS}, not {card.kind!r}")
    last = None if card.last_review is None else utc(card.last_review, "card.last_review")
    return dataclasses.replace(
        card,
        due=utc(card.due, "card.due"),
        created_at=utc(card.created_at, "card.created_at"),
        last_review=last,
    )


def normal_event(event: ReviewEvent) -> ReviewEvent:
    if not 1 <= event.rating <= 4:
        raise ValueError(f"rating must be 1-4, not {event.rating}")
    return dataclasses.replace(
        event, at=utc(event.at, "event.at"), next_due=utc(event.next_due, "event.next_due")
    )


def card_order(card: ReviewCard) -> tuple[Any, ...]:
    return (card.due, card.created_at, card.key)


def build_review_export(
    cards: list[ReviewCard], events: list[ReviewEvent], reminder: ReminderSetting | None
) -> dict[str, Any]:
    return {
        "review_cards": [
            {
                "card": c.key,
                "source": c.source,
                "due": c.due.isoformat(),
                "created_at": c.created_at.isoformat(),
                "state": c.state,
                "stability": c.stability,
                "difficulty": c.difficulty,
                "last_review": None if c.last_review is None else c.last_review.isoformat(),
                "reviews": c.reviews,
            }
            for c in cards
        ],
        "review_history": [
            {
                "card": e.card_key,
                "rating": e.rating,
                "at": e.at.isoformat(),
                "next_due": e.next_due.isoformat(),
            }
            for e in events
        ],
        "reminder": None
        if reminder is None
        else {
            "enabled": reminder.enabled,
            "time": reminder.time,
            "timezone": reminder.timezone,
            "last_sent": None if reminder.last_sent is None else reminder.last_sent.isoformat(),
            "note": reminder.note,
        },
    }
