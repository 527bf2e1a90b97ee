"""insecure-dev mode is announced in the bot's status on every start; strict mode is silent."""

from __future__ import annotations

from bot.discord_app.client import INSECURE_STATUS

from .conftest import BotRunner, e2e_settings


async def test_insecure_dev_is_in_the_bots_status(fake, tmp_path, error_log):
    runner = BotRunner(fake, e2e_settings(fake, tmp_path, STEPWISE_SANDBOX="insecure-dev"))
    await runner.start()
    try:
        game = (fake.presence or {}).get("game") or {}  # IDENTIFY carries the activity as "game"
        assert game.get("state") == INSECURE_STATUS
    finally:
        await runner.stop()


async def test_strict_mode_announces_nothing(fake, runner):
    assert not (fake.presence or {}).get("game")
