"""The sentences a learner reads when they ask for something the rules don't allow.

Adapters show `TutorError.message` as is, so the exact words are what the learner sees;
each is reached through the engine where the engine raises it.
"""

from __future__ import annotations

import pytest

from bot.core.ports import (
    EvaluationInProgress,
    InvalidChoice,
    LessonComplete,
    NoActiveLesson,
    NoMoreHints,
    NotYourSession,
    SolutionLocked,
    TutorError,
    UnknownLesson,
    UnknownQuestion,
    UnknownTestSession,
)

from .helpers import PASSING, build_engine, make_lesson, make_question

LEARNER = "local:alice"


async def sentence(call) -> str:
    with pytest.raises(TutorError) as caught:
        await call
    return caught.value.message


async def test_what_a_learner_reads_when_a_name_is_wrong():
    engine, *_ = build_engine(make_lesson("alpha", questions=(make_question("q1"),)))
    assert await sentence(engine.start(LEARNER, "gamma")) == (
        "There is no lesson called 'gamma'. Known lessons: alpha."
    )
    assert UnknownLesson("gamma").message == "There is no lesson called 'gamma'."
    assert await sentence(engine.answer(LEARNER, "alpha", "nope", 0)) == (
        "Lesson 'alpha' has no question 'nope'."
    )
    assert await sentence(engine.test_session(LEARNER, "alpha", "")) == (
        "That test ('') no longer exists; start a new one."
    )
    assert await sentence(engine.answer(LEARNER, "alpha", "q1", 7)) == (
        "Choose one of the 4 options (A–D)."
    )
    assert await sentence(engine.current(LEARNER)) == (
        "You have no lesson in progress. Pick a lesson to start one."
    )


async def test_what_a_learner_reads_when_a_step_says_not_yet():
    engine, *_ = build_engine(make_lesson(steps=1, solution_after_failures=2))
    assert await sentence(engine.solution(LEARNER, "demo")) == (
        "The solution unlocks after 2 more failed attempts. "
        "Try a hint first, or give up on the step to see it now."
    )
    await engine.submit(LEARNER, "demo", "wrong")
    assert await sentence(engine.solution(LEARNER, "demo")) == (
        "The solution unlocks after 1 more failed attempt. "
        "Try a hint first, or give up on the step to see it now."
    )
    await engine.submit(LEARNER, "demo", PASSING)
    assert await sentence(engine.hint(LEARNER, "demo")) == (
        "You have already completed 'demo'. Reset it to take it again."
    )


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        (0, "This step has no hints."),
        (1, "You have seen the only hint for this step."),
        (3, "You have seen all 3 hints for this step."),
    ],
)
async def test_running_out_of_hints_is_counted_in_words(hints, expected):
    lesson = make_lesson()
    first = lesson.steps[0].__class__(**{**lesson.steps[0].__dict__, "hints": ("h",) * hints})
    engine, *_ = build_engine(lesson.__class__(**{**lesson.__dict__, "steps": (first,)}))
    for _ in range(hints):
        await engine.hint(LEARNER, "demo")
    assert await sentence(engine.hint(LEARNER, "demo")) == expected


def test_the_sentences_raised_outside_the_engine():
    assert NotYourSession().message == (
        "This session belongs to someone else. Start your own to join in."
    )
    assert EvaluationInProgress().message == (
        "Still checking your last submission: its verdict is on its way, then try again."
    )
    errors = [
        UnknownLesson("a", ["b"]),
        UnknownQuestion("a", "q"),
        UnknownTestSession("t"),
        InvalidChoice(5, 5),
        NoActiveLesson(),
        LessonComplete("a"),
        SolutionLocked(2),
        NoMoreHints(1),
    ]
    assert all(str(error) == error.message for error in errors)
    assert InvalidChoice(5, 5).message == "Choose one of the 5 options (A–E)."
    assert (SolutionLocked(2).remaining, NoMoreHints(1).total) == (2, 1)
