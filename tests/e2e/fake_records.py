"""What the fake Discord keeps: requests the bot made, messages, and interactions sent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fake_payloads import EPHEMERAL, FakeUser

if TYPE_CHECKING:
    from collections.abc import Callable

    from .fake_discord import FakeDiscord

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


def mentions_disabled(allowed: Any, roles: set[int] | frozenset[int] = frozenset()) -> bool:
    """`allowed_mentions` that lets nobody be pinged (not even the author of a reply),
    except members of the given `roles`."""
    return (
        isinstance(allowed, dict)
        and allowed.get("parse") == []
        and not allowed.get("users")
        and {int(r) for r in allowed.get("roles") or ()} <= set(roles)
        and not allowed.get("replied_user")
    )
