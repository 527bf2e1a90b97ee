"""The daily pool for each `source:`: lesson questions, the server's approved ones, or both."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.core.content import load_catalog
from bot.core.ports import (
    BankSettings,
    BankStatus,
    DailySchedule,
    DailySource,
    NewBankQuestion,
    TutorError,
)
from bot.core.quiz import BANK_LESSON, Draft, QuestionEngine, body_of, check_draft
from bot.discord_app.daily_desk import DailyDesk
from bot.storage import MemoryProgressStore
from bot.storage.bank_memory import MemoryQuestionBank
from bot.storage.memory_daily import MemoryDailyStore

GUILD = 7
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
async def setting():
    clock = type("Clock", (), {"now": staticmethod(lambda: T0)})()
    progress = MemoryProgressStore(clock)
    engine = QuestionEngine(load_catalog(CONTENT), progress, clock)
    bank = MemoryQuestionBank()
    body = body_of(check_draft(Draft(prompt="Which?", options="* a\nb", explanation="e")).question)
    for status in (BankStatus.APPROVED, BankStatus.SUGGESTED, BankStatus.APPROVED):
        await bank.add_question(NewBankQuestion(GUILD, body, (), "discord:1", "ana", status, T0))
    desk = DailyDesk(None, MemoryDailyStore(progress, clock), engine, clock, bank=bank)  # type: ignore[arg-type]
    schedule = DailySchedule(GUILD, 1, time(9), "UTC", T0, lessons=("what-is-mlops",))
    return desk, bank, schedule


@pytest.mark.parametrize(
    ("source", "lesson_part", "bank_part"),
    [(DailySource.LESSONS, True, 0), (DailySource.SERVER, False, 2), (DailySource.BOTH, True, 2)],
)
async def test_each_source_draws_from_its_questions(setting, source, lesson_part, bank_part):
    desk, bank, schedule = setting
    await bank.save_settings(BankSettings(GUILD, None, source))
    keys = await desk.keys(schedule)
    lessons = [k for k in keys if k[0] == "what-is-mlops"]
    served = [k for k in keys if k[0] == BANK_LESSON]
    assert bool(lessons) is lesson_part
    assert served == ([(BANK_LESSON, "q1"), (BANK_LESSON, "q3")] if bank_part else [])
    found = await desk.resolve(GUILD, BANK_LESSON, "q3")
    assert found.credit == "ana" and found.question.prompt == "Which?"


async def test_another_servers_question_is_not_found(setting):
    desk, _, _ = setting
    with pytest.raises(TutorError, match="removed from the server's bank"):
        await desk.resolve(GUILD + 1, BANK_LESSON, "q1")
