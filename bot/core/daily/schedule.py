"""Rules of the moderator-scheduled daily quiz, free of Discord, SQL and the system clock.

The schedule is a wall-clock time in an IANA timezone, so "09:00 Europe/Paris" stays 09:00
for the members across daylight-saving changes. A time that does not exist on a spring-
forward day is posted as soon as the clocks have jumped (02:30 → 03:30); a time that happens
twice on a fall-back day is posted once, at its first occurrence.

The scheduler keeps one fact in the database, the latest *slot* (scheduled instant) it has
dealt with. Everything else follows from these rules: which slot to post now, which slots
were missed while the bot was down (reported, never skipped silently) and when a post is
revealed. Which question a guild gets, tallies and streaks live in `pool`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

CATCH_UP_WINDOW = timedelta(hours=3)  # a slot missed by less than this is still posted
MAX_REVEAL_AFTER = timedelta(days=7)
_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")
_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*$")


class DailyRuleError(ValueError):
    """A moderator's setting that cannot work; `message` says which and why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


# --------------------------------------------------------------------------- settings


def load_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name` ("Europe/Paris"); a clear error for anything else."""
    try:
        if not name or name != name.strip():
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise DailyRuleError(
            f"'{name}' is not an IANA timezone; use a name like Europe/Paris or America/New_York."
        ) from None


def parse_post_time(text: str) -> time:
    """'9:30', '09:30', '21.05' or '21h05' as a wall-clock time (24-hour)."""
    match = _TIME.match(text or "")
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise DailyRuleError(f"'{text}' is not a time of day; use 24-hour HH:MM such as 09:00.")


def parse_duration(text: str) -> timedelta:
    """'90m', '6h', '1d 12h' as a duration, between one minute and a week."""
    match = _DURATION.match(text or "")
    if not match or not any(match.groups()):
        raise DailyRuleError(f"'{text}' is not a duration; write it like 30m, 6h or 1d.")
    days, hours, minutes = (int(part or 0) for part in match.groups())
    try:
        duration = timedelta(days=days, hours=hours, minutes=minutes)
    except OverflowError:  # "999999999999h": far past any limit, and past timedelta's own
        duration = timedelta.max
    if not timedelta(minutes=1) <= duration <= MAX_REVEAL_AFTER:
        raise DailyRuleError("The reveal delay must be between 1 minute and 7 days.")
    return duration


# --------------------------------------------------------------------------- schedule


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar day `instant` falls on for people living in `zone`."""
    return instant.astimezone(zone).date()


def slot_on(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time `at` on `day` in `zone`.

    fold=0 picks the first of two instants in a fall-back overlap, and for a wall time that
    a spring-forward gap skips it applies the pre-jump offset, which lands just after the
    jump by the gap's length: exactly "as soon as the clocks allow".
    """
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def slots_between(at: time, zone: ZoneInfo, after: datetime, until: datetime) -> list[datetime]:
    """Every scheduled instant in the half-open interval (after, until], oldest first."""
    if until <= after:
        return []
    first = local_day(after, zone) - timedelta(days=1)
    last = local_day(until, zone) + timedelta(days=1)
    slots = []
    day = first
    while day <= last:
        slot = slot_on(day, at, zone)
        if after < slot <= until:
            slots.append(slot)
        day += timedelta(days=1)
    return slots


def next_slot(at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """The first scheduled instant strictly after `after`."""
    day = local_day(after, zone) - timedelta(days=1)
    while True:
        slot = slot_on(day, at, zone)
        if slot > after:
            return slot
        day += timedelta(days=1)


@dataclass(frozen=True)
class CatchUp:
    """What the scheduler owes after looking at the clock.

    `post` is the slot to post now (at most one, however long the bot was away); `missed`
    are slots too old to post, to be reported; `handled_through` is the new value of the
    stored "latest slot dealt with" (None: nothing changed).
    """

    post: datetime | None
    missed: tuple[datetime, ...]
    handled_through: datetime | None

    @property
    def late(self) -> bool:
        return bool(self.missed)


def catch_up(
    at: time,
    zone: ZoneInfo,
    handled_through: datetime,
    now: datetime,
    window: timedelta = CATCH_UP_WINDOW,
) -> CatchUp:
    """Slots due since `handled_through`: the newest is posted if within `window`, the rest missed.

    Storing `handled_through` in the same transaction as the post is what makes a slot
    post once: the next tick (or the next process) starts after it.
    """
    due = slots_between(at, zone, handled_through, now)
    if not due:
        return CatchUp(post=None, missed=(), handled_through=None)
    newest = due[-1]
    if now - newest <= window:
        return CatchUp(post=newest, missed=tuple(due[:-1]), handled_through=newest)
    return CatchUp(post=None, missed=tuple(due), handled_through=newest)


def reveal_time(
    posted_at: datetime, next_post_at: datetime | None, reveal_after: timedelta | None
) -> datetime | None:
    """When a post's answer is revealed: after `reveal_after`, and at the latest with the next post.

    None means "when the next quiz is posted" and no next post is scheduled (paused or a
    one-off): the reveal then waits for the next post or a moderator.
    """
    candidates = [t for t in (next_post_at,) if t is not None]
    if reveal_after is not None:
        candidates.append(posted_at + reveal_after)
    return min(candidates) if candidates else None
