"""The install link asks for exactly what the bot uses."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

from bot.discord_app.invite import app_id_from_token, bot_permissions, guild_install_url


def test_application_id_comes_from_the_tokens_first_segment():
    head = base64.b64encode(b"123456789012345678").decode().rstrip("=")
    assert app_id_from_token(f"{head}.GxYz12.signaturepart") == 123456789012345678
    assert app_id_from_token("not-base64!.x.y") is None
    assert app_id_from_token("") is None


def test_guild_url_scopes_and_minimal_permissions():
    query = parse_qs(urlparse(guild_install_url(42)).query)
    assert query["client_id"] == ["42"]
    assert query["scope"] == ["bot applications.commands"]
    permissions = bot_permissions()
    assert int(query["permissions"][0]) == permissions.value
    assert permissions.send_messages and permissions.embed_links and permissions.attach_files
    assert not permissions.administrator and not permissions.manage_messages
    assert not permissions.mention_everyone
