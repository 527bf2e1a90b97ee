"""A learner downloads, then erases, everything stored about them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.ports import ModeEvent, ModeProgress

from .actions import LESSON, start_lesson

T0 = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


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
    modes = services.mode_store  # a learning mode visited: one row, one answered item
    row = ModeProgress(learner, LESSON, "predict", 1, ("count-stages",), 0, 1, T0, T0)
    await modes.save_mode(row, ModeEvent(learner, LESSON, "predict", "count-stages", False, T0))

    exported = await (await fake.slash("mydata export", user=ana)).reply()
    assert exported.ephemeral
    document = json.loads(exported.files["stepwise-data.json"])
    assert document["learner"]["id"] == learner
    assert [p["lesson_id"] for p in document["progress"]] == [LESSON]
    assert document["daily_answers"] == []  # the daily quiz store is part of the export
    card = f"question:{LESSON}:{question.id}"
    assert [c["card"] for c in document["review_cards"]] == [card]
    assert [e["card"] for e in document["review_history"]] == [card]
    assert [(m["mode"], m["done"], m["wrong"]) for m in document["modes"]] == [
        ("predict", ["count-stages"], 1)
    ]
    assert [(e["item"], e["correct"]) for e in document["mode_events"]] == [("count-stages", False)]

    refused = await (await fake.slash("mydata delete", user=ana)).reply()
    assert "confirm: True" in refused.text()
    assert await services.store.get_progress(learner, LESSON) is not None

    done = await (await fake.slash("mydata delete", {"confirm": True}, user=ana)).reply()
    assert done.ephemeral and "erased" in done.text()
    assert await services.store.get_progress(learner, LESSON) is None
    assert (await services.store.export_learner(learner))["learner"] is None
    assert (await services.reviews.export(learner))["review_cards"] == []
    assert await modes.export_modes(learner) == {"modes": [], "mode_events": []}
