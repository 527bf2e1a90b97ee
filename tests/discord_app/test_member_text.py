"""Member-written text cannot restyle the message around it, and names cannot mention."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.core.content import Option, Question
from bot.core.content.models import Difficulty
from bot.discord_app.member_text import escape_layout, member_question, plain_name

LAYOUT = re.compile(r"^\s*(#{1,3}\s|>{1,3}\s|-#\s)", re.MULTILINE)


def test_headings_quotes_subtext_links_and_fences_are_escaped():
    text = "# Big\n> quote\n-# small\n[click](https://x.example)\n```py\nx\n```"
    shown = escape_layout(text)
    assert not LAYOUT.search(shown)
    assert "```" not in shown
    assert "\\[click\\](https://x.example)" in shown
    assert escape_layout("`inline` and **bold** stay") == "`inline` and **bold** stay"


def test_names_lose_mention_and_markup_syntax():
    assert plain_name("Zoë <@123> **boss**") == "Zoë 123 boss"
    assert plain_name("@everyone") == "everyone"
    assert plain_name("<>") == "a member"


def test_the_whole_question_is_escaped_but_its_code_is_not():
    question = Question(
        id="q1",
        prompt="# Which?",
        difficulty=Difficulty.EASY,
        options=(Option("> a", True), Option("b")),
        explanation=("# step",),
        code="# a comment\nx = 1",
    )
    shown = member_question(question)
    assert shown.prompt == "\\# Which?" and shown.options[0].text == "\\> a"
    assert shown.explanation == ("\\# step",) and shown.code == question.code
    assert shown.correct_index == 0


@given(st.text(alphabet=st.sampled_from("#>-` []()\nabc*_@<&!0123456789"), max_size=200))
def test_no_text_a_member_writes_starts_a_heading_quote_or_fence(text):
    shown = escape_layout(text)
    assert not LAYOUT.search(shown)
    assert "```" not in shown
    assert not re.search(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(", shown)


@given(st.text(max_size=100))
def test_a_plain_name_never_holds_mention_syntax(name):
    shown = plain_name(name)
    assert shown and not re.search(r"[<>@\n`*]", shown) and len(shown) <= 64
