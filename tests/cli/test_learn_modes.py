"""Each learning mode played in the terminal from a script, wrong answers included: what the
learner reads and what the mode store keeps. In-process (a console over strings) with the
real sandbox for the code modes, the real engine and the memory stores."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.app import wire_reviews
from bot.cli.console import Console
from bot.cli.learn_cmd import Room, front_door, play_mode
from bot.cli.mode_sessions import run_code
from bot.cli.review_cmd import review_session
from bot.core.content import Catalog, Lesson, ModeContent
from bot.core.lessons import TutorEngine
from bot.core.modes import ModeDesk
from bot.core.ports import EvaluationInProgress, ExecutorBusy
from bot.executor.sandbox import SandboxExecutor
from bot.storage import MemoryProgressStore
from bot.storage.memory_modes import MemoryModeStore
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import SteppingClock

from .mode_fixture import STAGES, SWAPPED, fixture_lesson

pytestmark = pytest.mark.asyncio(loop_scope="module")  # one sandbox for the module
LEARNER = "local:tester"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=5.0) as executor:
        yield executor


class World:
    """One learner's terminal, engine and desk over fresh memory stores."""

    def __init__(self, sandbox: SandboxExecutor, reviews: bool = False) -> None:
        self.lesson: Lesson = fixture_lesson()
        self.clock = SteppingClock()
        progress = MemoryProgressStore(self.clock)
        self.engine = TutorEngine(Catalog((self.lesson,)), sandbox, progress, self.clock)
        self.store = MemoryModeStore()
        self.reviews = (
            wire_reviews(self.engine, MemoryReviewStore(), self.clock) if reviews else None
        )
        self.desk = ModeDesk(self.engine, self.store, self.clock, self.reviews)

    async def play(self, mode: str, script: str, item: str | None = None) -> tuple[bool, str]:
        """Play `mode` with `script` as the learner's input: (finished, what was printed)."""
        out = io.StringIO()
        console = Console(io.StringIO(script), out, interactive=False)
        room = Room(console, self.engine, self.desk, LEARNER)
        finished = await play_mode(room, self.lesson.id, mode, item)
        return finished, out.getvalue()

    async def row(self, mode: str):
        return await self.store.get_mode(LEARNER, self.lesson.id, mode)


@pytest.fixture
def world(sandbox: SandboxExecutor) -> World:
    return World(sandbox)


async def test_concepts_card_quick_check_and_next(world):
    finished, out = await world.play("concepts", "Z\nB\nB\n")
    assert finished
    assert "(1/2) MLOps keeps models working" in out and "Example:" in out
    assert "Quick check: What does MLOps manage?" in out
    assert "Answer with a letter A–B (or q to leave)." in out  # "Z" is no option
    first, second = out.split("(2/2)")
    assert "✗ Not quite. The answer is Machine learning models, end to end" in first
    assert "MLOps covers the whole life of a model" in first
    assert "✓ Right: Monitoring" in second
    assert "Concepts first: all 2 done." in second
    row = await world.row("concepts")
    assert row.done == ("what-mlops-is", "the-stages") and (row.right, row.wrong) == (1, 1)
    events = await world.store.mode_events(LEARNER, world.lesson.id, "concepts")
    assert [e.correct for e in events if e.correct is not None] == [False, True]


async def test_flashcards_flip_rate_leave_and_resume_flipped(world):
    finished, out = await world.play("flashcards", "\n3\n\nagain\n\n")
    assert not finished  # input ended on the third card, after its flip
    assert "(1/3) Data drift" in out and "Live data no longer looks like" in out
    assert "Rated good." in out and "Rated again." in out
    assert "Saved. `stepwise learn what-is-mlops --mode flashcards` resumes" in out
    row = await world.row("flashcards")
    assert row.done == ("drift", "deployment") and (row.right, row.wrong) == (1, 1)

    finished, out = await world.play("flashcards", "7\neasy\n")
    assert finished
    assert "(3/3) Monitoring" in out and "Enter flips" not in out  # left flipped: the meaning
    assert "Watching a live model's inputs" in out
    assert "Rate with 1 (again), 2 (hard), 3 (good) or 4 (easy)" in out  # "7" is no rating
    assert "Flashcards: all 3 done." in out
    assert (await world.row("flashcards")).right == 2


async def test_flashcard_ratings_feed_the_one_review_schedule(sandbox):
    world = World(sandbox, reviews=True)
    _, out = await world.play("flashcards", "\nagain\n\n4\nq\n")
    assert "Rated again: back for review Tue 4 Mar 2025 (tomorrow)." in out
    assert re.search(r"Rated easy: back for review \w{3} \d+ Mar 2025 \(in \d+ days\)\.", out)
    world.clock.advance(days=1)
    out = io.StringIO()
    console = Console(io.StringIO("\nx\n3\n"), out, interactive=False)
    assert await review_session(console, world.reviews, LEARNER) == 0
    text = out.getvalue()
    assert "Flashcard: Data drift" in text and "Meaning: Live data no longer looks like" in text
    assert "Answer with one of again/hard/good/easy" in text  # "x" is no rating
    assert "Next review of this card:" in text
    assert "Reviews done: 1 / 1 right." in text


async def test_predict_pick_or_type_then_the_real_output_and_why(world):
    finished, out = await world.play("predict", "3\nB\n")
    assert finished
    first, second = out.split("(2/2)")
    assert "print(len(stages))" in first
    assert "✗ Not quite: you typed '3'." in first
    assert "It prints:\n  | 2" in first and "Why: len counts the items" in first
    assert "✓ Right." in second and "  | monitor" in second
    row = await world.row("predict")
    assert (row.right, row.wrong) == (1, 1) and len(row.done) == 2


async def test_a_typed_right_output_counts_as_right(world):
    _, out = await world.play("predict", "  2  \nq\n")
    assert "✓ Right." in out
    assert (await world.row("predict")).right == 1


async def test_fix_checked_in_the_sandbox_with_the_steps_verdict(world):
    script = ":solution\n" + SWAPPED + "\n:hint\n:solution\n" + STAGES + "\n:bug\nq\n"
    finished, out = await world.play("fix", script)
    assert not finished
    assert "Try a fix first (or :hint, :bug); then :solution shows one." in out
    assert "A fix that passes:\n    mlops_steps = ['Data Preparation'" in out
    assert "(1/2) Fix the bug — step 2: List MLOps Steps" in out
    assert "✗ Not yet: 1 of 3 checks failed" in out  # the verdict words of a guided step
    assert "Not fixed yet" in out
    assert "Hint: Which stage needs to happen before" in out
    assert "✓ Passed" in out and "Fixed. The bug was: The first two stages are swapped" in out
    assert "(2/2) Fix the bug — step 1: Define MLOps" in out
    assert "The bug: The definition never says what MLOps manages" in out
    row = await world.row("fix")
    assert row.done == ("stages-out-of-order",) and (row.right, row.wrong) == (1, 1)

    finished, out = await world.play("fix", 'definition = "MLOps manages ML models."\n\n')
    assert finished and "(2/2)" in out and "(1/2)" not in out  # resumed at the second item
    assert "Fix the bug: all 2 done." in out


class BusyOnce:
    """The sandbox, refusing its first run as a full queue does (ExecutorBusy)."""

    def __init__(self, sandbox: SandboxExecutor) -> None:
        self.sandbox, self.refused = sandbox, False

    async def run(self, job):
        if not self.refused:
            self.refused = True
            raise ExecutorBusy("every sandbox runner is busy", retry_after=2.0)
        return await self.sandbox.run(job)


async def test_a_busy_code_runner_is_said_and_the_code_can_be_sent_again(sandbox):
    world = World(BusyOnce(sandbox))
    finished, out = await world.play("fix", STAGES + "\n" + STAGES + "\nq\n")
    assert "Every code runner is busy right now: try again in" in out and "Send it again." in out
    assert out.count("✓ Passed") == 1 and "Fixed. The bug was" in out
    assert not finished and (await world.row("fix")).wrong == 0  # the refusal counts for nothing


async def test_code_still_being_checked_elsewhere_is_said():
    out = io.StringIO()

    async def refused():
        raise EvaluationInProgress()

    assert await run_code(Console(io.StringIO(), out, interactive=False), refused()) is None
    assert "Still checking your last submission" in out.getvalue()


async def test_fill_worked_example_then_one_prompt_per_blank(world):
    script = ":answers\n'Data Cleaning'\n'Monitoring'\n'Data Preparation'\n:answers\n"
    script += "'Data Preparation'\n'Monitoring'\n:skip\n"
    finished, out = await world.play("fill", script)
    assert finished  # the second item skipped
    assert "Try the blanks once first; then :answers shows them." in out
    assert "The blanks: ___1___ = 'Data Preparation'   ___2___ = 'Monitoring'" in out
    assert 'colors = ["red", "green"]' in out and "← a list: square brackets" in out
    assert "mlops_steps = [___1___, 'Model Training', 'Model Deployment', ___2___]" in out
    assert out.count("Blank 1 of 2:") == 4 and "Blank 2 of 2:" in out
    assert "✗ Not yet" in out and "Not yet: fill the blanks again (or :answers, :skip)." in out
    assert "✓ Passed" in out
    assert "(2/2) Worked example, then step 3" in out
    row = await world.row("fill")
    assert row.done == ("list-the-stages",) and (row.right, row.wrong) == (1, 1)
    assert "Worked example, then fill the blanks: all 2 done." in out


async def test_cheatsheet_is_markdown_and_done(world):
    finished, out = await world.play("cheatsheet", "")
    assert finished
    assert "# What is MLOps: cheat sheet" in out and "```py" in out
    assert "- Skipping monitoring" in out
    assert (await world.row("cheatsheet")).done == ("sheet",)


async def test_scenario_decisions_consequences_and_debrief(world):
    finished, out = await world.play("scenario", "B\nB\n")
    assert finished
    assert "Case 1 of 1: Accuracy dropped on Monday" in out
    assert "Decision 1 of 2: What do you check first?" in out
    assert "✗ The new model is just as bad." in out
    assert "The best move: A. Whether the input data changed" in out
    assert "Look at the data before changing the model." in out
    assert "✓ The next change is caught." in out
    assert "Debrief: Data first, then the model" in out
    row = await world.row("scenario")
    assert row.done == ("accuracy-dropped.1", "accuracy-dropped.2")
    assert (row.right, row.wrong) == (1, 1)


async def test_leaving_a_case_mid_way_resumes_at_the_decision_with_the_situation(world):
    _, out = await world.play("scenario", "A\nq\n")
    assert "Saved." in out
    _, out = await world.play("scenario", "B\n")
    assert "Your model's accuracy fell 9 points" in out  # the situation again, for context
    assert "Decision 2 of 2" in out and "Decision 1 of 2" not in out


async def test_steps_are_the_guided_steps_and_their_row_follows_the_engine(world):
    script = 'definition = "   "\n\n' + 'definition = "MLOps manages ML models."\n\nq\n'
    finished, out = await world.play("steps", script)
    assert not finished
    assert "Scenario:" not in out  # the card already said it
    assert "Step 1 of 4: Define MLOps" in out and "✗ definition only contains spaces" in out
    assert "✓ Passed" in out and "Step 2 of 4" in out and "Progress saved" in out
    steps = next(
        x for x in await world.desk.lines(LEARNER, world.lesson.id) if x.mode.id == "steps"
    )
    assert (steps.done, steps.total) == (1, 4) and steps.wrong >= 1


async def test_practice_answers_count_on_the_practice_line(world):
    _, out = await world.play("practice", "A\nB\nq\n")
    assert "(1/10)" in out and "(2/10)" in out and "(3/10)" in out
    assert "Practice done: " in out and " / 2 correct." in out
    practice = next(
        x for x in await world.desk.lines(LEARNER, world.lesson.id) if x.mode.id == "practice"
    )
    assert practice.done == 2 and practice.right + practice.wrong == 2


async def test_the_menu_shows_the_card_the_ten_modes_and_the_two_ways_in(world):
    out = io.StringIO()
    console = Console(io.StringIO("zz\n9\n\nq\n"), out, interactive=False)
    assert await front_door(Room(console, world.engine, world.desk, LEARNER), world.lesson.id) == 0
    text = out.getvalue()
    assert "Scenario:" in text and "Goal:" in text and "What you'll learn:" in text
    assert "Why this matters:" in text and "Progress 0 / 4 steps" in text
    assert "Choose your learning style — 10 modes available" in text
    for number, title in enumerate(
        ("Guided steps", "Concepts first", "Flashcards", "Practice", "Test this pattern",
         "Predict the output", "Fix the bug", "Worked example, then fill the blanks",
         "Cheat sheet", "Real-world case"), start=1,
    ):  # fmt: skip
        assert re.search(rf"^ +{number}\. {title} — \S", text, re.MULTILINE), title
    assert "j. Jump into concepts and practice — no test required" in text
    assert "t. Test this pattern — recommended" in text
    assert "'zz' is not on the menu." in text
    assert "# What is MLOps: cheat sheet" in text
    assert "Back at the menu. Cheat sheet: 1 / 1 done · Type a number" in text
    assert "See you soon" in text
    card = await world.desk.card(LEARNER, world.lesson.id)
    assert [line.mode.id for line in card.lines] == ["cheatsheet"]


async def test_a_lesson_without_mode_content_says_so_and_stays_at_the_menu(world):
    bare = dataclasses.replace(world.lesson, modes=ModeContent())
    world.engine.replace_catalog(Catalog((bare,)))
    out = io.StringIO()
    console = Console(io.StringIO("2\n6\nq\n"), out, interactive=False)
    await front_door(Room(console, world.engine, world.desk, LEARNER), bare.id)
    text = out.getvalue()
    menu = re.findall(r"^ +(\d+)\. .*$", text, re.MULTILINE)
    lacking = re.findall(r"^ +(\d+)\. .*\(not in this lesson yet\)$", text, re.MULTILINE)
    assert len(menu) == 10 and lacking == ["2", "3", "6", "7", "8", "9", "10"]
    assert "'What is MLOps' has no Concepts first yet; choose another mode." in text
    assert "'What is MLOps' has no Predict the output yet; choose another mode." in text
    assert "See you soon" in text
    assert await world.store.modes(LEARNER, bare.id) == []


async def test_jump_in_goes_through_the_concepts_and_on_to_practice(world):
    out = io.StringIO()
    console = Console(io.StringIO("j\nA\nA\nA\nq\nq\n"), out, interactive=False)
    await front_door(Room(console, world.engine, world.desk, LEARNER), world.lesson.id)
    text = out.getvalue()
    concepts, practice = text.split("On to practice.")
    assert "(1/2)" in concepts and "(2/2)" in concepts and "Concepts first: all 2 done." in concepts
    assert "Practice: What is MLOps — 10 questions." in practice and "(2/10)" in practice
    card = await world.desk.card(LEARNER, world.lesson.id)
    lines = {line.mode.id: line for line in card.lines}
    assert (lines["concepts"].done, lines["concepts"].right, lines["concepts"].wrong) == (2, 1, 1)
    assert lines["practice"].done == 1
