"""Progress cards and daily charts: facts from the record, PNGs that decode at the right
size, alt text with the same facts, drawing off the loop and cached by content."""

from __future__ import annotations

import asyncio
import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from bot.app import wire_reviews
from bot.core.pictures import daily_alt, daily_facts, day_rates, learner_progress, progress_alt
from bot.core.ports import (
    Answer,
    DailyStatsFacts,
    DayRate,
    OptionCount,
    ProgressFacts,
    TrackProgress,
)
from bot.pictures import PictureWorker
from bot.pictures.worker import PictureError
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

TODAY = date(2025, 3, 30)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def facts(name="ana", streak=4, due=3) -> ProgressFacts:
    days = tuple(DayRate(TODAY - timedelta(days=29 - i), i % 3, (i % 3) // 2) for i in range(30))
    tracks = (TrackProgress("mlops", 2, 5, 10, 22), TrackProgress("python", 0, 3, 1, 12))
    return ProgressFacts(name, TODAY, tracks, streak, days, due)


def chart() -> DailyStatsFacts:
    options = (
        OptionCount("A", 5, False),
        OptionCount("B", 12, True),
        OptionCount("C", 2, False),
        OptionCount("D", 0, False),
    )
    days = (DayRate(date(2025, 3, 28), 10, 7), DayRate(date(2025, 3, 29), 0, 0))
    return DailyStatsFacts("q-loss", options, days)


def decoded(png: bytes) -> Image.Image:
    assert png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(png))
    image.load()  # raises on a truncated or corrupt file
    return image


@pytest.fixture(params=["process", "thread"])
async def worker(request):
    pictures = PictureWorker(mode=request.param)
    yield pictures
    await pictures.aclose()


async def test_the_progress_card_is_a_png_whose_facts_the_alt_text_states(worker):
    card = facts()
    png = await worker.progress_card(card)
    image = decoded(png)
    assert image.format == "PNG" and image.size == (800, 450)
    assert 10_000 < len(png) < 500_000
    alt = progress_alt(card)
    assert "Progress card for ana on 2025-03-30." in alt
    assert "mlops: 2 of 5 lessons, 10 of 22 steps." in alt
    assert "python: 0 of 3 lessons, 1 of 12 steps." in alt
    assert "Quiz accuracy over the last 30 days: 33% (10 of 30 right, on 20 days)." in alt
    assert "Streak: 4 days. Reviews due: 3." in alt


async def test_the_daily_chart_is_a_png_whose_facts_the_alt_text_states(worker):
    png = await worker.daily_chart(chart())
    assert decoded(png).size == (800, 450)
    alt = daily_alt(chart())
    assert "Daily quiz q-loss: 19 answers." in alt
    assert "A 5, B 12 (correct), C 2, D 0" in alt
    assert "2025-03-28 70%, 2025-03-29 no answers" in alt


async def test_pictures_are_cached_by_content_and_shared_while_in_flight(worker):
    same = await asyncio.gather(*(worker.progress_card(facts()) for _ in range(10)))
    assert len(set(same)) == 1 and worker.drawn == 1
    await worker.progress_card(facts())
    assert worker.drawn == 1
    other = await worker.progress_card(facts(streak=5))
    assert other != same[0] and worker.drawn == 2


async def test_thread_mode_draws_off_the_event_loop(monkeypatch):
    import threading

    from bot.pictures import drawing

    threads = []
    real = drawing.progress_png

    def spy(f):
        threads.append(threading.current_thread())
        return real(f)

    monkeypatch.setattr(drawing, "progress_png", spy)
    pictures = PictureWorker(mode="thread")
    try:
        await pictures.progress_card(facts(name="spy"))
    finally:
        await pictures.aclose()
    assert threads and threads[0] is not threading.main_thread()


async def test_process_mode_draws_in_a_child_without_the_bots_environment(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-value")
    pictures = PictureWorker(mode="process")
    try:
        await pictures.progress_card(facts())
        child = pictures._child
        assert child is not None and child.pid != os.getpid()
        environ = Path(f"/proc/{child.pid}/environ").read_bytes()
        assert b"secret-token-value" not in environ and b"DISCORD_TOKEN" not in environ
    finally:
        await pictures.aclose()
    assert child.returncode is not None  # closed with the worker


async def test_a_dead_drawing_process_is_replaced_on_the_next_picture():
    pictures = PictureWorker(mode="process")
    try:
        await pictures.progress_card(facts())
        first = pictures._child
        first.kill()
        await first.wait()
        assert decoded(await pictures.progress_card(facts(streak=9))).size == (800, 450)
        assert pictures._child is not first and pictures._child.returncode is None
    finally:
        await pictures.aclose()


async def test_a_drawing_error_is_reported_and_the_process_keeps_serving():
    pictures = PictureWorker(mode="process")
    try:
        with pytest.raises(PictureError, match="KeyError"):
            await pictures._draw("sketch", facts())
        assert decoded(await pictures.progress_card(facts())).size == (800, 450)
    finally:
        await pictures.aclose()


async def test_empty_records_still_draw(worker):
    empty = ProgressFacts("new", TODAY, (), 0, day_rates([], TODAY), 0)
    assert decoded(await worker.progress_card(empty)).size == (800, 450)
    assert "Quiz accuracy over the last 30 days: no answers." in progress_alt(empty)


def test_day_rates_count_the_last_thirty_days_only():
    def ans(at, correct):
        return Answer("local:a", "demo", "q1", 0, correct, "practice", at)

    now = datetime(2025, 3, 30, 12, tzinfo=UTC)
    answers = [ans(now, True), ans(now, False), ans(now - timedelta(days=29), True),
               ans(now - timedelta(days=30), True)]  # fmt: skip
    rates = day_rates(answers, now.date())
    assert len(rates) == 30 and rates[0].day == date(2025, 3, 1) and rates[-1].day == TODAY
    assert (rates[-1].answers, rates[-1].correct) == (2, 1)
    assert (rates[0].answers, rates[0].correct) == (1, 1)
    assert sum(r.answers for r in rates) == 3


async def test_a_learners_facts_come_from_their_record():
    lesson = make_lesson(questions=(make_question("q1"), make_question("q2")))
    engine, _, _, clock = build_engine(lesson)
    desk = wire_reviews(engine, MemoryReviewStore(), clock)
    await engine.submit("local:a", "demo", PASSING)
    await engine.answer("local:a", "demo", "q1", 0)
    await engine.answer("local:a", "demo", "q2", 1)  # a miss: a review card
    clock.advance(days=1)
    found = await learner_progress(engine, desk, "local:a", "Ana")
    assert found.tracks == (TrackProgress("testing", 0, 1, 1, 3),)
    assert found.streak == 1 and found.reviews_due == 1
    assert sum(d.answers for d in found.days) == 2 and found.days[-2].correct == 1


def test_daily_facts_name_the_correct_option():
    question = make_question("q7", correct=2)
    found = daily_facts(question, {0: 3, 2: 4}, [])
    assert [(o.letter, o.count, o.correct) for o in found.options] == [
        ("A", 3, False), ("B", 0, False), ("C", 4, True), ("D", 0, False),
    ]  # fmt: skip


@given(
    st.text(min_size=1, max_size=40),
    st.integers(0, 10_000),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=30),
)
def test_alt_text_states_every_count_for_any_name(name, due, counts):
    days = tuple(
        DayRate(TODAY - timedelta(days=i), n, min(r, n)) for i, (n, r) in enumerate(counts)
    )
    alt = progress_alt(ProgressFacts(name, TODAY, (), 2, days, due))
    assert name in alt and f"Reviews due: {due}." in alt
    answered = sum(d.answers for d in days)
    if answered:
        assert f"of {answered} right" in alt
