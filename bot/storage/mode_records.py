"""What every `ModeStore` shares: normal values, the JSON columns, and the export's shape.

All three stores pass rows through the same functions, so a value comes back from memory,
SQLite and PostgreSQL alike (`tests/contract/test_mode_store.py`): UTC times, `done` as a
tuple of item ids, `state` as the JSON it is stored as (tuples become lists).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from bot.core.ports import ModeEvent, ModeProgress
from bot.storage.records import check_learner, utc


def normal_progress(progress: ModeProgress) -> ModeProgress:
    p = progress
    check_learner(p.learner)
    _text(p.lesson_id, "lesson_id")
    _text(p.mode, "mode")
    for name in ("position", "right", "wrong"):
        value = getattr(p, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"mode progress {name} must be a whole number >= 0, not {value!r}")
    done = tuple(p.done)
    for item in done:
        _text(item, "done item")
    return dataclasses.replace(
        p,
        done=done,
        started_at=utc(p.started_at, "progress.started_at"),
        last_visit=utc(p.last_visit, "progress.last_visit"),
        state=decode_state(encode_state(p.state)),
    )


def normal_event(event: ModeEvent) -> ModeEvent:
    check_learner(event.learner)
    for name in ("lesson_id", "mode", "item"):
        _text(getattr(event, name), name)
    if event.correct is not None and not isinstance(event.correct, bool):
        raise ValueError(f"event.correct must be True, False or None, not {event.correct!r}")
    if not isinstance(event.detail, str):
        raise ValueError(f"event.detail must be text, not {event.detail!r}")
    return dataclasses.replace(event, at=utc(event.at, "event.at"))


def _text(value: Any, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be non-empty text, not {value!r}")


def encode_done(done: tuple[str, ...]) -> str:
    return json.dumps(list(done), ensure_ascii=False, separators=(",", ":"))


def decode_done(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def encode_state(state: dict[str, Any]) -> str:
    """`state` as JSON text; what JSON cannot hold is refused before anything is written."""
    if not isinstance(state, dict):
        raise ValueError(f"mode state must be a mapping, not {type(state).__name__}")
    try:
        return json.dumps(state, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"mode state must be plain JSON data: {error}") from None


def decode_state(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def progress_order(progress: ModeProgress) -> tuple[str, str]:
    return (progress.lesson_id, progress.mode)


def build_mode_export(rows: list[ModeProgress], events: list[ModeEvent]) -> dict[str, Any]:
    """The learner's modes for `/mydata export` and `stepwise db export`."""
    return {
        "modes": [
            {
                "lesson_id": p.lesson_id,
                "mode": p.mode,
                "position": p.position,
                "done": list(p.done),
                "right": p.right,
                "wrong": p.wrong,
                "started_at": p.started_at.isoformat(),
                "last_visit": p.last_visit.isoformat(),
                "state": p.state,
            }
            for p in rows
        ],
        "mode_events": [
            {
                "lesson_id": e.lesson_id,
                "mode": e.mode,
                "item": e.item,
                "correct": e.correct,
                "at": e.at.isoformat(),
                "detail": e.detail,
            }
            for e in events
        ],
    }
