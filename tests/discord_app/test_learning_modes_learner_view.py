"""What a learner reads on Discord for /learn's lesson card, /progress, the learning modes'
items and verdicts, and the test's score card: titles, words, colours, fields and footers of
each embed, on a small lesson built inside each test.

`test_learn_render` checks that every message fits Discord's limits whatever the text; this
file checks what the messages say.
"""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from bot.core.checks.model import Check
from bot.core.content import (
    Case,
    CaseOption,
    CheatSheet,
    ConceptCard,
    Decision,
    Difficulty,
    ExampleLine,
    FillItem,
    FixItem,
    Flashcard,
    Lesson,
    Option,
    Pattern,
    PredictItem,
    QuickCheck,
    Step,
    Term,
)
from bot.core.modes import LessonCard, ModeLine, PlanItem, ScoreCard, mode
from bot.core.modes.scorecard import LevelScore, TopicScore
from bot.core.ports import RunResult, RunStatus
from bot.discord_app import learn_render as lr
from bot.discord_app import mode_render as mr

BLURPLE = discord.Colour.blurple().value
GREEN = discord.Colour.green().value
RED = discord.Colour.red().value
GREY = discord.Colour.light_grey().value


def lesson(**changes) -> Lesson:
    steps = (
        Step(1, "Define it", "Write a **definition**.", (), (Check("variable_exists"),), "d = 1"),
        Step(2, "List the stages", "Make a list.", (), (Check("output"),), "s = []", "s = None\n"),
    )
    fields = dict(
        id="tiny",
        title="Tiny MLOps",
        track="mlops",
        tags=(),
        minutes=7,
        scenario="A model broke.",
        goal="Keep it working.",
        objectives=("Name the stages", "Say why"),
        why_real_world="Models drift.",
        why_career="Teams ask for it.",
        steps=steps,
        questions=(),
    )
    fields.update(changes)
    return Lesson(**fields)


def line(mode_id: str, done: int, total: int, right: int, wrong: int, visited: bool) -> ModeLine:
    moment = datetime(2026, 12, 4, 23, 5, tzinfo=UTC) if visited else None
    return ModeLine(mode(mode_id), done, total, right, wrong, moment)


def shown(embed: discord.Embed) -> dict:
    data = embed.to_dict()
    data.pop("type", None)
    data.pop("flags", None)
    return data


def field(name: str, value: str, inline: bool = False) -> dict:
    return {"name": name, "value": value, "inline": inline}


# --------------------------------------------------------------------------- lesson card


def test_the_lesson_card_is_the_front_door_with_progress_and_the_modes_started():
    lines = (
        line("concepts", 2, 5, 1, 1, True),
        line("flashcards", 0, 3, 0, 0, True),
        line("predict", 1, 2, 0, 0, False),  # done without a visit time still counts
        line("fix", 0, 2, 0, 0, False),  # never opened: not listed
    )
    reply = lr.card_reply(LessonCard(lesson(), 1, 2, lines), note="Welcome back")
    assert reply.content == "Welcome back"
    assert shown(reply.embeds[0]) == {
        "title": "Tiny MLOps",
        "description": "\n\n".join(
            [
                "**Scenario:** A model broke.",
                "**Goal:** Keep it working.",
                "**What you'll learn:**\n• Name the stages\n• Say why",
                "**Why it matters:** Models drift. Teams ask for it.",
            ]
        ),
        "color": BLURPLE,
        "fields": [
            field(
                "Your progress",
                "**Progress 1 / 2 steps**\n"
                "Concepts first — 2 / 5 done · 1 right · 1 wrong\n"
                "Flashcards — 0 / 3 done\n"
                "Predict the output — 1 / 2 done",
            )
        ],
        "footer": {"text": "~7 min · pick a learning style below"},
    }


def test_a_card_leaves_out_what_the_lesson_does_not_say_and_joins_the_reasons_it_has():
    bare = lesson(objectives=(), why_real_world="", why_career="")
    embed = lr.card_embed(LessonCard(bare, 0, 2, ()))
    assert embed.description == "**Scenario:** A model broke.\n\n**Goal:** Keep it working."
    assert embed.fields[0].value == "**Progress 0 / 2 steps**"
    career = lesson(objectives=(), why_real_world="")
    text = lr.card_embed(LessonCard(career, 0, 2, ())).description
    assert text.endswith("**Why it matters:** Teams ask for it.")
    assert lr.card_reply(LessonCard(bare, 0, 2, ())).content == ""


def test_a_long_lesson_card_is_cut_with_an_ellipsis_where_discord_would_refuse_it():
    long = lesson(title="T" * 300, scenario="s" * 4000)
    lines = tuple(line("concepts", 2, 5, 1, 1, True) for _ in range(40))
    reply = lr.card_reply(LessonCard(long, 0, 2, lines), note="n" * 2500)
    embed = reply.embeds[0]
    assert len(embed.title) == 256 and embed.title.endswith("…")
    assert len(embed.description) == 3000 and embed.description.endswith("…")
    assert len(embed.fields[0].value) == 1024 and embed.fields[0].value.endswith("…")
    assert len(reply.content) == 2000 and reply.content.endswith("…")


def test_progress_lists_per_lesson_the_modes_started():
    other = lesson(title="Second <@123456789012345678>")
    text = lr.progress_field(
        [
            (lesson(), [line("concepts", 1, 2, 1, 0, True), line("fix", 0, 2, 0, 0, False)]),
            (other, [line("fix", 0, 2, 0, 0, False)]),  # nothing started: no block
            (other, [line("flashcards", 3, 3, 0, 0, True), line("fill", 1, 2, 1, 0, True)]),
        ]
    )
    assert text == (
        "**Tiny MLOps**\n· Concepts first — 1 / 2 done · 1 right · 0 wrong\n"
        "**Second <@\u200b123456789012345678>**\n· Flashcards — 3 / 3 done\n"
        "· Worked example, then fill the blanks — 1 / 2 done · 1 right · 0 wrong"
    )
    assert (
        lr.mode_line(line("fix", 1, 2, 0, 1, True))
        == "Fix the bug — 1 / 2 done · 0 right · 1 wrong"
    )
    assert lr.progress_field([]) == ""


def test_progress_of_many_lessons_is_cut_to_one_field():
    many = [(lesson(), [line("concepts", 1, 2, 1, 0, True)]) for _ in range(40)]
    text = lr.progress_field(many)
    assert len(text) == 1024 and text.endswith("…")


# --------------------------------------------------------------------------- score card


def score_card(verdict: str, plan: tuple[PlanItem, ...], levels: bool = True) -> ScoreCard:
    by_difficulty = (
        (LevelScore(3, 3, Difficulty.EASY), LevelScore(1, 3, Difficulty.HARD)) if levels else ()
    )
    topics = (TopicScore(2, 2, "stages", "Four stages"), TopicScore(1, 3, "why", "Why MLOps"))
    return ScoreCard(lesson(), 4, 6, verdict, by_difficulty, topics if levels else (), plan)


def test_the_score_card_gives_the_verdict_scores_and_the_plan_with_the_missed_topics():
    plan = (
        PlanItem("why", "Why MLOps", "concepts", "why", "Concepts: Why MLOps"),
        PlanItem("why", "Why MLOps", "steps", "2", "Step 2: List the stages"),
        PlanItem("ops", "Ops", "steps", "1", "Step 1: Define it"),
    )
    embed = lr.score_embed(score_card("getting there", plan))
    assert shown(embed) == {
        "title": "Verdict · Tiny MLOps",
        "description": "This pattern is **getting there** for you: 4 / 6 right (67 %).",
        "color": GREY,
        "fields": [
            field("By difficulty", "easy 3/3 · hard 1/3"),
            field("By topic", "✅ Four stages 2/2\n❌ Why MLOps 1/3"),
            field(
                "Your plan",
                "Missed: Why MLOps, Ops\n1. Concepts: Why MLOps\n2. Step 2: List the stages\n"
                "3. Step 1: Define it\nPress a button below to start there.",
            ),
        ],
        "footer": {
            "text": "strong: 80 %+ right and 2 of 3 hard ones · getting there: 50 %+ · "
            "new to you: below"
        },
    }


def test_the_score_cards_colour_follows_the_verdict_and_nothing_missed_means_no_repair():
    assert lr.score_embed(score_card("strong", ())).colour.value == GREEN
    assert lr.score_embed(score_card("new to you", ())).colour.value == RED
    assert lr.score_embed(score_card("unheard of", ())).colour.value == GREY
    embed = lr.score_embed(score_card("strong", (), levels=False))
    assert [shown_field for shown_field in shown(embed)["fields"]] == [
        field("Your plan", "Nothing to repair: keep it fresh with /review.", inline=True)
    ]


# --------------------------------------------------------------------------- concepts


def concept(
    steps: tuple[int, ...] = (1, 2), example: str = "\nMAX = 1\nLIMIT = MAX\n"
) -> ConceptCard:
    return ConceptCard(
        id="stages",
        title="Four stages",
        idea="They follow one another.",
        example=example,
        check=QuickCheck(
            "Which comes last?", (Option("Data"), Option("Monitoring", True)), "Watch it last."
        ),
        steps=steps,
    )


def test_a_concept_card_shows_the_idea_the_example_as_code_and_the_quick_check():
    reply = mr.concept_reply(lesson(), concept(), 1, 3)
    assert shown(reply.embeds[0]) == {
        "title": "Concepts first · Tiny MLOps — card 2 of 3",
        "description": "**Four stages**\n\nThey follow one another.",
        "color": BLURPLE,
        "fields": [
            field("Example", "```py\nMAX = 1\nLIMIT = MAX\n```"),
            field("Quick check", "Which comes last?\n**A.** Data\n**B.** Monitoring"),
        ],
        "footer": {"text": "Practised in step 1, 2 · pick an answer below"},
    }


def test_a_one_line_or_fenced_example_stays_prose_and_a_card_without_steps_says_pick():
    one_line = mr.concept_embed(lesson(), concept((), "Models *drift*.\n"), 0, 1)
    assert one_line.fields[0].value == "Models *drift*.\n"
    assert one_line.footer.text == "Pick an answer below"
    fenced = "See:\n```py\nx = 1\n```"
    assert mr.concept_embed(lesson(), concept((), fenced), 0, 1).fields[0].value == fenced
    spaced = "\nModels drift."  # one line after a blank one: still prose
    assert mr.concept_embed(lesson(), concept((), spaced), 0, 1).fields[0].value == spaced
    indented = "    x = 1\n    y = 2\n"  # a snippet from inside a block keeps its indent
    value = mr.concept_embed(lesson(), concept((), indented), 0, 1).fields[0].value
    assert value == "```py\n    x = 1\n    y = 2\n```"


def test_a_concept_answered_right_or_wrong_says_so_with_the_right_answer_and_why():
    right = mr.concept_answered(lesson(), concept(), 0, 3, 1)
    asked, verdict = right.embeds
    assert asked.title == "Concepts first · Tiny MLOps — card 1 of 3"
    assert asked.footer.text == "answered"
    assert shown(verdict) == {
        "title": "✅ Right",
        "description": "You chose **B.** Monitoring\n\nWatch it last.",
        "color": GREEN,
    }
    wrong = mr.concept_answered(lesson(), concept(), 0, 3, 0).embeds[1]
    assert shown(wrong) == {
        "title": "❌ Not quite",
        "description": "You chose **A.** Data\n\nThe right answer is **B.** Monitoring\n\n"
        "Watch it last.",
        "color": RED,
    }


# --------------------------------------------------------------------------- flashcards


def test_a_flashcard_shows_the_term_then_flipped_the_meaning_and_the_rating():
    card = Flashcard("drift", "Data drift", "Live data moves away.")
    front = mr.flashcard_reply(lesson(), card, 0, 3, flipped=False).embeds[0]
    assert shown(front) == {
        "title": "Flashcards · Tiny MLOps — card 1 of 3",
        "description": "## Data drift",
        "color": BLURPLE,
        "footer": {"text": "Say the meaning to yourself, then press Flip"},
    }
    back = mr.flashcard_reply(lesson(), card, 2, 3, flipped=True).embeds[0]
    assert shown(back) == {
        "title": "Flashcards · Tiny MLOps — card 3 of 3",
        "description": "## Data drift",
        "color": GREY,
        "fields": [field("Meaning", "Live data moves away.", inline=True)],
        "footer": {"text": "How well did you know it? Again · Hard · Good · Easy"},
    }


def test_long_concept_and_flashcard_text_is_cut_with_an_ellipsis():
    card = ConceptCard("c", "T", "i" * 3000, "e", QuickCheck("q", (Option("a", True),), "x"))
    description = mr.concept_embed(lesson(), card, 0, 1).description
    assert len(description) == 2000 and description.endswith("…")
    term = Flashcard("f", "t" * 1200, "m")
    front = mr.flashcard_reply(lesson(), term, 0, 1, flipped=False).embeds[0].description
    assert len(front) == 1000 and front.endswith("…")


# --------------------------------------------------------------------------- predict


def predict() -> PredictItem:
    return PredictItem(
        id="count",
        code="print(len([1, 2]))\n",
        output="2\n",
        options=(Option("2", True), Option("1")),
        why="len counts the items.",
    )


def test_predict_shows_the_snippet_and_the_options():
    embed = mr.predict_reply(lesson(), predict(), 0, 2).embeds[0]
    assert shown(embed) == {
        "title": "Predict the output · Tiny MLOps — snippet 1 of 2",
        "description": "What does this print?\n\n```py\nprint(len([1, 2]))\n\n```\n\n"
        "**A.** 2\n**B.** 1",
        "color": BLURPLE,
        "footer": {"text": "Pick what it prints"},
    }


def test_predict_answered_gives_the_real_output_and_why():
    asked, verdict = mr.predict_answered(lesson(), predict(), 1, 2, 1).embeds
    assert asked.title == "Predict the output · Tiny MLOps — snippet 2 of 2"
    assert asked.footer.text == "answered"
    assert shown(verdict) == {
        "title": "❌ Not quite",
        "description": "You chose **B**.",
        "color": RED,
        "fields": [
            field("It prints", "```\n2\n\n```"),
            field("Why", "len counts the items."),
        ],
    }
    assert mr.predict_answered(lesson(), predict(), 1, 2, 0).embeds[1].title == "✅ Right"


def test_a_long_snippet_is_cut_inside_its_code_block():
    item = PredictItem("p", "x" * 3000, "o", (Option("o", True),), "w")
    description = mr.predict_embed(lesson(), item, 0, 1).description
    block = description.split("\n\n")[1]
    assert len(block) == 1500 and block.endswith("…\n```")


# --------------------------------------------------------------------------- fix and fill


def test_fix_shows_what_the_code_is_meant_to_do_the_code_and_the_task():
    item = FixItem("swap", 1, "d = 0\n", "d = 1\n", "zero", "one")
    embed = mr.fix_reply(lesson(), item, 0, 2).embeds[0]
    assert shown(embed) == {
        "title": "Fix the bug · Tiny MLOps — bug 1 of 2",
        "description": "This code is meant to solve **step 1: Define it**, but it fails the "
        "step's checks for one reason. Press **Fix the code**, correct it and submit.",
        "color": BLURPLE,
        "fields": [
            field("The code", "```py\nd = 0\n\n```"),
            field("Task", "Write a **definition**."),
        ],
    }


def fill(template: str, example: tuple[ExampleLine, ...]) -> FillItem:
    return FillItem("f", 2, example, template, (), ())


def test_fill_shows_the_worked_example_line_by_line_then_the_task_with_numbered_blanks():
    example = (ExampleLine('  c = ["red"]  ', "a list"), ExampleLine("   ", "a pause"))
    reply = mr.fill_reply(lesson(), fill("s = [___, ___]\n", example), 1, 2)
    worked, task = reply.embeds
    assert shown(worked) == {
        "title": "Worked example · Tiny MLOps — example 2 of 2",
        "color": GREY,
        "fields": [field('c = ["red"]', "a list"), field("(blank line)", "a pause")],
    }
    assert shown(task) == {
        "title": "Now you — step 2: List the stages",
        "description": "Make a list.\n\n```py\ns = [[1], [2]]\n\n```\n\n"
        "Fill the 2 blanks: press **Fill the blanks**.",
        "color": BLURPLE,
    }
    one = mr.fill_reply(lesson(), fill("s = ___\n", example), 0, 1).embeds[1].description
    assert one.endswith("Fill the 1 blank: press **Fill the blanks**.")


def test_a_worked_example_shows_at_most_25_lines_one_field_each():
    example = tuple(ExampleLine(f"x{n} = {n}", f"line {n}") for n in range(30))
    worked = mr.fill_reply(lesson(), fill("x = ___\n", example), 0, 1).embeds[0]
    assert [f.name for f in worked.fields] == [f"x{n} = {n}" for n in range(25)]
    long = (ExampleLine("c" * 300, "w" * 1100),)
    cut = mr.fill_reply(lesson(), fill("x = ___\n", long), 0, 1).embeds[0].fields[0]
    assert len(cut.name) == 256 and cut.name.endswith("…")
    assert len(cut.value) == 1024 and cut.value.endswith("…")


def test_a_long_template_is_cut_inside_its_code_block():
    task = mr.fill_reply(lesson(), fill("x = ___\n" + "y" * 2000, ()), 0, 1).embeds[1]
    block = task.description.split("\n\n")[1]
    assert len(block) == 1800 and block.endswith("…\n```")


def test_a_step_from_the_plan_shows_its_task_and_starter_code_when_it_has_one():
    with_starter = mr.step_practice_reply(lesson(), 2).embeds[0]
    assert shown(with_starter) == {
        "title": "Practise · Tiny MLOps — step 2: List the stages",
        "description": "Make a list.",
        "color": BLURPLE,
        "fields": [field("Starter code", "```py\ns = None\n\n```", inline=True)],
        "footer": {"text": "Press Write the code: it is checked like the step"},
    }
    assert mr.step_practice_reply(lesson(), 1).embeds[0].fields == []


def test_code_is_judged_like_a_step_and_says_nothing_printed_only_where_printing_counts():
    quiet = RunResult(status=RunStatus.OK, stdout="", duration_ms=3.0)
    passed = mr.code_verdict(quiet, True, 2, lesson(), "Fixed").embeds[0]
    assert passed.title == "✅ Fixed: step 2's checks pass"
    assert passed.colour.value == GREEN
    assert [(f.name, f.value) for f in passed.fields] == [("Your output", "(nothing printed)")]
    failed = mr.code_verdict(quiet, False, 1, lesson(), "Fixed", "The bug: *zero*.").embeds[0]
    assert failed.title == "❌ Not yet — step 1"
    assert failed.colour.value == RED
    assert [shown_field for shown_field in shown(failed)["fields"]] == [
        field("Note", "The bug: *zero*.")
    ]
    for outside in (0, 3):  # no such step: no checks, so printing is expected
        reply = mr.code_verdict(quiet, False, outside, lesson(), "Fixed")
        assert [f.value for f in reply.embeds[0].fields] == ["(nothing printed)"]
    no_checks = lesson(steps=(Step(1, "Define it", "Write it.", (), (), "d = 1"),))
    reply = mr.code_verdict(quiet, False, 1, no_checks, "Fixed")
    assert [f.value for f in reply.embeds[0].fields] == ["(nothing printed)"]


def test_whether_nothing_printed_is_said_follows_the_judging_steps_own_checks():
    quiet = RunResult(status=RunStatus.OK, stdout="", duration_ms=3.0)
    steps = (
        Step(1, "Print it", "Print d.", (), (Check("variable_exists"), Check("output")), "d"),
        Step(2, "Name it", "Set d.", (), (Check("variable_exists"),), "d = 1"),
    )
    mixed = lesson(steps=steps)

    def said(step: int) -> list[str]:
        return [
            f.value for f in mr.code_verdict(quiet, False, step, mixed, "Fixed").embeds[0].fields
        ]

    assert said(1) == ["(nothing printed)"]  # one output check is enough
    assert said(2) == []  # the last step checks a variable only
    assert said(0) == ["(nothing printed)"]  # no step 0: nothing to go by


def test_a_long_output_is_attached_to_the_code_verdict():
    loud = RunResult(status=RunStatus.OK, stdout="line\n" * 50, duration_ms=3.0)
    reply = mr.code_verdict(loud, True, 2, lesson(), "Filled")
    assert [f.filename for f in reply.files] == ["output.txt"]


# --------------------------------------------------------------------------- cheat sheet


def sheet(patterns: int = 1, code: str = "s = []\n") -> CheatSheet:
    return CheatSheet(
        summary="Keep models working.",
        terms=(Term("Drift", "data moves"), Term("Deploy", "ship it")),
        patterns=tuple(Pattern(f"Pattern {n}", code) for n in range(patterns)),
        mistakes=("Skipping monitoring", "Training too early"),
    )


def test_the_cheat_sheet_is_the_lesson_on_one_page_and_a_markdown_file():
    reply = mr.cheatsheet_reply(lesson(), sheet(), "# Tiny MLOps\n")
    assert shown(reply.embeds[0]) == {
        "title": "Cheat sheet · Tiny MLOps — the lesson on one page",
        "description": "Keep models working.",
        "color": GREY,
        "fields": [
            field("Key terms", "**Drift**: data moves\n**Deploy**: ship it"),
            field("Pattern 0", "```py\ns = []\n\n```"),
            field("Common mistakes", "• Skipping monitoring\n• Training too early"),
        ],
        "footer": {"text": "Also attached: cheatsheet-tiny.md"},
    }
    (attached,) = reply.files
    assert attached.filename == "cheatsheet-tiny.md"
    assert attached.data == b"# Tiny MLOps\n"
    assert attached.description == "Cheat sheet of Tiny MLOps"


def test_the_cheat_sheet_message_shows_six_patterns_and_drops_more_to_fit():
    many = mr.cheatsheet_reply(lesson(), sheet(9), "md").embeds[0]
    names = [f.name for f in many.fields]
    assert names == ["Key terms", *(f"Pattern {n}" for n in range(6)), "Common mistakes"]
    wordy = CheatSheet(
        "s" * 2000, (Term("t", "m" * 1100),), sheet(6, "x" * 600).patterns, ("w" * 1100,)
    )
    big = mr.cheatsheet_reply(lesson(), wordy, "md").embeds[0]
    names = [f.name for f in big.fields]
    assert names[0] == "Key terms" and names[-1] == "Common mistakes"
    assert len(big) <= 5800
    assert 2 < len(names) < 8  # some patterns dropped, from the end
    assert names[1:-1] == [f"Pattern {n}" for n in range(len(names) - 2)]


def test_the_cheat_sheets_long_parts_are_cut_with_an_ellipsis():
    wordy = CheatSheet(
        "s" * 2000,
        (Term("t", "m" * 1100),),
        (Pattern("P" * 300, "x" * 600),),
        ("w" * 1100,),
    )
    embed = mr.cheatsheet_reply(lesson(), wordy, "md").embeds[0]
    assert len(embed.description) == 1500 and embed.description.endswith("…")
    terms, pattern, mistakes = embed.fields
    assert len(terms.value) == 1024 and terms.value.endswith("…")
    assert len(pattern.name) == 256 and pattern.name.endswith("…")
    assert len(pattern.value) == 500 and pattern.value.endswith("…\n```")
    assert len(mistakes.value) == 1024 and mistakes.value.endswith("…")


def test_a_cheat_sheet_one_character_over_5800_drops_its_last_pattern():
    def reply(summary: int):
        patterns = tuple(Pattern(f"P{n}", "x" * 600) for n in range(6))
        wordy = CheatSheet("s" * summary, (Term("t", "m" * 1000),), patterns, ("w" * 1000,))
        return mr.cheatsheet_reply(lesson(), wordy, "md").embeds[0]

    size = len(reply(100))
    assert size < 5800
    at_limit = reply(100 + 5800 - size)
    assert len(at_limit) == 5800 and len(at_limit.fields) == 8
    over = reply(100 + 5801 - size)
    assert [f.name for f in over.fields] == [
        "Key terms",
        "P0",
        "P1",
        "P2",
        "P3",
        "P4",
        "Common mistakes",
    ]


def test_shrink_keeps_an_embed_at_its_limit_and_drops_fields_only_above_it():
    embed = discord.Embed(title="t")
    for n in range(4):
        embed.add_field(name=f"f{n}", value="v" * 100)
    size = len(embed)
    mr.shrink(embed, limit=size)
    assert len(embed.fields) == 4
    mr.shrink(embed, limit=size - 1)
    assert [f.name for f in embed.fields] == ["f0", "f1", "f3"]
    mr.shrink(embed, limit=1)
    assert [f.name for f in embed.fields] == ["f0", "f3"]


def test_the_cheat_sheet_attachment_description_is_cut_for_discord():
    long = lesson(title="L" * 1100)
    (attached,) = mr.cheatsheet_reply(long, sheet(), "md").files
    assert attached.description == ("Cheat sheet of " + "L" * 1100)[:1024]


# --------------------------------------------------------------------------- scenario


def case() -> Case:
    first = Decision(
        "What first?",
        (
            CaseOption("Check the data", "You find a new source.", True),
            CaseOption("Retrain", "Just as bad."),
        ),
        "Data before model.",
    )
    second = Decision(
        "Then?",
        (
            CaseOption("Tell nobody", "It happens again."),
            CaseOption("Add a check", "Caught.", True),
        ),
        "Make it permanent.",
    )
    return Case("drop", "Accuracy dropped", "Accuracy fell.", (first, second), "Data first.")


def test_a_cases_first_decision_opens_with_the_situation_later_ones_do_not():
    first = mr.decision_reply(lesson(), case(), case().decisions[0], 1, 0, 4).embeds[0]
    assert shown(first) == {
        "title": "Real-world case · Tiny MLOps — Accuracy dropped",
        "description": "Accuracy fell.\n\n**Decision 1 of 2:** What first?\n\n"
        "**A.** Check the data\n**B.** Retrain",
        "color": BLURPLE,
        "footer": {"text": "Decision 1 of 4 of this lesson's cases"},
    }
    second = mr.decision_embed(lesson(), case(), case().decisions[1], 2, 1, 4)
    assert (
        second.description == "**Decision 2 of 2:** Then?\n\n**A.** Tell nobody\n**B.** Add a check"
    )
    assert second.footer.text == "Decision 2 of 4 of this lesson's cases"


def test_a_decision_answered_gives_what_happens_the_best_move_and_the_debrief_at_the_end():
    reply = mr.decision_answered(lesson(), case(), case().decisions[0], 1, 0, 4, 0)
    asked, verdict = reply.embeds
    assert asked.footer.text == "answered"
    assert asked.description == (
        "Accuracy fell.\n\n**Decision 1 of 2:** What first?\n\n"
        "**A.** Check the data\n**B.** Retrain"
    )
    assert shown(verdict) == {
        "title": "✅ Right",
        "description": "You chose **A.** Check the data\n\n**What happens:** You find a new "
        "source.\n\nData before model.",
        "color": GREEN,
    }
    last = mr.decision_answered(lesson(), case(), case().decisions[1], 2, 1, 4, 0)
    asked, verdict, debrief = last.embeds
    assert asked.footer.text == "answered"
    assert shown(verdict) == {
        "title": "❌ Not quite",
        "description": "You chose **A.** Tell nobody\n\n**What happens:** It happens again.\n\n"
        "The best move was **B.** Add a check\n\nMake it permanent.",
        "color": RED,
    }
    assert shown(debrief) == {
        "title": "Debrief — Accuracy dropped",
        "description": "Data first.",
        "color": GREY,
    }


def test_a_finished_mode_counts_the_items_and_the_score_when_there_is_one():
    embed = mr.finished_reply(lesson(), "Flashcards", 3, 2, 1).embeds[0]
    assert shown(embed) == {
        "title": "Flashcards · Tiny MLOps — done",
        "description": "You went through all 3 items · 2 right, 1 wrong. Pick another learning "
        "style on the lesson card, or go through this one again.",
        "color": GREEN,
    }
    one = mr.finished_reply(lesson(), "Cheat sheet", 1, 0, 0).embeds[0].description
    assert one.startswith("You went through all 1 item. Pick")
    missed = mr.finished_reply(lesson(), "Predict", 2, 0, 2).embeds[0].description
    assert missed.startswith("You went through all 2 items · 0 right, 2 wrong. Pick")


def test_a_long_case_title_is_cut_in_the_title_of_its_debrief():
    long = Case("c", "C" * 300, "s", case().decisions[:1], "d" * 2500)
    reply = mr.decision_answered(lesson(), long, long.decisions[0], 1, 0, 1, 0)
    debrief = reply.embeds[2]
    assert len(debrief.title) == 256 and debrief.title.endswith("…")
    assert len(debrief.description) == 2000 and debrief.description.endswith("…")
