"""Step checks: the vocabulary, the values that cross the executor, and their evaluation.

Belongs here: what a check is (model, kinds), judging claimed learner values (evaluate)
and the tagged snapshot format those values travel in. This room runs inside the
sandbox's checker process, so it imports nothing but the standard library.
"""

from __future__ import annotations

from bot.core.checks.calls import CaseResult, call_text, expression_names, plan, read_cases
from bot.core.checks.evaluate import CheckContext, evaluate, mentions_word, printed_lines
from bot.core.checks.exprs import allowed_names
from bot.core.checks.kinds import (
    CALL_SECONDS,
    CASE_FIELDS,
    CHECK_KINDS,
    MESSAGE_REQUIRED,
    CheckKind,
    Field,
)
from bot.core.checks.model import Check, CheckResult
from bot.core.checks.snapshot import (
    FunctionValue,
    Opaque,
    SnapshotError,
    decode,
    encode,
    encode_namespace,
    encode_variable,
    is_cut,
    is_variable,
)
from bot.core.checks.verdict import SAME_PROBLEM, evaluate_all

__all__ = [
    "CALL_SECONDS",
    "CASE_FIELDS",
    "CHECK_KINDS",
    "MESSAGE_REQUIRED",
    "SAME_PROBLEM",
    "CaseResult",
    "Check",
    "CheckContext",
    "CheckKind",
    "CheckResult",
    "Field",
    "FunctionValue",
    "Opaque",
    "SnapshotError",
    "allowed_names",
    "call_text",
    "decode",
    "encode",
    "encode_namespace",
    "encode_variable",
    "evaluate",
    "evaluate_all",
    "expression_names",
    "is_cut",
    "is_variable",
    "mentions_word",
    "plan",
    "printed_lines",
    "read_cases",
]
