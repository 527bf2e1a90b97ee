"""What a learner sees while the sandbox is busy: "queued — N ahead of you" in the deferred
reply (later edited into the verdict), and a refusal that keeps the code for Retry.

The refusal shows the learner's code in its embed; the Retry button reads it back from
the message it sits on, so it still works after a restart and nothing is stored for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import discord

from bot.core.ports import QueueNotice, about
from bot.discord_app.escape import from_code
from bot.discord_app.render import COLOUR_INFO, DESCRIPTION_LIMIT, Reply, code_block
from bot.discord_app.replies import send

log = logging.getLogger(__name__)

KEPT_TITLE = "Your code (not checked yet)"
FENCE = "```py\n"


def queued_reply(notice: QueueNotice) -> Reply:
    runs = "run" if notice.ahead == 1 else "runs"
    return Reply(
        content=f"⏳ Queued — {notice.ahead} {runs} ahead of you ({about(notice.wait)}). "
        "Your verdict will replace this message."
    )


def busy_text(retry_after: float | None) -> str:
    when = about(retry_after) if retry_after is not None else "a moment"
    return f"Every code runner is busy right now: try again in {when}."


def kept_embed(code: str) -> discord.Embed | None:
    """The code in an embed Retry can read back exactly, or None if it would not fit."""
    block = code_block(code, DESCRIPTION_LIMIT, "py")
    embed = discord.Embed(title=KEPT_TITLE, description=block, colour=COLOUR_INFO)
    return embed if unfence(block) == code else None


def unfence(block: str) -> str | None:
    if not (block.startswith(FENCE) and block.endswith("\n```")):
        return None
    return from_code(block[len(FENCE) : -4])


def busy_reply(retry_after: float | None, code: str) -> tuple[Reply, bool]:
    """The refusal, and whether it carries the code (then it gets a Retry button)."""
    embed = kept_embed(code)
    if embed is None:
        text = f"{busy_text(retry_after)} Your code is kept in the Submit code box."
        return Reply(content=text), False
    text = f"{busy_text(retry_after)} Press **Retry** to submit the same code again."
    return Reply(content=text, embeds=(embed,)), True


def kept_code(message: discord.Message | None) -> str | None:
    """The code a refusal kept, read back from the message its Retry button sits on."""
    for embed in message.embeds if message is not None else ():
        if embed.title == KEPT_TITLE and embed.description:
            return unfence(embed.description)
    return None


class QueuedNotices:
    """A queue listener that shows the queued notice once, through `show` (an interaction's
    deferred reply is edited into it; in a DM it is a message of its own); `settled()`
    waits for it so the verdict always lands after it."""

    def __init__(self, show: Callable[[Reply], Awaitable[object]]) -> None:
        self.show = show
        self.task: asyncio.Task[None] | None = None

    @classmethod
    def for_interaction(cls, interaction: discord.Interaction) -> QueuedNotices:
        return cls(lambda reply: send(interaction, reply))

    def __call__(self, notice: QueueNotice) -> None:
        if self.task is None:
            self.task = asyncio.create_task(self._edit(notice))

    async def _edit(self, notice: QueueNotice) -> None:
        try:
            await self.show(queued_reply(notice))
        except discord.HTTPException as error:  # the verdict still follows
            log.warning("could not show the queued notice: %s", error)

    async def settled(self) -> None:
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
