"""The quiz embeds a learner or a server member reads: practice, feedback, the test score
card, the daily post and its reveal, the private recap and the leaderboards.

Feedback and reports come from the real engine; tallies from `bot.core.daily.tally`. The
assertions are on the embed Discord receives (titles, descriptions, fields, footers,
colours) and Discord's documented limits.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import discord

from bot.core import quiz
from bot.core.daily import tally
from bot.core.quiz.outcomes import DifficultyScore, ReviewItem
from bot.discord_app import quiz_render
from tests.unit.helpers import build_engine, make_lesson, make_question

LEARNER = "local:alice"


def fields(embed: discord.Embed) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in embed.fields]


def lesson_with(*questions):
    return make_lesson(questions=questions)


# --------------------------------------------------------------------------- practice, test


def test_practice_shows_prompt_code_and_lettered_options_in_the_authors_order():
    question = dataclasses.replace(make_question("q1", "medium"), code="print(1)")
    embed = quiz_render.practice_reply(question, "Lists").embeds[0]
    assert embed.title == "Practice · Lists"
    assert embed.description == (
        "Question q1?\n\n```py\nprint(1)\n```\n\n"
        "**A.** q1 option 0\n**B.** q1 option 1\n**C.** q1 option 2\n**D.** q1 option 3"
    )
    assert embed.footer.text == "medium · pick an answer below"
    assert embed.colour == discord.Colour.blurple()


def test_a_test_question_is_numbered_and_promises_no_feedback():
    embed = quiz_render.test_question_reply(make_question("q2", "hard"), 3, 10, "Lists").embeds[0]
    assert embed.title == "Test · Lists — question 3 of 10"
    assert embed.description.startswith("Question q2?\n\n**A.** q2 option 0")
    assert embed.footer.text == "hard · no feedback until the end"


async def test_feedback_leaves_out_teaching_a_question_does_not_have():
    bare = dataclasses.replace(make_question("q1"), explanation=(), mistakes=(), quick_check="")
    engine, *_ = build_engine(lesson_with(bare))
    embed = quiz_render.feedback_reply(await engine.answer(LEARNER, "demo", "q1", 0)).embeds[0]
    assert embed.fields == []


async def finished_test(questions, right: set[str]):
    engine, *_ = build_engine(lesson_with(*questions))
    session = await engine.start_test(LEARNER, "demo")
    for question in session.questions:
        if question.id in right:
            choice = question.correct_index
        elif question.id.startswith("skip"):
            continue
        else:
            choice = (question.correct_index + 1) % 4
        session = await engine.answer_test(LEARNER, "demo", session.id, question.id, choice)
    return await engine.finish_test(LEARNER, "demo", session.id)


# --------------------------------------------------------------------------- daily


def test_the_daily_post_counts_members_and_says_when_the_answer_comes():
    question = make_question("q1", "medium")
    reveal = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)
    reply = quiz_render.daily_post_reply(question, "Lists", 1, reveal, ping_role_id=77)
    embed = reply.embeds[0]
    assert embed.title == "🗓️ Daily quiz · Lists"
    assert embed.colour == discord.Colour.gold()
    assert fields(embed) == [("1 member answered so far", "Answer revealed <t:1741024800:R>")]
    assert embed.footer.text == "medium · one answer each; your choice stays private"
    assert reply.content == "<@&77>"

    later = quiz_render.daily_post_reply(question, "Lists", 2, None, late_note="posted late")
    assert fields(later.embeds[0]) == [
        ("2 members answered so far", "Answer revealed with the next quiz")
    ]
    assert later.embeds[0].footer.text == (
        "medium · one answer each; your choice stays private · posted late"
    )
    assert later.content == ""
    assert quiz_render.daily_post_reply(question, "L", 0, None).embeds[0].fields[0].name == (
        "0 members answered so far"
    )


def test_the_reveal_shows_the_answer_bars_in_option_order_and_the_rate():
    question = make_question("q1", correct=1)
    counts = tally([0, 1, 1, 1, 3], option_count=4, correct_index=1)
    embed = quiz_render.daily_reveal_reply(question, "Lists", counts).embeds[0]
    assert embed.title == "🗓️ Daily quiz · Lists — answer"
    assert embed.colour == discord.Colour.green()
    assert fields(embed) == [
        ("Answer", "**B.** q1 option 1"),
        (
            "How the server answered",
            "`A` `██░░░░░░░░░░`  20% (1)\n"
            "`B` `███████░░░░░`  60% (3) ✅\n"
            "`C` `░░░░░░░░░░░░`   0% (0)\n"
            "`D` `██░░░░░░░░░░`  20% (1)",
        ),
        ("Why", "1. q1 step one\n2. q1 step two"),
    ]
    assert embed.footer.text == "3 of 5 got it right (60%)"


def test_a_reveal_nobody_answered_says_so():
    question = dataclasses.replace(make_question("q1"), explanation=())
    embed = quiz_render.daily_reveal_reply(question, "L", tally([], 4, 0)).embeds[0]
    assert embed.footer.text == "Nobody answered this one."
    assert [f.name for f in embed.fields] == ["Answer", "How the server answered"]
    assert embed.fields[1].value.splitlines()[0] == "`A` `░░░░░░░░░░░░`   0% (0) ✅"


def test_the_private_recap_tells_each_member_their_own_answer():
    question = make_question("q1", correct=0)
    right = quiz_render.daily_recap_reply(question, 0).embeds[0]
    assert (right.title, right.description, right.colour) == (
        "This quiz is closed",
        "✅ You answered **A.** q1 option 0: right!",
        discord.Colour.green(),
    )
    assert fields(right) == [("Answer", "**A.** q1 option 0")]

    wrong = quiz_render.daily_recap_reply(question, 2).embeds[0]
    assert (wrong.description, wrong.colour) == (
        "❌ You answered **C.** q1 option 2.",
        discord.Colour.red(),
    )
    assert fields(wrong) == [("Answer", "**A.** q1 option 0"), ("Common mistakes", "• q1 mistake")]

    silent = quiz_render.daily_recap_reply(question, None).embeds[0]
    assert (silent.description, silent.colour) == (
        "You didn't answer this quiz.",
        discord.Colour.light_grey(),
    )
    assert [f.name for f in silent.fields] == ["Answer", "Common mistakes"]


# --------------------------------------------------------------------------- leaderboards


def test_a_leaderboard_lists_ranks_with_extras_and_numbers_its_pages():
    rows = [
        quiz_render.BoardRow(1, "Ada", "12 correct / 15", "🔥 4"),
        quiz_render.BoardRow(2, "Bo", "9 correct / 15"),
    ]
    embed = quiz_render.leaderboard_reply("Daily quiz · this week", rows, 1, 3).embeds[0]
    assert embed.title == "Daily quiz · this week"
    assert embed.description == "**1.** Ada — 12 correct / 15 · 🔥 4\n**2.** Bo — 9 correct / 15"
    assert embed.footer.text == "Page 2 of 3"
    assert embed.colour == discord.Colour.gold()
    empty = quiz_render.leaderboard_reply("Board", [], 0, 0).embeds[0]
    assert empty.description == "Nobody is on this board yet."
    assert empty.footer.text == "Page 1 of 1"


def test_long_titles_and_bodies_are_clipped_to_discords_limits():
    question = dataclasses.replace(
        make_question("q1"), prompt="p" * 5000, code="c" * 3000, mistakes=("m" * 2000,)
    )
    replies = [
        quiz_render.practice_reply(question, "T" * 300),
        quiz_render.test_question_reply(question, 1, 10, "T" * 300),
        quiz_render.daily_post_reply(question, "T" * 300, 3, None, late_note="n" * 3000),
        quiz_render.daily_recap_reply(question, 1),
    ]
    for reply in replies:
        for embed in reply.embeds:
            assert len(embed.title) <= 256
            assert len(embed.description) <= 4096
            assert len(embed.footer.text or "") <= 2048
            assert all(len(f.value) <= 1024 for f in embed.fields)
    assert len(replies[0].embeds[0].title) == 256
    assert len(replies[0].embeds[0].description) == 4096
    assert len(replies[2].embeds[0].footer.text) == 2048
    assert len(replies[3].embeds[0].fields[1].value) == 1024


# --------------------------------------------------------------------------- edges


async def test_the_by_difficulty_field_is_stacked_too():
    engine, *_ = build_engine(lesson_with(make_question("q1")))
    session = await engine.start_test(LEARNER, "demo")
    embed = quiz_render.score_card(await engine.finish_test(LEARNER, "demo", session.id)).embeds[0]
    assert (embed.fields[0].name, embed.fields[0].inline) == ("By difficulty", False)


def test_a_test_question_is_in_the_lesson_colour_and_code_gets_1500_characters():
    question = dataclasses.replace(make_question("q1"), code="c" * 3000)
    embed = quiz_render.test_question_reply(question, 1, 10, "L").embeds[0]
    assert embed.colour == discord.Colour.blurple()
    block = embed.description.split("\n\n")[1]
    assert len(block) == 1500 and block.startswith("```py\n") and block.endswith("…\n```")


def test_each_mistake_gets_its_own_bullet_in_feedback_and_recap():
    question = dataclasses.replace(make_question("q1"), mistakes=("one", "two"))
    feedback = quiz.AnswerFeedback(question=question, choice=1, correct=False)
    assert fields(quiz_render.feedback_reply(feedback).embeds[0])[1] == (
        "Common mistakes",
        "• one\n• two",
    )
    assert fields(quiz_render.daily_recap_reply(question, 1).embeds[0])[1] == (
        "Common mistakes",
        "• one\n• two",
    )


def test_the_reveal_repeats_the_question_and_clips_a_long_answer():
    option = make_question("q1").options[0]
    long_option = dataclasses.replace(option, text="o" * 2000)
    question = dataclasses.replace(
        make_question("q1"), options=(long_option, *make_question("q1").options[1:])
    )
    reveal = quiz_render.daily_reveal_reply(question, "L", tally([0], 4, 0)).embeds[0]
    assert reveal.description == quiz_render.practice_reply(question, "L").embeds[0].description
    assert len(reveal.fields[0].value) == 1024
    recap = quiz_render.daily_recap_reply(question, 0).embeds[0]
    assert len(recap.fields[0].value) == 1024


async def test_right_feedback_is_green_and_teaches_step_by_step():
    pool = (make_question("q1", correct=2, pinned=True), make_question("q2"))
    engine, *_ = build_engine(lesson_with(*pool))
    feedback = await engine.answer(LEARNER, "demo", "q1", 2)
    embed = quiz_render.feedback_reply(feedback).embeds[0]
    assert (embed.title, embed.colour) == ("✅ Correct", discord.Colour.green())
    assert embed.description == "You chose **C.** q1 option 2."
    assert fields(embed) == [
        ("Step by step", "1. q1 step one\n2. q1 step two"),
        ("Common mistakes", "• q1 mistake"),
        ("Quick check", "q1 quick"),
    ]
    assert all(f.inline is False for f in embed.fields)
    assert embed.footer.text is None  # q2 not answered yet: no note on the order
    covered = await engine.answer(LEARNER, "demo", "q2", 0)
    assert quiz_render.feedback_reply(covered).embeds[0].footer.text == (
        "You have now answered every question of this lesson at least once. "
        "From here on, the ones you missed come back first."
    )


async def test_wrong_feedback_is_red_and_names_the_right_answer():
    engine, *_ = build_engine(lesson_with(make_question("q1", correct=2, pinned=True)))
    feedback = await engine.answer(LEARNER, "demo", "q1", 0)
    embed = quiz_render.feedback_reply(feedback).embeds[0]
    assert (embed.title, embed.colour) == ("❌ Not quite", discord.Colour.red())
    assert embed.description == (
        "You chose **A.** q1 option 0.\nThe right answer is **C.** q1 option 2."
    )


def score_lines(report) -> list[str]:
    """The score card's line per question, in the order the test asked them."""
    lines = []
    for number, item in enumerate(report.items, start=1):
        q = item.question
        if item.correct:
            lines.append(f"{number}. ✅ {q.difficulty.value} · {q.prompt}")
        elif item.choice is None:
            lines.append(f"{number}. ❌ {q.difficulty.value} · {q.prompt} (no answer)")
        else:
            lines.append(f"{number}. ❌ {q.difficulty.value} · {q.prompt} (you B, right A)")
    return lines


async def test_the_score_card_counts_bands_and_reviews_each_miss():
    questions = (
        make_question("e1", pinned=True),
        make_question("m1", "medium", pinned=True),
        make_question("skip", "hard", pinned=True),
    )
    report = await finished_test(questions, right={"e1"})
    assert sorted(item.question.id for item in report.items) == ["e1", "m1", "skip"]
    embed = quiz_render.score_card(report).embeds[0]
    assert embed.title == "Test result · Lesson demo"
    assert embed.description == "\n".join(["**1 / 3** correct (33 %)", "", *score_lines(report)])
    assert embed.colour == discord.Colour.red()
    assert fields(embed) == [
        ("By difficulty", "easy 1/1 · medium 0/1 · hard 0/1"),
        (
            "Unanswered",
            "1 question left unanswered: counted as miss, answers not shown, "
            "so a retake still tests it.",
        ),
    ]
    assert embed.footer.text == "Review explains each miss; /quiz practice brings them back."
    review = quiz_render.review_reply(report).embeds[0]
    number = 1 + [item.question.id for item in report.items].index("m1")
    assert review.title == "Review · Lesson demo"
    assert fields(review) == [  # the unanswered one stays hidden for a retake
        (
            f"Question {number} · medium",
            "Question m1?\nYou: **B.** m1 option 1\nRight: **A.** m1 option 0\nm1 step two",
        )
    ]


async def test_a_passing_score_is_green_and_says_there_is_nothing_to_review():
    questions = tuple(make_question(f"q{i}", pinned=True) for i in range(10))
    report = await finished_test(questions, right={f"q{i}" for i in range(7)})
    assert report.percent == 70
    assert quiz_render.score_card(report).embeds[0].colour == discord.Colour.green()
    below = await finished_test(questions, right={f"q{i}" for i in range(6)})
    assert quiz_render.score_card(below).embeds[0].colour == discord.Colour.red()
    perfect = await finished_test(questions[:2], right={"q0", "q1"})
    embed = quiz_render.score_card(perfect).embeds[0]
    assert embed.description == "\n".join(["**2 / 2** correct (100 %)", "", *score_lines(perfect)])
    assert fields(embed) == [("By difficulty", "easy 2/2")]
    assert embed.footer.text == "No misses: every answer was right."
    review = quiz_render.review_reply(perfect).embeds[0]
    assert (review.fields, review.description) == ([], "No misses: every answer was right.")


def test_a_review_explains_at_most_ten_misses_within_discords_limits():
    long = tuple(
        dataclasses.replace(
            make_question(f"q{i}"),
            prompt="P" * 100,
            code="x = 1\n" * 100,
            explanation=("x" * 1500,),
        )
        for i in range(30)
    )
    items = tuple(ReviewItem(question=q, choice=1) for q in long)
    report = quiz.TestReport("t1", lesson_with(*long), 0, 30, items, by_difficulty=())
    review = quiz_render.review_reply(report).embeds[0]
    assert [f.name for f in review.fields] == [f"Question {n} · easy" for n in range(1, 11)]
    for field in review.fields:
        assert len(field.value) == 560 and field.value.endswith("x…")
        assert field.value.startswith("P" * 100 + "\n```py\nx = 1\n")
        assert field.value.count("```") == 2
    assert len(review) <= 6000
    code_cut = dataclasses.replace(long[0], prompt="P" * 400)
    cut = quiz.TestReport("t1", lesson_with(code_cut), 0, 1, (ReviewItem(code_cut, 1),), ())
    (field,) = quiz_render.review_reply(cut).embeds[0].fields
    assert len(field.value) <= 560
    assert field.value.count("```") % 2 == 0  # a clipped code block is never left open
    assert "\n" not in field.value and field.value.rstrip("…") == "P" * 299  # block dropped
    card = quiz_render.score_card(report).embeds[0]
    assert card.description.count("\n") == 31  # the head, a blank line, one line per question
    assert card.description.split("\n")[2] == "1. ❌ easy · " + "P" * 59 + "… (you B, right A)"
    assert len(card) <= 6000


def test_every_field_of_every_quiz_embed_is_stacked_not_side_by_side():
    question = dataclasses.replace(make_question("q1", correct=1), mistakes=("one", "two"))
    miss = ReviewItem(question=question, choice=0)
    skipped = ReviewItem(question=question, choice=None)
    by_difficulty = (DifficultyScore(question.difficulty, 0, 2),)
    report = quiz.TestReport("t", lesson_with(question), 0, 2, (miss, skipped), by_difficulty)
    perfect = quiz.TestReport("t", lesson_with(question), 1, 1, (), ())
    embeds = [
        quiz_render.score_card(report).embeds[0],
        quiz_render.review_reply(report).embeds[0],
        quiz_render.score_card(perfect).embeds[0],
        quiz_render.daily_post_reply(question, "L", 1, None).embeds[0],
        quiz_render.daily_reveal_reply(question, "L", tally([1], 4, 1)).embeds[0],
        quiz_render.daily_recap_reply(question, 0).embeds[0],
    ]
    assert [len(embed.fields) for embed in embeds] == [2, 1, 0, 1, 3, 2]
    assert all(f.inline is False for embed in embeds for f in embed.fields)


def test_a_missed_question_without_explanation_is_reviewed_without_one():
    question = dataclasses.replace(make_question("q1"), explanation=())
    report = quiz.TestReport(
        "t", lesson_with(question), 0, 1, (ReviewItem(question=question, choice=2),), ()
    )
    assert fields(quiz_render.review_reply(report).embeds[0]) == [
        ("Question 1 · easy", "Question q1?\nYou: **C.** q1 option 2\nRight: **A.** q1 option 0")
    ]


async def test_an_answered_practice_question_keeps_the_question_above_the_feedback():
    question = make_question("q1", correct=1, pinned=True)
    engine, *_ = build_engine(lesson_with(question, make_question("q2")))
    feedback = await engine.answer(LEARNER, "demo", "q1", 0)
    asked, verdict = quiz_render.answered_reply(question, "Lists", feedback).embeds
    practice = quiz_render.practice_reply(question, "Lists").embeds[0]
    assert (asked.title, asked.description) == (practice.title, practice.description)
    assert asked.footer.text == "easy · answered"
    assert verdict.title == "❌ Not quite"


def test_two_unanswered_questions_are_counted_in_the_plural():
    questions = (make_question("q1"), make_question("q2"))
    items = tuple(ReviewItem(question=q, choice=None) for q in questions)
    report = quiz.TestReport("t", lesson_with(*questions), 0, 2, items, ())
    assert fields(quiz_render.score_card(report).embeds[0]) == [
        (
            "Unanswered",
            "2 questions left unanswered: counted as misses, answers not shown, "
            "so a retake still tests them.",
        )
    ]
