"""The ten learning modes of a lesson: which there are (`catalog`), where each learner
stands and what answering an item does (`ModeDesk`), and the test's score card with its plan
(`scorecard`).

Belongs here: the modes' rules and typed outcomes, resume points, the cheat sheet as
Markdown. Not here: the mode content's model and YAML (`content`), what the store keeps
(`ports.modes`), how a card, an item or a score card looks (the surfaces).
"""

from __future__ import annotations

from bot.core.modes.catalog import (
    CHOICE_MODES,
    DESK_MODES,
    ENGINE_MODES,
    MODE_IDS,
    MODES,
    SHEET,
    TEST_SIZE,
    ModeInfo,
    UnknownItem,
    UnknownMode,
    item_count,
    item_ids,
    missing_modes,
    mode,
    scenario_id,
)
from bot.core.modes.cheatsheet import cheatsheet_markdown
from bot.core.modes.desk import RATINGS, ModeDesk, ModeUnavailable, WrongBlankCount
from bot.core.modes.outcomes import (
    ChoiceResult,
    CodeResult,
    LessonCard,
    ModeLine,
    ModeView,
    RateResult,
)
from bot.core.modes.scorecard import (
    GETTING_THERE,
    NEW_TO_YOU,
    STRONG,
    LevelScore,
    PlanItem,
    ScoreCard,
    TopicScore,
    score_test,
    verdict,
)
from bot.core.modes.tracking import SESSION as TEST_SESSION_KEY

__all__ = [
    "CHOICE_MODES",
    "DESK_MODES",
    "ENGINE_MODES",
    "GETTING_THERE",
    "MODES",
    "MODE_IDS",
    "NEW_TO_YOU",
    "RATINGS",
    "SHEET",
    "STRONG",
    "TEST_SESSION_KEY",
    "TEST_SIZE",
    "ChoiceResult",
    "CodeResult",
    "LessonCard",
    "LevelScore",
    "ModeDesk",
    "ModeInfo",
    "ModeLine",
    "ModeUnavailable",
    "ModeView",
    "PlanItem",
    "RateResult",
    "ScoreCard",
    "TopicScore",
    "UnknownItem",
    "UnknownMode",
    "WrongBlankCount",
    "cheatsheet_markdown",
    "item_count",
    "item_ids",
    "missing_modes",
    "mode",
    "scenario_id",
    "score_test",
    "verdict",
]
