"""Question sessions in the terminal: `stepwise practice` and `stepwise test`.

Practice explains every answer; a test stays silent until the end, then scores and reviews.
Answers are letters (A–E) or numbers; `:quit` or end of input stops either session.
"""

from __future__ import annotations

from bot.cli import render_text as render
from bot.cli.console import Console, parse_choice
from bot.core.content import Question
from bot.core.lessons import TutorEngine
from bot.core.quiz import TestReport

QUIT = (":quit", ":q", ":exit", "q", "quit", "exit")  # no option is lettered Q


async def _ask(console: Console, question: Question, allow_hint: bool) -> int | None:
    """The learner's option index, or None when they quit or input ended."""
    letters = "ABCDE"[: len(question.options)]
    while True:
        line = await console.read_line(f"Your answer ({letters[0]}–{letters[-1]}): ")
        if line is None or line.strip().lower() in QUIT:
            return None
        text = line.strip()
        if not text:
            continue
        if text.lower() == ":hint" and allow_hint:
            console.say(f"Hint: {question.hint or 'no hint for this one.'}")
            continue
        choice = parse_choice(text, len(question.options))
        if choice is not None:
            return choice
        extra = ", :hint" if allow_hint else ""
        console.say(f"Answer with a letter {letters[0]}–{letters[-1]} (or :quit{extra}).")


async def practice_session(
    console: Console,
    engine: TutorEngine,
    learner: str,
    lesson_id: str,
    difficulty: str | None,
    count: int | None,
) -> int:
    lesson = engine.lesson(lesson_id)
    pool = [q for q in lesson.questions if difficulty is None or q.difficulty == difficulty]
    total = count or len(pool)
    console.say(f"Practice: {lesson.title} — {total} questions. Type :hint for a hint.")
    right = asked = 0
    previous = None
    covered = await engine.practice_covered(learner, lesson.id, difficulty)
    for number in range(1, total + 1):
        question = await engine.practice_question(learner, lesson.id, difficulty, previous)
        previous = question.id
        console.say(render.question_text(question, number, total))
        choice = await _ask(console, question, allow_hint=True)
        if choice is None:
            break
        feedback = await engine.answer(learner, lesson.id, question.id, choice, "practice")
        console.say(render.feedback_text(feedback))
        asked += 1
        right += feedback.correct
        if not covered and await engine.practice_covered(learner, lesson.id, difficulty):
            covered = True
            console.say(
                f"\nYou have now answered all {len(pool)} questions of this pool at least once. "
                "From here on, the ones you missed come back first."
            )
    console.say(f"\nPractice done: {right} / {asked} correct.")
    return 0


async def test_session(console: Console, engine: TutorEngine, learner: str, lesson_id: str) -> int:
    await run_test(console, engine, learner, lesson_id)
    return 0


async def run_test(
    console: Console,
    engine: TutorEngine,
    learner: str,
    lesson_id: str,
    resume: str | None = None,
    keep_open: bool = False,
) -> TestReport | None:
    """Ask the test's questions (of test `resume` where it stopped, or of a new test), then
    show the score and the review; the report for more. With `keep_open`, leaving keeps the
    test open to resume (None) instead of scoring the unanswered questions as misses."""
    if resume is not None:
        session = await engine.test_session(learner, lesson_id, resume)
        console.say(
            f"Test: {session.lesson.title} — resuming your test: {session.answered} of "
            f"{session.total} answered. Your score and a review come at the end."
        )
    else:
        session = await engine.start_test(learner, lesson_id)
        console.say(
            f"Test: {session.lesson.title} — {session.total} questions across easy, medium "
            "and hard. Your score and a review come at the end."
        )
    while (question := session.next_question) is not None:
        console.say(render.question_text(question, session.next_number, session.total))
        choice = await _ask(console, question, allow_hint=False)
        if choice is None and keep_open:
            return None
        if choice is None:
            console.say("\nTest stopped: unanswered questions count as misses.")
            break
        session = await engine.answer_test(learner, lesson_id, session.id, question.id, choice)
    report = await engine.finish_test(learner, lesson_id, session.id)
    console.say(render.report_text(report))
    return report
