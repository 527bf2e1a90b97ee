"""A loopback fake Discord: REST + gateway websocket on 127.0.0.1 for the real discord.py client.

The bot under test is unmodified; it reaches this server through `DISCORD_API_BASE` and
`DISCORD_GATEWAY_URL`. Tests act as Discord users (`slash`, `click_button`, `submit_modal`,
`send_dm`) and assert on what the bot sent: every REST call is kept in `requests`, every
message (ephemeral ones and edits included) in `messages`. Facts and pitfalls this follows
are in `DISCORD-TESTING.md`.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from . import fake_payloads as p
from .fake_payloads import FakeUser, snowflake
from .fake_records import (
    DEFAULT_WAIT,
    LOADING,
    FakeMessage,
    InteractionHandle,
    RecordedRequest,
    mentions_disabled,
)
from .fake_rest import FakeRest, Handler

__all__ = [
    "LOADING",
    "FakeDiscord",
    "FakeMessage",
    "FakeUser",
    "InteractionHandle",
    "RecordedRequest",
    "Upload",
]


class CommandNotOffered(AssertionError):
    """Discord would not show this command in that context (its synced `contexts`)."""


def token_for(bot_id: int) -> str:
    """A token shaped like Discord's: base64(bot user id).timestamp.hmac."""
    head = base64.b64encode(str(bot_id).encode()).decode().rstrip("=")
    return f"{head}.{secrets.token_urlsafe(5)}.{secrets.token_urlsafe(27)}"


@dataclass(frozen=True)
class Upload:
    """A file a user attaches to a slash command option."""

    filename: str
    data: bytes


class FakeDiscord(FakeRest):
    def __init__(
        self, *, guild_name: str = "Study Hall", member_names: tuple[str, ...] = ("ana", "ben")
    ):
        self.guild_name = guild_name
        self.app_id = snowflake()
        self.bot_user = FakeUser(self.app_id, "Stepwise", bot=True)
        self.token = token_for(self.app_id)
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.members: list[FakeUser] = [FakeUser(snowflake(), name) for name in member_names]
        self.roles: dict[int, dict[str, Any]] = {}  # besides @everyone
        self.pingable_roles: set[int] = set()  # roles a test lets the bot mention
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.rejected: list[tuple[RecordedRequest, list[str]]] = []  # over Discord's limits
        self.messages: dict[int, FakeMessage] = {}
        self.interactions: dict[str, InteractionHandle] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> channel id
        self.group_dm_id = snowflake()  # a group DM of every member, the bot user-installed
        self.uploads: dict[int, bytes] = {}  # attachment id -> what a user uploaded
        self.closed_dms: set[int] = set()  # users who accept no DM from the bot (50007)
        self.identifies = 0
        self.presence: dict[str, Any] | None = None  # what the bot's last IDENTIFY announced
        self.resumes = 0
        self.shard_count = 1  # as the bot's IDENTIFY says ([shard id, shard count])
        self.extra_guilds: dict[int, int] = {}  # guild id -> its one text channel (sharding)
        self._sockets: dict[int, web.WebSocketResponse] = {}  # shard id -> live gateway socket
        self._sessions: dict[int, str] = {}  # shard id -> session id (for RESUME)
        self._seq = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.watched: set[asyncio.Task[Any]] = set()
        self.port = 0
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = self._route_table()

    # ------------------------------------------------------------------ lifecycle

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def member(self) -> FakeUser:
        return self.members[0]

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{name}", self._download)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets.values()):
            if not ws.closed:
                await ws.close(code=1000)
        if self._runner is not None:
            await self._runner.cleanup()

    def add_member(self, name: str) -> FakeUser:
        user = FakeUser(snowflake(), name)
        self.members.append(user)
        return user

    def add_guild(self, shard: int, shard_count: int) -> tuple[int, int]:
        """Another guild, with an id Discord would route to `shard`; (guild id, channel id)."""
        guild_id = snowflake()
        while (guild_id >> 22) % shard_count != shard:
            guild_id = snowflake()
        self.extra_guilds[guild_id] = snowflake()
        return guild_id, self.extra_guilds[guild_id]

    def guild_of_channel(self, channel_id: int) -> int | None:
        if channel_id == self.channel_id:
            return self.guild_id
        return next((g for g, c in self.extra_guilds.items() if c == channel_id), None)

    def shard_for(self, guild_id: int | None) -> int:
        """The shard whose socket receives the guild's events (DMs go to shard 0)."""
        return 0 if guild_id is None else (guild_id >> 22) % self.shard_count

    def add_role(self, name: str) -> int:
        role_id = snowflake()
        self.roles[role_id] = p.role(role_id, name, position=len(self.roles) + 1)
        return role_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def watch(self, task: asyncio.Task[Any]) -> None:
        """Fail every wait at once if `task` (the bot's gateway connection) ends."""
        self.watched.add(task)

    def unwatch(self, task: asyncio.Task[Any]) -> None:
        self.watched.discard(task)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        async def wait() -> None:
            async with self._changed:
                await self._changed.wait_for(predicate)

        waiter = asyncio.ensure_future(wait())
        try:
            done, _ = await asyncio.wait(
                {waiter, *self.watched}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            waiter.cancel()
        if waiter in done:
            return
        dead = [t for t in done if t is not waiter]
        if dead:
            error = dead[0].exception() if not dead[0].cancelled() else "cancelled"
            raise AssertionError(
                f"the bot's gateway connection ended while waiting for {what}: {error!r}"
            )
        raise AssertionError(f"fake Discord: no {what} within {timeout}s")

    async def _download(self, request: web.Request) -> web.Response:
        """The CDN: what a user uploaded with a slash command's attachment option."""
        data = self.uploads.get(int(request.match_info["id"]))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    # ------------------------------------------------------------------ gateway

    @property
    def connected(self) -> bool:
        """Every shard that identified has a live socket (one shard unless sharded)."""
        return bool(self._sockets) and all(self.shard_connected(s) for s in self._sessions)

    def shard_connected(self, shard: int) -> bool:
        ws = self._sockets.get(shard)
        return ws is not None and not ws.closed and bool(self._sessions.get(shard))

    @property
    def _ws(self) -> web.WebSocketResponse | None:
        return self._sockets.get(0)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            op, data = message.get("op"), message.get("d")
            if op == 1:
                await ws.send_json({"op": 11, "d": None})
            elif op == 2:
                if data.get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                self.presence = data.get("presence")
                shard, self.shard_count = data.get("shard") or (0, 1)
                await self._identify(ws, shard)
            elif op == 6:
                sessions = {session: shard for shard, session in self._sessions.items()}
                shard = sessions.get(data.get("session_id"))
                if shard is None or data.get("token") != self.token:
                    await ws.send_json({"op": 9, "d": False})
                    continue
                self._sockets[shard] = ws
                self.resumes += 1
                await self._dispatch("RESUMED", {}, shard=shard)
                await self._notify()
        for shard, live in list(self._sockets.items()):
            if live is ws:
                del self._sockets[shard]
        await self._notify()
        return ws

    async def _identify(self, ws: web.WebSocketResponse, shard: int) -> None:
        self._sockets[shard] = ws
        self.identifies += 1
        self._sessions[shard] = secrets.token_hex(8)
        guilds = [
            (guild_id, channel_id)
            for guild_id, channel_id in [
                (self.guild_id, self.channel_id),
                *self.extra_guilds.items(),
            ]
            if self.shard_for(guild_id) == shard
        ]
        ready = {
            "v": 10,
            "user": self.bot_user.payload(),
            "guilds": [{"id": str(guild_id), "unavailable": True} for guild_id, _ in guilds],
            "session_id": self._sessions[shard],
            "shard": [shard, self.shard_count],
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._dispatch("READY", ready, shard=shard)
        for guild_id, channel_id in guilds:
            channels = [p.text_channel(channel_id, guild_id, "study")]
            main = guild_id == self.guild_id
            members = self.members if main else []
            roles = list(self.roles.values()) if main else []
            await self._dispatch(
                "GUILD_CREATE",
                p.guild(guild_id, self.guild_name, channels, [self.bot_user, *members], roles),
                shard=shard,
            )
        await self._notify()

    async def _dispatch(self, event: str, data: dict[str, Any], shard: int = 0) -> None:
        ws = self._sockets.get(shard)
        if ws is None or ws.closed:
            raise AssertionError(f"the bot is not connected to the fake gateway (shard {shard})")
        await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def wait_connected(self, timeout: float = DEFAULT_WAIT) -> None:
        await self.wait_until(lambda: self.connected, timeout, "gateway connection")

    async def request_reconnect(self) -> None:
        """op 7: the bot should reconnect and RESUME."""
        assert self._ws is not None
        await self._ws.send_json({"op": 7, "d": None})

    # ------------------------------------------------------------------ acting as users

    def _channel_payload(
        self, user: FakeUser, dm: bool, group: bool = False
    ) -> tuple[dict[str, Any], int | None]:
        if group:
            return p.group_dm_channel(self.group_dm_id, self.members), None
        if dm:
            return p.dm_channel(self.dm_channel_id(user), user), None
        return p.text_channel(self.channel_id, self.guild_id, "study"), self.guild_id

    def dm_channel_id(self, user: FakeUser) -> int:
        return self.dm_channels.setdefault(user.id, snowflake())

    async def send_interaction(
        self,
        kind: int,
        data: dict[str, Any] | None,
        user: FakeUser,
        *,
        dm: bool = False,
        group: bool = False,
        message: FakeMessage | None = None,
    ) -> InteractionHandle:
        channel, guild_id = self._channel_payload(user, dm, group)
        if message is not None:
            guild_id = self.guild_of_channel(message.channel_id)
            if message.channel_id == self.group_dm_id:
                channel, guild_id = self._channel_payload(user, False, True)
            elif message.channel_id in self.dm_channels.values():
                channel, guild_id = p.dm_channel(message.channel_id, user), None
            elif guild_id is not None:
                channel = p.text_channel(message.channel_id, guild_id, "study")
        handle = InteractionHandle(
            fake=self,
            id=snowflake(),
            token=f"itk.{secrets.token_urlsafe(24)}",
            payload={},
            user=user,
            sent_at=time.perf_counter(),
        )
        handle.payload = p.interaction(
            interaction_id=handle.id,
            token=handle.token,
            app_id=self.app_id,
            kind=kind,
            data=data,
            user=user,
            channel=channel,
            guild_id=guild_id,
            message_data=message.data if message is not None else None,
        )
        self.interactions[handle.token] = handle
        handle.sent_at = time.perf_counter()
        await self._dispatch("INTERACTION_CREATE", handle.payload, shard=self.shard_for(guild_id))
        return handle

    def _command(self, name: str) -> dict[str, Any] | None:
        pools = [self.global_commands, *self.guild_commands.values()]
        return next((c for pool in pools for c in pool if c["name"] == name), None)

    def _build_options(
        self, schema: list[dict[str, Any]], values: dict[str, Any], focused: str | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        options, resolved = [], {}
        types = {o["name"]: o["type"] for o in schema}
        for name, value in values.items():
            kind = types.get(name) or (
                5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
            )
            if isinstance(value, Upload):  # an attachment option: uploaded, then resolved
                kind = 11
                attachment = self._attachments({value.filename: value.data})[0]
                self.uploads[int(attachment["id"])] = value.data
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                value = attachment["id"]
            elif isinstance(value, FakeUser):
                kind = 6
                resolved.setdefault("users", {})[str(value.id)] = value.payload()
                member = value.member_payload()
                member.pop("user")
                resolved.setdefault("members", {})[str(value.id)] = member
                value = str(value.id)
            elif kind == 8:  # a role option, resolved like Discord does
                resolved.setdefault("roles", {})[str(value)] = self.roles[int(value)]
                value = str(value)
            elif kind == 7:  # a channel option: the fake's channels, resolved like Discord does
                channel = self._channel(int(value)) or {}
                resolved.setdefault("channels", {})[str(value)] = {
                    **channel,
                    "permissions": p.ALL_PERMISSIONS,
                }
                value = str(value)
            option = {"name": name, "type": kind, "value": value}
            if name == focused:
                option["focused"] = True
            options.append(option)
        return options, resolved

    def _command_data(
        self, command: str, options: dict[str, Any] | None, focused: str | None = None
    ) -> dict[str, Any]:
        root_name, *path = command.split()
        root = self._command(root_name)
        if root is None:
            raise AssertionError(f"/{root_name} was never registered: {self.command_names()}")
        schema, nested = root.get("options") or [], []
        for part in path:  # subcommand group / subcommand
            node = next(o for o in schema if o["name"] == part)
            nested.append(node)
            schema = node.get("options") or []
        leaf, resolved = self._build_options(schema, options or {}, focused)
        for node in reversed(nested):
            leaf = [{"name": node["name"], "type": node["type"], "options": leaf}]
        data: dict[str, Any] = {"id": root["id"], "name": root_name, "type": 1, "options": leaf}
        if resolved:
            data["resolved"] = resolved
        return data

    def command_names(self) -> list[str]:
        pools = [self.global_commands, *self.guild_commands.values()]
        return sorted({c["name"] for pool in pools for c in pool})

    async def slash(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        user: FakeUser | None = None,
        *,
        dm: bool = False,
        group: bool = False,
    ) -> InteractionHandle:
        """Run `/command` ("lesson start") with `options` as `user` in the guild, their DM
        with the bot (`dm`) or the members' group DM (`group`). Like Discord, refuses a
        command in a context its synced `contexts` leave out."""
        context = 2 if group else 1 if dm else 0
        offered = self.command_contexts(command.split()[0])
        if context not in offered:
            raise CommandNotOffered(f"/{command} is not offered in context {context}: {offered}")
        data = self._command_data(command, options)
        return await self.send_interaction(2, data, user or self.member, dm=dm, group=group)

    def command_contexts(self, name: str) -> list[int]:
        """Where Discord offers a synced command: its `contexts`, or everywhere it may be
        used by the older `dm_permission` rule when the field is absent."""
        command = self._command(name)
        if command is None:
            raise AssertionError(f"/{name} was never registered: {self.command_names()}")
        contexts = command.get("contexts")
        if contexts is None:
            return [0, 1] if command.get("dm_permission", True) else [0]
        return list(contexts)

    async def autocomplete(
        self, command: str, options: dict[str, Any], focused: str, user: FakeUser | None = None
    ) -> list[dict[str, Any]]:
        data = self._command_data(command, options, focused)
        handle = await self.send_interaction(4, data, user or self.member)
        response = await handle.response()
        assert response["type"] == 8, response
        return response["data"]["choices"]

    async def click_button(
        self, message: FakeMessage, custom_id: str, user: FakeUser | None = None
    ) -> InteractionHandle:
        # Discord only sends the id of a component on the message (and discord.py ignores
        # any other), so a click on an id the message does not carry is a broken test.
        on_message = [b.get("custom_id") for b in message.buttons()]
        if custom_id not in on_message:
            raise AssertionError(f"{custom_id!r} is not a button on that message: {on_message}")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.send_interaction(3, data, user or self.member, message=message)

    async def submit_modal(
        self,
        opened_by: InteractionHandle,
        values: dict[str, str] | str,
        user: FakeUser | None = None,
    ) -> InteractionHandle:
        """Fill the modal the bot opened for `opened_by`; a plain str fills the first field."""
        modal = opened_by.modal
        rows = []
        for index, row in enumerate(modal["components"]):
            inner = row.get("components") or [row["component"]]
            text_input = inner[0]
            if isinstance(values, str):
                value = values if index == 0 else text_input.get("value", "")
            else:
                value = values.get(text_input["custom_id"], text_input.get("value", ""))
            filled = {"type": 4, "custom_id": text_input["custom_id"], "value": value}
            rows.append(
                {"type": 18, "id": row.get("id", index + 1), "component": filled}
                if row["type"] == 18
                else {"type": 1, "components": [filled]}
            )
        data: dict[str, Any] = {"custom_id": modal["custom_id"], "components": rows}
        source_id = int((opened_by.payload.get("message") or {}).get("id") or 0)
        dm = opened_by.payload["channel"]["type"] == 1
        group = opened_by.payload["channel"]["type"] == 3
        source = self.messages.get(source_id)
        return await self.send_interaction(
            5, data, user or opened_by.user, dm=dm, group=group, message=source
        )

    async def submit_form(
        self, custom_id: str, values: dict[str, str], user: FakeUser, *, dm: bool = False
    ) -> InteractionHandle:
        """A modal submission without opening the modal first (as a client that kept one open)."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        return await self.send_interaction(
            5, {"custom_id": custom_id, "components": rows}, user, dm=dm
        )

    async def send_dm(self, user: FakeUser, content: str) -> FakeMessage:
        """The user writes a plain message in their DM with the bot (MESSAGE_CREATE)."""
        channel_id = self.dm_channel_id(user)
        msg = self._store(channel_id, user, {"content": content})
        await self._dispatch("MESSAGE_CREATE", msg.data)
        return msg

    async def post_in_channel(self, user: FakeUser, content: str) -> FakeMessage:
        msg = self._store(self.channel_id, user, {"content": content}, guild_id=self.guild_id)
        data = dict(msg.data, member=user.member_payload())
        data["member"].pop("user")
        await self._dispatch("MESSAGE_CREATE", data, shard=self.shard_for(self.guild_id))
        return msg

    # ------------------------------------------------------------------ queries for tests

    def unguarded_sends(self) -> list[RecordedRequest]:
        """Message sends/edits whose payload lets anyone be pinged but a role the test
        allowed (`pingable_roles`, e.g. the daily quiz's role)."""
        return [
            r
            for r in self.requests
            if r.sends_message
            and not all(
                mentions_disabled(body.get("allowed_mentions"), self.pingable_roles)
                for body in r.payloads()
            )
        ]

    def sent_by_bot(self) -> list[FakeMessage]:
        return [m for m in self.messages.values() if m.data["author"]["id"] == str(self.app_id)]

    def messages_in(self, channel_id: int) -> list[FakeMessage]:
        return [m for m in self.sent_by_bot() if m.channel_id == channel_id and not m.deleted]

    async def wait_for_request(
        self, method: str, path_pattern: str, *, after: int = 0, timeout: float = DEFAULT_WAIT
    ) -> RecordedRequest:
        """The first request at index >= `after` whose path matches the regex."""
        pattern = re.compile(path_pattern)

        def find() -> RecordedRequest | None:
            return next(
                (r for r in self.requests[after:] if r.method == method and pattern.search(r.path)),
                None,
            )

        await self.wait_until(lambda: find() is not None, timeout, f"{method} {path_pattern}")
        found = find()
        assert found is not None
        return found

    async def wait_for_message(
        self, predicate: Callable[[FakeMessage], bool], timeout: float = DEFAULT_WAIT
    ) -> FakeMessage:
        def find() -> FakeMessage | None:
            return next((m for m in self.sent_by_bot() if not m.loading and predicate(m)), None)

        await self.wait_until(lambda: find() is not None, timeout, "matching message")
        found = find()
        assert found is not None
        return found
