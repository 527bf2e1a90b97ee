"""Problems 5 and 7: odd input gets a clear answer, never a crash, and code is never rewritten."""

from __future__ import annotations

import json

import discord

from .actions import LESSON, start_lesson, submit_code
from .daily_support import clock, quiz_bot  # noqa: F401  (fixtures)

BUG = "Something went wrong"


async def test_a_lone_surrogate_in_the_code_box_is_checked_not_a_crash(
    fake, runner, services, monkeypatch
):
    # JSON allows "\ud800"; Python's json decodes it to a lone surrogate, which is what the
    # bot receives on a machine without orjson (CI). With orjson installed discord.py cannot
    # parse such a frame at all, so this test decodes like the fresh machine does.
    monkeypatch.setattr(discord.utils, "_from_json", json.loads)
    step = await start_lesson(fake)
    verdict = await submit_code(fake, step, 'definition = "\ud800"\nprint("ok")')
    assert BUG not in verdict.text() and "Not yet" in verdict.text()
    attempts = await services.store.attempts(f"discord:{fake.member.id}", LESSON)
    assert attempts[-1].code == 'definition = "\ufffd"\nprint("ok")'


async def test_closed_sets_are_checked_even_when_a_client_sends_something_else(fake, runner):
    handle = await fake.slash("quiz practice", {"lesson": LESSON, "difficulty": "impossible"})
    reply = await handle.reply()
    assert reply.ephemeral and "'impossible' is not a difficulty: use easy, medium, hard" in (
        reply.content
    )
    practice = fake._command("quiz")["options"][0]
    difficulty = next(o for o in practice["options"] if o["name"] == "difficulty")
    assert [c["value"] for c in difficulty["choices"]] == ["easy", "medium", "hard"]


async def test_leaderboard_board_outside_its_choices_is_refused(fake, quiz_bot):  # noqa: F811
    reply = await (await fake.slash("leaderboard", {"board": "garbage"})).reply()
    assert "'garbage' is not a leaderboard: use daily, lessons" in reply.content
    board = fake._command("leaderboard")["options"][0]
    assert [c["value"] for c in board["choices"]] == ["daily", "lessons"]


async def test_a_huge_reveal_delay_is_refused_in_words(fake, quiz_bot):  # noqa: F811
    values = {"channel": fake.channel_id, "time": "09:00", "timezone": "Europe/Paris"}
    handle = await fake.slash("daily setup", {**values, "reveal_after": "999999999999h"})
    reply = await handle.reply()
    assert BUG not in reply.content
    assert "between 1 minute and 7 days" in reply.content


async def test_lesson_option_takes_a_title_as_well_as_an_id(fake, runner):
    step = await (await fake.slash("lesson start", {"lesson": "what is  MLOps"})).reply()
    assert "What is MLOps — Step 1" in step.text()
    unknown = await (await fake.slash("lesson start", {"lesson": "Cooking"})).reply()
    assert "There is no lesson called 'Cooking'. Known lessons: " in unknown.content
    assert "what-is-mlops" in unknown.content


async def test_code_in_the_box_is_never_unwrapped(fake, runner, services):
    """Problem 7: two ``` inside a string are code, not a fence to extract."""
    box = await fake.slash("run")
    assert (await box.response())["type"] == 9
    ran = await (await fake.submit_modal(box, "print('a```b```c')")).reply()
    assert "NameError" not in ran.text() and "Ran your code" in ran.text()

    step = await start_lesson(fake)
    code = "definition = 'a```b```c'"
    verdict = await submit_code(fake, step, code)
    assert "NameError" not in verdict.text()
    attempts = await services.store.attempts(f"discord:{fake.member.id}", LESSON)
    assert attempts[-1].code == code
