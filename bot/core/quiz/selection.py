"""Question rules: which practice question comes next, and how a test is drawn and scored.

Practice goes through the whole pool before anything repeats: unseen questions first, in
lesson order; then a question missed the last time (the one that waited longest, never the
one just shown, whose explanation is still on screen); then the least seen. A test draws up
to `TEST_SIZE` questions balanced over the difficulties, deterministically from its seed
(so a session can be rebuilt from its id after a restart), preferring questions the
previous test did not ask.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

from bot.core.content import Difficulty, Question
from bot.core.ports import Answer
from bot.core.quiz.outcomes import DifficultyScore, ReviewItem

TEST_SIZE = 10
DIFFICULTY_ORDER = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD)


def next_practice_question(
    questions: Sequence[Question], history: Sequence[Answer], after: str | None = None
) -> Question | None:
    """The question to practise next given the learner's answers (oldest first).

    `after` is the question the session just showed; it is not repeated straight away
    unless it is the only one.
    """
    if not questions:
        return None
    seen = Counter(a.question_id for a in history)
    latest: dict[str, Answer] = {}
    for answer in history:
        latest[answer.question_id] = answer
    candidates = [q for q in questions if q.id != after] or list(questions)

    unseen = [q for q in candidates if not seen[q.id]]
    if unseen:
        return unseen[0]
    missed = [q for q in candidates if q.id in latest and not latest[q.id].correct]
    if missed:
        # The miss that has waited longest comes back first.
        return min(missed, key=lambda q: latest[q.id].at)
    order = {q.id: i for i, q in enumerate(questions)}
    return min(candidates, key=lambda q: (seen[q.id], order[q.id]))


def pool_covered(questions: Sequence[Question], history: Sequence[Answer]) -> bool:
    """Every question of the pool has been answered at least once."""
    answered = {a.question_id for a in history}
    return all(q.id in answered for q in questions)


def draw_test(
    questions: Sequence[Question],
    seed: str,
    size: int = TEST_SIZE,
    recent: frozenset[str] = frozenset(),
    prefer: frozenset[str] = frozenset(),
) -> list[Question]:
    """Up to `size` questions, as even as the pool allows over easy/medium/hard.

    Slots go round-robin over the difficulties; a difficulty that runs dry gives its slots
    to the others. Within a band, questions not in `recent` (the previous test's) are taken
    first, so a retake asks different ones where the bank allows; among those, `prefer`
    (the learner's unseen and missed questions) come first. The result is ordered
    easy → hard, each band shuffled by `seed`.
    """
    rng = random.Random(seed)
    pools: dict[Difficulty, list[Question]] = {d: [] for d in DIFFICULTY_ORDER}
    for question in questions:
        pools[question.difficulty].append(question)
    for pool in pools.values():
        rng.shuffle(pool)
        # stable sort, popped from the end: fresh and preferred ones are taken first
        pool.sort(key=lambda q: (q.id not in recent, q.id in prefer))
    taken: dict[Difficulty, list[Question]] = {d: [] for d in DIFFICULTY_ORDER}
    remaining = min(size, len(questions))
    while remaining:
        for difficulty in DIFFICULTY_ORDER:
            if remaining and pools[difficulty]:
                taken[difficulty].append(pools[difficulty].pop())
                remaining -= 1
    for band in taken.values():
        rng.shuffle(band)
    return [q for d in DIFFICULTY_ORDER for q in taken[d]]


def review(questions: Sequence[Question], choices: dict[str, int]) -> tuple[ReviewItem, ...]:
    return tuple(ReviewItem(question=q, choice=choices.get(q.id)) for q in questions)


def score_by_difficulty(items: Sequence[ReviewItem]) -> tuple[DifficultyScore, ...]:
    scores = []
    for difficulty in DIFFICULTY_ORDER:
        band = [item for item in items if item.question.difficulty == difficulty]
        if band:
            correct = sum(1 for item in band if item.correct)
            scores.append(DifficultyScore(difficulty, correct=correct, total=len(band)))
    return tuple(scores)
