"""/progress and /daily stats attach pictures with alt text; the facts are also in words."""

from __future__ import annotations

import io

from PIL import Image

from . import daily_support
from .actions import wrong_shown_letter
from .daily_support import ClockedRunner, daily_posts, setup_daily
from .fake_discord import FakeDiscord

clock = daily_support.clock  # fixtures
quiz_bot = daily_support.quiz_bot


def attachment_descriptions(fake: FakeDiscord, filename: str) -> list[str]:
    return [
        a.get("description") or ""
        for r in fake.requests
        for body in r.payloads()
        for a in (body.get("attachments") or [])
        if a.get("filename") == filename
    ]


def png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.size


async def test_progress_attaches_a_card_whose_alt_text_matches_the_message(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    ana = fake.members[0]
    asked = await (await fake.slash("quiz practice", {"lesson": "what-is-mlops"}, ana)).reply()
    lesson = quiz_bot.services.catalog.get("what-is-mlops")
    question = next(q for q in lesson.questions if q.prompt[:40] in asked.text())
    wrong = wrong_shown_letter(asked, question)  # options are shuffled per delivery
    await (await fake.click_button(asked, asked.custom_id(wrong), ana)).reply()

    reply = await (await fake.slash("progress", user=ana)).reply()
    assert reply.ephemeral
    assert png_size(reply.files["progress.png"]) == (800, 450)
    text = reply.text()
    assert "The card in words" in text
    assert "Quiz accuracy over the last 30 days: 0% (0 of 1 right, on 1 day)." in text
    assert "Streak: 1 day. Reviews due: 0." in text
    (alt,) = attachment_descriptions(fake, "progress.png")
    assert alt.startswith(f"Progress card for {ana.name}") and "Reviews due: 0." in alt
    assert reply.embeds[0]["image"]["url"] == "attachment://progress.png"


async def test_daily_stats_attach_a_chart_of_answers_per_option(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    await setup_daily(fake)
    await (await fake.slash("daily post-now")).reply()
    post = daily_posts(fake)[-1]
    for member, letter in zip(fake.members, ("A", "B"), strict=True):
        await (await fake.click_button(post, post.custom_id(letter), member)).reply()
    stats = await (await fake.slash("daily stats")).reply()
    assert png_size(stats.files["daily-stats.png"]) == (800, 450)
    assert "The chart in words" in stats.text() and "2 answers" in stats.text()
    assert "A 1" in stats.text() and "B 1" in stats.text()
    (alt,) = attachment_descriptions(fake, "daily-stats.png")
    assert "Answers per option: A 1" in alt and "Correct rate on recent quiz days" in alt
