"""Tells `stepwise health` (another process) that the gateway connection is alive.

While the client is ready and its websocket is open, a small task rewrites a JSON file
every `interval` seconds: `{"last_gateway_event": <unix time>, "latency_ms": ..., "pid": ...}`.
discord.py closes a websocket whose heartbeats go unanswered, so "open" here means Discord
acknowledged us recently. When the connection dies the file simply stops being refreshed
and the health check sees it go stale.

Start it from `setup_hook` (or after login): `start_heartbeat(client, path)`; it ends by
itself when the client closes. The path comes from the composition root
(`bot.health.heartbeat_path(settings)`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

import discord

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 15.0


def gateway_alive(client: discord.Client) -> bool:
    if isinstance(client, discord.AutoShardedClient):  # every shard this process runs
        shards = client.shards.values()
        sockets_open = bool(shards) and not any(shard.is_closed() for shard in shards)
    else:
        ws = client.ws
        sockets_open = ws is not None and ws.open
    return (
        client.is_ready()
        and not client.is_closed()
        and sockets_open
        and math.isfinite(client.latency)
    )


def write_heartbeat(path: Path, when: float, latency: float) -> None:
    """Atomic replace, so a reader never sees half a file."""
    payload = {
        "last_gateway_event": when,
        "latency_ms": round(latency * 1000, 1) if math.isfinite(latency) else None,
        "pid": os.getpid(),
    }
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(payload), encoding="utf-8")
    os.replace(tmp, path)


async def run_heartbeat(
    client: discord.Client,
    path: Path,
    interval: float = DEFAULT_INTERVAL,
    clock: Callable[[], float] = time.time,
) -> None:
    await client.wait_until_ready()
    failed = False
    written = False
    while not client.is_closed():
        if gateway_alive(client):
            try:
                await asyncio.to_thread(write_heartbeat, path, clock(), client.latency)
                failed = False
                if not written:
                    log.info("gateway up; health heartbeat every %.0f s in %s", interval, path)
                    written = True
            except OSError as exc:
                if not failed:  # once per outage, not every interval
                    log.error("cannot write heartbeat %s: %s", path, exc)
                failed = True
        await asyncio.sleep(interval)


def start_heartbeat(
    client: discord.Client, path: Path, interval: float = DEFAULT_INTERVAL
) -> asyncio.Task[None]:
    """Run the writer as a background task on the client's loop; keep the returned task."""
    return asyncio.create_task(run_heartbeat(client, path, interval), name="stepwise-heartbeat")
