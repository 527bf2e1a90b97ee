"""What a learner sees of a test's score and of practice order, through the real engine.

Each test pins a rule a learner would notice if it broke: a miss reported as right, every
test drawing the same questions in the same order, misses coming back in the wrong order.
"""

from __future__ import annotations

from bot.core.content import Difficulty

from .helpers import build_engine, make_lesson, make_question

LEARNER = "local:alice"


def pool(easy: int, medium: int, hard: int):
    spec = (
        [(f"e{i}", "easy") for i in range(easy)]
        + [(f"m{i}", "medium") for i in range(medium)]
        + [(f"h{i}", "hard") for i in range(hard)]
    )
    return make_lesson(questions=tuple(make_question(qid, level) for qid, level in spec))


def wrong(question) -> int:
    return (question.correct_index + 1) % len(question.options)


async def test_score_per_difficulty_counts_right_answers_not_misses():
    engine, *_ = build_engine(pool(3, 3, 3))
    session = await engine.start_test(LEARNER, "demo")
    hard_seen = 0
    for question in session.questions:
        if question.difficulty is Difficulty.EASY:
            choice = question.correct_index  # every easy one right
        elif question.difficulty is Difficulty.MEDIUM:
            choice = wrong(question)  # every medium one wrong
        else:
            hard_seen += 1
            choice = question.correct_index if hard_seen == 1 else wrong(question)
        session = await engine.answer_test(LEARNER, "demo", session.id, question.id, choice)

    report = await engine.finish_test(LEARNER, "demo", session.id)
    by_level = [(s.difficulty, s.correct, s.total) for s in report.by_difficulty]
    assert by_level == [
        (Difficulty.EASY, 3, 3),
        (Difficulty.MEDIUM, 0, 3),
        (Difficulty.HARD, 1, 3),
    ]
    assert (report.score, report.total, report.percent) == (4, 9, 44)


async def test_a_difficulty_missing_from_the_pool_is_not_reported():
    engine, *_ = build_engine(pool(2, 0, 1))
    session = await engine.start_test(LEARNER, "demo")
    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert [(s.difficulty, s.correct, s.total) for s in report.by_difficulty] == [
        (Difficulty.EASY, 0, 2),
        (Difficulty.HARD, 0, 1),
    ]


async def test_only_the_correct_option_counts_and_the_first_answer_stands():
    engine, *_ = build_engine(pool(2, 0, 0))
    session = await engine.start_test(LEARNER, "demo")
    first, second = session.questions
    await engine.answer_test(LEARNER, "demo", session.id, first.id, wrong(first))
    await engine.answer_test(LEARNER, "demo", session.id, first.id, first.correct_index)
    await engine.answer_test(LEARNER, "demo", session.id, second.id, second.correct_index)
    report = await engine.finish_test(LEARNER, "demo", session.id)
    assert report.score == 1
    assert [(i.question.id, i.choice, i.correct) for i in report.items] == [
        (first.id, wrong(first), False),
        (second.id, second.correct_index, True),
    ]
    assert [i.question.id for i in report.misses] == [first.id]


async def test_different_tests_draw_different_questions_and_orders():
    engine, _, _, clock = build_engine(pool(6, 6, 6))
    draws = []
    for _ in range(6):
        session = await engine.start_test(LEARNER, "demo")
        draws.append(tuple(q.id for q in session.questions))
        clock.advance(seconds=1)  # a new session id
    assert len(set(draws)) > 1  # not every test the same questions in the same order
    easy_orders = {tuple(qid for qid in draw if qid.startswith("e")) for draw in draws}
    assert len(easy_orders) > 1  # the order inside a difficulty changes too
    assert all(len(draw) == 10 and len(set(draw)) == 10 for draw in draws)


async def test_a_test_never_asks_more_than_ten_nor_more_than_the_pool():
    engine, *_ = build_engine(pool(9, 9, 9))
    assert (await engine.start_test(LEARNER, "demo")).total == 10
    engine, *_ = build_engine(pool(1, 0, 0))
    session = await engine.start_test(LEARNER, "demo")
    assert [q.id for q in session.questions] == ["e0"]


async def test_the_only_question_of_a_lesson_comes_back_even_right_after_itself():
    engine, *_ = build_engine(make_lesson(questions=(make_question("only"),)))
    await engine.answer(LEARNER, "demo", "only", 0)
    assert (await engine.practice_question(LEARNER, "demo", after="only")).id == "only"


async def test_misses_come_back_longest_waiting_first():
    lesson = make_lesson(questions=tuple(make_question(f"q{i}") for i in range(1, 6)))
    engine, _, _, clock = build_engine(lesson)
    await engine.answer(LEARNER, "demo", "q3", 1)  # missed first
    clock.advance(minutes=1)
    await engine.answer(LEARNER, "demo", "q1", 1)  # missed second
    clock.advance(minutes=1)
    await engine.answer(LEARNER, "demo", "q2", 0)  # right
    clock.advance(minutes=1)
    order = []
    after = None
    for _ in range(4):
        question = await engine.practice_question(LEARNER, "demo", after=after)
        order.append(question.id)
        await engine.answer(LEARNER, "demo", question.id, question.correct_index)
        clock.advance(minutes=1)
        after = question.id
    # The unseen ones in lesson order, then the two misses in the order they were missed.
    assert order == ["q4", "q5", "q3", "q1"]


async def test_first_tests_of_different_learners_ask_different_questions_from_a_big_bank():
    engine, _, _, clock = build_engine(pool(6, 6, 6))
    asked = set()
    for number in range(6):
        session = await engine.start_test(f"local:learner{number}", "demo")
        asked.add(frozenset(q.id for q in session.questions))
        clock.advance(microseconds=1)  # the draw's seed is the lesson and the instant
    assert len(asked) > 1  # not every learner the same ten of the eighteen
