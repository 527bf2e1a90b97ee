"""Problem 2: a command is offered only where it works, and works everywhere it is offered.

The synced payload is what Discord enforces (the fake refuses a command outside its
`contexts`, as Discord does), so the test reads the payload and then uses every command in
every context it claims: a server, the bot's DM and a group DM (user-installed).
"""

from __future__ import annotations

import pytest

from .fake_discord import CommandNotOffered

SERVER, BOT_DM, PRIVATE = 0, 1, 2
SERVER_ONLY = {"daily", "leaderboard", "question"}  # a server's own schedule, standings, bank
# Options a command cannot run without; everything else runs with none.
REQUIRED = {
    "lesson start": {"lesson": "what-is-mlops"},
    "quiz test": {"lesson": "what-is-mlops"},
    "learn": {"lesson": "what-is-mlops"},
}
BUG = "Something went wrong"


def leaves(command: dict) -> list[str]:
    """ "lesson start", "help", …: every runnable path of a synced command."""
    subs = [o for o in command.get("options") or [] if o["type"] in (1, 2)]
    if not subs:
        return [command["name"]]
    paths = []
    for sub in subs:
        if sub["type"] == 1:
            paths.append(f"{command['name']} {sub['name']}")
        else:
            paths += [f"{command['name']} {sub['name']} {s['name']}" for s in sub["options"]]
    return paths


async def test_every_command_declares_where_it_is_offered(fake, runner):
    for command in fake.global_commands:
        name = command["name"]
        if name in SERVER_ONLY:
            assert command["contexts"] == [SERVER], name
            assert command["integration_types"] == [0], f"/{name} needs the bot in the server"
        else:
            assert command["contexts"] == [SERVER, BOT_DM, PRIVATE], name
            assert command["integration_types"] == [0, 1], name


@pytest.mark.parametrize("where", ["dm", "group"])
async def test_every_command_offered_in_private_channels_works_there(fake, runner, where):
    ben = fake.members[1]
    ran = []
    for command in fake.global_commands:
        for path in leaves(command):
            try:
                handle = await fake.slash(
                    path, REQUIRED.get(path), ben, dm=where == "dm", group=where == "group"
                )
            except CommandNotOffered:
                assert command["name"] in SERVER_ONLY, path
                continue
            ran.append(path)
            response = await handle.response()
            if response["type"] == 9:  # a code box opened: it works
                continue
            reply = await handle.reply()
            assert BUG not in reply.text(), f"/{path} in {where}: {reply.text()}"
            assert "Failed to convert" not in reply.text(), f"/{path} in {where}"
            if where == "group":
                assert reply.ephemeral, f"/{path} answered the whole group DM"
    assert {"lesson start", "run", "progress", "quiz practice", "mydata export"} <= set(ran)
    for name in SERVER_ONLY:
        with pytest.raises(CommandNotOffered):
            await fake.slash(leaves(fake._command(name))[0], None, ben, dm=True)


async def test_private_means_private_in_group_dms_and_public_only_in_the_own_dm(fake, runner):
    """Problem 8: a group DM is shared, so replies about one learner's work are ephemeral."""
    ben = fake.members[1]
    ran = await (await fake.slash("run", {"code": "print(6 * 7)"}, ben, group=True)).reply()
    step = await (
        await fake.slash("lesson start", {"lesson": "what-is-mlops"}, ben, group=True)
    ).reply()
    hint = await (await fake.click_button(step, step.custom_id("Hint"), ben)).reply()
    assert "42" in ran.text() and "Step 1" in step.text() and "Hint 1" in hint.text()
    assert ran.ephemeral and step.ephemeral and hint.ephemeral
    assert all(m.ephemeral for m in fake.sent_by_bot() if m.channel_id == fake.group_dm_id)

    own = await (await fake.slash("lesson continue", None, ben, dm=True)).reply()
    assert not own.ephemeral and own.channel_id == fake.dm_channel_id(ben)
