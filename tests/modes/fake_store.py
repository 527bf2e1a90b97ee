"""A dict-backed `ModeStore` for the desk's tests until the memory store of issue 18a lands
(then `bot.storage` has the real one and this file goes)."""

from __future__ import annotations

from typing import Any

from bot.core.ports import ModeEvent, ModeProgress


class DictModeStore:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str], ModeProgress] = {}
        self.events: list[ModeEvent] = []

    async def get_mode(self, learner: str, lesson_id: str, mode: str) -> ModeProgress | None:
        return self.rows.get((learner, lesson_id, mode))

    async def save_mode(self, progress: ModeProgress, event: ModeEvent | None = None) -> None:
        self.rows[(progress.learner, progress.lesson_id, progress.mode)] = progress
        if event is not None:
            self.events.append(event)

    async def modes(self, learner: str, lesson_id: str | None = None) -> list[ModeProgress]:
        return [
            row
            for key, row in sorted(self.rows.items())
            if key[0] == learner and lesson_id in (None, key[1])
        ]

    async def mode_events(
        self, learner: str, lesson_id: str | None = None, mode: str | None = None
    ) -> list[ModeEvent]:
        return [
            e
            for e in self.events
            if e.learner == learner and lesson_id in (None, e.lesson_id) and mode in (None, e.mode)
        ]

    async def export_modes(self, learner: str) -> dict[str, Any]:
        return {"modes": [vars(r) for r in await self.modes(learner)]}

    async def forget_modes(self, learner: str) -> None:
        self.rows = {k: v for k, v in self.rows.items() if k[0] != learner}
        self.events = [e for e in self.events if e.learner != learner]
