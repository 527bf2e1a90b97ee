"""One suite, every `QuestionBankStore`: memory, SQLite and PostgreSQL behave exactly alike."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.ports import BankSettings, BankStatus, DailySource, NewBankQuestion
from bot.storage import MemoryProgressStore, SQLiteProgressStore
from bot.storage.bank_memory import MemoryQuestionBank
from bot.storage.bank_postgres import PostgresQuestionBank
from bot.storage.bank_sqlite import SQLiteQuestionBank
from bot.storage.postgres import PostgresProgressStore

GUILD, OTHER = 100, 200
T0 = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
SUGGESTED, APPROVED = BankStatus.SUGGESTED, BankStatus.APPROVED


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def bank(request, tmp_path) -> AsyncIterator:
    if request.param == "memory":
        async with MemoryProgressStore.open():
            yield MemoryQuestionBank()
    elif request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        async with PostgresProgressStore.open(url) as store:
            yield PostgresQuestionBank(store)
    else:
        async with SQLiteProgressStore.open(tmp_path / "bank.db") as store:
            yield SQLiteQuestionBank(store)


def new(
    author: str = "discord:1", status=SUGGESTED, guild=GUILD, body='{"prompt": "é?"}', **changes
):
    values = dict(
        guild_id=guild,
        body=body,
        tags=("python", "pandas"),
        author=author,
        author_name="Ana <b>",
        status=status,
        at=T0,
    )
    values.update(changes)
    return NewBankQuestion(**values)


async def test_a_question_round_trips_with_every_field(bank):
    added = await bank.add_question(new())
    assert added is not None and added.id >= 1
    got = await bank.get_question(GUILD, added.id)
    assert got == added
    assert (got.body, got.tags, got.author, got.author_name) == (
        '{"prompt": "é?"}',
        ("python", "pandas"),
        "discord:1",
        "Ana <b>",
    )
    assert got.status is SUGGESTED and got.created_at == got.updated_at == T0
    assert got.reviewer is None and got.review_message_id is None and got.notify is False
    told = await bank.add_question(new(notify=True))
    assert (await bank.get_question(GUILD, told.id)).notify is True
    assert await bank.get_question(OTHER, added.id) is None  # another server's id


async def test_the_sixth_open_suggestion_is_refused_and_nothing_is_stored(bank):
    for _ in range(5):
        assert await bank.add_question(new(), max_open=5) is not None
    assert await bank.add_question(new(), max_open=5) is None
    assert await bank.open_suggestions(GUILD, "discord:1") == 5
    assert await bank.count_questions(GUILD) == 5
    # Other authors, other servers and moderators' approved questions are not limited.
    assert await bank.add_question(new("discord:2"), max_open=5) is not None
    assert await bank.add_question(new(guild=OTHER), max_open=5) is not None
    assert await bank.add_question(new(status=APPROVED)) is not None


async def test_concurrent_suggestions_never_pass_the_limit(bank):
    results = await asyncio.gather(*(bank.add_question(new(), max_open=5) for _ in range(12)))
    assert sum(r is not None for r in results) == 5
    assert await bank.open_suggestions(GUILD, "discord:1") == 5


async def test_a_decided_suggestion_frees_a_place(bank):
    entries = [await bank.add_question(new(), max_open=5) for _ in range(5)]
    assert await bank.add_question(new(), max_open=5) is None
    later = T0 + timedelta(hours=1)
    decided = await bank.set_status(
        GUILD, entries[0].id, APPROVED, reviewer="discord:9", at=later, only_from=(SUGGESTED,)
    )
    assert decided.status is APPROVED and decided.reviewer == "discord:9"
    assert decided.updated_at == later
    assert await bank.add_question(new(), max_open=5) is not None


async def test_status_changes_are_compare_and_set(bank):
    entry = await bank.add_question(new())
    kwargs = dict(reviewer="discord:9", at=T0, only_from=(SUGGESTED,))
    both = await asyncio.gather(
        bank.set_status(GUILD, entry.id, APPROVED, **kwargs),
        bank.set_status(GUILD, entry.id, BankStatus.REJECTED, **kwargs),
    )
    assert sum(r is not None for r in both) == 1
    final = await bank.get_question(GUILD, entry.id)
    assert final.status in (APPROVED, BankStatus.REJECTED)
    assert await bank.set_status(GUILD, 9999, APPROVED, **kwargs) is None
    assert await bank.set_status(OTHER, entry.id, APPROVED, **kwargs) is None


async def test_update_and_review_message(bank):
    entry = await bank.add_question(new())
    later = T0 + timedelta(minutes=3)
    updated = await bank.update_question(GUILD, entry.id, '{"prompt": "b"}', ("sql",), later)
    assert (updated.body, updated.tags, updated.updated_at) == ('{"prompt": "b"}', ("sql",), later)
    assert updated.created_at == T0
    await bank.set_review_message(GUILD, entry.id, 55, 66)
    got = await bank.get_question(GUILD, entry.id)
    assert (got.review_channel_id, got.review_message_id) == (55, 66)
    assert await bank.update_question(OTHER, entry.id, "{}", (), later) is None


async def test_list_pages_newest_first_with_status_and_tag_filters(bank):
    ids = []
    for index in range(7):
        tags = ("sql",) if index % 2 else ("python", "sql-basics")
        status = APPROVED if index < 4 else SUGGESTED
        ids.append((await bank.add_question(new(tags=tags, status=status))).id)
    await bank.add_question(new(guild=OTHER))
    page = await bank.list_questions(GUILD, limit=3)
    assert [e.id for e in page] == ids[::-1][:3]
    page2 = await bank.list_questions(GUILD, limit=3, offset=3)
    assert [e.id for e in page2] == ids[::-1][3:6]
    assert await bank.count_questions(GUILD) == 7
    approved = await bank.list_questions(GUILD, APPROVED, limit=50)
    assert [e.id for e in approved] == ids[:4][::-1]
    tagged = await bank.list_questions(GUILD, tag="sql", limit=50)  # not "sql-basics"
    assert [e.id for e in tagged] == [ids[5], ids[3], ids[1]]
    assert await bank.count_questions(GUILD, APPROVED, "sql") == 2
    assert await bank.count_questions(GUILD, tag="nope") == 0


async def test_an_import_is_all_or_nothing(bank):
    stored = await bank.add_questions([new(status=APPROVED), new(status=APPROVED)])
    assert len(stored) == 2 and stored[0].id < stored[1].id
    with pytest.raises(ValueError):
        await bank.add_questions([new(status=APPROVED), new(author="")])
    assert await bank.count_questions(GUILD) == 2


async def test_settings_default_and_round_trip(bank):
    assert await bank.get_settings(GUILD) == BankSettings(GUILD, None, DailySource.LESSONS)
    await bank.save_settings(BankSettings(GUILD, 77, DailySource.BOTH))
    await bank.save_settings(BankSettings(OTHER, None, DailySource.SERVER))
    assert await bank.get_settings(GUILD) == BankSettings(GUILD, 77, DailySource.BOTH)
    await bank.save_settings(BankSettings(GUILD, None, DailySource.SERVER))
    assert await bank.get_settings(GUILD) == BankSettings(GUILD, None, DailySource.SERVER)
