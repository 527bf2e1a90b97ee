"""`MemoryModeStore`: the `ModeStore` contract in dicts, for fast tests and `--memory` runs."""

from __future__ import annotations

from typing import Any

from bot.core.ports import LearnerId, ModeEvent, ModeProgress
from bot.storage.mode_records import (
    build_mode_export,
    normal_event,
    normal_progress,
    progress_order,
)
from bot.storage.records import check_learner


class MemoryModeStore:
    def __init__(self) -> None:
        self._rows: dict[tuple[LearnerId, str, str], ModeProgress] = {}
        self._events: list[ModeEvent] = []

    async def get_mode(self, learner: LearnerId, lesson_id: str, mode: str) -> ModeProgress | None:
        return self._rows.get((learner, lesson_id, mode))

    async def save_mode(self, progress: ModeProgress, event: ModeEvent | None = None) -> None:
        row = normal_progress(progress)
        checked = None if event is None else normal_event(event)
        self._rows[(row.learner, row.lesson_id, row.mode)] = row
        if checked is not None:
            self._events.append(checked)

    async def modes(self, learner: LearnerId, lesson_id: str | None = None) -> list[ModeProgress]:
        rows = (
            row
            for (who, lesson, _), row in self._rows.items()
            if who == learner and lesson_id in (None, lesson)
        )
        return sorted(rows, key=progress_order)

    async def mode_events(
        self, learner: LearnerId, lesson_id: str | None = None, mode: str | None = None
    ) -> list[ModeEvent]:
        found = [
            e
            for e in self._events
            if e.learner == learner and lesson_id in (None, e.lesson_id) and mode in (None, e.mode)
        ]
        return sorted(found, key=lambda e: e.at)  # stable: equal times keep insertion order

    async def export_modes(self, learner: LearnerId) -> dict[str, Any]:
        check_learner(learner)
        return build_mode_export(await self.modes(learner), await self.mode_events(learner))

    async def forget_modes(self, learner: LearnerId) -> None:
        self._rows = {key: row for key, row in self._rows.items() if key[0] != learner}
        self._events = [e for e in self._events if e.learner != learner]
