"""The terminal study session driven through piped stdin, with the real executor and store."""

from __future__ import annotations

from .runner import LESSON, STEP_CODE, block, lessons_json, stepwise


def test_piped_session_solves_the_whole_seed_lesson(tmp_path):
    script = (
        ":hint\n"
        + block('definition = "   "')  # a real mistake first
        + block(STEP_CODE[1])
        + block("mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment']")
        + block(STEP_CODE[2])
        + block(STEP_CODE[3])
        + block(STEP_CODE[4])
    )
    done = stepwise(tmp_path, "study", LESSON, stdin=script)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "Scenario:" in out and "Goal:" in out
    assert "Step 1 of 4: Define MLOps" in out and "Step 4 of 4: Display MLOps Summary" in out
    assert "Hint 1 of" in out
    assert "✗ definition only contains spaces" in out
    assert "mlops_steps should have 4 items; yours has 3: 'Monitoring' is missing" in out
    assert "['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']" in out
    assert out.count("✓ Passed") == 4
    assert "Lesson complete: What is MLOps. Progress 4 / 4 solved." in out
    assert ">>> " not in out and "... " not in out  # no prompts when input is piped
    assert "Traceback" not in done.stderr

    stored = lessons_json(tmp_path)[LESSON]
    assert stored["completed"] and (stored["steps_solved"], stored["steps_total"]) == (4, 4)

    again = stepwise(tmp_path, "study", LESSON, stdin="")
    assert again.returncode == 0 and "Lesson complete" in again.stdout


def test_quitting_midway_resumes_at_the_next_step(tmp_path):
    first = stepwise(
        tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]) + block(STEP_CODE[2]) + ":quit\n"
    )
    assert first.returncode == 0, first.stderr
    assert "Progress saved" in first.stdout
    assert lessons_json(tmp_path)[LESSON]["steps_solved"] == 2

    second = stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[3]) + block(STEP_CODE[4]))
    assert second.returncode == 0, second.stderr
    assert "resuming at step 3" in second.stdout
    assert "Scenario:" not in second.stdout  # the intro is for the first visit
    assert "Step 1 of 4" not in second.stdout
    assert "Lesson complete" in second.stdout
    # Step 4 printed the variables steps 1-3 defined in earlier sessions.
    assert "MLOps helps teams work together" in second.stdout


def test_end_of_input_saves_and_exits_cleanly(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]))
    assert done.returncode == 0, done.stderr
    assert "Progress saved" in done.stdout and done.stderr == ""
    assert lessons_json(tmp_path)[LESSON]["steps_solved"] == 1


def test_solution_stays_locked_until_give_up_and_skip_moves_on(tmp_path):
    script = ":solution\n:giveup\n:skip\n:quit\n"
    done = stepwise(tmp_path, "study", LESSON, stdin=script)
    assert done.returncode == 0, done.stderr
    assert "The solution unlocks after 3 more failed attempts" in done.stdout
    assert "Reference solution for step 1 (recorded as given up)" in done.stdout
    assert "Step 2 of 4" in done.stdout
    row = lessons_json(tmp_path)[LESSON]
    assert (row["steps_solved"], row["steps_skipped"], row["steps_done"]) == (0, 1, 1)


def test_skipped_steps_are_shown_as_skipped_and_the_lesson_stays_open(tmp_path):
    """Issue 20, problem 2: solve step 1 and skip three is not a completed lesson."""
    done = stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]) + ":skip\n" * 3)
    assert done.returncode == 0, done.stderr
    assert "Lesson complete" not in done.stdout
    assert "End of the lesson: What is MLOps. Progress 1 / 4 solved · 3 skipped." in done.stdout
    row = lessons_json(tmp_path)[LESSON]
    assert not row["completed"] and (row["steps_solved"], row["steps_skipped"]) == (1, 3)
    table = stepwise(tmp_path, "lessons").stdout
    assert "1 / 4 solved · 3 skipped" in table and "in progress" in table

    back = stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[2]) + ":solution\n")
    assert "step 2 was skipped; solve it to complete the lesson" in back.stdout
    assert "Step 3 of 4: Explain Why MLOps is Important    [Progress 2 / 4 solved · 2 skipped]" in (
        back.stdout
    )


def test_code_with_a_syntax_error_points_at_the_learners_line(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=block("x = 1\nif x > 0\n    print(x)"))
    assert done.returncode == 0, done.stderr
    error = next(line for line in done.stdout.splitlines() if line.startswith("Error"))
    assert "line 2" in error and "':'" in error


def test_unknown_lesson_exits_2_listing_the_known_ids(tmp_path):
    done = stepwise(tmp_path, "study", "no-such-lesson")
    assert done.returncode == 2
    assert "no-such-lesson" in done.stderr and LESSON in done.stderr
    assert done.stdout == ""


def test_bad_settings_exit_2_naming_the_variable(tmp_path):
    done = stepwise(tmp_path, "lessons", env={"STEPWISE_EXEC_TIMEOUT": "soon"})
    assert done.returncode == 2
    assert "STEPWISE_EXEC_TIMEOUT" in done.stderr and "Traceback" not in done.stderr


def test_lessons_lists_progress_for_the_local_learner(tmp_path):
    stepwise(tmp_path, "study", LESSON, stdin=block(STEP_CODE[1]))
    done = stepwise(tmp_path, "lessons")
    assert done.returncode == 0
    row = next(line for line in done.stdout.splitlines() if line.startswith(LESSON))
    assert "1 / 4" in row and "in progress" in row
    other = stepwise(tmp_path, "lessons", env={"STEPWISE_USER": "someone-else"})
    row = next(line for line in other.stdout.splitlines() if line.startswith(LESSON))
    assert "0 / 4" in row and "new" in row
