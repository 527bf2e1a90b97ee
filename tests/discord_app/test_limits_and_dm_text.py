"""The /run gate and the post cooldown count what they say; bare DM code is told from chat."""

from __future__ import annotations

import pytest

from bot.core.ports import TutorError
from bot.discord_app.codeblocks import bare_code
from bot.discord_app.run_gate import RunGate, RunRefused
from bot.discord_app.sharing import PostCooldown


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_run_in_flight_then_the_cooldown_from_the_submission():
    clock = Clock()
    gate = RunGate(5.0, clock)
    with gate.admit(1):
        with pytest.raises(RunRefused, match="still running"), gate.admit(1):
            pass
        with gate.admit(2):  # another member is not held up
            pass
    clock.now += 3
    with pytest.raises(RunRefused, match="again in 2 s"), gate.admit(1):
        pass
    clock.now += 2
    with gate.admit(1):
        pass


def test_a_failed_run_still_frees_the_slot():
    gate = RunGate(0.0, Clock())
    with pytest.raises(RuntimeError), gate.admit(1):
        raise RuntimeError("sandbox down")
    with gate.admit(1):
        pass


def test_one_public_post_per_member_per_cooldown():
    clock = Clock()
    posts = PostCooldown(60.0, clock)
    posts.take(1)
    posts.take(2)
    with pytest.raises(TutorError, match="post again in 60 s"):
        posts.take(1)
    clock.now += 60
    posts.take(1)


@pytest.mark.parametrize("text", ["x = 1", "print('hi')", "for i in range(3):\n    print(i)"])
def test_bare_code_is_code(text):
    assert bare_code(text) == text


@pytest.mark.parametrize("text", ["hello?", "ok", "thanks", "3", "", "  ", "is this on"])
def test_chat_is_not_code(text):
    assert bare_code(text) is None
