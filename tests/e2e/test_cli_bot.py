"""`stepwise sync` and `stepwise invite-url` as an operator runs them."""

from __future__ import annotations

import json

from bot.discord_app.invite import bot_permissions

from .cli_process import stepwise
from .fake_discord import FakeDiscord


async def test_sync_pushes_commands_to_the_dev_guild_even_when_unchanged(
    fake: FakeDiscord, tmp_path
):
    env = {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.base_url,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "STEPWISE_DB": str(tmp_path / "stepwise.db"),
        "DEV_GUILD_ID": str(fake.guild_id),
    }
    for _ in range(2):
        code, out, err = await stepwise("sync", env_extra=env, cwd=tmp_path)
        assert code == 0, err
        assert out.strip() == f"synced slash commands to server {fake.guild_id}"
    puts = [r for r in fake.requests if r.method == "PUT"]
    assert [r.path for r in puts] == [
        f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands"
    ] * 2
    names = {c["name"] for c in fake.guild_commands[fake.guild_id]}
    assert {"lesson", "lessons", "submit", "progress", "run", "help"} <= names
    lesson = next(c for c in fake.guild_commands[fake.guild_id] if c["name"] == "lesson")
    assert lesson["contexts"] == [0, 1, 2] and lesson["integration_types"] == [0, 1]
    assert fake.identifies == 0, "sync never opens the gateway"
    assert fake.token not in out + err


async def test_invite_url_from_the_token_and_from_app_id(fake: FakeDiscord, tmp_path):
    code, out, _ = await stepwise(
        "invite-url", "--json", env_extra={"DISCORD_TOKEN": fake.token}, cwd=tmp_path
    )
    assert code == 0
    urls = json.loads(out)
    assert urls["application_id"] == fake.app_id
    assert f"client_id={fake.app_id}" in urls["guild_install"]
    assert f"permissions={bot_permissions().value}" in urls["guild_install"]
    assert "scope=bot+applications.commands" in urls["guild_install"]

    code, out, _ = await stepwise("invite-url", "--app-id", "42", env_extra={}, cwd=tmp_path)
    assert code == 0 and out.startswith("https://discord.com/oauth2/authorize?client_id=42")

    code, out, err = await stepwise("invite-url", env_extra={}, cwd=tmp_path)
    assert code == 2 and out == "" and "--app-id" in err
