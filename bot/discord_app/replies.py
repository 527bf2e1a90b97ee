"""Sending a `Reply` to an interaction or a channel, always with mentions disabled.

One place decides how to answer given what was already sent (nothing, a "thinking…"
placeholder, or a full response), so every send carries `AllowedMentions.none()`.
"""

from __future__ import annotations

import discord

from bot.discord_app.render import Reply

NO_MENTIONS = discord.AllowedMentions.none()


def in_own_dm(interaction: discord.Interaction) -> bool:
    """The learner's own DM with the bot: the only channel nobody else reads.

    A group DM (or a DM between two users, where the app is user-installed) has no guild
    either, so the interaction's context decides, not the missing guild."""
    if interaction.guild_id is not None or interaction.context.private_channel:
        return False  # a server, a group DM, or a DM between two users
    if interaction.context.dm_channel:
        return True
    return isinstance(interaction.channel, discord.DMChannel)  # a payload without `context`


def personal(interaction: discord.Interaction) -> bool:
    """Replies about a learner's own work are ephemeral wherever the channel is shared
    (servers, group DMs) and plain messages only in their own DM with the bot."""
    return not in_own_dm(interaction)


def learner_id(user: discord.abc.User) -> str:
    return f"discord:{user.id}"


async def acknowledge(interaction: discord.Interaction, *, update: bool = False) -> None:
    """Answer Discord at once ("thinking…", or a silent defer when `update`), before any
    database or sandbox work: a burst of clicks then never waits past Discord's 3 s."""
    if interaction.response.is_done():
        return
    if update:
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=personal(interaction), thinking=True)


async def send(
    interaction: discord.Interaction,
    reply: Reply,
    *,
    view: discord.ui.View | None = None,
    ephemeral: bool | None = None,
) -> None:
    """Answer an interaction: first response, fill the thinking placeholder, or follow up."""
    eph = personal(interaction) if ephemeral is None else ephemeral
    response = interaction.response
    kwargs: dict = {"content": reply.content or None, "embeds": list(reply.embeds)}
    if not response.is_done():
        await response.send_message(
            **kwargs,
            files=reply.discord_files(),
            view=view or discord.utils.MISSING,
            ephemeral=eph,
            allowed_mentions=NO_MENTIONS,
        )
    elif response.type is discord.InteractionResponseType.deferred_channel_message:
        await interaction.edit_original_response(
            **kwargs,
            attachments=reply.discord_files(),
            view=view,
            allowed_mentions=NO_MENTIONS,
        )
    else:
        await interaction.followup.send(
            **kwargs,
            files=reply.discord_files(),
            view=view or discord.utils.MISSING,
            ephemeral=eph,
            allowed_mentions=NO_MENTIONS,
        )


async def edit(
    interaction: discord.Interaction, reply: Reply, *, view: discord.ui.View | None
) -> None:
    """Replace the message a button sits on (one message instead of channel spam)."""
    fields: dict = {
        "content": reply.content or None,
        "embeds": list(reply.embeds),
        "attachments": reply.discord_files(),
        "view": view,
        "allowed_mentions": NO_MENTIONS,
    }
    if interaction.response.is_done():  # acknowledged with a silent defer
        await interaction.edit_original_response(**fields)
    else:
        await interaction.response.edit_message(**fields)


async def send_to_channel(
    channel: discord.abc.Messageable,
    reply: Reply,
    *,
    view: discord.ui.View | None = None,
    reference: discord.Message | None = None,
) -> discord.Message:
    return await channel.send(
        content=reply.content or None,
        embeds=list(reply.embeds),
        files=reply.discord_files(),
        view=view or discord.utils.MISSING,
        reference=reference or discord.utils.MISSING,
        mention_author=False if reference else discord.utils.MISSING,
        allowed_mentions=NO_MENTIONS,
    )
