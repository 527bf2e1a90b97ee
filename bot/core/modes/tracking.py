"""The rows of the engine's own modes (guided steps, practice, test), kept by listening.

`TutorEngine` tells its listeners about every stored answer and every finished step,
whichever surface caused it; the tracker turns those into the steps, practice and test
rows of the `ModeStore`, so the lesson card's lines are right for a learner who studied
with `/lesson`, `stepwise study` or `/practice` as much as for one who came through `/learn`.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.content import Lesson
from bot.core.modes import records
from bot.core.modes.catalog import TEST_SIZE
from bot.core.ports import (
    Answer,
    LearnerId,
    LessonProgress,
    ModeEvent,
    ModeProgress,
    ModeStore,
    StepState,
)
from bot.core.quiz import LearnerLocks

if TYPE_CHECKING:
    from bot.core.lessons import TutorEngine
    from bot.core.modes.scorecard import ScoreCard

SESSION = "session"  # test row state: the test run the counts belong to
VERDICT = "verdict"  # test row state: the last finished test's verdict


@dataclasses.dataclass(frozen=True)
class StepFigures:
    """A lesson's steps as the card counts them: solved, solved unaided, failed attempts."""

    solved: tuple[str, ...]
    right: int
    wrong: int
    position: int
    updated_at: datetime | None = None  # the last change to the learner's steps


def step_figures(progress: LessonProgress | None, lesson: Lesson) -> StepFigures:
    if progress is None:
        return StepFigures((), 0, 0, 0)
    states = progress.steps[: len(lesson.steps)]
    solved = tuple(str(n) for n, s in enumerate(states, start=1) if s.solved)
    return StepFigures(
        solved=solved,
        right=len(solved),
        wrong=sum(s.failed_attempts for s in states),
        position=max(0, min(progress.current_step, len(lesson.steps) + 1) - 1),
        updated_at=progress.updated_at,
    )


class Tracker:
    def __init__(self, store: ModeStore, locks: LearnerLocks, engine: TutorEngine) -> None:
        self.store = store
        self.locks = locks
        self.engine = engine

    async def _row(self, learner: LearnerId, lesson_id: str, mode: str, at: datetime):
        row = await self.store.get_mode(learner, lesson_id, mode)
        return row or records.fresh(learner, lesson_id, mode, at)

    async def figures(self, learner: LearnerId, lesson: Lesson) -> StepFigures:
        """The steps line, read from the engine's progress (the record that decides)."""
        return step_figures(await self.engine.store.get_progress(learner, lesson.id), lesson)

    async def note_step(
        self, learner: LearnerId, lesson_id: str, number: int, state: StepState, at: datetime
    ) -> None:
        """A step passed, skipped or its solution shown: the steps row copies the record."""
        lesson = self.engine.catalog.get(lesson_id)
        if lesson is None:
            return
        figures = await self.figures(learner, lesson)
        solved = str(number) in figures.solved
        async with self.locks.hold(learner):
            row = await self._row(learner, lesson_id, "steps", at)
            row = dataclasses.replace(
                row,
                position=figures.position,
                done=figures.solved,
                right=figures.right,
                wrong=figures.wrong,
                last_visit=at,
            )
            detail = "passed" if solved else "skipped" if state.skipped else "solution"
            event = ModeEvent(learner, lesson_id, "steps", str(number), solved or None, at, detail)
            await self.store.save_mode(row, event)

    async def note_answer(self, answer: Answer) -> None:
        """A practice or test answer (daily ones belong to no lesson card)."""
        if answer.mode not in ("practice", "test"):
            return
        async with self.locks.hold(answer.learner):
            row = await self._row(answer.learner, answer.lesson_id, answer.mode, answer.at)
            if answer.mode == "test" and row.state.get(SESSION) != answer.session:
                row = dataclasses.replace(  # a new test: its counts start again
                    row, position=0, done=(), right=0, wrong=0,
                    state={**row.state, SESSION: answer.session},
                )  # fmt: skip
            done = row.done if answer.question_id in row.done else (*row.done, answer.question_id)
            row = dataclasses.replace(
                row,
                position=min(len(done), TEST_SIZE) if answer.mode == "test" else len(done),
                done=done,
                right=row.right + answer.correct,
                wrong=row.wrong + (not answer.correct),
                last_visit=answer.at,
            )
            event = ModeEvent(
                answer.learner, answer.lesson_id, answer.mode, answer.question_id,
                answer.correct, answer.at, answer.session,
            )  # fmt: skip
            await self.store.save_mode(row, event)

    async def note_verdict(
        self, learner: LearnerId, lesson_id: str, session: str, card: ScoreCard, at: datetime
    ) -> None:
        """Keep the finished test's verdict on the test row (the card can show it)."""
        async with self.locks.hold(learner):
            row: ModeProgress = await self._row(learner, lesson_id, "test", at)
            state = {**row.state, VERDICT: card.verdict, "score": [card.right, card.total]}
            if row.state.get(SESSION) == session or not row.state.get(SESSION):
                await self.store.save_mode(dataclasses.replace(row, state=state, last_visit=at))
