"""Gathering a learner's progress facts from the engine and the review desk."""

from __future__ import annotations

from bot.core.lessons import TutorEngine
from bot.core.pictures.facts import progress_facts
from bot.core.ports import LearnerId, ProgressFacts
from bot.core.reviews import ReviewDesk


async def learner_progress(
    engine: TutorEngine, reviews: ReviewDesk | None, learner: LearnerId, name: str
) -> ProgressFacts:
    summary = await engine.summary(learner)
    answers = await engine.store.answers(learner)
    due = (await reviews.summary(learner)).due if reviews is not None else 0
    return progress_facts(summary, name, answers, due, engine.clock.now().date())
