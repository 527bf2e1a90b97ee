"""The one rule for untrusted text in a Discord message.

Untrusted is anything the bot did not write: program output and tracebacks, values quoted
in check messages, member names, what a member typed into an option. Two places it lands:

* inside a code block (`in_code`): no two backticks stay adjacent (a zero-width space goes
  between them), so no run of backticks, of any length, can close the block or open one;
* in running text (`plain`): every character Discord's Markdown gives meaning to is
  backslash-escaped, so bold, spoilers, masked links, headings, quotes, mentions, channel
  links and timestamps all show as the characters that were typed.

Both drop bidirectional controls (an RTL override would reorder the bot's own words around
the text). Lesson text is written by authors, in Markdown on purpose: `authored` keeps its
formatting and only makes mentions inert. Every message is also sent with mentions
disabled (`replies.NO_MENTIONS`); this module is about what the text looks like.
"""

from __future__ import annotations

import re

import discord

ZWSP = "\u200b"
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BACKTICK_PAIR = re.compile("`(?=`)")
_SPLIT_PAIR = re.compile(f"`{ZWSP}(?=`)")
# Markdown, masked links and mentions (<@…>, <#…>, <t:…>) anywhere in a line; headings (#),
# lists and subtext (-) and numbered lists (1.) only where they mean something: a line's start.
_SPECIAL = re.compile(r"([\\`*_~|\[\]<>@])")
_LINE_MARK = re.compile(r"(?m)^([ \t]*)([#-])")
_LINE_NUMBER = re.compile(r"(?m)^([ \t]*\d+)\.(?=[ \t])")


def in_code(text: str) -> str:
    """Untrusted text for the inside of a ``` block: no fence can form in it."""
    return _BACKTICK_PAIR.sub("`" + ZWSP, BIDI_CONTROLS.sub("", text))


def from_code(text: str) -> str:
    """The inverse of `in_code` for text that had no bidirectional controls (callers check
    the round trip): the zero-width space after each backtick that another follows."""
    return _SPLIT_PAIR.sub("`", text)


def plain(text: str) -> str:
    """Untrusted text for running prose: shown exactly as typed, no Markdown takes effect."""
    text = _SPECIAL.sub(r"\\\1", BIDI_CONTROLS.sub("", text))
    return _LINE_NUMBER.sub(r"\1\\.", _LINE_MARK.sub(r"\1\\\2", text))


def authored(text: str) -> str:
    """Lesson text: the author's Markdown stays, mentions and bidi controls do not."""
    return discord.utils.escape_mentions(BIDI_CONTROLS.sub("", text))
