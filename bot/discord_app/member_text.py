"""Showing text a member wrote: layout-breaking markdown escaped, mentions never pinging.

Mentions are refused when a question is written (`content.question_source`) and every send
disables them anyway; here headings, quotes, subtext, masked links and code fences are
neutralised so a member's question cannot restyle the message around it. Inline emphasis
and `code` stay: they are how people write about code.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.content import Option, Question
from bot.discord_app.escape import in_code

_LINE_START = re.compile(r"^(\s*)(#{1,3}\s|>{1,3}\s|-#\s|[*-]\s)", re.MULTILINE)
_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(")
_NAME_NOISE = re.compile(r"[\n\r`*_~|<>@#\[\]]")


def escape_layout(text: str) -> str:
    """`text` shown as written, without headings, quotes, subtext, masked links or fences."""
    text = in_code(text)  # no two backticks touch: no fence can form
    text = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}", text)
    return _MASKED_LINK.sub(lambda m: f"\\[{m[1]}\\](", text)


def plain_name(name: str, limit: int = 64) -> str:
    """A display name for a footer or a sentence: no markup, no mention syntax."""
    cleaned = _NAME_NOISE.sub("", name).strip() or "a member"
    return cleaned[:limit]


def member_question(question: Question) -> Question:
    """The question as every surface shows it (code stays raw: it goes in a code block)."""
    return replace(
        question,
        prompt=escape_layout(question.prompt),
        options=tuple(Option(escape_layout(o.text), o.correct) for o in question.options),
        explanation=tuple(escape_layout(step) for step in question.explanation),
        hint=escape_layout(question.hint),
        mistakes=tuple(escape_layout(m) for m in question.mistakes),
    )
