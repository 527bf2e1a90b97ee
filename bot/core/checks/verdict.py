"""A step's verdict: every check evaluated, and the symptoms of one mistake said once.

A beginner who misspells a variable would otherwise read four complaints about it, the
last one about its content. Here a check on a variable an earlier check failed on, or a
failure repeating an earlier one word for word, says "fix the problem above first"; and
the first failure names a missing comma when the source shows one.
"""

from __future__ import annotations

from bot.core.checks import diagnose
from bot.core.checks.evaluate import CheckContext, evaluate
from bot.core.checks.model import Check, CheckResult

SAME_PROBLEM = "fix the problem above first"


def evaluate_all(checks: list[Check] | tuple[Check, ...], ctx: CheckContext) -> list[CheckResult]:
    """Every check's result, in order (see the module docstring for the wording rules)."""
    results: list[CheckResult] = []
    seen: set[str] = set()
    failed_names: set[str] = set()
    for position, check in enumerate(checks):
        names = diagnose.depends_on(check)
        if names & failed_names:
            results.append(CheckResult(check.kind, False, SAME_PROBLEM))
            continue
        result = evaluate(check, ctx, position)  # calls results are keyed by position
        if not result.passed:
            failed_names |= names
            if not seen:
                comma = diagnose.missing_comma(ctx.submission)
                if comma:
                    result = CheckResult(result.kind, False, comma, result.detail)
            if result.message in seen:
                result = CheckResult(result.kind, False, SAME_PROBLEM, result.detail)
            else:
                seen.add(result.message)
        results.append(result)
    return results
