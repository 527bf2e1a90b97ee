"""The review desk case by case: which step and flashcard ratings make or reschedule a card,
replayed answers counted once, cards of removed content never served, what an answer to a
card is graded and stored as, and the learner's review data exported and forgotten.

Each test builds its own lesson, stores, clock and desk (a stepped clock, in-memory stores)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import wire_reviews
from bot.core.content import Flashcard
from bot.core.content.mode_models import ModeContent
from bot.core.ports import Answer, InvalidChoice, StepState
from bot.core.reviews import (
    DueQuestion,
    DueStep,
    Grade,
    NothingDue,
    ReviewDesk,
    ReviewSummary,
    UnknownCard,
    new_card,
)
from bot.storage.memory_reviews import MemoryReviewStore
from tests.unit.helpers import PASSING, build_engine, make_lesson, make_question

LEARNER = "local:a"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # SteppingClock's start
GONE = "That review card no longer exists; run the review again."


def desk_with(*, flashcards=(), steps=3):
    """An engine over one lesson 'demo' (questions q1, q2 with A right), its review store and
    clock, and a desk wired to the engine."""
    questions = (make_question("q1", correct=0, pinned=True), make_question("q2", pinned=True))
    lesson = make_lesson(steps=steps, questions=questions)
    if flashcards:
        lesson = dataclasses.replace(lesson, modes=ModeContent(flashcards=tuple(flashcards)))
    engine, _, _, clock = build_engine(lesson)
    store = MemoryReviewStore()
    desk = wire_reviews(engine, store, clock)
    return engine, desk, store, clock


# --------------------------------------------------------------------------- making cards


async def test_a_replayed_answer_is_counted_once():
    _engine, desk, store, _ = desk_with()
    miss = Answer(LEARNER, "demo", "q1", 2, False, "practice", T0)
    first = await desk.note_answer(miss)
    again = await desk.note_answer(miss)  # the same answer, heard twice
    assert again == first and again.reviews == 1
    assert [e.rating for e in await store.events(LEARNER)] == [Grade.AGAIN]


async def test_a_revealed_solution_or_giving_up_alone_makes_an_again_step_card():
    _, desk, store, _ = desk_with()
    revealed = await desk.note_step(LEARNER, "demo", 1, StepState(solution_revealed=True), T0)
    gave_up = await desk.note_step(LEARNER, "demo", 2, StepState(gave_up=True), T0)
    easy = await desk.note_step(LEARNER, "demo", 3, StepState(failed_attempts=2), T0)
    assert easy is None
    assert (revealed.key, revealed.source, revealed.due) == (
        "step:demo:1",
        "step",
        T0 + timedelta(days=1),
    )
    assert (gave_up.key, gave_up.source) == ("step:demo:2", "step")
    ratings = [(e.card_key, e.rating) for e in await store.events(LEARNER)]
    assert ratings == [("step:demo:1", Grade.AGAIN), ("step:demo:2", Grade.AGAIN)]


async def test_a_step_finished_hard_again_reschedules_its_one_card():
    _, desk, store, _ = desk_with()
    hard = StepState(failed_attempts=3)
    await desk.note_step(LEARNER, "demo", 2, hard, T0)
    later = T0 + timedelta(days=3)
    card = await desk.note_step(LEARNER, "demo", 2, hard, later)
    assert card.reviews == 2 and card.created_at == T0 and card.last_review == later
    (stored,) = await store.cards(LEARNER)
    assert stored == card and stored.source == "step"


async def test_every_flashcard_rating_schedules_one_card_and_keeps_its_history():
    _, desk, store, _ = desk_with(flashcards=(Flashcard("f1", "idempotent", "same result"),))
    first = await desk.note_flashcard(LEARNER, "demo", "f1", Grade.GOOD, T0)
    assert (first.key, first.kind, first.source) == ("flashcard:demo:f1", "flashcard", "flashcards")
    later = T0 + timedelta(days=5)
    second = await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, later)
    assert second.reviews == 2 and second.created_at == T0 and second.last_review == later
    assert await store.cards(LEARNER) == [second]
    events = await store.events(LEARNER)
    assert [(e.card_key, e.rating, e.at) for e in events] == [
        ("flashcard:demo:f1", Grade.GOOD, T0),
        ("flashcard:demo:f1", Grade.AGAIN, later),
    ]
    assert events[-1].next_due == second.due


async def test_a_replayed_flashcard_rating_is_counted_once():
    _, desk, store, _ = desk_with(flashcards=(Flashcard("f1", "idempotent", "same result"),))
    first = await desk.note_flashcard(LEARNER, "demo", "f1", Grade.HARD, T0)
    replay = await desk.note_flashcard(LEARNER, "demo", "f1", Grade.HARD, T0)
    assert replay == first and replay.reviews == 1
    assert len(await store.events(LEARNER)) == 1


# --------------------------------------------------------------------------- serving cards


async def test_cards_of_a_removed_lesson_or_step_are_not_served_or_counted():
    _, desk, store, clock = desk_with(steps=3)
    for card in (
        new_card(LEARNER, "question", "gone", "q1", "practice", T0),  # lesson removed
        new_card(LEARNER, "step", "demo", "4", "step", T0),  # past the last step
        new_card(LEARNER, "step", "demo", "0", "step", T0),
    ):
        await store.save_card(card)
    clock.advance(days=1)
    assert await desk.summary(LEARNER) == ReviewSummary(due=0, total=0, next_due=None)
    assert await desk.next_due(LEARNER) == NothingDue(next_due=None, cards=0)
    with pytest.raises(UnknownCard, match=f"^{GONE}$"):
        await desk.answer(LEARNER, "question:gone:q1", 0)


async def test_the_last_step_of_a_lesson_is_served():
    _, desk, store, _clock = desk_with(steps=3)
    await store.save_card(new_card(LEARNER, "step", "demo", "3", "step", T0))
    due = await desk.next_due(LEARNER)
    assert isinstance(due, DueStep)
    assert (due.step_number, due.step.title, due.card.key, due.remaining) == (
        3,
        "Step 3",
        "step:demo:3",
        1,
    )


async def test_the_summary_counts_a_card_due_this_instant_as_due_not_later():
    _, desk, store, _clock = desk_with()
    await store.save_card(new_card(LEARNER, "question", "demo", "q1", "practice", T0))
    await store.save_card(
        new_card(LEARNER, "question", "demo", "q2", "practice", T0 + timedelta(days=2))
    )
    assert await desk.summary(LEARNER) == ReviewSummary(1, 2, T0 + timedelta(days=2))


async def test_a_surface_is_served_only_the_kinds_it_can_show():
    engine, desk, _, clock = desk_with()
    await engine.solution(LEARNER, "demo", give_up=True)  # a step card
    clock.advance(days=1)
    shown = await desk.next_due(LEARNER, kinds=("question",))
    assert isinstance(shown, NothingDue) and shown.cards == 1
    assert isinstance(await desk.next_due(LEARNER, kinds=("step",)), DueStep)


async def test_a_due_question_carries_its_card():
    engine, desk, _, clock = desk_with()
    await engine.answer(LEARNER, "demo", "q2", choice=3)
    clock.advance(days=1)
    due = await desk.next_due(LEARNER)
    assert isinstance(due, DueQuestion)
    assert (due.card.key, due.card.source, due.question.id) == (
        "question:demo:q2",
        "practice",
        "q2",
    )


# --------------------------------------------------------------------------- answering cards


async def test_an_unknown_card_says_it_no_longer_exists():
    _, desk, _, _ = desk_with()
    with pytest.raises(UnknownCard) as caught:
        await desk.answer(LEARNER, "question:demo:q1", 0)
    assert str(caught.value) == GONE


async def test_a_flashcard_cannot_be_answered_as_a_question_even_with_a_question_id():
    _, desk, store, _ = desk_with(flashcards=(Flashcard("q1", "q1", "a flashcard named q1"),))
    await desk.note_flashcard(LEARNER, "demo", "q1", Grade.AGAIN, T0)
    with pytest.raises(UnknownCard):
        await desk.answer(LEARNER, "flashcard:demo:q1", 0)
    assert len(await store.events(LEARNER)) == 1  # nothing rated


async def test_a_choice_past_the_last_option_is_refused_and_nothing_is_stored():
    engine, desk, store, clock = desk_with()
    await engine.answer(LEARNER, "demo", "q1", choice=2)
    clock.advance(days=1)
    with pytest.raises(InvalidChoice) as caught:
        await desk.answer(LEARNER, "question:demo:q1", 4)
    assert (caught.value.choice, caught.value.options) == (4, 4)
    assert str(caught.value) == "Choose one of the 4 options (A–D)."
    assert len(await store.events(LEARNER)) == 1


async def test_a_hinted_right_answer_is_hard_and_a_fast_one_easy():
    engine, desk, store, clock = desk_with()
    await engine.answer(LEARNER, "demo", "q1", choice=2)
    await engine.answer(LEARNER, "demo", "q2", choice=2)
    clock.advance(days=1)
    hinted = await desk.answer(LEARNER, "question:demo:q1", 0, hinted=True)
    fast = await desk.answer(LEARNER, "question:demo:q2", 0, seconds=3)
    assert (hinted.rating, hinted.correct, hinted.remaining) == (Grade.HARD, True, 1)
    assert (fast.rating, fast.correct, fast.remaining) == (Grade.EASY, True, 0)
    assert (hinted.lesson.id, hinted.question.id, hinted.choice) == ("demo", "q1", 0)
    assert fast.lesson.title == "Lesson demo"
    ratings = [e.rating for e in await store.events(LEARNER)]
    assert ratings == [Grade.AGAIN, Grade.AGAIN, Grade.HARD, Grade.EASY]


async def test_a_step_card_is_checked_as_the_learner_and_a_fast_pass_is_easy():
    engine, _, _, clock = desk_with()
    checked = []

    async def check(learner, lesson_id, number, code):
        checked.append((learner, lesson_id, number, code))
        return await engine.check_step(learner, lesson_id, number, code)

    store = MemoryReviewStore()
    desk = ReviewDesk(engine, store, clock, check_step=check)
    await desk.note_step(LEARNER, "demo", 2, StepState(gave_up=True), T0)
    clock.advance(days=1)
    result, run = await desk.answer_step(LEARNER, "step:demo:2", PASSING, seconds=3)
    assert checked == [(LEARNER, "demo", 2, PASSING)]
    assert run.passed and result.correct is True and result.rating == Grade.EASY
    assert (result.lesson.id, result.question, result.choice) == ("demo", None, None)
    (stored,) = await store.cards(LEARNER)
    assert stored == result.card and stored.state == 2  # fsrs Review after its first pass


async def test_only_step_cards_are_checked_and_only_with_a_checker():
    engine, desk, store, clock = desk_with()
    await engine.answer(LEARNER, "demo", "q1", choice=2)
    clock.advance(days=1)
    with pytest.raises(UnknownCard):
        await desk.answer_step(LEARNER, "question:demo:q1", PASSING)

    no_checker = ReviewDesk(engine, store, clock)
    await store.save_card(new_card(LEARNER, "step", "demo", "1", "step", T0))
    with pytest.raises(UnknownCard):
        await no_checker.answer_step(LEARNER, "step:demo:1", PASSING)


async def test_a_flashcard_rated_by_the_learner_returns_its_lesson():
    _, desk, _store, clock = desk_with(flashcards=(Flashcard("f1", "idempotent", "same result"),))
    await desk.note_flashcard(LEARNER, "demo", "f1", Grade.AGAIN, T0)
    clock.advance(days=1)
    result = await desk.rate_flashcard(LEARNER, "flashcard:demo:f1", Grade.GOOD)
    assert (result.lesson.id, result.correct, result.rating) == ("demo", True, Grade.GOOD)
    missed = await desk.rate_flashcard(LEARNER, "flashcard:demo:f1", Grade.AGAIN)
    assert missed.correct is False


# --------------------------------------------------------------------------- the learner's data


async def test_a_learners_review_data_is_exported_and_forgotten():
    engine, desk, store, _ = desk_with()
    await engine.answer(LEARNER, "demo", "q1", choice=2)
    await engine.answer("local:b", "demo", "q1", choice=2)
    exported = await desk.export(LEARNER)
    assert "question:demo:q1" in repr(exported)
    await desk.forget(LEARNER)
    assert await store.cards(LEARNER) == [] and await store.events(LEARNER) == []
    assert len(await store.cards("local:b")) == 1
