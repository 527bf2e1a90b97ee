"""`stepwise review`: due cards in the terminal, in-process with a moved clock, and the real
command in a subprocess."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from bot.app import wire_reviews
from bot.cli.console import Console
from bot.cli.review_cmd import review_session
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

from .runner import LESSON, stepwise


def session_world():
    lesson = make_lesson(
        questions=(make_question("q1", correct=0, pinned=True), make_question("q2", pinned=True))
    )
    engine, _, _, clock = build_engine(lesson)
    desk = wire_reviews(engine, MemoryReviewStore(), clock)
    return engine, desk, clock


def console(text: str) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(io.StringIO(text), out, interactive=False), out


async def test_due_cards_are_served_with_the_explanation_and_the_next_date():
    engine, desk, clock = session_world()
    await engine.answer("local:a", "demo", "q1", choice=1)
    await engine.answer("local:a", "demo", "q2", choice=2)
    await engine.solution("local:a", "demo", give_up=True)  # step 1 becomes a card too
    clock.advance(days=1)
    term, out = console("Z\n:hint\nA\nB\n" + PASSING + "\n\n")
    assert await review_session(term, desk, "local:a") == 0
    text = out.getvalue()
    assert "Review: 3 reviews due, ~2 min." in text
    assert "Answer with a letter A–D" in text and "Hint: q1 hint" in text
    assert "✓ Correct: A. q1 option 0" in text
    assert "✗ Not quite. You chose B; the answer is A. q2 option 0" in text
    assert "q2 step one" in text
    assert "Next review of this card: Fri 7 Mar 2025 (in 3 days)." in text  # Hard after hint
    assert "Next review of this card: Wed 5 Mar 2025 (tomorrow)." in text  # Again
    assert "Step 1: Step 1" in text and "✓ Passed" in text
    assert "Reviews done: 2 / 3 right." in text
    assert "Nothing to review right now. Next card due Wed 5 Mar 2025 (tomorrow)." in text


async def test_quitting_keeps_the_rest_due():
    engine, desk, clock = session_world()
    await engine.answer("local:a", "demo", "q1", choice=1)
    clock.advance(days=2)
    term, _ = console(":quit\n")
    assert await review_session(term, desk, "local:a") == 0
    assert (await desk.summary("local:a")).due == 1


async def test_nothing_at_all_explains_where_cards_come_from():
    _, desk, _ = session_world()
    term, out = console("")
    await review_session(term, desk, "local:a")
    assert "No review cards yet" in out.getvalue()


def test_the_command_counts_due_cards_as_json(tmp_path):
    # Options are shuffled per delivery: always "A" is right on some and wrong on others.
    practised = stepwise(tmp_path, "practice", LESSON, "--count", "4", stdin="A\nA\nA\nA\n")
    misses = practised.stdout.count("✗")
    assert misses >= 1, practised.stdout
    done = stepwise(tmp_path, "review", "--due", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert (document["due"], document["cards"]) == (0, misses)
    next_due = datetime.fromisoformat(document["next_due"])
    assert timedelta(hours=23) < next_due - datetime.now(UTC) <= timedelta(days=1)
    told = stepwise(tmp_path, "review", stdin="")
    assert told.returncode == 0, told.stderr
    assert "Nothing to review right now. Next card due" in told.stdout
    assert "(tomorrow)" in told.stdout
