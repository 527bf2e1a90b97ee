"""Tracks in the terminal: `stepwise lessons` groups by track, a finished lesson offers the next."""

from __future__ import annotations

import json
from pathlib import Path

from .runner import CONTENT, LESSON, STEP_CODE, block, stepwise

SECOND = "mlops-second"


def two_lesson_track(tmp: Path) -> dict[str, str]:
    """The seed lesson (position 1) and a copy of it at position 2 that requires it."""
    folder = tmp / "content" / "lessons"
    folder.mkdir(parents=True)
    seed = (CONTENT / "lessons" / f"{LESSON}.yaml").read_text()
    (folder / f"{LESSON}.yaml").write_text(seed)
    second = seed.replace(f"id: {LESSON}\n", f"id: {SECOND}\n", 1)
    second = second.replace("title: What is MLOps\n", "title: MLOps, second pass\n", 1)
    second = second.replace("position: 1\n", f"position: 2\nprerequisites: [{LESSON}]\n", 1)
    (folder / "a-second.yaml").write_text(second)  # file order is not track order
    return {"STEPWISE_CONTENT": str(tmp / "content")}


def whole_seed_lesson() -> str:
    return "".join(block(STEP_CODE[number]) for number in (1, 2, 3, 4))


def test_lessons_are_grouped_by_track_in_position_order(tmp_path: Path) -> None:
    env = two_lesson_track(tmp_path)
    listed = stepwise(tmp_path, "lessons", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (track,) = json.loads(listed.stdout)["tracks"]
    assert track["track"] == "mlops" and [row["id"] for row in track["lessons"]] == [
        LESSON,
        SECOND,
    ]
    assert (track["lessons_completed"], track["lessons_total"], track["next"]) == (0, 2, LESSON)
    assert track["lessons"][1]["prerequisites"] == [LESSON]
    assert track["lessons"][1]["position"] == 2


def test_finishing_a_lesson_offers_the_next_and_yes_starts_it(tmp_path: Path) -> None:
    env = two_lesson_track(tmp_path)
    script = whole_seed_lesson() + "y\n" + block(STEP_CODE[1])
    done = stepwise(tmp_path, "study", LESSON, stdin=script, env=env)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Next in this track: MLOps, second pass (`stepwise study {SECOND}`)." in out
    after = out.split("Next in this track:", 1)[1]
    assert "Step 1 of 4" in after and "✓ Passed" in after  # the second lesson, step 1 passed

    text = stepwise(tmp_path, "lessons", env=env).stdout
    assert "Track mlops: 1 of 2 lessons complete · next: MLOps, second pass (mlops-second)" in text
    row = next(line for line in text.splitlines() if line.startswith(SECOND))
    assert "1 / 4" in row and "in progress" in row and row.rstrip().endswith(LESSON)


def test_declining_the_offer_ends_the_session_with_progress_saved(tmp_path: Path) -> None:
    env = two_lesson_track(tmp_path)
    done = stepwise(tmp_path, "study", LESSON, stdin=whole_seed_lesson() + "n\n", env=env)
    assert done.returncode == 0
    assert (
        "Next in this track" in done.stdout
        and "Step 1 of 4" not in done.stdout.split("Next in this track", 1)[1]
    )
    listed = json.loads(stepwise(tmp_path, "lessons", "--json", env=env).stdout)
    assert listed["tracks"][0]["next"] == SECOND


def test_the_last_lesson_of_a_track_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "lessons"  # the seed lesson alone: a track of one
    folder.mkdir(parents=True)
    seed = (CONTENT / "lessons" / f"{LESSON}.yaml").read_text()
    (folder / f"{LESSON}.yaml").write_text(seed)
    env = {"STEPWISE_CONTENT": str(tmp_path / "content")}
    done = stepwise(tmp_path, "study", LESSON, stdin=whole_seed_lesson(), env=env)
    assert done.returncode == 0
    assert "That was the last lesson of this track." in done.stdout


def test_the_shipped_track_leads_from_the_seed_to_the_lifecycle(tmp_path: Path) -> None:
    done = stepwise(tmp_path, "study", LESSON, stdin=whole_seed_lesson() + "n\n")
    assert done.returncode == 0
    assert "Next in this track: The ML Lifecycle (`stepwise study ml-lifecycle`)" in done.stdout


def test_reopening_a_finished_lesson_offers_the_next_one_too(tmp_path: Path) -> None:
    env = two_lesson_track(tmp_path)
    stepwise(tmp_path, "study", LESSON, stdin=whole_seed_lesson() + "n\n", env=env)
    again = stepwise(tmp_path, "study", LESSON, stdin="y\n" + block(STEP_CODE[1]), env=env)
    assert again.returncode == 0, again.stderr
    assert "Lesson complete" in again.stdout and "Next in this track" in again.stdout
    started = again.stdout.split("Next in this track", 1)[1]
    assert "MLOps, second pass  (mlops, ~15 min)" in started and "Step 1 of 4" in started
    assert "✓ Passed" in started
