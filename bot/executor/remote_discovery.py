"""One configured URL, several replicas: a host name stands for every address it resolves to.

`docker compose up --scale sandbox=3` gives three containers behind the one name `sandbox`;
Docker's DNS answers with all their addresses. Treating each address as its own replica
lets the executor spread jobs and fail over between them with the single default URL
`http://sandbox:8080`. `https://` URLs are not expanded (the certificate names the host,
not an address), nor are IP literals and `unix:` sockets.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(frozen=True)
class Endpoint:
    source: str  # the URL as configured
    url: str  # what to connect to
    label: str  # for logs and health output: the URL, and the address when expanded


async def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order, without duplicates."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def expandable(url: str) -> bool:
    if not url.startswith("http://"):
        return False
    host = urlsplit(url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(host)
    return False


async def endpoints(url: str, resolve: Resolver = resolve_host) -> list[Endpoint]:
    """The replicas behind one configured URL; the URL itself when it cannot be expanded
    (or does not resolve right now: it is then probed, and resolved again later)."""
    if not expandable(url):
        return [Endpoint(url, url, url)]
    parts = urlsplit(url)
    port = parts.port or 80
    try:
        addresses = await resolve(parts.hostname or "", port)
    except OSError:
        return [Endpoint(url, url, url)]
    if not addresses:
        return [Endpoint(url, url, url)]
    found = []
    for address in addresses:
        host = f"[{address}]" if ":" in address else address
        target = f"http://{host}:{port}{parts.path}"
        found.append(Endpoint(url, target, f"{url} ({address})"))
    return found
