"""`MemoryReviewStore`: the `ReviewStore` contract in dicts, for fast tests."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from bot.core.ports import LearnerId, ReminderSetting, ReviewCard, ReviewEvent
from bot.storage.records import check_learner, utc
from bot.storage.review_records import build_review_export, card_order, normal_card, normal_event


class MemoryReviewStore:
    def __init__(self) -> None:
        self._cards: dict[tuple[LearnerId, str], ReviewCard] = {}
        self._events: list[ReviewEvent] = []
        self._reminders: dict[LearnerId, ReminderSetting] = {}

    async def get_card(self, learner: LearnerId, key: str) -> ReviewCard | None:
        return self._cards.get((learner, key))

    async def save_card(self, card: ReviewCard, event: ReviewEvent | None = None) -> None:
        card = normal_card(card)
        if event is not None:
            self._events.append(normal_event(event))
        self._cards[(card.learner, card.key)] = card

    async def cards(self, learner: LearnerId) -> list[ReviewCard]:
        return sorted((c for (who, _), c in self._cards.items() if who == learner), key=card_order)

    async def events(self, learner: LearnerId) -> list[ReviewEvent]:
        return sorted((e for e in self._events if e.learner == learner), key=lambda e: e.at)

    async def learners_with_due(self, now: datetime) -> list[LearnerId]:
        now = utc(now)
        return sorted({who for (who, _), c in self._cards.items() if c.due <= now})

    async def save_reminder(self, setting: ReminderSetting) -> None:
        check_learner(setting.learner)
        self._reminders[setting.learner] = setting

    async def get_reminder(self, learner: LearnerId) -> ReminderSetting | None:
        return self._reminders.get(learner)

    async def enabled_reminders(self) -> list[ReminderSetting]:
        return [self._reminders[k] for k in sorted(self._reminders) if self._reminders[k].enabled]

    async def claim_reminder(self, learner: LearnerId, day: date) -> bool:
        setting = self._reminders.get(learner)
        if setting is None or not setting.enabled:
            return False
        if setting.last_sent is not None and setting.last_sent >= day:
            return False
        self._reminders[learner] = dataclasses.replace(setting, last_sent=day)
        return True

    async def export_reviews(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        return build_review_export(
            await self.cards(learner), await self.events(learner), self._reminders.get(learner)
        )

    async def forget_reviews(self, learner: LearnerId) -> None:
        self._cards = {k: c for k, c in self._cards.items() if k[0] != learner}
        self._events = [e for e in self._events if e.learner != learner]
        self._reminders.pop(learner, None)
