"""One suite, every `ModeStore`: memory, SQLite and PostgreSQL keep per-mode progress and
answered items alike, export them, erase them, and refuse values they could not give back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from store_kinds import T0, FixedClock, progress_store

from bot.app import open_mode_store
from bot.core.ports import ModeEvent, ModeProgress

LESSON = "what-is-mlops"


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def stores(request, tmp_path) -> AsyncIterator:
    clock = FixedClock()
    async with progress_store(request, tmp_path, clock) as opened:
        yield opened, open_mode_store(opened, clock)


@pytest.fixture(params=["sqlite", "postgres"])
async def databases(request, tmp_path) -> AsyncIterator:
    """The stores `stepwise db delete` and `db export` open (never the memory one)."""
    clock = FixedClock()
    async with progress_store(request, tmp_path, clock) as opened:
        yield opened, open_mode_store(opened, clock)


def row(mode="concepts", learner="local:alice", lesson=LESSON, **changes) -> ModeProgress:
    values = dict(
        learner=learner, lesson_id=lesson, mode=mode, position=2,
        done=("what-mlops-is", "drift"), right=1, wrong=1, started_at=T0,
        last_visit=T0 + timedelta(minutes=3), state={"seen": ["a", "b"], "flipped": True},
    )  # fmt: skip
    values.update(changes)
    return ModeProgress(**values)


def event(item="drift", correct=False, learner="local:alice", mode="concepts", **changes):
    values = dict(
        learner=learner, lesson_id=LESSON, mode=mode, item=item, correct=correct,
        at=T0 + timedelta(minutes=3), detail="choice 2",
    )  # fmt: skip
    values.update(changes)
    return ModeEvent(**values)


async def test_a_row_round_trips_with_its_event(stores):
    _, modes = stores
    first, answered = row(), event()
    await modes.save_mode(first, answered)
    assert await modes.get_mode("local:alice", LESSON, "concepts") == first
    assert (await modes.get_mode("local:alice", LESSON, "concepts")).state == first.state
    assert await modes.get_mode("local:bob", LESSON, "concepts") is None
    assert await modes.get_mode("local:alice", LESSON, "predict") is None
    assert await modes.mode_events("local:alice") == [answered]


async def test_saving_again_replaces_the_row_and_appends_events(stores):
    _, modes = stores
    await modes.save_mode(row(position=0, done=(), right=0, wrong=0, state={}))
    later = row(position=3, done=("a", "b", "c"), right=2, wrong=1, state={"case": 1})
    await modes.save_mode(later, event("c", True, at=T0 + timedelta(minutes=5)))
    await modes.save_mode(later, event("c", None, at=T0 + timedelta(minutes=4), detail="flip"))
    assert await modes.modes("local:alice") == [later]
    found = await modes.mode_events("local:alice")
    assert [(e.correct, e.detail) for e in found] == [(None, "flip"), (True, "choice 2")]


async def test_rows_come_by_lesson_then_mode_and_filter_by_lesson(stores):
    _, modes = stores
    for lesson, mode in (("b-lesson", "predict"), (LESSON, "scenario"), (LESSON, "concepts")):
        await modes.save_mode(row(mode, lesson=lesson))
    await modes.save_mode(row("fix", learner="local:bob"))
    everything = await modes.modes("local:alice")
    assert [(p.lesson_id, p.mode) for p in everything] == [
        ("b-lesson", "predict"),
        (LESSON, "concepts"),
        (LESSON, "scenario"),
    ]
    assert [p.mode for p in await modes.modes("local:alice", LESSON)] == ["concepts", "scenario"]
    assert await modes.modes("local:carol") == []


async def test_events_filter_by_lesson_and_mode_oldest_first(stores):
    _, modes = stores
    at = [T0 + timedelta(seconds=n) for n in range(4)]
    await modes.save_mode(row("predict"), event("p2", True, mode="predict", at=at[2]))
    await modes.save_mode(row("predict"), event("p1", False, mode="predict", at=at[1]))
    await modes.save_mode(row(), event("drift", None, at=at[3]))
    other = row("predict", lesson="other")
    await modes.save_mode(other, event("p9", True, mode="predict", lesson_id="other", at=at[0]))
    assert [e.item for e in await modes.mode_events("local:alice")] == ["p9", "p1", "p2", "drift"]
    assert [e.item for e in await modes.mode_events("local:alice", LESSON)] == ["p1", "p2", "drift"]
    by_mode = await modes.mode_events("local:alice", LESSON, "predict")
    assert [e.item for e in by_mode] == ["p1", "p2"]
    assert [e.item for e in await modes.mode_events("local:alice", mode="predict")] == [
        "p9",
        "p1",
        "p2",
    ]


async def test_state_comes_back_as_json_data(stores):
    _, modes = stores
    await modes.save_mode(row(state={"order": (3, 1, 2), "name": "é ✓", "ratio": 0.25}))
    back = await modes.get_mode("local:alice", LESSON, "concepts")
    assert back.state == {"order": [3, 1, 2], "name": "é ✓", "ratio": 0.25}
    assert back.done == ("what-mlops-is", "drift")


@pytest.mark.parametrize(
    ("progress", "answered", "words"),
    [
        (row(started_at=datetime(2025, 3, 1, 9, 0)), None, "naive"),
        (row(position=-1), None, "position"),
        (row(right=True), None, "right"),
        (row(mode=""), None, "mode"),
        (row(state={"when": T0}), None, "JSON"),
        (row(state={"x": float("nan")}), None, "JSON"),
        (row(done=("a", 3)), None, "done item"),
        (row(), event(correct=1), "correct"),
        (row(), event(at=datetime(2025, 3, 1)), "naive"),
        (row(), event(item=""), "item"),
    ],
)
async def test_values_it_could_not_give_back_are_refused_and_nothing_is_written(
    stores, progress, answered, words
):
    _, modes = stores
    with pytest.raises(ValueError, match=words):
        await modes.save_mode(progress, answered)
    assert await modes.modes("local:alice") == []
    assert await modes.mode_events("local:alice") == []


async def test_export_holds_rows_and_events(stores):
    _, modes = stores
    await modes.save_mode(row(), event())
    document = await modes.export_modes("local:alice")
    assert document["modes"] == [
        {
            "lesson_id": LESSON,
            "mode": "concepts",
            "position": 2,
            "done": ["what-mlops-is", "drift"],
            "right": 1,
            "wrong": 1,
            "started_at": T0.isoformat(),
            "last_visit": (T0 + timedelta(minutes=3)).isoformat(),
            "state": {"seen": ["a", "b"], "flipped": True},
        }
    ]
    assert document["mode_events"] == [
        {
            "lesson_id": LESSON,
            "mode": "concepts",
            "item": "drift",
            "correct": False,
            "at": (T0 + timedelta(minutes=3)).isoformat(),
            "detail": "choice 2",
        }
    ]
    assert await modes.export_modes("local:nobody") == {"modes": [], "mode_events": []}


async def test_forgetting_erases_only_that_learner(stores):
    _, modes = stores
    for who in ("local:alice", "local:bob"):
        await modes.save_mode(row(learner=who), event(learner=who))
        await modes.save_mode(row("predict", learner=who), event("p1", True, learner=who))
    await modes.forget_modes("local:alice")
    assert await modes.modes("local:alice") == []
    assert await modes.mode_events("local:alice") == []
    assert await modes.export_modes("local:alice") == {"modes": [], "mode_events": []}
    assert len(await modes.modes("local:bob")) == 2
    assert len(await modes.mode_events("local:bob")) == 2


async def test_deleting_the_learner_then_forgetting_erases_their_modes(stores):
    progress, modes = stores
    await modes.save_mode(row(), event())
    await progress.delete_learner("local:alice")
    await modes.forget_modes("local:alice")  # what /mydata delete does after it
    assert await modes.export_modes("local:alice") == {"modes": [], "mode_events": []}


async def test_in_a_database_deleting_the_learner_alone_erases_their_modes(databases):
    progress, modes = databases
    await modes.save_mode(row(), event())
    await modes.save_mode(row(learner="local:bob"), event(learner="local:bob"))
    await progress.delete_learner("local:alice")  # `stepwise db delete`: rows cascade
    assert await modes.modes("local:alice") == []
    assert await modes.mode_events("local:alice") == []
    assert len(await modes.modes("local:bob")) == 1


async def test_a_mode_row_makes_the_learner_known_to_the_progress_store(databases):
    progress, modes = databases
    await modes.save_mode(row(learner="local:dora"))
    exported = await progress.export_learner("local:dora")
    assert exported["learner"] is not None


async def test_a_replaced_row_keeps_its_identity_fields(stores):
    _, modes = stores
    first = row()
    await modes.save_mode(first)
    moved = replace(first, position=4, last_visit=T0 + timedelta(days=1))
    await modes.save_mode(moved)
    assert await modes.get_mode("local:alice", LESSON, "concepts") == moved
    assert len(await modes.modes("local:alice")) == 1
