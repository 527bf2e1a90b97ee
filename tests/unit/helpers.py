"""Builders for engine tests: small lessons, a settable clock, a scripted executor."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.core.checks import Check
from bot.core.content import Catalog, Difficulty, Lesson, Option, Question, Step
from bot.core.lessons import TutorEngine
from bot.core.ports import RunJob, RunResult
from bot.executor.fake import FakeExecutor, verdict
from bot.storage import MemoryProgressStore

PASSING = "ok = True"  # the fake executor accepts exactly this submission


@dataclass
class SteppingClock:
    """A clock tests move by hand (time is outside the engine, so faking it is fair)."""

    at: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def make_step(index: int, hints: int = 2, starter: str = "") -> Step:
    return Step(
        index=index,
        title=f"Step {index}",
        instructions=f"Do thing {index}.",
        hints=tuple(f"hint {index}.{n}" for n in range(1, hints + 1)),
        checks=(Check(kind="defined", params={"name": f"v{index}"}),),
        solution=f"v{index} = {index}",
        starter=starter,
    )


def make_question(
    qid: str, difficulty: str = "easy", correct: int = 0, pinned: bool = False
) -> Question:
    """`pinned`: every option keeps its written place, so a test can answer by letter
    without following the per-delivery shuffle."""
    return Question(
        id=qid,
        prompt=f"Question {qid}?",
        difficulty=Difficulty(difficulty),
        options=tuple(
            Option(text=f"{qid} option {i}", correct=i == correct, pinned=pinned) for i in range(4)
        ),
        explanation=(f"{qid} step one", f"{qid} step two"),
        hint=f"{qid} hint",
        mistakes=(f"{qid} mistake",),
        quick_check=f"{qid} quick",
    )


def make_lesson(
    lesson_id: str = "demo",
    steps: int = 3,
    questions: tuple[Question, ...] = (),
    solution_after_failures: int = 3,
) -> Lesson:
    return Lesson(
        id=lesson_id,
        title=f"Lesson {lesson_id}",
        track="testing",
        tags=(),
        minutes=5,
        scenario="A scenario.",
        goal="A goal.",
        objectives=("learn",),
        why_real_world="real",
        why_career="career",
        steps=tuple(
            make_step(i, starter="# start here" if i == 1 else "") for i in range(1, steps + 1)
        ),
        questions=tuple(Question(**{**q.__dict__, "lesson_id": lesson_id}) for q in questions),
        solution_after_failures=solution_after_failures,
    )


def scripted(job: RunJob) -> RunResult:
    """Pass when the submission is exactly PASSING; fail with a specific message otherwise."""
    return verdict(job.submission.code.strip() == PASSING, "v is missing")


def build_engine(*lessons: Lesson, handler=scripted):
    clock = SteppingClock()
    executor = FakeExecutor(handler)
    store = MemoryProgressStore(clock)
    engine = TutorEngine(Catalog(lessons or (make_lesson(),)), executor, store, clock)
    return engine, executor, store, clock


class Yielding:
    """The store, letting other tasks run before each call (as a real database does), so
    interleavings the engine must survive actually happen."""

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name):
        method = getattr(self._store, name)

        async def call(*args, **kwargs):
            await asyncio.sleep(0)
            return await method(*args, **kwargs)

        return call


class HeldRuns:
    """An executor handler that holds every run until `release()`: a verdict that arrives
    while the learner does something else."""

    def __init__(self, result: RunResult | None = None) -> None:
        self.gate = asyncio.Event()
        self.result = result or verdict(True)

    async def __call__(self, job: RunJob) -> RunResult:
        await self.gate.wait()
        return self.result

    def release(self) -> None:
        self.gate.set()


async def submit_held(engine: TutorEngine, learner: str, lesson_id: str, code: str = PASSING):
    """Start a submission whose run is held; return its task once the engine is evaluating."""
    running = asyncio.create_task(engine.submit(learner, lesson_id, code))
    while not engine.is_evaluating(learner):
        await asyncio.sleep(0)
    return running
