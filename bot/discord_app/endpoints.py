"""Pointing discord.py at another REST base and gateway (a proxy, or the test Discord).

discord.py reads both from class attributes (`Route.BASE`, `DiscordWebSocket.DEFAULT_GATEWAY`);
there is no per-client option. `apply_endpoints` sets them for the life of one bot and
returns the function that restores the previous values.
"""

from __future__ import annotations

from collections.abc import Callable

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route


def apply_endpoints(api_base: str | None, gateway_url: str | None) -> Callable[[], None]:
    previous = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    if api_base:
        Route.BASE = api_base.rstrip("/")
    if gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore() -> None:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = previous

    return restore
