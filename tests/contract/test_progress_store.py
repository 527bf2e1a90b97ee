"""One suite, every `ProgressStore`: memory, SQLite and PostgreSQL behave exactly alike."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.core.ports import Answer, Attempt, LessonProgress, RunStatus, StepState
from bot.storage import MemoryProgressStore, SQLiteProgressStore, StoreClosedError
from bot.storage.postgres import PostgresProgressStore

T0 = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def store(request, tmp_path, clock) -> AsyncIterator:
    if request.param == "memory":
        async with MemoryProgressStore.open(clock=clock) as opened:
            yield opened
    elif request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        async with PostgresProgressStore.open(url, clock=clock) as opened:
            yield opened
    else:
        async with SQLiteProgressStore.open(tmp_path / "sub" / "s.db", clock=clock) as opened:
            yield opened


def progress(learner="local:alice", lesson="what-is-mlops", step=2, **changes) -> LessonProgress:
    values = dict(
        learner=learner,
        lesson_id=lesson,
        current_step=step,
        steps=(StepState("definition = 'x'", 1, 2), StepState(None, 3, 1, True, True, True)),
        started_at=T0,
        updated_at=T0 + timedelta(minutes=5),
    )
    values.update(changes)
    return LessonProgress(**values)


def attempt(step=1, at=T0, passed=False, learner="local:alice", lesson="what-is-mlops"):
    status = RunStatus.OK if passed else RunStatus.RUNTIME_ERROR
    summary = "passed" if passed else "NameError: x"
    return Attempt(learner, lesson, step, f"print({step})", status, passed, summary, at)


def answer(question="q1", at=T0, mode="practice", learner="local:alice", lesson="what-is-mlops"):
    return Answer(learner, lesson, question, 2, question != "q2", mode, at, session="s1")


# ----------------------------------------------------------------------------- learners


async def test_ensure_learner_creates_once_with_clock_time(store, clock):
    first = await store.ensure_learner("local:alice", "Alice")
    clock.current = T0 + timedelta(days=1)
    again = await store.ensure_learner("local:alice")
    assert first.id == "local:alice" and first.display_name == "Alice"
    assert first.created_at == T0 and first.created_at.tzinfo is not None
    assert again.display_name == "Alice" and again.created_at == T0


async def test_ensure_learner_updates_a_changed_display_name(store):
    await store.ensure_learner("discord:42", "old")
    renamed = await store.ensure_learner("discord:42", "new")
    assert renamed.display_name == "new"


async def test_writes_create_the_learner_on_demand(store):
    await store.record_answer(answer())
    exported = await store.export_learner("local:alice")
    assert exported["learner"] == {
        "id": "local:alice",
        "display_name": "",
        "created_at": T0.isoformat(timespec="microseconds"),
    }


# ----------------------------------------------------------------------------- progress


async def test_progress_round_trips(store):
    assert await store.get_progress("local:alice", "what-is-mlops") is None
    saved = progress(completed_at=T0 + timedelta(hours=1))
    await store.save_progress(saved)
    loaded = await store.get_progress("local:alice", "what-is-mlops")
    assert loaded == saved
    assert loaded.started_at.tzinfo is not None and loaded.completed_at.tzinfo is not None
    assert loaded.steps_solved == 1
    assert [s.outcome for s in loaded.steps] == ["solved", "skipped"]


async def test_progress_in_another_zone_comes_back_as_the_same_instant_in_utc(store):
    plus_two = timezone(timedelta(hours=2))
    await store.save_progress(progress(started_at=T0.astimezone(plus_two)))
    loaded = await store.get_progress("local:alice", "what-is-mlops")
    assert loaded.started_at == T0
    assert loaded.started_at.utcoffset() == timedelta(0)


async def test_saving_again_replaces_steps_and_fields(store):
    await store.save_progress(progress())
    shorter = progress(step=1, steps=(StepState(),), updated_at=T0 + timedelta(hours=2))
    await store.save_progress(shorter)
    assert await store.get_progress("local:alice", "what-is-mlops") == shorter


async def test_progress_without_steps_round_trips(store):
    empty = progress(step=1, steps=())
    await store.save_progress(empty)
    assert await store.get_progress("local:alice", "what-is-mlops") == empty


async def test_list_progress_orders_by_start_then_lesson_and_isolates_learners(store):
    await store.save_progress(progress(lesson="b", started_at=T0 + timedelta(minutes=1)))
    await store.save_progress(progress(lesson="c"))
    await store.save_progress(progress(lesson="a", started_at=T0 + timedelta(minutes=1)))
    await store.save_progress(progress(learner="local:bob", lesson="z"))
    listed = await store.list_progress("local:alice")
    assert [p.lesson_id for p in listed] == ["c", "a", "b"]
    assert [p.lesson_id for p in await store.list_progress("local:bob")] == ["z"]
    assert await store.list_progress("local:nobody") == []


async def test_delete_progress_removes_one_lesson_and_keeps_attempts(store):
    await store.save_progress(progress(lesson="a"))
    await store.save_progress(progress(lesson="b"))
    await store.record_attempt(attempt(lesson="a"))
    await store.delete_progress("local:alice", "a")
    await store.delete_progress("local:alice", "never-started")
    assert await store.get_progress("local:alice", "a") is None
    assert await store.get_progress("local:alice", "b") is not None
    assert len(await store.attempts("local:alice", "a")) == 1


# ----------------------------------------------------------------------------- attempts


async def test_attempts_filter_by_step_and_order_by_time_then_arrival(store):
    await store.record_attempt(attempt(step=2, at=T0 + timedelta(seconds=5)))
    await store.record_attempt(attempt(step=1, at=T0 + timedelta(seconds=9), passed=True))
    await store.record_attempt(attempt(step=1, at=T0))
    await store.record_attempt(attempt(step=2, at=T0 + timedelta(seconds=5), passed=True))
    await store.record_attempt(attempt(learner="local:bob"))
    everything = await store.attempts("local:alice", "what-is-mlops")
    assert [(a.step, a.passed) for a in everything] == [(1, 0), (2, 0), (2, 1), (1, 1)]
    assert [a.at for a in await store.attempts("local:alice", "what-is-mlops", step=1)] == [
        T0,
        T0 + timedelta(seconds=9),
    ]
    first = everything[0]
    assert first.status == "runtime_error" and first.summary == "NameError: x"
    assert first.code == "print(1)" and first.at.tzinfo is not None
    assert await store.attempts("local:alice", "other-lesson") == []


# ----------------------------------------------------------------------------- answers


async def test_answers_filter_by_lesson_and_mode_in_time_order(store):
    await store.record_answer(answer("q3", at=T0 + timedelta(seconds=3), mode="test"))
    await store.record_answer(answer("q1", at=T0))
    await store.record_answer(answer("q2", at=T0 + timedelta(seconds=1), lesson="other"))
    await store.record_answer(answer("q9", learner="local:bob"))
    assert [a.question_id for a in await store.answers("local:alice")] == ["q1", "q2", "q3"]
    assert [a.question_id for a in await store.answers("local:alice", "what-is-mlops")] == [
        "q1",
        "q3",
    ]
    assert [a.question_id for a in await store.answers("local:alice", mode="test")] == ["q3"]
    assert await store.answers("local:alice", "other", mode="test") == []
    (q2,) = await store.answers("local:alice", "other")
    assert q2 == answer("q2", at=T0 + timedelta(seconds=1), lesson="other")
    assert q2.correct is False and q2.session == "s1"


# ----------------------------------------------------------------------------- activity


async def test_activity_days_are_unique_and_sorted(store):
    for day in (date(2025, 3, 3), date(2025, 3, 1), date(2025, 3, 3), date(2025, 2, 28)):
        await store.record_activity("local:alice", day)
    await store.record_activity("local:bob", date(2025, 1, 1))
    assert await store.activity_days("local:alice") == [
        date(2025, 2, 28),
        date(2025, 3, 1),
        date(2025, 3, 3),
    ]
    assert await store.activity_days("local:nobody") == []


# ----------------------------------------------------------------------------- export, delete


async def fill(store, learner: str) -> None:
    await store.ensure_learner(learner, learner.upper())
    await store.save_progress(progress(learner=learner, completed_at=T0 + timedelta(hours=1)))
    await store.record_attempt(attempt(learner=learner, at=T0 + timedelta(seconds=2), passed=True))
    await store.record_attempt(attempt(learner=learner))
    await store.record_answer(answer(learner=learner))
    await store.record_activity(learner, date(2025, 3, 1))


async def test_export_is_a_stable_json_document(store, clock):
    await fill(store, "local:alice")
    await fill(store, "local:bob")
    clock.current = T0 + timedelta(days=2)
    exported = await store.export_learner("local:alice")
    assert json.loads(json.dumps(exported)) == exported
    t = lambda delta=timedelta(0): (T0 + delta).isoformat(timespec="microseconds")  # noqa: E731
    assert exported == {
        "format": "stepwise.learner-export",
        "version": 2,
        "exported_at": t(timedelta(days=2)),
        "learner_id": "local:alice",
        "learner": {"id": "local:alice", "display_name": "LOCAL:ALICE", "created_at": t()},
        "progress": [
            {
                "lesson_id": "what-is-mlops",
                "current_step": 2,
                "started_at": t(),
                "updated_at": t(timedelta(minutes=5)),
                "completed_at": t(timedelta(hours=1)),
                "steps": [
                    {
                        "step": 1,
                        "accepted_code": "definition = 'x'",
                        "failed_attempts": 1,
                        "hints_shown": 2,
                        "solution_revealed": False,
                        "gave_up": False,
                        "skipped": False,
                        "status": "solved",
                    },
                    {
                        "step": 2,
                        "accepted_code": None,
                        "failed_attempts": 3,
                        "hints_shown": 1,
                        "solution_revealed": True,
                        "gave_up": True,
                        "skipped": True,
                        "status": "skipped",
                    },
                ],
            }
        ],
        "attempts": [
            {
                "lesson_id": "what-is-mlops",
                "step": 1,
                "code": "print(1)",
                "status": "runtime_error",
                "passed": False,
                "summary": "NameError: x",
                "at": t(),
            },
            {
                "lesson_id": "what-is-mlops",
                "step": 1,
                "code": "print(1)",
                "status": "ok",
                "passed": True,
                "summary": "passed",
                "at": t(timedelta(seconds=2)),
            },
        ],
        "answers": [
            {
                "lesson_id": "what-is-mlops",
                "question_id": "q1",
                "choice": 2,
                "correct": True,
                "mode": "practice",
                "session": "s1",
                "option_order": [],
                "at": t(),
            }
        ],
        "activity_days": ["2025-03-01"],
    }


async def test_export_of_an_unknown_learner_is_empty(store):
    exported = await store.export_learner("local:ghost")
    assert exported["learner"] is None and exported["learner_id"] == "local:ghost"
    assert [exported[k] for k in ("progress", "attempts", "answers", "activity_days")] == [[]] * 4


async def test_delete_learner_removes_everything_of_theirs_only(store):
    await fill(store, "local:alice")
    await fill(store, "local:bob")
    bob_before = await store.export_learner("local:bob")
    await store.delete_learner("local:alice")
    await store.delete_learner("local:never-existed")
    gone = await store.export_learner("local:alice")
    assert gone["learner"] is None
    assert [gone[k] for k in ("progress", "attempts", "answers", "activity_days")] == [[]] * 4
    assert await store.export_learner("local:bob") == bob_before


async def test_a_deleted_learner_can_come_back(store):
    await fill(store, "local:alice")
    await store.delete_learner("local:alice")
    await store.record_answer(answer("q7"))
    assert [a.question_id for a in await store.answers("local:alice")] == ["q7"]
    assert (await store.export_learner("local:alice"))["learner"]["display_name"] == ""


# ----------------------------------------------------------------------------- input, lifecycle


async def test_naive_datetimes_and_bad_ids_are_refused(store):
    naive = datetime(2025, 3, 1, 9, 30)
    with pytest.raises(ValueError, match="naive datetime"):
        await store.record_answer(answer(at=naive))
    with pytest.raises(ValueError, match="naive datetime"):
        await store.save_progress(progress(updated_at=naive))
    with pytest.raises(ValueError, match="learner id"):
        await store.ensure_learner("")
    with pytest.raises(ValueError, match="current_step"):
        await store.save_progress(progress(step=0))
    with pytest.raises(TypeError, match="expected a date"):
        await store.record_activity("local:alice", T0)
    assert await store.answers("local:alice") == []


async def test_concurrent_writers_all_land(store):
    learners = [f"discord:{n}" for n in range(20)]

    async def learner_session(learner: str) -> None:
        for i in range(10):
            at = T0 + timedelta(seconds=i)
            await store.record_answer(answer(f"q{i}", at=at, learner=learner))
        await store.save_progress(progress(learner=learner))
        await store.record_activity(learner, date(2025, 3, 1))

    await asyncio.gather(*(learner_session(learner) for learner in learners))
    for learner in learners:
        assert [a.question_id for a in await store.answers(learner)] == [f"q{i}" for i in range(10)]
        assert await store.get_progress(learner, "what-is-mlops") == progress(learner=learner)


async def test_a_closed_store_refuses_calls(store):
    await store.aclose()
    await store.aclose()  # twice is fine
    with pytest.raises(StoreClosedError):
        await store.record_answer(answer())
    with pytest.raises(StoreClosedError):
        await store.answers("local:alice")
