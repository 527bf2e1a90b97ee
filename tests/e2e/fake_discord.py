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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import fake_payloads as p
from .fake_payloads import EPHEMERAL, FakeUser, snowflake

LOADING = 1 << 7
DEFAULT_WAIT = 15.0


# --------------------------------------------------------------------------- records


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: dict[str, bytes]
    at: float

    def payloads(self) -> list[dict[str, Any]]:
        """Message-like bodies in this request (callbacks nest theirs under `data`)."""
        if not isinstance(self.json, dict):
            return []
        if self.path.endswith("/callback"):
            data = self.json.get("data")
            return [data] if isinstance(data, dict) else []
        return [self.json]

    @property
    def sends_message(self) -> bool:
        """A request that creates or edits a message (content, embeds or files)."""
        if self.method not in ("POST", "PATCH"):
            return False
        if self.path.endswith("/callback"):
            return self.json.get("type") in (4, 7)
        return "/messages" in self.path or self.path.startswith("/webhooks/")


@dataclass
class FakeMessage:
    id: int
    channel_id: int
    data: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions
    interaction_token: str | None = None
    deleted: bool = False

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.data.get("components") or []

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def edits(self) -> int:
        return len(self.history)

    def text(self) -> str:
        """Everything a reader sees: content, embed titles, descriptions, fields, footers."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            for f in embed.get("fields") or []:
                parts += [f.get("name") or "", f.get("value") or ""]
            parts.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(part for part in parts if part)

    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.components for c in row.get("components", []) if c["type"] == 2]

    def custom_id(self, label: str) -> str:
        """The custom_id of the button whose label contains `label` (case-insensitive)."""
        for button in self.buttons():
            if label.lower() in (button.get("label") or "").lower():
                return button["custom_id"]
        labels = [b.get("label") for b in self.buttons()]
        raise AssertionError(f"no button labelled {label!r} on message {self.id}: {labels}")

    def labels(self) -> list[str]:
        return [b.get("label") or "" for b in self.buttons()]


@dataclass
class InteractionHandle:
    """One interaction the fake sent, and everything the bot answered to it."""

    fake: FakeDiscord
    id: int
    token: str
    payload: dict[str, Any]
    user: FakeUser
    sent_at: float
    callback: dict[str, Any] | None = None
    acked_at: float | None = None
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def ack_ms(self) -> float | None:
        return None if self.acked_at is None else (self.acked_at - self.sent_at) * 1000

    async def response(self, timeout: float = DEFAULT_WAIT) -> dict[str, Any]:
        """The interaction callback body (`type` + `data`), once the bot acknowledged."""
        await self.fake.wait_until(lambda: self.callback is not None, timeout, "callback")
        assert self.callback is not None
        return self.callback

    @property
    def modal(self) -> dict[str, Any]:
        assert self.callback and self.callback["type"] == 9, f"not a modal: {self.callback}"
        return self.callback["data"]

    def messages(self) -> list[FakeMessage]:
        ids = ([self.original_id] if self.original_id else []) + self.followup_ids
        return [self.fake.messages[i] for i in ids if i in self.fake.messages]

    async def reply(
        self, predicate: Callable[[FakeMessage], bool] | None = None, timeout: float = DEFAULT_WAIT
    ) -> FakeMessage:
        """The first finished (not 'thinking…') message of this interaction matching `predicate`."""

        def found() -> FakeMessage | None:
            for msg in self.messages():
                if not msg.loading and not msg.deleted and (predicate is None or predicate(msg)):
                    return msg
            return None

        await self.fake.wait_until(lambda: found() is not None, timeout, "reply")
        result = found()
        assert result is not None
        return result

    async def replies(self, count: int, timeout: float = DEFAULT_WAIT) -> list[FakeMessage]:
        def done() -> list[FakeMessage]:
            return [m for m in self.messages() if not m.loading and not m.deleted]

        await self.fake.wait_until(lambda: len(done()) >= count, timeout, f"{count} replies")
        return done()


# --------------------------------------------------------------------------- the server


def _mentions_disabled(allowed: Any) -> bool:
    """`allowed_mentions` that lets nobody be pinged (not even the author of a reply)."""
    return (
        isinstance(allowed, dict)
        and allowed.get("parse") == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and not allowed.get("replied_user")
    )


Handler = Callable[[web.Request, "RecordedRequest", re.Match[str]], Awaitable[Any]]


def _json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": a charset suffix makes discord.py read the body as text.
    body = json.dumps(data).encode()
    return web.Response(status=status, body=body, headers={"Content-Type": "application/json"})


def token_for(bot_id: int) -> str:
    """A token shaped like Discord's: base64(bot user id).timestamp.hmac."""
    head = base64.b64encode(str(bot_id).encode()).decode().rstrip("=")
    return f"{head}.{secrets.token_urlsafe(5)}.{secrets.token_urlsafe(27)}"


class FakeDiscord:
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
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.messages: dict[int, FakeMessage] = {}
        self.interactions: dict[str, InteractionHandle] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.dm_channels: dict[int, int] = {}  # user id -> channel id
        self.identifies = 0
        self.resumes = 0
        self._session_id = ""
        self._ws: web.WebSocketResponse | None = None
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
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close(code=1000)
        if self._runner is not None:
            await self._runner.cleanup()

    def add_member(self, name: str) -> FakeUser:
        user = FakeUser(snowflake(), name)
        self.members.append(user)
        return user

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

    # ------------------------------------------------------------------ gateway

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed and bool(self._session_id)

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
                await self._identify(ws)
            elif op == 6:
                if data.get("session_id") != self._session_id or data.get("token") != self.token:
                    await ws.send_json({"op": 9, "d": False})
                    continue
                self._ws = ws
                self.resumes += 1
                await self._dispatch("RESUMED", {})
                await self._notify()
        if self._ws is ws:
            self._ws = None
        await self._notify()
        return ws

    async def _identify(self, ws: web.WebSocketResponse) -> None:
        self._ws = ws
        self.identifies += 1
        self._session_id = secrets.token_hex(8)
        ready = {
            "v": 10,
            "user": self.bot_user.payload(),
            "guilds": [{"id": str(self.guild_id), "unavailable": True}],
            "session_id": self._session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        await self._dispatch("READY", ready)
        channels = [p.text_channel(self.channel_id, self.guild_id, "study")]
        await self._dispatch(
            "GUILD_CREATE",
            p.guild(self.guild_id, self.guild_name, channels, [self.bot_user, *self.members]),
        )
        await self._notify()

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        if self._ws is None:
            raise AssertionError("the bot is not connected to the fake gateway")
        await self._ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def wait_connected(self, timeout: float = DEFAULT_WAIT) -> None:
        await self.wait_until(lambda: self.connected, timeout, "gateway connection")

    async def request_reconnect(self) -> None:
        """op 7: the bot should reconnect and RESUME."""
        assert self._ws is not None
        await self._ws.send_json({"op": 7, "d": None})

    # ------------------------------------------------------------------ acting as users

    def _channel_payload(self, user: FakeUser, dm: bool) -> tuple[dict[str, Any], int | None]:
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
        message: FakeMessage | None = None,
    ) -> InteractionHandle:
        channel, guild_id = self._channel_payload(user, dm)
        if message is not None:
            channel = (
                p.dm_channel(message.channel_id, user)
                if message.channel_id in self.dm_channels.values()
                else channel
            )
            guild_id = None if channel["type"] == 1 else self.guild_id
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
        await self._dispatch("INTERACTION_CREATE", handle.payload)
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
            if isinstance(value, FakeUser):
                kind = 6
                resolved.setdefault("users", {})[str(value.id)] = value.payload()
                member = value.member_payload()
                member.pop("user")
                resolved.setdefault("members", {})[str(value.id)] = member
                value = str(value.id)
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
    ) -> InteractionHandle:
        """Run `/command` ("lesson start") with `options` as `user` in the guild or their DM."""
        data = self._command_data(command, options)
        return await self.send_interaction(2, data, user or self.member, dm=dm)

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
        source = self.messages.get(source_id)
        return await self.send_interaction(5, data, user or opened_by.user, dm=dm, message=source)

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
        await self._dispatch("MESSAGE_CREATE", data)
        return msg

    # ------------------------------------------------------------------ queries for tests

    def unguarded_sends(self) -> list[RecordedRequest]:
        """Message sends/edits whose payload does not disable every mention."""
        return [
            r
            for r in self.requests
            if r.sends_message
            and not all(_mentions_disabled(body.get("allowed_mentions")) for body in r.payloads())
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

    # ------------------------------------------------------------------ REST

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler]]:
        app, token, mid = r"(?P<app>\d+)", r"(?P<token>[^/]+)", r"(?P<mid>@original|\d+)"
        table: list[tuple[str, str, Handler]] = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("PUT", rf"/applications/{app}/commands", self._put_commands),
            ("GET", rf"/applications/{app}/commands", self._get_commands),
            ("PUT", rf"/applications/{app}/guilds/(?P<guild>\d+)/commands", self._put_commands),
            ("GET", rf"/applications/{app}/guilds/(?P<guild>\d+)/commands", self._get_commands),
            ("POST", rf"/interactions/(?P<iid>\d+)/{token}/callback", self._callback),
            ("POST", rf"/webhooks/{app}/{token}", self._followup),
            ("GET", rf"/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("PATCH", rf"/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("DELETE", rf"/webhooks/{app}/{token}/messages/{mid}", self._webhook_message),
            ("POST", r"/users/@me/channels", self._open_dm),
            ("GET", r"/channels/(?P<cid>\d+)", self._get_channel),
            ("POST", r"/channels/(?P<cid>\d+)/typing", self._typing),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._create_message),
            ("GET", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._channel_message),
            ("PATCH", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._channel_message),
            ("DELETE", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._channel_message),
        ]
        return [(method, re.compile(f"^{path}$"), handler) for method, path, handler in table]

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        record = RecordedRequest(
            request.method, path, dict(request.query), body, files, time.perf_counter()
        )
        self.requests.append(record)
        try:
            for method, pattern, handler in self._routes:
                match = pattern.match(path)
                if match and method == request.method:
                    needs_auth = not path.startswith(("/interactions/", "/webhooks/"))
                    if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
                        return _json_response({"message": "401: Unauthorized", "code": 0}, 401)
                    result = await handler(request, record, match)
                    if isinstance(result, web.StreamResponse):
                        return result
                    return _json_response(result)
            self.unknown_routes.append(record)
            return _json_response({"message": "Unknown route", "code": 0}, 404)
        finally:
            await self._notify()

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, dict[str, bytes]]:
        if not request.can_read_body:
            return None, {}
        if request.content_type.startswith("multipart/"):
            body, files = None, {}
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(data)
                else:
                    files[part.filename or part.name or "file"] = bytes(data)  # type: ignore[union-attr]
            return body, files
        raw = await request.read()
        return (json.loads(raw) if raw else None), {}

    async def _get_me(self, *_: Any) -> dict[str, Any]:
        return self.bot_user.payload()

    async def _get_application(self, *_: Any) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": "Stepwise",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.member.payload(),
            "verify_key": "00",
            "flags": 0,
            "team": None,
            "summary": "",
            "rpc_origins": [],
        }

    def _echo_commands(self, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for command in commands:
            existing = self._command(command["name"])
            echoed = dict(command, id=existing["id"] if existing else str(snowflake()))
            echoed.update(application_id=str(self.app_id), version=str(snowflake()))
            out.append(echoed)
        return out

    async def _put_commands(self, _r: web.Request, rec: RecordedRequest, m: re.Match[str]) -> Any:
        commands = self._echo_commands(rec.json or [])
        guild = m.groupdict().get("guild")
        if guild:
            self.guild_commands[int(guild)] = commands
        else:
            self.global_commands = commands
        return commands

    async def _get_commands(self, _r: web.Request, _rec: RecordedRequest, m: re.Match[str]) -> Any:
        guild = m.groupdict().get("guild")
        return self.guild_commands.get(int(guild), []) if guild else self.global_commands

    def _attachments(self, files: dict[str, bytes]) -> list[dict[str, Any]]:
        out = []
        for name, data in files.items():
            attachment_id = snowflake()
            url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{name}"
            out.append(
                {
                    "id": str(attachment_id),
                    "filename": name,
                    "size": len(data),
                    "url": url,
                    "proxy_url": url,
                }
            )
        return out

    def _store(
        self,
        channel_id: int,
        author: FakeUser,
        body: dict[str, Any],
        *,
        files: dict[str, bytes] | None = None,
        guild_id: int | None = None,
        interaction: InteractionHandle | None = None,
    ) -> FakeMessage:
        message_id = snowflake()
        data = p.message(
            message_id,
            channel_id,
            author,
            body,
            guild_id=guild_id,
            attachments=self._attachments(files or {}),
            interaction_id=interaction.id if interaction else None,
        )
        msg = FakeMessage(
            message_id,
            channel_id,
            data,
            files=dict(files or {}),
            interaction_token=interaction.token if interaction else None,
        )
        self.messages[message_id] = msg
        return msg

    def _edit(self, msg: FakeMessage, body: dict[str, Any], files: dict[str, bytes]) -> FakeMessage:
        msg.history.append(json.loads(json.dumps(msg.data)))
        for key in ("content", "embeds", "components"):
            if key in body:
                msg.data[key] = (
                    body[key] if body[key] is not None else ([] if key != "content" else "")
                )
        if "flags" in body and body["flags"] is not None:
            msg.data["flags"] = (body["flags"] & ~LOADING) | (msg.flags & EPHEMERAL)
        else:
            msg.data["flags"] = msg.flags & ~LOADING
        if "attachments" in body or files:
            keep_ids = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = [a for a in msg.data["attachments"] if a["id"] in keep_ids]
            kept_names = {a["filename"] for a in kept}
            msg.files = {k: v for k, v in msg.files.items() if k in kept_names}
            msg.data["attachments"] = kept + self._attachments(files)
            msg.files.update(files)
        msg.data["edited_timestamp"] = p.now_iso()
        return msg

    def _interaction_channel(self, handle: InteractionHandle) -> tuple[int, int | None]:
        channel = handle.payload["channel"]
        guild = handle.payload.get("guild_id")
        return int(channel["id"]), int(guild) if guild else None

    async def _callback(self, _r: web.Request, rec: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self.interactions.get(m["token"])
        if handle is None or int(m["iid"]) != handle.id:
            return _json_response({"message": "Unknown interaction", "code": 10062}, 404)
        if handle.callback is not None:
            return _json_response(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        body = rec.json or {}
        kind, data = body.get("type"), body.get("data") or {}
        handle.callback = body
        handle.acked_at = rec.at
        channel_id, guild_id = self._interaction_channel(handle)
        source = handle.payload.get("message")
        msg: FakeMessage | None = None
        if kind == 4:
            msg = self._store(
                channel_id,
                self.bot_user,
                data,
                files=rec.files,
                guild_id=guild_id,
                interaction=handle,
            )
        elif kind == 5:
            flags = LOADING | (data.get("flags", 0) & EPHEMERAL)
            msg = self._store(
                channel_id, self.bot_user, {"flags": flags}, guild_id=guild_id, interaction=handle
            )
        elif kind in (6, 7) and source is not None:
            msg = self.messages.get(int(source["id"]))
            if msg is not None and kind == 7:
                self._edit(msg, data, rec.files)
        if msg is not None:
            handle.original_id = msg.id
        interaction: dict[str, Any] = {"id": str(handle.id), "type": handle.payload["type"]}
        resource: dict[str, Any] = {"type": kind}
        if msg is not None:
            interaction.update(
                response_message_id=str(msg.id),
                response_message_loading=msg.loading,
                response_message_ephemeral=msg.ephemeral,
            )
            resource["message"] = msg.data
        return {"interaction": interaction, "resource": resource}

    async def _followup(self, _r: web.Request, rec: RecordedRequest, m: re.Match[str]) -> Any:
        handle = self.interactions.get(m["token"])
        if handle is None:
            return _json_response({"message": "Unknown Webhook", "code": 10015}, 404)
        channel_id, guild_id = self._interaction_channel(handle)
        body = rec.json or {}
        original = self.messages.get(handle.original_id or 0)
        if original is not None and original.loading:
            # Like Discord: the first follow-up after a "thinking…" defer replaces it.
            return self._edit(original, body, rec.files).data
        msg = self._store(
            channel_id, self.bot_user, body, files=rec.files, guild_id=guild_id, interaction=handle
        )
        handle.followup_ids.append(msg.id)
        return msg.data

    async def _webhook_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> Any:
        handle = self.interactions.get(m["token"])
        if handle is None:
            return _json_response({"message": "Unknown Webhook", "code": 10015}, 404)
        message_id = handle.original_id if m["mid"] == "@original" else int(m["mid"])
        msg = self.messages.get(message_id or 0)
        if msg is None or msg.deleted:
            return _json_response({"message": "Unknown Message", "code": 10008}, 404)
        if request.method == "PATCH":
            self._edit(msg, rec.json or {}, rec.files)
        elif request.method == "DELETE":
            msg.deleted = True
            return web.Response(status=204)
        return msg.data

    async def _open_dm(self, _r: web.Request, rec: RecordedRequest, _m: re.Match[str]) -> Any:
        recipient = int(rec.json["recipient_id"])
        user = next((u for u in self.members if u.id == recipient), FakeUser(recipient, "someone"))
        return p.dm_channel(self.dm_channel_id(user), user)

    def _channel(self, channel_id: int) -> dict[str, Any] | None:
        if channel_id == self.channel_id:
            return p.text_channel(self.channel_id, self.guild_id, "study")
        for user_id, dm_id in self.dm_channels.items():
            if dm_id == channel_id:
                user = next(
                    (u for u in self.members if u.id == user_id), FakeUser(user_id, "someone")
                )
                return p.dm_channel(dm_id, user)
        return None

    async def _get_channel(self, _r: web.Request, _rec: RecordedRequest, m: re.Match[str]) -> Any:
        channel = self._channel(int(m["cid"]))
        if channel is None:
            return _json_response({"message": "Unknown Channel", "code": 10003}, 404)
        return channel

    async def _typing(self, *_: Any) -> web.Response:
        return web.Response(status=204)

    async def _create_message(self, _r: web.Request, rec: RecordedRequest, m: re.Match[str]) -> Any:
        channel_id = int(m["cid"])
        if self._channel(channel_id) is None:
            return _json_response({"message": "Unknown Channel", "code": 10003}, 404)
        guild_id = self.guild_id if channel_id == self.channel_id else None
        msg = self._store(
            channel_id, self.bot_user, rec.json or {}, files=rec.files, guild_id=guild_id
        )
        return msg.data

    async def _channel_message(
        self, request: web.Request, rec: RecordedRequest, m: re.Match[str]
    ) -> Any:
        msg = self.messages.get(int(m["mid"]))
        if msg is None or msg.deleted or msg.channel_id != int(m["cid"]):
            return _json_response({"message": "Unknown Message", "code": 10008}, 404)
        if request.method == "PATCH":
            self._edit(msg, rec.json or {}, rec.files)
        elif request.method == "DELETE":
            msg.deleted = True
            return web.Response(status=204)
        return msg.data
