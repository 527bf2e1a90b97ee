"""A learner takes the MLOps lesson in a server, from /lesson start to /progress."""

from __future__ import annotations

from .actions import LESSON, next_step, open_code_box, prefill, start_lesson, submit_code
from .fake_payloads import EPHEMERAL

WRONG_DEFINITION = 'definition = "MLOps is a way to do things"'
SYNTAX_ERROR = 'definition = "MLOps manages ML models"\nif definition\n    print(definition)\n'


async def test_whole_lesson_with_mistakes_hints_and_progress(fake, runner, services):
    ana = fake.member
    learner = f"discord:{ana.id}"
    lesson = services.catalog.get(LESSON)

    step = await start_lesson(fake)
    assert step.ephemeral, "personal replies in a server are ephemeral"
    text = step.text()
    assert "Scenario" in text and "Goal" in text and "Progress 0 / 4 solved" in text
    assert step.labels() == ["Submit code", "Hint"], "no solution before the threshold"
    # Submit code carries the lesson state it was shown for ("<step>.<run>"), as does its box.
    assert step.custom_id("Submit code").startswith(f"stepwise:v1:submit:{LESSON}:{ana.id}:1.")

    # The code box opens prefilled with the step's starter code.
    box = await open_code_box(fake, step)
    assert prefill(box) == lesson.step(1).starter
    assert box.modal["custom_id"] == step.custom_id("Submit code").replace(":submit:", ":code:")

    # Wrong code: the failing check's own message, and a pointer to the hint.
    verdict = await submit_code(fake, step, WRONG_DEFINITION)
    assert "Not yet" in verdict.text()
    assert "mention machine learning" in verdict.text()
    assert "Hint" in verdict.text() and "ran in" in verdict.text()
    assert "Show solution" not in verdict.labels()

    hint = await (await fake.click_button(verdict, verdict.custom_id("Hint"))).reply()
    assert "Hint 1 of 3" in hint.text() and lesson.step(1).hints[0] in hint.text()

    # The box now holds the last attempt.
    again = await open_code_box(fake, verdict)
    assert prefill(again) == WRONG_DEFINITION

    # A syntax error points at the learner's own line.
    verdict = await submit_code(fake, verdict, SYNTAX_ERROR)
    assert "SyntaxError" in verdict.text() and "line 2" in verdict.text()

    # Untouched starter code is named and costs no attempt (issue 20).
    unchanged = await submit_code(fake, verdict, lesson.step(1).starter)
    assert "You have not changed the starter code of step 1 yet" in unchanged.text()

    # Third failure unlocks the solution.
    verdict = await submit_code(fake, verdict, 'definition = "   "')
    assert "Show solution" in verdict.labels()
    shown = await (await fake.click_button(verdict, verdict.custom_id("Show solution"))).reply()
    assert lesson.step(1).solution.strip() in shown.text()

    # Right code: passed, Next step turns the message into step 2.
    verdict = await submit_code(fake, verdict, lesson.step(1).solution)
    assert "Step 1 passed" in verdict.text() and "Progress\n1 / 4 solved" in verdict.text()
    assert verdict.labels() == ["Next step"]
    await next_step(fake, verdict)
    # edits: "thinking…" → verdict → step 2, all one message
    assert "Step 2: List MLOps Steps" in verdict.text() and verdict.edits == 2

    for number in (2, 3, 4):
        verdict = await submit_code(fake, verdict, lesson.step(number).solution)
        assert f"Step {number} passed" in verdict.text()
        if number < 4:
            await next_step(fake, verdict)
    assert "complete" in verdict.text()
    assert verdict.labels() == ["Share 🎉", "Next lesson: The ML Lifecycle"]

    progress = await (await fake.slash("progress")).reply()
    assert "What is MLOps" in progress.text() and "complete" in progress.text()

    stored = await services.store.get_progress(learner, LESSON)
    assert stored is not None and stored.completed
    attempts = await services.store.attempts(learner, LESSON)
    assert [a.passed for a in attempts] == [False, False, False, True, True, True, True]
    assert attempts[1].status == "syntax_error"


async def test_start_autocomplete_unknown_lesson_and_help(fake, runner):
    choices = await fake.autocomplete("lesson start", {"lesson": "mlo"}, focused="lesson")
    assert {"name": "What is MLOps (what-is-mlops)", "value": LESSON} in choices
    by_title = await fake.autocomplete("lesson start", {"lesson": "what is"}, focused="lesson")
    assert [c["value"] for c in by_title] == [LESSON]

    unknown = await (await fake.slash("lesson start", {"lesson": "nope"})).reply()
    assert unknown.ephemeral and "There is no lesson called 'nope'" in unknown.content

    nothing = await (await fake.slash("lesson hint")).reply()
    assert "no lesson in progress" in nothing.content

    help_reply = await (await fake.slash("help")).reply()
    assert "/lesson start" in help_reply.text() and help_reply.flags & EPHEMERAL

    catalogue = await (await fake.slash("lessons")).reply()
    assert "What is MLOps" in catalogue.text() and "4 steps" in catalogue.text()


async def test_submit_command_opens_prefilled_box_for_the_current_step(fake, runner, services):
    await start_lesson(fake)
    handle = await fake.slash("submit")
    assert (await handle.response())["type"] == 9, "a modal must be the first response"
    assert prefill(handle) == services.catalog.get(LESSON).step(1).starter
    verdict = await fake.submit_modal(handle, 'definition = "MLOps runs ML models well"')
    assert "Step 1 passed" in (await verdict.reply()).text()


async def test_solution_lock_give_up_and_reset(fake, runner, services):
    learner = f"discord:{fake.member.id}"
    lesson = services.catalog.get(LESSON)
    step = await start_lesson(fake)
    await submit_code(fake, step, lesson.step(1).solution)

    locked = await (await fake.slash("lesson solution")).reply()
    assert "unlocks after 3 more failed attempts" in locked.content and locked.ephemeral

    shown = await (await fake.slash("lesson solution", {"give_up": True})).reply()
    assert lesson.step(2).solution.strip() in shown.text()
    progress = await services.store.get_progress(learner, LESSON)
    assert progress is not None and progress.steps[1].gave_up and progress.current_step == 2

    reset = await (await fake.slash("lesson reset")).reply()
    assert "back at step 1" in reset.content and "Step 1: Define MLOps" in reset.text()
    progress = await services.store.get_progress(learner, LESSON)
    assert progress is not None and progress.current_step == 1 and progress.steps_solved == 0
    box = await fake.slash("submit")
    assert (await box.response())["type"] == 9
