"""A desk over the scripted engine of tests/unit (passes exactly `ok = True`), the memory store
and, for flashcards, a review desk over the memory review store."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.core.lessons import TutorEngine
from bot.core.modes import ModeDesk
from bot.core.reviews import ReviewDesk
from bot.storage.memory_modes import MemoryModeStore
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import SteppingClock, build_engine
from tests.unit.modes.builders import modes_lesson


@dataclass
class Setup:
    desk: ModeDesk
    engine: TutorEngine
    store: MemoryModeStore
    reviews: ReviewDesk
    clock: SteppingClock


@pytest.fixture
def setup() -> Setup:
    engine, _executor, _progress, clock = build_engine(modes_lesson())
    reviews = ReviewDesk(engine, MemoryReviewStore(), clock, check_step=engine.check_step)
    engine.answer_listeners.append(reviews.note_answer)
    store = MemoryModeStore()
    desk = ModeDesk(engine, store, clock, reviews)
    return Setup(desk, engine, store, reviews, clock)
