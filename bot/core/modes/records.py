"""Pure rules over one `ModeProgress` row: a fresh row, an item finished, a skip, a jump.

The desk reads a row, applies one of these and saves the result with its event, so every
action leaves the resume point stored.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from bot.core.ports import LearnerId, ModeProgress

LAST = "last"  # state key: the item answered last (a second identical answer is a repeat)
FLIPPED = "flipped"  # state key: the flashcard whose meaning is showing
ROUND = "round"  # state key: how many times the learner went through the mode


def fresh(learner: LearnerId, lesson_id: str, mode: str, now: datetime) -> ModeProgress:
    return ModeProgress(learner, lesson_id, mode, 0, (), 0, 0, now, now, {})


def visited(row: ModeProgress, now: datetime) -> ModeProgress:
    return dataclasses.replace(row, last_visit=now)


def finished(row: ModeProgress, total: int) -> bool:
    return row.position >= total


def new_round(row: ModeProgress, now: datetime) -> ModeProgress:
    """Back to the first item; what was done and the counts stay (they are the record)."""
    state = {ROUND: int(row.state.get(ROUND, 0)) + 1}
    return dataclasses.replace(row, position=0, state=state, last_visit=now)


def jumped(row: ModeProgress, index: int, now: datetime) -> ModeProgress:
    state = {k: v for k, v in row.state.items() if k not in (LAST, FLIPPED)}
    return dataclasses.replace(row, position=index, state=state, last_visit=now)


def answered(
    row: ModeProgress, item: str, index: int, correct: bool | None, now: datetime
) -> ModeProgress:
    """`item` (at `index`) finished: done, counted right or wrong, resume after it."""
    done = row.done if item in row.done else (*row.done, item)
    state = {k: v for k, v in row.state.items() if k != FLIPPED}
    state[LAST] = item
    return dataclasses.replace(
        row,
        position=index + 1,
        done=done,
        right=row.right + (correct is True),
        wrong=row.wrong + (correct is False),
        last_visit=now,
        state=state,
    )


def missed(row: ModeProgress, now: datetime) -> ModeProgress:
    """A wrong attempt at an item that stays open (fix, fill): counted, no move."""
    state = {k: v for k, v in row.state.items() if k != LAST}
    return dataclasses.replace(row, wrong=row.wrong + 1, last_visit=now, state=state)


def skipped(row: ModeProgress, now: datetime) -> ModeProgress:
    state = {k: v for k, v in row.state.items() if k not in (LAST, FLIPPED)}
    return dataclasses.replace(row, position=row.position + 1, last_visit=now, state=state)


def flipped(row: ModeProgress, item: str, now: datetime) -> ModeProgress:
    return dataclasses.replace(row, last_visit=now, state={**row.state, FLIPPED: item})


def repeated(row: ModeProgress, item: str) -> bool:
    """The learner answered exactly this item last: a double click, not a new answer."""
    return row.state.get(LAST) == item and item in row.done
