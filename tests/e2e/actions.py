"""What a learner does in Discord, as short helpers over the fake: start, submit, click."""

from __future__ import annotations

from bot.core.content import Question

from .fake_discord import FakeDiscord, FakeMessage, InteractionHandle
from .fake_payloads import FakeUser

LESSON = "what-is-mlops"


async def start_lesson(
    fake: FakeDiscord, user: FakeUser | None = None, *, dm: bool = False, lesson: str = LESSON
) -> FakeMessage:
    handle = await fake.slash("lesson start", {"lesson": lesson}, user, dm=dm)
    return await handle.reply()


async def open_code_box(
    fake: FakeDiscord, message: FakeMessage, user: FakeUser | None = None
) -> InteractionHandle:
    handle = await fake.click_button(message, message.custom_id("Submit code"), user)
    response = await handle.response()
    assert response["type"] == 9, f"expected a modal, got {response}"
    return handle


def prefill(modal_handle: InteractionHandle) -> str:
    row = modal_handle.modal["components"][0]
    text_input = (row.get("components") or [row.get("component")])[0]
    return text_input.get("value") or ""


async def submit_code(
    fake: FakeDiscord, message: FakeMessage, code: str, user: FakeUser | None = None
) -> FakeMessage:
    """Press Submit code on `message`, type `code` into the box, wait for the verdict."""
    box = await open_code_box(fake, message, user)
    verdict = await fake.submit_modal(box, code)
    callback = await verdict.response()
    assert callback["type"] == 5, f"code must be acknowledged with a defer first: {callback}"
    return await verdict.reply()


async def next_step(fake: FakeDiscord, message: FakeMessage, user: FakeUser | None = None) -> int:
    """Press Next step; it edits `message` in place into the next step. Returns its number."""
    before = message.edits
    click = await fake.click_button(message, message.custom_id("Next step"), user)
    response = await click.response()
    assert response["type"] == 6, f"Next step acknowledges silently, then edits: {response}"
    await click.reply(lambda m: m.edits > before and "Submit code" in m.labels())
    return before


def shown_letter(message: FakeMessage, question: Question, written: int) -> str:
    """The letter `question`'s option `written` is shown under on `message`: practice and
    tests shuffle options per delivery, so a test finds them by text, as a learner would."""
    wanted = question.options[written].text.replace("\\", "")[:40]
    for line in message.text().splitlines():
        plain = line.replace("\\", "")
        if (
            plain.startswith("**")
            and ".** " in plain[:8]
            and plain.split(".** ", 1)[1].startswith(wanted)
        ):
            return plain[2]
    raise AssertionError(f"option {wanted!r} is not on the message: {message.text()}")


def wrong_shown_letter(message: FakeMessage, question: Question) -> str:
    """A letter that shows a wrong option of `question`."""
    return shown_letter(message, question, (question.correct_index + 1) % len(question.options))
