"""The OAuth2 install links: which scopes and permissions Stepwise asks a server for.

Only what the bot uses: read the channel, send messages (also in threads), embed links for
step and verdict cards, attach files for long output, read history to reply to messages.
No privileged intents and no moderation rights.
"""

from __future__ import annotations

import base64
import binascii

import discord

SCOPES = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )


def app_id_from_token(token: str) -> int | None:
    """A bot token's first segment is the base64 of the bot user id (= the application id)."""
    head = token.strip().split(".", 1)[0]
    if not head:
        return None
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(decoded) if decoded.isdigit() else None


def guild_install_url(app_id: int) -> str:
    """Add the bot to a server (slash commands + bot user with minimal permissions)."""
    return discord.utils.oauth_url(app_id, permissions=bot_permissions(), scopes=SCOPES)


def user_install_url(app_id: int) -> str:
    """Install the app to a user account: commands everywhere, studying in the bot's DM."""
    return f"https://discord.com/oauth2/authorize?client_id={app_id}&integration_type=1&scope=applications.commands"
