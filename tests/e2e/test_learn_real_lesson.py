"""The shipped what-is-mlops lesson through /learn: every mode opens from the card with its
own content, and its fix and fill items pass the real checks when solved as written."""

from __future__ import annotations

from .fake_discord import FakeDiscord
from .learn_support import LESSON, choose, click, open_card

TITLES = {
    "concepts": "Concepts first",
    "flashcards": "Flashcards",
    "predict": "Predict the output",
    "fix": "Fix the bug",
    "fill": "Worked example",
    "cheatsheet": "Cheat sheet",
    "scenario": "Real-world case",
    "steps": "Step 1",
    "practice": "Practice",
    "test": "question 1 of 10",
}


async def test_every_mode_of_the_shipped_lesson_opens(fake: FakeDiscord, runner, services):
    card = await open_card(fake)
    for mode, title in TITLES.items():
        opened = await (await choose(fake, card, mode)).reply()
        assert title in opened.text(), (mode, opened.text()[:200])
    rows = await services.mode_store.modes(f"discord:{fake.member.id}", LESSON)
    assert {row.mode for row in rows} == set(TITLES)


async def test_its_fix_and_fill_items_pass_when_solved(fake: FakeDiscord, runner, services):
    modes = services.catalog.get(LESSON).modes
    fix = await (await choose(fake, await open_card(fake), "fix")).reply()
    box = await click(fake, fix, "Fix the code")
    assert (await box.response())["type"] == 9
    verdict = await (await fake.submit_modal(box, modes.fix[0].fixed)).reply()
    assert "checks pass" in verdict.text(), verdict.text()

    fill = await (await choose(fake, await open_card(fake), "fill")).reply()
    box = await click(fake, fill, "Fill the blanks")
    assert (await box.response())["type"] == 9
    answers = {f"b{n}": a for n, a in enumerate(modes.fill[0].answers, start=1)}
    verdict = await (await fake.submit_modal(box, answers)).reply()
    assert "checks pass" in verdict.text(), verdict.text()
