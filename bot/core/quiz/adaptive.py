"""Adaptive practice: which question comes next when the learner named no difficulty.

Missed questions come back first (the one that waited longest), but only once at least
`SPACING` other answers came after the miss: a miss that returned every other turn would
keep the learner from the rest of the pool (issue 20). Otherwise the learner's record sets
a level: it starts at easy, steps up after two right answers in a row and down after a
miss; the next question is an unseen one (before any repeat) nearest that level, then the
least-seen one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.core.content import Difficulty, Question
from bot.core.ports import Answer

LEVELS = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)
STEP_UP_AFTER = 2  # right answers in a row
SPACING = 2  # other answers between a miss and its return


def target_level(questions: Sequence[Question], history: Sequence[Answer]) -> Difficulty:
    """The level the learner's answers (oldest first) to these questions point at."""
    known = {q.id: q for q in questions}
    level, run = 0, 0
    for answer in history:
        if answer.question_id not in known:
            continue
        if answer.correct:
            run += 1
            if run >= STEP_UP_AFTER:
                level, run = min(level + 1, len(LEVELS) - 1), 0
        else:
            level, run = max(level - 1, 0), 0
    return LEVELS[level]


def next_adaptive_question(
    questions: Sequence[Question], history: Sequence[Answer], after: str | None = None
) -> Question | None:
    if not questions:
        return None
    latest: dict[str, Answer] = {}
    for answer in history:
        latest[answer.question_id] = answer
    candidates = [q for q in questions if q.id != after] or list(questions)
    recent = {a.question_id for a in history[-SPACING:]}
    missed = [
        q for q in candidates if q.id in latest and not latest[q.id].correct and q.id not in recent
    ]
    if missed:
        return min(missed, key=lambda q: latest[q.id].at)
    target = LEVELS.index(target_level(questions, history))
    seen = Counter(a.question_id for a in history)
    order = {q.id: i for i, q in enumerate(questions)}

    def rank(q: Question) -> tuple[bool, int, int, int, int]:
        # unseen questions before any repeat (the pool is covered first, issue 20); among
        # them, the nearest to the learner's level
        level = LEVELS.index(q.difficulty)
        return (seen[q.id] > 0, abs(level - target), level, seen[q.id], order[q.id])

    return min(candidates, key=rank)
