"""The question bank's Discord pieces: the question form, preview/review/list messages and
their buttons, whose state lives in `custom_id`:

    stepwise:v1:qform:<suggest|add|edit|review|redo>:<question id or draft token>   form
    stepwise:v1:qdetails:<draft token>                                 details form
    stepwise:v1:qdraft:<draft token>:<save|edit|details|discard>       preview buttons
    stepwise:v1:qreview:<question id>:<approve|edit|reject>            review buttons
    stepwise:v1:qlist:<status|all>:<tag|->:<page>                      list paging

Each callback hands the parsed values to `QuestionCog` (found on the bot), as the quiz
buttons do. Every member text is shown through `member_text` (layout escaped).
"""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core.content import Question
from bot.core.ports import BankQuestion, BankStatus
from bot.core.quiz import Draft
from bot.discord_app import quiz_render
from bot.discord_app.custom_ids import PREFIX
from bot.discord_app.custom_ids import checked as _checked
from bot.discord_app.errors import guarded
from bot.discord_app.member_text import escape_layout, plain_name
from bot.discord_app.render import (
    COLOUR_FAIL,
    COLOUR_INFO,
    DESCRIPTION_LIMIT,
    FIELD_LIMIT,
    Reply,
    clip,
)

TOKEN = r"(?P<token>[a-f0-9]{12})"
REF = r"(?P<ref>[a-f0-9]{12}|\d{1,18})"
FORM = re.compile(rf"^{PREFIX}:qform:(?P<mode>suggest|add|edit|review|redo):{REF}$")
DETAILS = re.compile(rf"^{PREFIX}:qdetails:{TOKEN}$")
DRAFT = rf"^{PREFIX}:qdraft:{TOKEN}:(?P<action>save|edit|details|discard)$"
REVIEW = rf"^{PREFIX}:qreview:(?P<id>\d{{1,18}}):(?P<action>approve|edit|reject)$"
LIST = rf"^{PREFIX}:qlist:(?P<status>all|suggested|approved|rejected|retired):(?P<tag>[a-z0-9-]{{1,30}}|-):(?P<page>\d{{1,5}})$"  # noqa: E501
PAGE_SIZE = 8
PARAGRAPH, SHORT = discord.TextStyle.paragraph, discord.TextStyle.short
FORM_LIMITS = {"prompt": 2000, "code": 1500, "options": 500, "explanation": 1500, "hint": 500}


def _cog(interaction: discord.Interaction) -> Any:
    cog = interaction.client.get_cog("QuestionCog")  # type: ignore[attr-defined]
    if cog is None:
        raise RuntimeError("the question bank feature is not loaded")
    return cog


def _button(custom_id: str, label: str, style: discord.ButtonStyle, disabled: bool = False):
    return discord.ui.Button(
        label=label, style=style, custom_id=_checked(custom_id), disabled=disabled
    )


# --------------------------------------------------------------------------- forms


def form_id(mode: str, ref: str | int) -> str:
    return _checked(f"{PREFIX}:qform:{mode}:{ref}")


def question_form(custom_id: str, draft: Draft, title: str) -> discord.ui.Modal:
    """Five fields, Discord's most: the question, code, options, explanation, hint.
    Difficulty, tags and common mistakes are the second step (`details_form`)."""
    modal = discord.ui.Modal(title=title[:45], custom_id=custom_id, timeout=None)
    fields = [
        ("prompt", "Question", draft.prompt, True, discord.TextStyle.paragraph, ""),
        ("code", "Code shown with it (optional)", draft.code, False, PARAGRAPH, ""),
        ("options", "Options, one per line; * marks the right one", draft.options, True,
         discord.TextStyle.paragraph, "4\n* 5\n6"),
        ("explanation", "Explanation, one step per line", draft.explanation, True,
         discord.TextStyle.paragraph, ""),
        ("hint", "Hint (optional)", draft.hint, False, discord.TextStyle.short, ""),
    ]  # fmt: skip
    for key, label, value, required, style, placeholder in fields:
        modal.add_item(
            discord.ui.TextInput(
                label=label[:45],
                custom_id=key,
                style=style,
                default=value[:4000] or None,
                placeholder=placeholder or None,
                required=required,
                max_length=4000,
            )
        )
    modal.stop()  # routed by custom_id (QuestionCog.on_interaction)
    return modal


def details_form(token: str, draft: Draft) -> discord.ui.Modal:
    modal = discord.ui.Modal(
        title="Question details", custom_id=_checked(f"{PREFIX}:qdetails:{token}"), timeout=None
    )
    for key, label, value, style in [
        ("difficulty", "Difficulty: easy, medium or hard", draft.difficulty, SHORT),
        ("tags", "Tags, comma-separated (optional)", draft.tags, discord.TextStyle.short),
        ("mistakes", "Common mistakes, one per line (optional)", draft.mistakes,
         discord.TextStyle.paragraph),
    ]:  # fmt: skip
        modal.add_item(
            discord.ui.TextInput(
                label=label[:45],
                custom_id=key,
                style=style,
                default=value[:4000] or None,
                required=key == "difficulty",
                max_length=4000,
            )
        )
    modal.stop()
    return modal


# --------------------------------------------------------------------------- messages


def preview_reply(question: Question, warnings: tuple[str, ...], note: str) -> Reply:
    """Exactly the daily post learners will see, then what the author should know."""
    post = quiz_render.daily_post_reply(question, "Server question", 0, None)
    info = discord.Embed(
        title="Preview", description=clip(note, DESCRIPTION_LIMIT), colour=COLOUR_INFO
    )
    if warnings:
        cues = "\n".join(f"• {w}" for w in warnings)
        info.add_field(name="Could give the answer away", value=clip(cues, FIELD_LIMIT))
    return Reply(embeds=(*post.embeds, info))


def problems_reply(
    problems: tuple[str, ...] | list[str], note: str = "Nothing was saved."
) -> Reply:
    lines = "\n".join(f"• {escape_layout(p)}" for p in problems)
    embed = discord.Embed(
        title="This question needs changes",
        description=clip(f"{lines}\n\n{note}", DESCRIPTION_LIMIT),
        colour=COLOUR_FAIL,
    )
    return Reply(embeds=(embed,))


def review_reply(entry: BankQuestion, question: Question, note: str = "") -> Reply:
    post = quiz_render.daily_post_reply(question, "Server question", 0, None)
    post.embeds[0].title = f"📝 Suggestion #{entry.id}"  # the body is the post's, to the letter
    status = {
        BankStatus.SUGGESTED: "waiting for a moderator",
        BankStatus.APPROVED: "approved",
        BankStatus.REJECTED: "rejected",
        BankStatus.RETIRED: "retired",
    }[entry.status]
    text = f"Suggested by {plain_name(entry.author_name)} · {status}"
    if entry.tags:
        text += f" · tags: {', '.join(entry.tags)}"
    info = discord.Embed(
        description=clip(f"{text}\n{note}".strip(), DESCRIPTION_LIMIT), colour=COLOUR_INFO
    )
    return Reply(embeds=(*post.embeds, info))


def list_reply(
    entries: list[BankQuestion], prompts: dict[int, str], page: int, pages: int, total: int
) -> Reply:
    lines = [
        f"**#{e.id}** · {e.status.value} · "
        + (plain_name(e.author_name) if e.author_name.strip() else "imported")
        + (f" · {', '.join(e.tags)}" if e.tags else "")
        + f"\n{clip(prompts.get(e.id, '?').replace(chr(10), ' '), 150)}"
        for e in entries
    ]
    embed = discord.Embed(
        title=f"Question bank · {total} question{'s' if total != 1 else ''}",
        description=clip("\n".join(lines) or "No questions match.", DESCRIPTION_LIMIT),
        colour=COLOUR_INFO,
    )
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- buttons


DRAFT_LABELS = {
    "save": ("Save", discord.ButtonStyle.success),
    "edit": ("Edit", discord.ButtonStyle.secondary),
    "details": ("Details…", discord.ButtonStyle.secondary),
    "discard": ("Discard", discord.ButtonStyle.danger),
}
REVIEW_LABELS = {
    "approve": ("Approve", discord.ButtonStyle.success),
    "edit": ("Edit", discord.ButtonStyle.secondary),
    "reject": ("Reject", discord.ButtonStyle.danger),
}


class DraftButton(discord.ui.DynamicItem[discord.ui.Button], template=DRAFT):
    def __init__(self, token: str, action: str) -> None:
        label, style = DRAFT_LABELS[action]
        super().__init__(_button(f"{PREFIX}:qdraft:{token}:{action}", label, style))
        self.token, self.action = token, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DraftButton:
        return cls(match["token"], match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, _cog(interaction).on_draft(interaction, self.token, self.action))


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button], template=REVIEW):
    def __init__(self, question_id: int, action: str, disabled: bool = False) -> None:
        label, style = REVIEW_LABELS[action]
        custom_id = f"{PREFIX}:qreview:{question_id}:{action}"
        super().__init__(_button(custom_id, label, style, disabled))
        self.question_id, self.action = question_id, action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        return cls(int(match["id"]), match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = _cog(interaction)
        await guarded(interaction, cog.on_review(interaction, self.question_id, self.action))


class ListPageButton(discord.ui.DynamicItem[discord.ui.Button], template=LIST):
    def __init__(self, status: str, tag: str, page: int, label: str, disabled: bool = False):
        custom_id = f"{PREFIX}:qlist:{status}:{tag}:{page}"
        super().__init__(_button(custom_id, label, discord.ButtonStyle.secondary, disabled))
        self.status, self.tag, self.page = status, tag, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ListPageButton:
        return cls(match["status"], match["tag"], int(match["page"]), "")

    async def callback(self, interaction: discord.Interaction) -> None:
        cog = _cog(interaction)
        await guarded(interaction, cog.on_list_page(interaction, self.status, self.tag, self.page))


ITEMS = (DraftButton, ReviewButton, ListPageButton)


def _view(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()  # routed by custom_id: nothing kept in memory per message
    return view


def draft_buttons(token: str, saveable: bool = True) -> discord.ui.View:
    actions = ("save", "edit", "details", "discard") if saveable else ("edit", "discard")
    return _view(*(DraftButton(token, a) for a in actions))


def review_buttons(question_id: int, decided: bool = False) -> discord.ui.View:
    return _view(*(ReviewButton(question_id, a, decided) for a in ("approve", "edit", "reject")))


def list_buttons(status: str, tag: str, page: int, pages: int) -> discord.ui.View:
    return _view(
        ListPageButton(status, tag, max(page - 1, 0), "Previous", page <= 0),
        ListPageButton(status, tag, page + 1, "Next", page + 1 >= pages),
    )


def form_values(data: dict[str, Any]) -> dict[str, str]:
    """Every TextInput of a modal submission (inside ActionRows or Labels)."""
    values: dict[str, str] = {}
    for row in data.get("components", []):
        children = row.get("components") or ([row["component"]] if "component" in row else [])
        for child in children:
            if "custom_id" in child:
                values[str(child["custom_id"])] = str(child.get("value") or "")
    return values
