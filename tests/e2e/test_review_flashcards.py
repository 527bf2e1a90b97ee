"""/review serves flashcards rated in the flashcards mode: the term, the meaning behind a
spoiler (revealing it is the flip), and Again / Hard / Good / Easy buttons that reschedule
the card in the one review scheduler, surviving a restart."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.reviews import Grade

from .conftest import BotRunner, e2e_settings
from .fake_discord import FakeDiscord

TINY = Path(__file__).resolve().parents[1] / "cli" / "modes_content" / "tiny-modes.yaml"


async def test_a_due_flashcard_is_revealed_and_rated_with_buttons(fake: FakeDiscord, tmp_path):
    lessons = tmp_path / "content" / "lessons"
    lessons.mkdir(parents=True)
    shutil.copy(TINY, lessons / TINY.name)
    runner = BotRunner(fake, e2e_settings(fake, tmp_path, STEPWISE_CONTENT=str(lessons.parent)))
    await runner.start()
    try:
        ana, ben = fake.members
        learner = f"discord:{ana.id}"
        reviews = runner.services.reviews
        await runner.services.engine.store.ensure_learner(learner)
        rated_before = datetime.now(UTC) - timedelta(days=3)  # rated Again three days ago
        await reviews.note_flashcard(learner, "tiny-modes", "list", Grade.AGAIN, rated_before)

        await runner.restart()  # the buttons are routed by custom_id, not kept in memory
        reviews = runner.services.reviews
        card = await (await fake.slash("review", {}, ana)).reply()
        assert "**List**" in card.text()
        assert "||Values in a row, in the order you put them.||" in card.text()
        assert card.labels() == ["Again", "Hard", "Good", "Easy"]

        nobody = await (await fake.click_button(card, card.custom_id("Good"), ben)).reply()
        assert "no longer exists" in nobody.text()  # ben has no such card; ana's is untouched
        (untouched,) = await reviews.store.cards(learner)
        assert untouched.reviews == 1

        click = await fake.click_button(card, card.custom_id("Good"), ana)
        assert (await click.response())["type"] == 7  # the card's message becomes the result
        await fake.wait_until(lambda: "Rated Good" in card.text(), 10, "the rating")
        assert "Next review of this card" in card.text() and "All caught up" in card.text()
        (stored,) = await reviews.store.cards(learner)
        assert (stored.kind, stored.item, stored.reviews) == ("flashcard", "list", 2)
        assert stored.due > datetime.now(UTC) + timedelta(days=1)
    finally:
        await runner.stop()
