"""Slash-command options that validate themselves: closed sets, lessons by id or title, text.

Discord shows `choices` and autocomplete, but an interaction still carries whatever value a
client sent, so each transformer checks the value again and refuses it with a sentence
that names the allowed values (a `TutorError`, shown as is by `errors.report`).
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from bot.core.content import Lesson
from bot.core.ports import TutorError, UnknownLesson
from bot.discord_app.escape import plain

AUTOCOMPLETE_LIMIT = 25
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text from Discord as a str Python can encode: a lone surrogate (valid in JSON,
    invalid in UTF-8) becomes U+FFFD instead of failing deep inside a write. JSON decoding
    joins a valid pair into one character, so every surrogate left in a str is lone."""
    return _SURROGATE.sub("\ufffd", text)


class OneOf(app_commands.Transformer):
    """A closed set of strings, offered as Discord choices and checked on arrival."""

    def __init__(self, what: str, *values: str) -> None:
        self.what = what
        self.values = values

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def choices(self) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=value, value=value) for value in self.values]

    async def transform(self, interaction: discord.Interaction, value: Any) -> str:
        if value not in self.values:
            allowed = ", ".join(self.values)
            raise TutorError(
                f"'{plain(clean_text(str(value))[:40])}' is not a {self.what}: use {allowed}."
            )
        return value


def find_lesson(lessons: list[Lesson], text: str) -> Lesson | None:
    """The lesson named by its id or its title (case and spacing ignored)."""
    wanted = " ".join(text.split()).casefold()
    for lesson in lessons:
        if lesson.id.casefold() == wanted:
            return lesson
    matches = [lesson for lesson in lessons if " ".join(lesson.title.split()).casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def _lessons(interaction: discord.Interaction) -> list[Lesson]:
    return interaction.client.flow.engine.lessons()  # type: ignore[attr-defined]


class LessonRef(app_commands.Transformer):
    """`lesson:` as an id or a title, autocompleted from the catalog; the lesson's id."""

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        needle = value.strip().casefold()
        lessons = _lessons(interaction)
        matches = [
            lesson
            for lesson in lessons
            if needle in lesson.id.casefold() or needle in lesson.title.casefold()
        ]
        matches.sort(key=lambda lesson: not lesson.title.casefold().startswith(needle))
        return [
            app_commands.Choice(name=f"{lesson.title} ({lesson.id})"[:100], value=lesson.id)
            for lesson in matches[:AUTOCOMPLETE_LIMIT]
        ]

    async def transform(self, interaction: discord.Interaction, value: Any) -> str:
        text = clean_text(str(value)).strip()
        lessons = _lessons(interaction)
        found = find_lesson(lessons, text)
        if found is None:
            raise UnknownLesson(plain(text[:60]), [lesson.id for lesson in lessons])
        return found.id


LessonName = app_commands.Transform[str, LessonRef]
Level = app_commands.Transform[str, OneOf("difficulty", "easy", "medium", "hard")]
BoardKind = app_commands.Transform[str, OneOf("leaderboard", "daily", "lessons")]
