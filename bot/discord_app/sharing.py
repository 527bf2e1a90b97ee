"""Moments to share: a finished lesson, a /run result, a leaderboard page, posted in public
only when the member clicks (Share 🎉, Post to channel), at most once per cooldown.

A /run result is kept in memory for a while under a short token so its Post button can
post it; after a restart (or once `KEEP` newer runs came), the button says it expired.
"""

from __future__ import annotations

import math
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import discord

from bot.core.ports import RunResult, TutorError
from bot.discord_app.custom_ids import PREFIX, checked

POST_COOLDOWN_SECONDS = 60.0
KEEP = 500  # recent /run results that can still be posted
POST_RUN = rf"^{PREFIX}:post:run:(?P<token>[0-9a-f]{{8}}):(?P<owner>\d{{1,20}})$"
POST_BOARD = rf"^{PREFIX}:post:board:(?P<kind>daily|lessons):(?P<page>\d{{1,5}})$"


class PostCooldown:
    """One public post per member per `seconds` (shares, runs and boards together)."""

    def __init__(
        self, seconds: float = POST_COOLDOWN_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self._last: dict[int, float] = {}

    def take(self, member_id: int) -> None:
        now = self.clock()
        wait = self.seconds - (now - self._last.get(member_id, -math.inf))
        if wait > 0:
            raise TutorError(f"You posted a moment ago; you can post again in {math.ceil(wait)} s.")
        self._last[member_id] = now
        if len(self._last) > 10 * KEEP:
            self._last = {m: t for m, t in self._last.items() if now - t < self.seconds}


@dataclass(frozen=True)
class RecentRun:
    owner_id: int
    code: str
    result: RunResult


class RecentRuns:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._runs: OrderedDict[str, RecentRun] = OrderedDict()

    def add(self, run: RecentRun) -> str:
        token = secrets.token_hex(4)
        self._runs[token] = run
        while len(self._runs) > self.keep:
            self._runs.popitem(last=False)
        return token

    def get(self, token: str) -> RecentRun:
        run = self._runs.get(token)
        if run is None:
            raise TutorError("That result is no longer kept; run the code again to post it.")
        return run


def post_button(custom_id: str, label: str = "Post to channel") -> discord.ui.Button:
    return discord.ui.Button(
        label=label, style=discord.ButtonStyle.secondary, custom_id=checked(custom_id)
    )


def post_run_id(token: str, owner_id: int) -> str:
    return f"{PREFIX}:post:run:{token}:{owner_id}"


def post_board_id(kind: str, page: int) -> str:
    return f"{PREFIX}:post:board:{kind}:{page}"
