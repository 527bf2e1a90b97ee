"""Which process serves which guild when the bot runs as several sharded processes.

Discord routes a guild's events to shard `(guild_id >> 22) % shard_count`; the process
that runs that shard is the only one that hears the guild's clicks, so it is also the one
that posts and reveals the guild's daily quiz. The database still guards against two
processes that disagree (a misconfigured STEPWISE_SHARD_IDS, a rolling restart): see
docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import discord


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's formula for the shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count


def owner(shard_count: int | None, shard_ids: Iterable[int] | None) -> Callable[[int], bool]:
    """Whether a guild is this process's: every guild when not sharded or serving all shards."""
    if shard_count is None or shard_ids is None:
        return lambda _guild_id: True
    mine = frozenset(shard_ids)
    return lambda guild_id: shard_of(guild_id, shard_count) in mine


def client_owner(client: discord.Client) -> Callable[[int], bool]:
    """`owner` for a connected client (an `AutoShardedClient` knows its count and ids)."""
    if isinstance(client, discord.AutoShardedClient) and client.shard_count:
        return owner(client.shard_count, client.shard_ids or range(client.shard_count))
    return owner(None, None)
