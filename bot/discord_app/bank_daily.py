"""Where the daily quiz finds a server's own questions: the join between `DailyDesk` and the
question bank.

A bank question travels through daily posts as (`BANK_LESSON`, "q<id>"), so the daily
store needs no new column; the source (`lessons`, `server` or `both`) is a bank setting.
Retired questions stay readable, so a post of one still reveals.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.content import Question
from bot.core.ports import BankStatus, DailySource, QuestionBankStore, TutorError
from bot.core.quiz import BANK_LESSON, BankRuleError, entry_id, question_of
from bot.core.quiz.bank import bank_question_id
from bot.discord_app.member_text import member_question, plain_name

BANK_TITLE = "Server question"
POOL_LIMIT = 5000  # approved questions one server's pool reads


@dataclass(frozen=True)
class Resolved:
    title: str
    question: Question  # as members see it (member text escaped)
    credit: str = ""  # "suggested by …" name for member-written questions


class BankPool:
    def __init__(self, bank: QuestionBankStore | None) -> None:
        self.bank = bank

    async def source(self, guild_id: int) -> DailySource:
        if self.bank is None:
            return DailySource.LESSONS
        return (await self.bank.get_settings(guild_id)).daily_source

    async def keys(self, guild_id: int) -> list[tuple[str, str]]:
        """Every approved question of the server, as daily pool keys."""
        if self.bank is None:
            return []
        entries = await self.bank.list_questions(guild_id, BankStatus.APPROVED, limit=POOL_LIMIT)
        return [(BANK_LESSON, bank_question_id(e.id)) for e in reversed(entries)]

    async def resolve(self, guild_id: int, question_id: str) -> Resolved:
        number = entry_id(question_id)
        entry = None
        if self.bank is not None and number is not None:
            entry = await self.bank.get_question(guild_id, number)
        if entry is None:
            raise TutorError("This quiz's question was removed from the server's bank.")
        try:
            question = question_of(entry)
        except BankRuleError as error:
            raise TutorError(error.message) from None
        credit = plain_name(entry.author_name) if entry.author_name.strip() else ""
        return Resolved(BANK_TITLE, member_question(question), credit)
