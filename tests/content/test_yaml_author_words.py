"""Issue 20, problem 8: YAML mistakes in an author's words, with line, column and a caret."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.content import ContentError, load_catalog

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "id: x\ntitle: Step 1: setup\n",
            2,
            "column 14: a ':' inside a value: put the value in quotes, "
            'e.g. title: "Step 1: setup"',
        ),
        ("id: x\n\ttitle: y\n", 2, "column 1: a tab character: indent with spaces, not tabs"),
        (
            "id: x\nhints:\n  - one\n - two\n",
            4,
            "column 2: this list item is not in line with the others: "
            "align the '-' with the items above",
        ),
        ("id: x\ntitle: 'open\n", 2, "column 8: a quote is opened but never closed"),
    ],
)
def test_yaml_mistakes_are_named_in_an_authors_words(tmp_path, text, line, expected):
    file = tmp_path / "lesson.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(file)
    (problem,) = caught.value.problems
    assert problem.line == line
    assert problem.message.startswith(expected), problem.message
    assert "(YAML said: " in problem.message  # the parser's words stay for the curious


def test_content_check_shows_the_offending_line_under_a_caret(tmp_path):
    file = tmp_path / "lesson.yaml"
    file.write_text("id: x\ntitle: x: y\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", str(file)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    head = next(i for i, text in enumerate(lines) if text.startswith(f"{file}:2: column 9: "))
    assert lines[head + 1 : head + 3] == ["    title: x: y", "            ^"]
