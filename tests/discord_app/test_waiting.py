"""The busy refusal keeps the learner's code exactly, or says where it is kept instead."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.core.ports import QueueNotice
from bot.discord_app.components import CODE_LIMIT, RETRY_BUTTON, retry_custom_id
from bot.discord_app.waiting import busy_reply, kept_embed, queued_reply, unfence


@given(st.text(min_size=1, max_size=CODE_LIMIT))
def test_any_code_box_text_comes_back_exactly_or_is_not_offered_for_retry(code):
    embed = kept_embed(code)
    reply, kept = busy_reply(3.2, code)
    assert kept is (embed is not None)
    if embed is not None:
        assert unfence(embed.description) == code
        assert len(embed.description) <= 4096
        assert "Press **Retry**" in reply.content
    else:
        assert "kept in the Submit code box" in reply.content
    assert "try again in about 4 s" in reply.content


def test_fences_inside_the_code_survive_the_round_trip():
    code = 'print("```")\nx = 1'
    embed = kept_embed(code)
    assert embed is not None and "```" not in embed.description[6:-4]
    assert unfence(embed.description) == code


def test_the_queued_notice_says_how_many_runs_are_ahead_and_roughly_how_long():
    assert queued_reply(QueueNotice(ahead=12, wait=2.2)).content == (
        "⏳ Queued — 12 runs ahead of you (about 3 s). Your verdict will replace this message."
    )
    assert "1 run ahead" in queued_reply(QueueNotice(ahead=1, wait=0.1)).content


def test_the_retry_custom_id_names_the_lesson_and_the_owner():
    match = re.match(RETRY_BUTTON, retry_custom_id("what-is-mlops", 1234))
    assert match and match["lesson"] == "what-is-mlops" and match["owner"] == "1234"
