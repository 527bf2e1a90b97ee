"""The learning modes' items → Discord embeds: concept cards, flashcards, predict, fix, fill,
cheat sheet and real-world cases, each within Discord's limits.

Presentation only: `bot.core.modes` decides what is right and what comes next. Lesson text
is the author's Markdown (`authored`); code goes in code blocks (`code_block`); options
keep the author's order, so "B" is the same option on the message, its button and the
verdict. Code results use the steps' renderer (`render.run_embed`), so a fix or a filled
template reads exactly like a step's verdict.
"""

from __future__ import annotations

import discord

from bot.core.content import (
    BLANK,
    Case,
    CheatSheet,
    ConceptCard,
    Decision,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    PredictItem,
    option_letter,
)
from bot.core.ports import RunResult
from bot.discord_app.escape import authored
from bot.discord_app.render import (
    COLOUR_FAIL,
    COLOUR_INFO,
    COLOUR_PASS,
    COLOUR_STEP,
    DESCRIPTION_LIMIT,
    FAIL,
    FIELD_LIMIT,
    FOOTER_LIMIT,
    PASS,
    TITLE_LIMIT,
    Attachment,
    Reply,
    clip,
    code_block,
    run_embed,
)

FIELDS_PER_EMBED = 25
CHEATSHEET_PATTERNS = 6  # pattern fields on the message; all of them are in the file


def _title(lesson: Lesson, mode_title: str, detail: str) -> str:
    return clip(f"{mode_title} · {authored(lesson.title)} — {detail}", TITLE_LIMIT)


def _options(texts: list[str]) -> str:
    return "\n".join(f"**{option_letter(i)}.** {authored(t)}" for i, t in enumerate(texts))


def _example(text: str) -> str:
    """An example is prose, or code when it spans lines (shown in a block)."""
    if "```" in text or "\n" not in text.strip():
        return clip(authored(text), FIELD_LIMIT)
    return code_block(text.strip("\n"), FIELD_LIMIT, "py")


def _verdict(correct: bool) -> tuple[str, discord.Colour]:
    return (f"{PASS} Right", COLOUR_PASS) if correct else (f"{FAIL} Not quite", COLOUR_FAIL)


def _counter(index: int, total: int) -> str:
    return f"{index + 1} of {total}"


# --------------------------------------------------------------------------- concepts


def concept_embed(lesson: Lesson, card: ConceptCard, index: int, total: int) -> discord.Embed:
    embed = discord.Embed(
        title=_title(lesson, "Concepts first", f"card {_counter(index, total)}"),
        description=clip(f"**{authored(card.title)}**\n\n{authored(card.idea)}", 2000),
        colour=COLOUR_STEP,
    )
    embed.add_field(name="Example", value=_example(card.example), inline=False)
    check = card.check
    body = f"{authored(check.prompt)}\n{_options([o.text for o in check.options])}"
    embed.add_field(name="Quick check", value=clip(body, FIELD_LIMIT), inline=False)
    if card.steps:
        steps = ", ".join(str(n) for n in card.steps)
        embed.set_footer(text=f"Practised in step {steps} · pick an answer below")
    else:
        embed.set_footer(text="Pick an answer below")
    return embed


def concept_reply(lesson: Lesson, card: ConceptCard, index: int, total: int) -> Reply:
    return Reply(embeds=(concept_embed(lesson, card, index, total),))


def concept_answered(
    lesson: Lesson, card: ConceptCard, index: int, total: int, choice: int
) -> Reply:
    """The card again, then whether the quick check was right and why."""
    check = card.check
    right = next(i for i, o in enumerate(check.options) if o.correct)
    head, colour = _verdict(choice == right)
    lines = [f"You chose **{option_letter(choice)}.** {authored(check.options[choice].text)}"]
    if choice != right:
        lines.append(
            f"The right answer is **{option_letter(right)}.** {authored(check.options[right].text)}"
        )
    lines.append(authored(check.explanation))
    verdict = discord.Embed(
        title=head, description=clip("\n\n".join(lines), DESCRIPTION_LIMIT), colour=colour
    )
    asked = concept_embed(lesson, card, index, total)
    asked.set_footer(text="answered")
    return Reply(embeds=(asked, verdict))


# --------------------------------------------------------------------------- flashcards


def flashcard_reply(
    lesson: Lesson, card: Flashcard, index: int, total: int, flipped: bool
) -> Reply:
    """The term; flipped, the meaning too and how well the learner knew it."""
    embed = discord.Embed(
        title=_title(lesson, "Flashcards", f"card {_counter(index, total)}"),
        description=clip(f"## {authored(card.term)}", 1000),
        colour=COLOUR_INFO if flipped else COLOUR_STEP,
    )
    if flipped:
        embed.add_field(name="Meaning", value=clip(authored(card.meaning), FIELD_LIMIT))
        embed.set_footer(text="How well did you know it? Again · Hard · Good · Easy")
    else:
        embed.set_footer(text="Say the meaning to yourself, then press Flip")
    return Reply(embeds=(embed,))


# --------------------------------------------------------------------------- predict


def predict_embed(lesson: Lesson, item: PredictItem, index: int, total: int) -> discord.Embed:
    body = "\n\n".join(
        [
            "What does this print?",
            code_block(item.code, 1500, "py"),
            _options([o.text for o in item.options]),
        ]
    )
    embed = discord.Embed(
        title=_title(lesson, "Predict the output", f"snippet {_counter(index, total)}"),
        description=clip(body, DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text="Pick what it prints")
    return embed


def predict_reply(lesson: Lesson, item: PredictItem, index: int, total: int) -> Reply:
    return Reply(embeds=(predict_embed(lesson, item, index, total),))


def predict_answered(
    lesson: Lesson, item: PredictItem, index: int, total: int, choice: int
) -> Reply:
    """The snippet, then the real output and why."""
    right = next(i for i, o in enumerate(item.options) if o.correct)
    head, colour = _verdict(choice == right)
    verdict = discord.Embed(
        title=head,
        description=f"You chose **{option_letter(choice)}**.",
        colour=colour,
    )
    verdict.add_field(name="It prints", value=code_block(item.output, FIELD_LIMIT), inline=False)
    verdict.add_field(name="Why", value=clip(authored(item.why), FIELD_LIMIT), inline=False)
    asked = predict_embed(lesson, item, index, total)
    asked.set_footer(text="answered")
    return Reply(embeds=(asked, verdict))


# --------------------------------------------------------------------------- fix and fill


def fix_reply(lesson: Lesson, item: FixItem, index: int, total: int) -> Reply:
    step = lesson.step(item.step)
    text = (
        f"This code is meant to solve **step {item.step}: {authored(step.title)}**, but it "
        "fails the step's checks for one reason. Press **Fix the code**, correct it and submit."
    )
    embed = discord.Embed(
        title=_title(lesson, "Fix the bug", f"bug {_counter(index, total)}"),
        description=clip(text, DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    embed.add_field(name="The code", value=code_block(item.broken, FIELD_LIMIT, "py"), inline=False)
    embed.add_field(name="Task", value=clip(authored(step.instructions), FIELD_LIMIT), inline=False)
    return Reply(embeds=(embed,))


def fill_reply(lesson: Lesson, item: FillItem, index: int, total: int) -> Reply:
    """The worked example line by line, then the task with its blanks numbered."""
    example = discord.Embed(
        title=_title(lesson, "Worked example", f"example {_counter(index, total)}"),
        colour=COLOUR_INFO,
    )
    for line in item.example[:FIELDS_PER_EMBED]:
        example.add_field(
            name=clip(line.code.strip() or "(blank line)", 256),
            value=clip(authored(line.why), FIELD_LIMIT),
            inline=False,
        )
    step = lesson.step(item.step)
    blanks = item.template.count(BLANK)
    template = code_block(numbered_blanks(item.template), 1800, "py")
    task = discord.Embed(
        title=clip(f"Now you — step {item.step}: {authored(step.title)}", TITLE_LIMIT),
        description=clip(
            f"{authored(step.instructions)}\n\n{template}\n\nFill the {blanks} "
            f"blank{'s' if blanks != 1 else ''}: press **Fill the blanks**.",
            DESCRIPTION_LIMIT,
        ),
        colour=COLOUR_STEP,
    )
    return Reply(embeds=(example, task))


def step_practice_reply(lesson: Lesson, number: int) -> Reply:
    """A step opened from the test's plan: its task, to practise in the code box (checked
    in the sandbox like the step, on top of the earlier steps; nothing is recorded)."""
    step = lesson.step(number)
    embed = discord.Embed(
        title=clip(
            f"Practise · {authored(lesson.title)} — step {number}: {authored(step.title)}",
            TITLE_LIMIT,
        ),
        description=clip(authored(step.instructions), DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    if step.starter:
        embed.add_field(name="Starter code", value=code_block(step.starter, FIELD_LIMIT, "py"))
    embed.set_footer(text="Press Write the code: it is checked like the step")
    return Reply(embeds=(embed,))


def numbered_blanks(template: str) -> str:
    """`___` → `[1]`, `[2]`: each blank numbered as the code box numbers its fields."""
    parts = template.split(BLANK)
    out = parts[0]
    for number, rest in enumerate(parts[1:], start=1):
        out += f"[{number}]" + rest
    return out


def code_verdict(
    run: RunResult, passed: bool, step: int, lesson: Lesson, mode_title: str, extra: str = ""
) -> Reply:
    """A fix or a filled template, judged by the step's checks: the steps' verdict embed."""
    if passed:
        title, colour = f"{PASS} {mode_title}: step {step}'s checks pass", COLOUR_PASS
    else:
        title, colour = f"{FAIL} Not yet — step {step}", COLOUR_FAIL
    checks = lesson.step(step).checks if 0 < step <= len(lesson.steps) else ()
    prints = not checks or any(check.kind == "output" for check in checks)
    embed, files = run_embed(run, title, colour, show_nothing_printed=prints)
    if extra:
        embed.add_field(name="Note", value=clip(authored(extra), FIELD_LIMIT), inline=False)
    return Reply(embeds=(embed,), files=files)


# --------------------------------------------------------------------------- cheat sheet


def cheatsheet_reply(lesson: Lesson, sheet: CheatSheet, markdown: str) -> Reply:
    """The lesson on one page, and the same as a Markdown file to keep."""
    embed = discord.Embed(
        title=_title(lesson, "Cheat sheet", "the lesson on one page"),
        description=clip(authored(sheet.summary), 1500),
        colour=COLOUR_INFO,
    )
    terms = "\n".join(f"**{authored(t.term)}**: {authored(t.meaning)}" for t in sheet.terms)
    embed.add_field(name="Key terms", value=clip(terms, FIELD_LIMIT), inline=False)
    for pattern in sheet.patterns[:CHEATSHEET_PATTERNS]:
        embed.add_field(
            name=clip(authored(pattern.title), 256),
            value=code_block(pattern.code, 500, "py"),
            inline=False,
        )
    mistakes = "\n".join(f"• {authored(m)}" for m in sheet.mistakes)
    embed.add_field(name="Common mistakes", value=clip(mistakes, FIELD_LIMIT), inline=False)
    embed.set_footer(text=clip(f"Also attached: cheatsheet-{lesson.id}.md", FOOTER_LIMIT))
    shrink(embed)
    attachment = Attachment(
        f"cheatsheet-{lesson.id}.md",
        markdown.encode(),
        description=f"Cheat sheet of {lesson.title}"[:1024],
    )
    return Reply(embeds=(embed,), files=(attachment,))


def shrink(embed: discord.Embed, limit: int = 5800) -> None:
    """Drop trailing pattern fields until the embed fits Discord's 6,000 characters."""
    while len(embed) > limit and len(embed.fields) > 2:
        embed.remove_field(len(embed.fields) - 2)  # keep "Common mistakes", the last


# --------------------------------------------------------------------------- scenario


def decision_embed(
    lesson: Lesson, case: Case, decision: Decision, number: int, index: int, total: int
) -> discord.Embed:
    parts = []
    if number == 1:
        parts.append(authored(case.situation))
    parts.append(f"**Decision {number} of {len(case.decisions)}:** {authored(decision.prompt)}")
    parts.append(_options([o.text for o in decision.options]))
    embed = discord.Embed(
        title=_title(lesson, "Real-world case", authored(case.title)),
        description=clip("\n\n".join(parts), DESCRIPTION_LIMIT),
        colour=COLOUR_STEP,
    )
    embed.set_footer(text=f"Decision {_counter(index, total)} of this lesson's cases")
    return embed


def decision_reply(
    lesson: Lesson, case: Case, decision: Decision, number: int, index: int, total: int
) -> Reply:
    return Reply(embeds=(decision_embed(lesson, case, decision, number, index, total),))


def decision_answered(
    lesson: Lesson,
    case: Case,
    decision: Decision,
    number: int,
    index: int,
    total: int,
    choice: int,
) -> Reply:
    """The consequence of the choice, why, and after a case's last decision its debrief."""
    right = next(i for i, o in enumerate(decision.options) if o.correct)
    head, colour = _verdict(choice == right)
    chosen = decision.options[choice]
    lines = [
        f"You chose **{option_letter(choice)}.** {authored(chosen.text)}",
        f"**What happens:** {authored(chosen.consequence)}",
    ]
    if choice != right:
        best = decision.options[right].text
        lines.append(f"The best move was **{option_letter(right)}.** {authored(best)}")
    lines.append(authored(decision.explanation))
    verdict = discord.Embed(
        title=head, description=clip("\n\n".join(lines), DESCRIPTION_LIMIT), colour=colour
    )
    embeds = [decision_embed(lesson, case, decision, number, index, total), verdict]
    if number == len(case.decisions):
        debrief = discord.Embed(
            title=clip(f"Debrief — {authored(case.title)}", TITLE_LIMIT),
            description=clip(authored(case.debrief), 2000),
            colour=COLOUR_INFO,
        )
        embeds.append(debrief)
    embeds[0].set_footer(text="answered")
    return Reply(embeds=tuple(embeds))


def finished_reply(lesson: Lesson, mode_title: str, done: int, right: int, wrong: int) -> Reply:
    """A mode's last item is behind the learner."""
    score = f" · {right} right, {wrong} wrong" if right or wrong else ""
    embed = discord.Embed(
        title=_title(lesson, mode_title, "done"),
        description=(
            f"You went through all {done} item{'s' if done != 1 else ''}{score}. "
            "Pick another learning style on the lesson card, or go through this one again."
        ),
        colour=COLOUR_PASS,
    )
    return Reply(embeds=(embed,))
