"""The score card after "Test this pattern": a verdict, the score per difficulty and per
topic, and a plan that sends the learner to what teaches each topic they missed.

Thresholds (docs/modes.md): *strong* is at least 80 % right and at least two thirds of the
hard questions right (8/10 with 2 of 3 hard); *getting there* is at least 50 %; below that
the pattern is *new to you*. A question's topic is a concept card of the lesson; questions
without one count by difficulty only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.content import Difficulty, Lesson, Question

STRONG = "strong"
GETTING_THERE = "getting there"
NEW_TO_YOU = "new to you"
STRONG_SHARE = 0.8  # of all questions right
STRONG_HARD_SHARE = 2 / 3  # of the hard questions right
GETTING_THERE_SHARE = 0.5


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass(frozen=True)
class LevelScore(Score):
    difficulty: Difficulty = Difficulty.EASY


@dataclass(frozen=True)
class TopicScore(Score):
    topic_id: str = ""
    title: str = ""  # the concept card's title: the topic in the learner's words


@dataclass(frozen=True)
class PlanItem:
    """One thing to do next: open `mode` at `item` (a plan button)."""

    topic_id: str
    topic_title: str
    mode: str  # "concepts" | "steps"
    item: str  # a concept card id, or a step number as text
    label: str  # "Concepts: <title>", "Step 2: <step title>"


@dataclass(frozen=True)
class ScoreCard:
    lesson: Lesson
    right: int
    total: int
    verdict: str  # STRONG | GETTING_THERE | NEW_TO_YOU
    by_difficulty: tuple[LevelScore, ...]  # easy, medium, hard (those asked)
    by_topic: tuple[TopicScore, ...]  # in the order of the lesson's concept cards
    plan: tuple[PlanItem, ...]  # weakest topic first; () when nothing was missed

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.total) if self.total else 0


def verdict(right: int, total: int, hard_right: int, hard_total: int) -> str:
    share = right / total if total else 0.0
    hard_ok = hard_total == 0 or hard_right >= STRONG_HARD_SHARE * hard_total - 1e-9
    if share >= STRONG_SHARE and hard_ok:
        return STRONG
    return GETTING_THERE if share >= GETTING_THERE_SHARE else NEW_TO_YOU


def _count(answers: Iterable[tuple[Question, bool]]) -> tuple[int, int]:
    marks = [correct for _, correct in answers]
    return sum(marks), len(marks)


def score_test(lesson: Lesson, answers: list[tuple[Question, bool]]) -> ScoreCard:
    """Score a finished test (`answers`: each question asked and whether it was right;
    unanswered ones count as wrong)."""
    right, total = _count(answers)
    by_difficulty = tuple(
        LevelScore(*_count(picked), difficulty=level)
        for level in Difficulty
        if (picked := [(q, c) for q, c in answers if q.difficulty == level])
    )
    hard = next((d for d in by_difficulty if d.difficulty == Difficulty.HARD), None)
    by_topic = tuple(
        TopicScore(*_count(picked), topic_id=card.id, title=card.title)
        for card in lesson.modes.concepts
        if (picked := [(q, c) for q, c in answers if q.topic == card.id])
    )
    return ScoreCard(
        lesson=lesson,
        right=right,
        total=total,
        verdict=verdict(right, total, hard.right if hard else 0, hard.total if hard else 0),
        by_difficulty=by_difficulty,
        by_topic=by_topic,
        plan=plan(lesson, by_topic),
    )


def plan(lesson: Lesson, by_topic: Iterable[TopicScore]) -> tuple[PlanItem, ...]:
    """For each topic with a miss, worst first (lowest share, then most misses, then the
    lesson's order): its concept card, then the steps that practise it. A step that practises
    two weak topics is listed once, under the weaker (one button per place to go)."""
    order = {card.id: i for i, card in enumerate(lesson.modes.concepts)}
    weak = sorted(
        (t for t in by_topic if t.right < t.total),
        key=lambda t: (t.share, -(t.total - t.right), order[t.topic_id]),
    )
    items: list[PlanItem] = []
    for topic in weak:
        card = lesson.modes.concept(topic.topic_id)
        assert card is not None  # by_topic comes from the cards
        items.append(
            PlanItem(topic.topic_id, topic.title, "concepts", card.id, f"Concepts: {card.title}")
        )
        listed = {item.item for item in items if item.mode == "steps"}
        for number in card.steps:
            if 1 <= number <= len(lesson.steps) and str(number) not in listed:
                label = f"Step {number}: {lesson.step(number).title}"
                items.append(PlanItem(topic.topic_id, topic.title, "steps", str(number), label))
    return tuple(items)
