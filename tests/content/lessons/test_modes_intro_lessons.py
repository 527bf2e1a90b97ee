"""The learning-mode content of the track's first three lessons, proved in the real sandbox.

what-is-mlops, ml-lifecycle and data-validation: every question names a concept card,
every mode has at least the content the guide asks for, predict snippets print what they
say, each fix item's broken code fails its step with the message that teaches its bug (and
the fix passes), each fill item passes with its answers and fails with every wrong set,
and the options of quick checks, predict items and decisions carry no cue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.core.content import Difficulty, Lesson, Option, Question, load_catalog
from bot.core.lessons import build_job
from bot.core.ports import Program, RunJob, RunStatus
from bot.core.quiz import lint_question
from bot.executor.sandbox import SandboxExecutor
from tests.content.lessons.conftest import CONTENT, first_message

LESSONS = ("what-is-mlops", "ml-lifecycle", "data-validation")

# What the learner reads first for each fix item's broken code: the bug, in the step's words.
FIX_MESSAGES = {
    ("what-is-mlops", "vague-definition"): "mention machine learning (or ML) or models",
    ("what-is-mlops", "forgot-monitoring"): "'Monitoring' is missing",
    ("what-is-mlops", "one-long-string"): "should have 4 items; yours has 1",
    ("what-is-mlops", "printed-not-stored"): "importance is not defined",
    ("what-is-mlops", "quoted-names"): "line 1 of your output should be",
    ("ml-lifecycle", "evaluate-after-deploy"): "stages[4]: expected 'Model Evaluation'",
    ("ml-lifecycle", "no-loop-back"): "after 'Monitoring' the loop goes back to 'Data Collection'",
    ("ml-lifecycle", "loops-to-the-start"): "found 'Problem Definition'",
    ("ml-lifecycle", "tie-ships"): "use >, not >=",
    ("ml-lifecycle", "abs-counts-gains"): "without abs()",
    ("data-validation", "types-not-names"): "type names as strings in quotes",
    ("data-validation", "isinstance-lets-bool"): "True is a bool, not an int",
    ("data-validation", "reads-before-checking"): "raised KeyError: 'area_m2'",
    ("data-validation", "exclusive-limits"): "the limits themselves are allowed",
    ("data-validation", "both-checks-at-once"): "check its ranges only when the schema is fine",
    ("data-validation", "counts-problems"): "count bad rows, not problems",
}  # fmt: skip

in_module_loop = pytest.mark.asyncio(loop_scope="module")
CATALOG = load_catalog(CONTENT)


def _lesson(lesson_id: str) -> Lesson:
    found = CATALOG.get(lesson_id)
    assert found is not None, lesson_id
    return found


def _items(kind: str) -> list[tuple[str, object]]:
    return [(lid, item) for lid in LESSONS for item in getattr(_lesson(lid).modes, kind)]


def _ids(pairs: list[tuple[str, object]]) -> list[str]:
    return [f"{lid}:{item.id}" for lid, item in pairs]  # type: ignore[attr-defined]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield executor


# --------------------------------------------------------------------------- shape


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_question_names_one_of_the_lessons_concept_cards(lesson_id):
    lesson = _lesson(lesson_id)
    cards = {card.id for card in lesson.modes.concepts}
    assert all(question.topic in cards for question in lesson.questions)
    tested = {question.topic for question in lesson.questions}
    assert len(tested) >= 5  # the test's score card has topics to tell apart


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_mode_has_the_amount_the_guide_asks_for(lesson_id):
    lesson = _lesson(lesson_id)
    modes = lesson.modes
    assert len(modes.concepts) >= 5
    assert len(modes.flashcards) >= 12
    assert len(modes.predict) >= 5
    assert len(modes.fix) >= 3
    assert {item.step for item in modes.fill} == {step.index for step in lesson.steps}
    assert len(modes.cases) >= 2
    assert all(3 <= len(case.decisions) <= 5 for case in modes.cases)
    assert modes.cheatsheet is not None
    # every card sends the test's plan to a step, and every step is practised by a card
    assert all(card.steps for card in modes.concepts)
    practised = {n for card in modes.concepts for n in card.steps}
    assert practised == {step.index for step in lesson.steps}


def _choices(lesson: Lesson) -> list[Question]:
    """Quick checks, predict items and decisions as questions, so the bank's lint judges them."""

    def question(qid: str, prompt: str, options, output: bool = False) -> Question:
        return Question(
            id=qid,
            prompt=prompt,
            difficulty=Difficulty.EASY,
            options=tuple(Option(o.text, o.correct) for o in options),
            explanation=("-",),
            output_of_code=output,
        )

    modes = lesson.modes
    return [
        *(question(c.id, c.check.prompt, c.check.options) for c in modes.concepts),
        *(question(p.id, "What does it print?", p.options, True) for p in modes.predict),
        *(
            question(f"{case.id}-{n}", d.prompt, d.options)
            for case in modes.cases
            for n, d in enumerate(case.decisions, start=1)
        ),
    ]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_mode_options_carry_no_cue_and_spread_the_answers(lesson_id):
    choices = _choices(_lesson(lesson_id))
    assert [finding for q in choices for finding in lint_question(q)] == []
    positions = Counter(q.correct_index for q in choices)
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) <= 0.35 * len(choices)
    longest = sum(
        all(len(o.text) < len(q.correct_option.text) for o in q.options if not o.correct)
        for q in choices
    )
    assert longest <= 0.3 * len(choices)  # always picking the longest is no strategy


# --------------------------------------------------------------------------- in the sandbox


@in_module_loop
@pytest.mark.parametrize(("lesson_id", "item"), _items("predict"), ids=_ids(_items("predict")))
async def test_predict_snippets_print_what_they_say(sandbox, lesson_id, item):
    result = await sandbox.run(RunJob(programs=(Program("predict", item.code),)))
    assert result.status is RunStatus.OK, result
    printed = [line.rstrip() for line in result.stdout.rstrip().split("\n")]
    assert printed == [line.rstrip() for line in item.output.rstrip().split("\n")]
    assert [o.text for o in item.options if o.correct] == [item.output]


@in_module_loop
@pytest.mark.parametrize(("lesson_id", "item"), _items("fix"), ids=_ids(_items("fix")))
async def test_fix_items_fail_with_the_message_that_names_the_bug(sandbox, lesson_id, item):
    lesson = _lesson(lesson_id)
    broken = await sandbox.run(build_job(lesson, item.step, item.broken))
    assert broken.status is RunStatus.OK, broken
    assert not broken.passed
    assert FIX_MESSAGES[(lesson_id, item.id)] in first_message(broken)
    fixed = await sandbox.run(build_job(lesson, item.step, item.fixed))
    assert fixed.passed, first_message(fixed)


@in_module_loop
@pytest.mark.parametrize(("lesson_id", "item"), _items("fill"), ids=_ids(_items("fill")))
async def test_fill_items_pass_with_their_answers_and_fail_with_each_wrong_set(
    sandbox, lesson_id, item
):
    lesson = _lesson(lesson_id)
    right = await sandbox.run(build_job(lesson, item.step, item.filled(item.answers)))
    assert right.passed, first_message(right)
    for wrong in item.wrong:
        result = await sandbox.run(build_job(lesson, item.step, item.filled(wrong)))
        assert not result.passed, wrong
