"""The server's question bank end to end: suggest, review, the daily quiz, export, import."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.ports import BankStatus

from . import daily_support
from .cli_process import stepwise
from .daily_support import ClockedRunner, HandClock, daily_posts, setup_daily
from .fake_discord import FakeDiscord, FakeMessage, Upload
from .fake_payloads import FakeUser, snowflake

clock = daily_support.clock  # fixtures
quiz_bot = daily_support.quiz_bot

GOOD = {
    "prompt": "Which pandas method drops rows that hold missing values?",
    "options": "fillna\n* dropna\nisna\nreplace",
    "explanation": "dropna removes rows (or columns) holding NaN.\nfillna fills them in instead.",
}
EDITED_PROMPT = "Which pandas method removes the rows that hold missing values?"

BROKEN = b"""\
questions:
  - id: one
    prompt: What is 1 + 1?
    difficulty: easy
    options:
      - text: "2"
      - text: "3"
    explanation: [Addition.]
  - id: two
    prompt: Ping @everyone please
    difficulty: easy
    options:
      - {text: a, correct: true}
      - {text: b}
    explanation: [x]
  - id: fine
    prompt: Is this one fine?
    difficulty: easy
    options:
      - {text: Fine, correct: true}
      - {text: Broken}
    explanation: [It is.]
  - id: three
    prompt: Which level?
    difficulty: hardest
    options:
      - {text: a, correct: true}
      - {text: b}
    explanation: [x]
"""


def member(fake: FakeDiscord, name: str) -> FakeUser:
    """A plain member: no Manage Server, no moderator role."""
    user = FakeUser(snowflake(), name, permissions="0")
    fake.members.append(user)
    return user


async def suggest(fake: FakeDiscord, user: FakeUser, values: dict[str, str]) -> FakeMessage:
    """/question suggest, fill the form; the bot's answer to it (a preview, or problems)."""
    opened = await fake.slash("question suggest", {}, user)
    assert (await opened.response())["type"] == 9, "a form opens"
    return await (await fake.submit_modal(opened, values, user)).reply()


async def save(fake: FakeDiscord, preview: FakeMessage, user: FakeUser) -> FakeMessage:
    click = await fake.click_button(preview, preview.custom_id("Save"), user)
    assert (await click.response())["type"] == 7  # the preview turns into the outcome
    await fake.wait_until(lambda: "Save" not in preview.labels(), 10, "the saved preview")
    return preview


def review_messages(fake: FakeDiscord) -> list[FakeMessage]:
    channel = fake.messages_in(fake.channel_id)
    return [m for m in channel if m.interaction_token is None and "Suggestion #" in m.text()]


async def test_suggest_review_daily_reveal_export_and_import(
    fake: FakeDiscord, quiz_bot: ClockedRunner, clock: HandClock, tmp_path
):
    bank = quiz_bot.services.questions
    moderator, author, bystander = fake.member, member(fake, "Zoë <@1>"), member(fake, "carl")
    setup = await setup_daily(fake, review_channel=fake.channel_id)  # or /question setup
    assert setup.ephemeral and "every day at 09:00" in setup.text()
    assert (await bank.get_settings(fake.guild_id)).review_channel_id == fake.channel_id

    # A member suggests: the preview is the daily post exactly as learners will see it.
    preview = await suggest(fake, author, GOOD)
    assert preview.ephemeral and "Daily quiz" in preview.text()
    assert GOOD["prompt"] in preview.text() and "**B.** dropna" in preview.text()
    assert preview.labels() == ["Save", "Edit", "Details…", "Discard"]
    await save(fake, preview, author)
    assert "Suggestion #1" in preview.text() and "waiting for a moderator" in preview.text()
    await fake.wait_until(lambda: review_messages(fake), 10, "the review message")
    (review,) = review_messages(fake)
    assert review.labels() == ["Approve", "Edit", "Reject"]
    assert "Suggested by Zoë 1" in review.text()  # the name's mention syntax is gone

    # A member who is not a moderator cannot approve.
    refused = await (
        await fake.click_button(review, review.custom_id("Approve"), bystander)
    ).reply()
    assert refused.ephemeral and "Only moderators" in refused.text()
    assert (await bank.get_question(fake.guild_id, 1)).status is BankStatus.SUGGESTED

    # A moderator edits it (the form opens with the member's text), then approves.
    opened = await fake.click_button(review, review.custom_id("Edit"), moderator)
    form = (await opened.response())["data"]
    assert json.dumps(GOOD["options"])[1:-1] in json.dumps(form)
    updated = await (await fake.submit_modal(opened, {"prompt": EDITED_PROMPT})).reply()
    assert "Question #1 is updated" in updated.text()
    await fake.wait_until(lambda: EDITED_PROMPT in review.text(), 10, "the edited review")
    approve = await fake.click_button(review, review.custom_id("Approve"), moderator)
    assert (await approve.response())["type"] == 7
    assert "approved" in review.text() and all(b.get("disabled") for b in review.buttons())
    told = await fake.wait_for_message(lambda m: "Your suggestion #1 was approved" in m.content)
    assert told.ephemeral
    assert (await bank.get_question(fake.guild_id, 1)).status is BankStatus.APPROVED

    # The next daily quiz (source: server) asks it; the reveal credits the author, no ping.
    done = await setup_daily(fake, source="server")
    assert "1 questions in the pool" in done.text()
    clock.at = datetime(2025, 3, 29, 8, 0, 1, tzinfo=UTC)
    await fake.wait_until(lambda: daily_posts(fake), 10, "the daily post")
    post = daily_posts(fake)[0]
    assert EDITED_PROMPT in post.text() and "Server question" in post.text()
    await (await fake.click_button(post, post.custom_id("B"), bystander)).reply()
    clock.at = datetime(2025, 3, 30, 7, 0, 1, tzinfo=UTC)  # the next post reveals this one
    await fake.wait_until(lambda: "answer" in post.embeds[0]["title"], 10, "the reveal")
    assert "suggested by Zoë 1" in post.text()
    edits = [r for r in fake.requests if r.method == "PATCH" and str(post.id) in r.path]
    assert edits and all(r.json["allowed_mentions"]["parse"] == [] for r in edits)
    assert all(not r.json["allowed_mentions"].get("users") for r in edits)
    assert f"<@{author.id}>" not in post.text()
    stats = await (await fake.slash("daily stats", {})).reply()
    assert "q1** (suggested by Zoë 1) (2× posted)" in stats.text()
    assert "1 answers, 100% correct" in stats.text()

    # Export: a lesson file `stepwise content check` accepts.
    exported = await (await fake.slash("question export", {})).reply()
    data = exported.files["question-bank.yaml"]
    assert EDITED_PROMPT.encode() in data
    (tmp_path / "bank.yaml").write_bytes(data)
    code, out, err = await stepwise(
        "content", "check", str(tmp_path / "bank.yaml"), env_extra={}, cwd=tmp_path
    )
    assert code == 0, out + err
    assert "1 lesson(s) valid and solvable" in out

    # Import of a file with three broken questions saves none and names all three.
    before = await bank.count_questions(fake.guild_id)
    handle = await fake.slash("question import", {"file": Upload("broken.yaml", BROKEN)})
    report = await handle.reply()
    text = report.text()
    assert report.ephemeral and "3 problem(s); nothing was imported" in text
    for where in (
        "broken.yaml:5 question 1 › options",
        "broken.yaml:10 question 2 › prompt",
        "broken.yaml:25 question 4 › difficulty",
    ):
        assert where in text, text
    assert await bank.count_questions(fake.guild_id) == before
    fixed = BROKEN.replace(b'"2"\n', b'"2"\n        correct: true\n')
    fixed = fixed.replace(b"@everyone please", b"everyone").replace(b"hardest", b"hard")
    imported = await (
        await fake.slash("question import", {"file": Upload("ok.yaml", fixed)})
    ).reply()
    assert "Imported 4 question(s)" in imported.text()
    assert await bank.count_questions(fake.guild_id, BankStatus.APPROVED) == 5


async def test_abuse_is_refused_with_a_specific_message_and_saves_nothing(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    bank = quiz_bot.services.questions
    writer = member(fake, "eve")
    cases = {
        "Option B: too long for Discord: 120 characters, limit 80": {
            **GOOD, "options": "* yes\n" + "n" * 120,
        },
        "Option B: same text as option A": {**GOOD, "options": "* same\nsame"},
        "no option is marked correct": {**GOOD, "options": "one\ntwo"},
        "Question: mentions (@everyone": {**GOOD, "prompt": "Hey @everyone, which one?"},
        "Question: too long for Discord: 4,000 characters": {**GOOD, "prompt": "w" * 4000},
        "Explanation line 1: too long for Discord: 4,000 characters": {
            **GOOD, "explanation": "e" * 4000,
        },
    }  # fmt: skip
    for expected, values in cases.items():
        answer = await suggest(fake, writer, values)
        assert answer.ephemeral and expected in answer.text(), (expected, answer.text())
        assert "Nothing was saved" in answer.text() and "Save" not in answer.labels()
    assert await bank.count_questions(fake.guild_id) == 0

    # Edit keeps the text: the form reopens with what was typed.
    reopened = await fake.click_button(answer, answer.custom_id("Edit"), writer)
    assert "e" * 100 in json.dumps((await reopened.response())["data"])

    # Five open suggestions at most; the sixth is refused politely, before any form.
    for number in range(5):
        preview = await suggest(fake, writer, {**GOOD, "prompt": f"Question {number}: which?"})
        await save(fake, preview, writer)
    sixth = await (await fake.slash("question suggest", {}, writer)).reply()
    assert sixth.ephemeral and "already have 5 suggestions waiting" in sixth.text()
    assert await bank.open_suggestions(fake.guild_id, f"discord:{writer.id}") == 5

    # Members cannot use the moderators' commands; a moderator can.
    for command in ("question add", "question list", "question export"):
        refused = await (await fake.slash(command, {}, writer)).reply()
        assert "Only moderators" in refused.text(), command
    listing = await (await fake.slash("question list", {"status": "suggested"})).reply()
    assert "5 questions" in listing.text() and "Page 1 of 1" in listing.text()


async def form(fake: FakeDiscord, command: str, options: dict | None = None, user=None):
    """Run a command that opens a form; the interaction, once the form is open."""
    opened = await fake.slash(command, options or {}, user)
    assert (await opened.response())["type"] == 9, "a form opens"
    return opened


async def test_a_moderator_adds_with_details_edits_lists_and_retires(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    bank = quiz_bot.services.questions
    opened = await form(fake, "question add")
    preview = await (await fake.submit_modal(opened, GOOD)).reply()
    assert "Save adds it to the bank, approved" in preview.text()
    details = await fake.click_button(preview, preview.custom_id("Details"))
    assert (await details.response())["type"] == 9
    values = {"difficulty": "medium", "tags": "pandas, Cleaning", "mistakes": "fillna is not it"}
    detailed = await (await fake.submit_modal(details, values)).reply()
    assert "medium" in detailed.text()
    await save(fake, detailed, fake.member)
    assert "Saved as question #1, approved" in detailed.text()
    entry = await bank.get_question(fake.guild_id, 1)
    assert entry.status is BankStatus.APPROVED and entry.tags == ("pandas", "cleaning")

    # /question edit opens the stored text; Save replaces it.
    opened = await form(fake, "question edit", {"id": 1})
    assert json.dumps(GOOD["prompt"])[1:-1] in json.dumps(opened.modal)
    changed = await (await fake.submit_modal(opened, {"prompt": EDITED_PROMPT})).reply()
    await save(fake, changed, fake.member)
    assert "Question #1 is updated" in changed.text()
    assert EDITED_PROMPT in (await bank.get_question(fake.guild_id, 1)).body

    # Ten more, so the list has two pages; the tag filter finds only the first.
    for number in range(10):
        opened = await form(fake, "question add")
        values = {**GOOD, "prompt": f"Question {number}: which method?"}
        await save(fake, await (await fake.submit_modal(opened, values)).reply(), fake.member)
    listing = await (await fake.slash("question list", {})).reply()
    assert "11 questions" in listing.text() and "Page 1 of 2" in listing.text()
    turn = await fake.click_button(listing, listing.custom_id("Next"))
    assert (await turn.response())["type"] == 7
    assert "Page 2 of 2" in listing.text() and "**#1** · approved" in listing.text()
    tagged = await (await fake.slash("question list", {"tag": "cleaning"})).reply()
    assert "1 question" in tagged.text() and EDITED_PROMPT[:40] in tagged.text()

    retired = await (await fake.slash("question retire", {"id": 1})).reply()
    assert "retired" in retired.text()
    assert (await bank.get_question(fake.guild_id, 1)).status is BankStatus.RETIRED
    again = await (await fake.slash("question retire", {"id": 1})).reply()
    assert "is retired; it cannot be retired" in again.text()
    missing = await (await fake.slash("question edit", {"id": 999})).reply()
    assert "no question #999" in missing.text()


async def test_the_author_who_allowed_it_gets_a_dm_with_the_outcome(
    fake: FakeDiscord, quiz_bot: ClockedRunner
):
    quiz_bot.bot.get_cog("QuestionCog").review.follow_up_window = 0  # the Save is too old
    await fake.slash("question setup", {"review_channel": fake.channel_id})
    quiet, chatty = member(fake, "quiet"), member(fake, "chatty")
    for user, dm in ((quiet, False), (chatty, True)):
        opened = await form(fake, "question suggest", {"dm_me": dm}, user)
        preview = await (await fake.submit_modal(opened, GOOD, user)).reply()
        await save(fake, preview, user)
    await fake.wait_until(lambda: len(review_messages(fake)) == 2, 10, "two review messages")
    for review in review_messages(fake):
        click = await fake.click_button(review, review.custom_id("Reject"))
        assert (await click.response())["type"] == 7
    dm = await fake.wait_for_message(lambda m: m.channel_id == fake.dm_channels.get(chatty.id))
    assert dm.content == "Your suggestion #2 was not accepted this time (in Study Hall)."
    assert quiet.id not in fake.dm_channels
