"""What crosses the core's boundary: the executor and store ports, the values they carry, and
the domain errors adapters catch.

Adapters implement the Protocols here (`CodeExecutor`, `ProgressStore`, `DailyStore`,
`QuestionBankStore`, `Clock`)
and only the composition root (`bot.app`) names the concrete classes.
"""

from __future__ import annotations

from bot.core.ports.bank import (
    BankQuestion,
    BankSettings,
    BankStatus,
    DailySource,
    NewBankQuestion,
    QuestionBankStore,
)
from bot.core.ports.daily import (
    DailyAnswer,
    DailyPost,
    DailySchedule,
    DailyStore,
    LessonScore,
    MemberDay,
    MemberScore,
    MissedSlot,
    NewPost,
    QuestionStats,
)
from bot.core.ports.errors import (
    EvaluationInProgress,
    InvalidChoice,
    LessonComplete,
    NoActiveLesson,
    NoMoreHints,
    NotYourSession,
    SolutionLocked,
    TutorError,
    UnknownLesson,
    UnknownQuestion,
    UnknownTestSession,
)
from bot.core.ports.execution import (
    CodeExecutor,
    ErrorInfo,
    ExecutorBusy,
    ExecutorUnavailable,
    Program,
    RunJob,
    RunResult,
    RunStatus,
)
from bot.core.ports.progress import (
    Answer,
    Attempt,
    Clock,
    Learner,
    LearnerId,
    LessonProgress,
    ProgressStore,
    StepState,
    SystemClock,
)

__all__ = [
    "Answer",
    "Attempt",
    "BankQuestion",
    "BankSettings",
    "BankStatus",
    "Clock",
    "CodeExecutor",
    "DailyAnswer",
    "DailyPost",
    "DailySchedule",
    "DailySource",
    "DailyStore",
    "ErrorInfo",
    "EvaluationInProgress",
    "ExecutorBusy",
    "ExecutorUnavailable",
    "InvalidChoice",
    "Learner",
    "LearnerId",
    "LessonComplete",
    "LessonProgress",
    "LessonScore",
    "MemberDay",
    "MemberScore",
    "MissedSlot",
    "NewBankQuestion",
    "NewPost",
    "NoActiveLesson",
    "NoMoreHints",
    "NotYourSession",
    "Program",
    "ProgressStore",
    "QuestionBankStore",
    "QuestionStats",
    "RunJob",
    "RunResult",
    "RunStatus",
    "SolutionLocked",
    "StepState",
    "SystemClock",
    "TutorError",
    "UnknownLesson",
    "UnknownQuestion",
    "UnknownTestSession",
]
