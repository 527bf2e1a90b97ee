"""`stepwise review` serves flashcards rated in the flashcards mode: the term, Enter flips
to the meaning, the learner rates it (a wrong word is asked again)."""

from __future__ import annotations

import io

from bot.cli.console import Console
from bot.cli.review_cmd import rating_of, review_session
from bot.core.reviews import Grade
from tests.unit.modes.conftest import Setup

L = "local:a"


def console(text: str) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(io.StringIO(text), out, interactive=False), out


async def test_a_flashcard_rated_again_comes_back_and_is_rated_in_the_terminal(setup: Setup):
    await setup.desk.rate(L, "demo", "card2", "again")
    setup.clock.advance(days=1)
    term, out = console("\nmaybe\ng\n")
    assert await review_session(term, setup.reviews, L) == 0
    text = out.getvalue()
    assert "Flashcard: term 2" in text and "Meaning: meaning 2" in text
    assert "Answer with one of again/hard/good/easy" in text  # "maybe" asked again
    assert "Reviews done: 1 / 1 right." in text
    cards = await setup.reviews.store.cards(L)
    assert [(c.kind, c.item, c.reviews) for c in cards] == [("flashcard", "card2", 2)]


def test_ratings_are_read_from_words_or_first_letters():
    assert [rating_of(t) for t in ("again", "H", " good ", "e", "", "x", "goo")] == [
        Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY, None, None, None,
    ]  # fmt: skip
