"""Reminder rules: when a learner who opted in gets their one DM of the day.

Pure functions of the setting and the time. The adapter asks `reminder_day` each tick and
then claims that day in the store, which makes the send happen once per day even across
restarts: a bot that was down at the learner's time sends on its first tick after it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.ports import ReminderSetting

DEFAULT_TIME = "18:00"
DEFAULT_TIMEZONE = "UTC"
SECONDS_PER_REVIEW = 45  # a question and its explanation, read

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ReminderError(ValueError):
    """A time or timezone the learner typed that we cannot use; the message says why."""


def parse_time(text: str) -> str:
    """'7:05' → '07:05'; anything that is not a 24-hour HH:MM raises `ReminderError`."""
    found = _TIME.match(text.strip())
    if found is None:
        raise ReminderError(f"'{text}' is not a time like 18:30 (24-hour HH:MM).")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def parse_zone(text: str) -> str:
    """An IANA timezone name such as Europe/Berlin; a wrong one raises `ReminderError`."""
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReminderError(
            f"'{text}' is not a timezone I know; use a name like Europe/Berlin or UTC."
        ) from None
    return name


def zone_names(prefix: str = "", limit: int = 25) -> list[str]:
    """Timezone names containing `prefix` (case-insensitive), for autocomplete."""
    wanted = prefix.strip().lower()
    names = sorted(n for n in available_timezones() if wanted in n.lower())
    return names[:limit]


def local_day(setting: ReminderSetting, now: datetime) -> date:
    return now.astimezone(ZoneInfo(setting.timezone)).date()


def reminder_day(setting: ReminderSetting, now: datetime) -> date | None:
    """The learner's local day whose reminder is owed now, or None.

    Owed when reminders are on, the local time has reached the chosen time (plus the
    learner's spread within the minute), and no reminder was claimed for that local day yet.
    """
    if not setting.enabled:
        return None
    zone = ZoneInfo(setting.timezone)
    local = now.astimezone(zone)
    hour, minute = (int(part) for part in setting.time.split(":"))
    start = datetime.combine(local.date(), time(hour, minute), zone)
    if local < start + timedelta(seconds=spread_seconds(setting.learner)):
        return None
    if setting.last_sent is not None and setting.last_sent >= local.date():
        return None
    return local.date()


def spread_seconds(learner: str, window: int = 60) -> int:
    """A stable offset within the minute, so reminders set for 18:00 do not all go at once."""
    return sum(learner.encode()) % window


def estimate_minutes(due: int) -> int:
    """Roughly how long `due` reviews take, at least a minute when any are due."""
    return max(1, round(due * SECONDS_PER_REVIEW / 60)) if due else 0


def reminder_text(due: int) -> str:
    noun = "review" if due == 1 else "reviews"
    return f"{due} {noun} due, ~{estimate_minutes(due)} min."
