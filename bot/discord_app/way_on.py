"""No dead ends: every "you can't do that now" names the command and offers the way on.

The engine's refusals are plain sentences for any adapter; on Discord the same refusal
also says which slash command helps and carries the button that does it (Browse lessons,
Reset lesson, Skip step), so a learner is never left with nowhere to click.
"""

from __future__ import annotations

import discord

from bot.core.ports import LessonComplete, NoActiveLesson, NoMoreHints, SolutionLocked
from bot.discord_app.custom_ids import Action, browse_button, layout, step_button

NO_LESSON = (
    "You have no lesson in progress. Start one with `/lesson start`, "
    "or press **Browse lessons** to see them all."
)
HOW_TO_DM = (
    "To check code here, paste it in a ```py block (or send just the code). "
    "`/lesson continue` shows your step, `/help` everything else."
)


def way_on(error: BaseException, owner_id: int) -> tuple[str, discord.ui.View | None] | None:
    """The sentence and buttons for a refusal that has a way on; None for any other error."""
    if isinstance(error, NoActiveLesson):
        return NO_LESSON, layout(browse_button())
    if isinstance(error, LessonComplete):
        text = (
            f"You have already completed '{error.lesson_id}'. Take it again with "
            "`/lesson reset` (or **Reset lesson**), or pick another with `/lessons`."
        )
        reset = step_button(Action.RESET, error.lesson_id, owner_id)
        return text, layout(reset, browse_button())
    if isinstance(error, SolutionLocked) and error.lesson_id:
        attempts = "attempt" if error.remaining == 1 else "attempts"
        text = (
            f"The solution unlocks after {error.remaining} more failed {attempts}. "
            "Try `/lesson hint`; see it now with `/lesson solution give_up: True`; "
            "or press **Skip step** to move on without it."
        )
        return text, layout(
            step_button(Action.GIVE_UP, error.lesson_id, owner_id),
            step_button(Action.SKIP, error.lesson_id, owner_id),
        )
    if isinstance(error, NoMoreHints) and error.lesson_id:
        text = (
            f"{error.message} `/lesson solution` shows the solution once it unlocks; "
            "**Skip step** moves you on."
        )
        return text, layout(step_button(Action.SKIP, error.lesson_id, owner_id))
    return None
