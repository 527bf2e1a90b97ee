"""The fake Discord's REST API: the routes discord.py calls, answered like Discord does.

Every request is recorded (JSON body, or `payload_json` and files of a multipart body);
routes outside the table answer 404 and land in `unknown_routes`, which the e2e fixture
treats as a failure.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import fake_payloads as p
from .fake_limits import payload_problems
from .fake_payloads import EPHEMERAL, FakeUser, snowflake
from .fake_records import LOADING, FakeMessage, InteractionHandle, RecordedRequest

if TYPE_CHECKING:
    pass

Handler = Callable[[web.Request, "RecordedRequest", re.Match[str]], Awaitable[Any]]


def _json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": a charset suffix makes discord.py read the body as text.
    body = json.dumps(data).encode()
    return web.Response(status=status, body=body, headers={"Content-Type": "application/json"})


def limit_problems(record: RecordedRequest) -> list[str]:
    """What Discord would refuse in this request's message or modal."""
    body = record.json if isinstance(record.json, dict) else {}
    if record.path.endswith("/callback"):
        kind, data = body.get("type"), body.get("data")
        if kind == 9:
            return payload_problems(data, modal=True)
        return payload_problems(data) if kind in (4, 7) else []
    if record.sends_message:
        return [problem for payload in record.payloads() for problem in payload_problems(payload)]
    return []


class FakeRest:
    """REST handlers, mixed into `FakeDiscord` (whose state they read and change)."""

    # State owned by FakeDiscord, declared here so the handlers read clearly.
    token: str
    port: int
    app_id: int
    bot_user: FakeUser
    guild_id: int
    channel_id: int
    members: list[FakeUser]
    requests: list[RecordedRequest]
    unknown_routes: list[RecordedRequest]
    rejected: list[tuple[RecordedRequest, list[str]]]
    messages: dict[int, FakeMessage]
    interactions: dict[str, InteractionHandle]
    global_commands: list[dict[str, Any]]
    guild_commands: dict[int, list[dict[str, Any]]]
    dm_channels: dict[int, int]
    group_dm_id: int
    closed_dms: set[int]

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
                    problems = limit_problems(record)
                    if problems:
                        self.rejected.append((record, problems))
                        invalid = {
                            "message": "Invalid Form Body",
                            "code": 50035,
                            "errors": problems,
                        }
                        return _json_response(invalid, 400)
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
        if channel_id == self.group_dm_id:  # a bot that is only user-installed cannot post
            return None
        guild_id = self.guild_of_channel(channel_id)  # type: ignore[attr-defined]
        if guild_id is not None:
            return p.text_channel(channel_id, guild_id, "study")
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
        guild_id = self.guild_of_channel(channel_id)  # type: ignore[attr-defined]
        closed = {self.dm_channels.get(user) for user in self.closed_dms}
        if channel_id in closed:  # what Discord answers when the user's DMs are closed
            refusal = {"message": "Cannot send messages to this user", "code": 50007}
            return _json_response(refusal, 403)
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
