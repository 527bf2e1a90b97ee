"""Problem 6: program output, values quoted in checks and member names cannot format a message."""

from __future__ import annotations

from .actions import next_step, start_lesson, submit_code
from .daily_support import clock, quiz_bot  # noqa: F401  (fixtures)
from .fake_discord import FakeDiscord

EVIL = " **BOLD** [x](https://evil.example)"


def output_value(message) -> str:
    return next(f["value"] for f in message.embeds[0]["fields"] if f["name"] == "Your output")


async def test_five_backticks_in_output_leave_no_live_fence(fake: FakeDiscord, runner):
    ran = await (await fake.slash("run", {"code": f"print('`````' + '{EVIL}')"})).reply()
    shown = output_value(ran)
    assert shown.startswith("```\n") and shown.endswith("\n```")
    assert shown.count("```") == 2 and "``" not in shown[3:-3], shown


async def test_values_quoted_in_check_messages_are_shown_as_typed(
    fake: FakeDiscord, runner, services
):
    lesson = services.catalog.get("what-is-mlops")
    step = await start_lesson(fake)
    passed = await submit_code(fake, step, lesson.step(1).solution)
    await next_step(fake, passed)
    code = "mlops_steps = ['```', '**B** @everyone', 'Model Deployment', 'Monitoring']"
    verdict = await submit_code(fake, passed, code)
    marks = verdict.embeds[0]["description"]
    assert "Not yet" in verdict.text()
    assert "```" not in marks and "**B**" not in marks and "@everyone" not in marks
    assert r"mlops\_steps\[0\]: expected 'Data Preparation', found '\`\`\`'" in marks


async def test_a_member_named_like_a_link_is_not_a_link_on_the_leaderboard(
    fake: FakeDiscord,
    quiz_bot,  # noqa: F811
):
    nitro = fake.add_member("[Claim Nitro](https://evil.example)")
    # Members join the guild before the bot connects in the fake; reconnect to load the new one.
    await quiz_bot.restart()
    lesson = quiz_bot.services.catalog.get("what-is-mlops")
    step = await start_lesson(fake, nitro)
    await submit_code(fake, step, lesson.step(1).solution, nitro)
    board = await (await fake.slash("leaderboard", {"board": "lessons"}, nitro)).reply()
    text = board.embeds[0]["description"]
    assert r"\[Claim Nitro\](https://evil.example)" in text
    assert "[Claim Nitro](" not in text
