"""One cog per feature. `feature_cogs` is the list the bot loads in `setup_hook` (the
runner hands it to `TutorBot`, which does not import its cogs); a new feature adds its cog
here. A cog parses a command and calls the flow or an engine: no rules, no rendering."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from bot.discord_app.client import TutorBot


def feature_cogs(bot: TutorBot) -> list[commands.Cog]:
    from bot.discord_app.cogs.admin import AdminCog
    from bot.discord_app.cogs.help import HelpCog
    from bot.discord_app.cogs.lessons import LessonsCog
    from bot.discord_app.cogs.mydata import MyDataCog
    from bot.discord_app.cogs.progress import ProgressCog
    from bot.discord_app.cogs.sandbox import SandboxCog

    cogs = [LessonsCog(bot), ProgressCog(bot), SandboxCog(bot), HelpCog(), AdminCog(bot)]
    cogs.append(MyDataCog(bot))
    return cogs + quiz_cogs(bot) + review_cogs(bot) + learn_cogs(bot)


def learn_cogs(bot: TutorBot) -> list[commands.Cog]:
    """/learn and its ten learning modes (issue 18); they need `services.modes`."""
    from bot.discord_app.cogs.learn import LearnCog

    desk = getattr(bot.services, "modes", None)
    return [] if desk is None else [LearnCog(bot, desk)]


def review_cogs(bot: TutorBot) -> list[commands.Cog]:
    """/review and /remind (issue 13); they need `services.reviews`."""
    from bot.discord_app.cogs.remind import RemindCog
    from bot.discord_app.cogs.review import ReviewCog

    desk = getattr(bot.services, "reviews", None)
    if desk is None:
        return []
    return [ReviewCog(bot, desk), RemindCog(bot, desk)]


def quiz_cogs(bot: TutorBot) -> list[commands.Cog]:
    """/quiz, /daily and /leaderboard (issue 5); the daily ones need `services.daily`."""
    from bot.discord_app.cogs.daily import DailyCog
    from bot.discord_app.cogs.leaderboard import LeaderboardCog
    from bot.discord_app.cogs.quiz import QuizCog

    cogs: list[commands.Cog] = [QuizCog(bot)]
    if getattr(bot.services, "daily", None) is not None:
        cogs += [DailyCog(bot), LeaderboardCog(bot)]
    if getattr(bot.services, "questions", None) is not None:
        from bot.discord_app.cogs.questions import QuestionCog

        cogs.append(QuestionCog(bot))  # issue 14: the server's question bank
    return cogs
