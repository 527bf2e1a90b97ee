"""Pictures attached to replies: the progress card and the daily-stats chart, each with its
alt text on the attachment and the same facts in the message for everyone to read."""

from __future__ import annotations

import dataclasses

from bot.core.pictures import daily_alt, progress_alt
from bot.core.ports import DailyStatsFacts, PictureRenderer, ProgressFacts
from bot.discord_app.render import CONTENT_LIMIT, FIELD_LIMIT, Attachment, Reply, clip

PROGRESS_FILE = "progress.png"
DAILY_FILE = "daily-stats.png"
ALT_LIMIT = 1024  # Discord's limit for an attachment's description


def _with_picture(reply: Reply, filename: str, png: bytes, alt: str, heading: str) -> Reply:
    embeds, content = list(reply.embeds), reply.content
    if embeds:
        first = embeds[0].copy()
        first.add_field(name=heading, value=clip(alt, FIELD_LIMIT), inline=False)
        first.set_image(url=f"attachment://{filename}")
        embeds[0] = first
    else:
        content = clip(f"{content}\n\n**{heading}**\n{alt}".strip(), CONTENT_LIMIT)
    files = (*reply.files, Attachment(filename, png, clip(alt, ALT_LIMIT)))
    return dataclasses.replace(reply, content=content, embeds=tuple(embeds), files=files)


async def with_progress_card(
    reply: Reply, pictures: PictureRenderer | None, facts: ProgressFacts
) -> Reply:
    if pictures is None:
        return reply
    png = await pictures.progress_card(facts)
    return _with_picture(reply, PROGRESS_FILE, png, progress_alt(facts), "The card in words")


async def with_daily_chart(
    reply: Reply, pictures: PictureRenderer | None, facts: DailyStatsFacts
) -> Reply:
    if pictures is None:
        return reply
    png = await pictures.daily_chart(facts)
    return _with_picture(reply, DAILY_FILE, png, daily_alt(facts), "The chart in words")
