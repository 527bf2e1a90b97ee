"""`stepwise content check` reports per lesson: steps, questions per difficulty, packages
and the run time of its reference solutions, in text and in --json."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bot.core.content import load_catalog

from .runner import CONTENT, LESSON, stepwise


def test_json_reports_steps_questions_by_difficulty_packages_and_run_times(tmp_path: Path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    seed = (CONTENT / "lessons" / f"{LESSON}.yaml").read_text()
    with_numpy = seed.replace(f"id: {LESSON}\n", "id: with-numpy\n", 1)
    with_numpy = with_numpy.replace("packages: []\n", "packages: [numpy]\n", 1)
    with_numpy = with_numpy.replace("position: 1\n", "position: 2\n", 1)
    (folder / f"{LESSON}.yaml").write_text(seed)
    (folder / "with-numpy.yaml").write_text(with_numpy)

    done = stepwise(tmp_path, "content", "check", "--json", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    report = {entry["lesson"]: entry for entry in json.loads(done.stdout)["lessons"]}
    lesson = load_catalog(folder).get(LESSON)
    expected = Counter(question.difficulty.value for question in lesson.questions)
    for lesson_id, packages in ((LESSON, []), ("with-numpy", ["numpy"])):
        entry = report[lesson_id]
        assert entry["steps"] == 4 and entry["questions"] == len(lesson.questions)
        assert entry["questions_by_difficulty"] == {
            "easy": expected["easy"],
            "medium": expected["medium"],
            "hard": expected["hard"],
        }
        assert entry["packages"] == packages
        assert entry["track"] == "mlops"
        assert len(entry["reference_ms"]) == 4 and all(ms > 0 for ms in entry["reference_ms"])
        assert entry["reference_ms_total"] == round(sum(entry["reference_ms"]), 1)


def test_text_report_has_the_same_columns(tmp_path: Path):
    done = stepwise(tmp_path, "content", "check", str(CONTENT))
    assert done.returncode == 0, done.stdout + done.stderr
    header = next(line for line in done.stdout.splitlines() if line.startswith("LESSON"))
    for column in ("STEPS", "QUESTIONS E/M/H", "PACKAGES", "REFERENCE RUN"):
        assert column in header
    lesson = load_catalog(CONTENT).get(LESSON)
    counts = Counter(question.difficulty.value for question in lesson.questions)
    row = next(line for line in done.stdout.splitlines() if line.startswith(LESSON))
    assert f"{counts['easy']}/{counts['medium']}/{counts['hard']}" in row
    assert "ms (slowest step" in row
