"""JSON shapes the fake Discord sends: users, members, guilds, channels, messages, interactions.

Only the fields discord.py 2.7 reads are filled in, with the quirks DISCORD-TESTING.md lists
(string ids, `flags` on members, @everyone role id == guild id, `attachment_size_limit`).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

ALL_PERMISSIONS = str((1 << 53) - 1)
EPHEMERAL = 1 << 6
DISCORD_EPOCH_MS = 1_420_070_400_000
_increment = itertools.count()


def snowflake() -> int:
    """A fresh id shaped like Discord's: creation time in ms since 2015 in the high bits, so
    `created_at` of an interaction says when the fake sent it (the bot budgets its 3 s)."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_increment) & 0x3FFFFF)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class FakeUser:
    id: int
    name: str
    bot: bool = False
    permissions: str = ALL_PERMISSIONS  # resolved guild permissions (a plain member: "0")
    roles: tuple[int, ...] = ()  # role ids besides @everyone (see FakeDiscord.add_role)

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "flags": 0,
            "public_flags": 0,
        }

    def member_payload(self) -> dict[str, Any]:
        return {
            "user": self.payload(),
            "roles": [str(role) for role in self.roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "permissions": self.permissions,
        }


def text_channel(channel_id: int, guild_id: int, name: str) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def dm_channel(channel_id: int, recipient: FakeUser) -> dict[str, Any]:
    return {"id": str(channel_id), "type": 1, "recipients": [recipient.payload()], "flags": 0}


def group_dm_channel(channel_id: int, recipients: list[FakeUser]) -> dict[str, Any]:
    """A group DM (type 3): the bot is not in it; it is reached as a user-installed app."""
    return {
        "id": str(channel_id),
        "type": 3,
        "recipients": [u.payload() for u in recipients],
        "name": None,
        "icon": None,
        "owner_id": str(recipients[0].id),
        "flags": 0,
    }


def role(role_id: int, name: str, permissions: str = "0", position: int = 0) -> dict[str, Any]:
    return {
        "id": str(role_id),
        "name": name,
        "permissions": permissions,
        "position": position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def guild(
    guild_id: int,
    name: str,
    channels: list[dict],
    members: list[FakeUser],
    roles: list[dict] | None = None,
) -> dict:
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "owner_id": str(members[0].id),
        "unavailable": False,
        "large": False,
        "member_count": len(members),
        "joined_at": "2024-01-01T00:00:00+00:00",
        "roles": [role(guild_id, "@everyone", ALL_PERMISSIONS), *(roles or [])],
        "channels": channels,
        "members": [m.member_payload() for m in members],
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "verification_level": 0,
        "explicit_content_filter": 0,
        "default_message_notifications": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
    }


def message(
    message_id: int,
    channel_id: int,
    author: FakeUser,
    body: dict[str, Any],
    *,
    guild_id: int | None = None,
    attachments: list[dict] | None = None,
    interaction_id: int | None = None,
) -> dict[str, Any]:
    """A full message object built from a create/edit body (content, embeds, components...)."""
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author.payload(),
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments or [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0 if interaction_id is None else 20,
        "flags": body.get("flags") or 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    if interaction_id is not None:
        data["application_id"] = str(author.id)
        data["webhook_id"] = str(author.id)
    return data


def interaction(
    *,
    interaction_id: int,
    token: str,
    app_id: int,
    kind: int,
    data: dict[str, Any] | None,
    user: FakeUser,
    channel: dict[str, Any],
    guild_id: int | None,
    message_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """INTERACTION_CREATE. `kind`: 2 command, 3 component, 4 autocomplete, 5 modal submit.

    `context` follows the channel: 0 a server, 1 the bot's DM, 2 any other private channel
    (a group DM, or a DM between users, where only a user-installed app is present)."""
    context = 0 if guild_id else (1 if channel["type"] == 1 else 2)
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(app_id),
        "type": kind,
        "token": token,
        "version": 1,
        "channel": channel,
        "channel_id": channel["id"],
        "app_permissions": ALL_PERMISSIONS,
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild_id)} if guild_id else {"1": str(user.id)},
        "context": context,
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if data is not None:
        payload["data"] = data
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["guild_locale"] = "en-US"
        payload["member"] = user.member_payload()
    else:
        payload["user"] = user.payload()
    if message_data is not None:
        payload["message"] = message_data
    return payload
