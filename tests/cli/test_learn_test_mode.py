"""The test mode in the terminal: the score card and its plan (a step listed once, a
plan's entry opening that mode at that item), the test-first way in, and a test left
part-way resuming at the next question. Same world as `test_learn_modes`."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest

from bot.cli.console import Console
from bot.cli.learn_cmd import Room, front_door, play_mode
from bot.cli.render_modes import plan_entries
from bot.core.content import Lesson
from bot.core.modes import score_test

from .mode_fixture import STAGES, SWAPPED, fixture_lesson
from .test_learn_modes import LEARNER, World, sandbox  # noqa: F401 - the module's sandbox

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the sandbox lives in the module's loop


@pytest.fixture
def world(sandbox) -> World:  # noqa: F811
    return World(sandbox)


class Learner(Console):
    """A scripted learner for the test: right on easy and medium questions, wrong on hard
    ones (it reads the question it was shown, as a person would), then the given lines."""

    def __init__(self, lesson: Lesson, then: list[str]) -> None:
        super().__init__(io.StringIO(), io.StringIO(), interactive=False)
        self.lesson = lesson
        self.then = then

    async def read_line(self, prompt: str = "") -> str | None:
        text = self.stdout.getvalue()
        asked = list(re.finditer(r"^\((\d+)/\d+\) \[(\w+)\] (.+)$", text, re.MULTILINE))
        if "Test result" not in text and asked:
            last = asked[-1]
            question = next(q for q in self.lesson.questions if q.prompt.rstrip() == last[3])
            right = question.correct_option.text
            shown = re.findall(r"^  ([A-E])\. (.*)$", text[last.end() :], re.MULTILINE)
            letter = next(letter for letter, option in shown if option == right)
            if last[2] != "hard":
                return letter
            return next(letter for letter, option in shown if option != right)
        return self.then.pop(0) if self.then else None


async def test_the_test_ends_with_the_score_card_and_a_plan_that_opens_the_mode(world):
    learner = Learner(world.lesson, ["1", "q", ""])
    room = Room(learner, world.engine, world.desk, LEARNER)
    assert await play_mode(room, world.lesson.id, "test")
    out = learner.stdout.getvalue()
    assert "This pattern is GETTING THERE." in out  # 7/10, every hard one missed
    assert re.search(r"easy: \d/\d   medium: \d/\d   hard: 0/3", out)
    assert "By topic:" in out and "MLOps keeps models working: " in out
    assert "1. Concepts: MLOps keeps models working" in out  # every hard one is that topic
    assert "2. Step 1: Define MLOps" in out
    after_plan = out.split("→ Concepts: MLOps keeps models working", 1)[1]
    assert after_plan.lstrip().startswith("(1/2) MLOps keeps models working")
    row = await world.row("test")
    assert row is not None and row.wrong >= 3


async def test_a_test_left_part_way_resumes_at_the_next_question(world):
    finished, out = await world.play("test", "A\nB\nq\n")
    assert not finished
    assert "(2/10)" in out and "(3/10)" in out and "Score card" not in out
    assert "Test stopped" not in out  # not scored: kept open
    assert "Saved: your answers so far are kept." in out
    row = await world.row("test")
    assert row.right + row.wrong == 2
    finished, out = await world.play("test", "C\n" * 8 + "\n")
    assert finished
    assert "resuming your test: 2 of 10 answered" in out
    assert "(1/10)" not in out and "(3/10)" in out and "(10/10)" in out
    assert "Score card: " in out and " / 10 (" in out
    row = await world.row("test")
    assert row.right + row.wrong == 10 and len(row.done) == 10
    _, out = await world.play("test", "q\n")
    assert "(1/10)" in out  # a finished test is not resumed: a new one starts


async def test_test_first_from_the_menu_is_the_test_then_its_score_card(world):
    out = io.StringIO()
    console = Console(io.StringIO("t\n" + "A\n" * 10 + "\nq\n"), out, interactive=False)
    await front_door(Room(console, world.engine, world.desk, LEARNER), world.lesson.id)
    text = out.getvalue()
    assert "Test: What is MLOps — 10 questions" in text and "(10/10)" in text
    assert "Score card: " in text and "Back at the menu." in text
    card = await world.desk.card(LEARNER, world.lesson.id)
    assert {line.mode.id: line.done for line in card.lines}["test"] == 10


async def test_a_plans_step_that_is_not_the_current_one_is_practised_in_the_sandbox(world):
    script = SWAPPED + "\n" + STAGES + "\n"
    finished, out = await world.play("steps", script, item="2")
    assert finished
    assert "Step 2: List MLOps Steps (practice: your lesson progress stays as it is)" in out
    assert "✗ mlops_steps[0]: expected 'Data Preparation', found 'Model Training'" in out
    assert "✓ Passed" in out
    view = await world.engine.current(LEARNER, world.lesson.id)
    assert view.number == 1 and view.done == 0  # the guided steps did not move


async def test_the_plan_lists_a_step_once_under_its_weakest_topic():
    lesson = fixture_lesson()
    both = {"what-mlops-is": (1, 2), "the-stages": (2,)}
    cards = tuple(dataclasses.replace(card, steps=both[card.id]) for card in lesson.modes.concepts)
    lesson = dataclasses.replace(lesson, modes=dataclasses.replace(lesson.modes, concepts=cards))
    answers = [(q, False) for q in lesson.questions]
    entries = plan_entries(score_test(lesson, answers))
    labels = [entry.label for entry in entries]
    assert labels.count("Step 2: List MLOps Steps") == 1
    assert len(labels) == len(set(labels))
