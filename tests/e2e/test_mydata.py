"""A learner downloads, then erases, everything stored about them."""

from __future__ import annotations

import json

from .actions import LESSON, start_lesson


async def test_export_then_delete_my_data(fake, runner, services):
    ana = fake.members[0]
    learner = f"discord:{ana.id}"
    await start_lesson(fake, ana)
    assert await services.store.get_progress(learner, LESSON) is not None
    question = services.catalog.get(LESSON).questions[0]
    for shown in range(len(question.options)):  # options are shuffled per delivery
        feedback = await services.engine.answer(learner, LESSON, question.id, shown)
        if not feedback.correct:  # a miss makes a review card
            break

    exported = await (await fake.slash("mydata export", user=ana)).reply()
    assert exported.ephemeral
    document = json.loads(exported.files["stepwise-data.json"])
    assert document["learner"]["id"] == learner
    assert [p["lesson_id"] for p in document["progress"]] == [LESSON]
    assert document["daily_answers"] == []  # the daily quiz store is part of the export
    card = f"question:{LESSON}:{question.id}"
    assert [c["card"] for c in document["review_cards"]] == [card]
    assert [e["card"] for e in document["review_history"]] == [card]

    refused = await (await fake.slash("mydata delete", user=ana)).reply()
    assert "confirm: True" in refused.text()
    assert await services.store.get_progress(learner, LESSON) is not None

    done = await (await fake.slash("mydata delete", {"confirm": True}, user=ana)).reply()
    assert done.ephemeral and "erased" in done.text()
    assert await services.store.get_progress(learner, LESSON) is None
    assert (await services.store.export_learner(learner))["learner"] is None
    assert (await services.reviews.export(learner))["review_cards"] == []
