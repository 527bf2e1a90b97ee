"""Texts that would not fit where Discord shows them are rejected when content loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.content import ContentError, load_catalog, load_lesson_file

TINY = (Path(__file__).parent / "valid_tiny.yaml").read_text()
CONTENT = Path(__file__).resolve().parents[2] / "content"


def _lesson(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TINY
    path = tmp_path / "lesson.yaml"
    path.write_text(TINY.replace(old, new, 1))
    return path


def _quoted(length: int) -> str:
    return "'" + "a" * length + "'"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "title: Tiny lesson",
            f"title: {_quoted(257)}",
            ":2 title: too long for Discord: 257 characters, limit 256 (embed title)",
        ),
        (
            "hints: [Use =.]",
            f"hints: [Use =., {_quoted(1025)}]",
            ":12 step 1 › hint 2: too long for Discord: 1,025 characters, limit 1,024 "
            "(embed field)",
        ),
        (
            "instructions: Put 3 in a variable called x.",
            f"instructions: {_quoted(4097)}",
            ":11 step 1 › instructions: too long for Discord: 4,097 characters, limit 4,096 "
            "(embed description)",
        ),
        (
            "explanation: [The = sign assigns.]",
            f"explanation: [{_quoted(1025)}]",
            ":23 question 1 › explanation item 1: too long for Discord: 1,025 characters",
        ),
        (
            "explanation: [The = sign assigns.]",
            f"explanation: [The = sign assigns.]\n    mistakes: [{_quoted(600)}, {_quoted(600)}]",
            ":24 question 1 › mistakes: too long for Discord: 1,206 characters, limit 1,024 "
            "(embed field: all mistakes together)",
        ),
        (
            "explanation: [The = sign assigns.]",
            "explanation: [" + ", ".join([_quoted(1000)] * 7) + "]",
            ":17 question 1: too long for Discord: 7,",
        ),
        (
            "solution: x = 3",
            "solution: " + _quoted(4001),
            ":15 step 1 › solution: too long for Discord: 4,001 characters",
        ),
    ],
    ids=["title", "hint", "instructions", "explanation", "mistakes", "message", "solution"],
)
def test_text_that_cannot_fit_discord_is_rejected(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = _lesson(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    assert f"{path}{expected}" in str(caught.value)


def test_text_at_the_limit_is_accepted(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "title: Tiny lesson", f"title: {_quoted(256)}")
    assert len(load_lesson_file(path).title) == 256


def test_values_yaml_reads_as_non_text_ask_for_quotes(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "{text: Compares x with 3}", "{text: yes}")
    with pytest.raises(ContentError, match=r"expected text, got true \(true/false\) \(put it"):
        load_lesson_file(path)


def test_checks_travel_to_the_checker_as_json() -> None:
    """The executor sends `Check.to_dict()` to its checker process; YAML must not leak in."""
    for lesson in load_catalog(CONTENT):
        for step in lesson.steps:
            for check in step.checks:
                assert json.loads(json.dumps(check.to_dict())) == check.to_dict()


def test_equals_value_must_be_plain_data(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "value: 3}", "value: 2024-01-01}")
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    assert f"{path}:14 step 1 › check 1 › value: must be plain data" in str(caught.value)


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    return [str(problem).removeprefix(str(path)) for problem in caught.value.problems]


def _too_long(length: int, limit: int, where: str) -> str:
    return f"too long for Discord: {length:,} characters, limit {limit:,} ({where})"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "scenario: You are learning Python.",
            f"scenario: {_quoted(4097)}",
            f":5 scenario: {_too_long(4097, 4096, 'embed description')}",
        ),
        (
            "goal: Store a number.",
            f"goal: {_quoted(1025)}",
            f":6 goal: {_too_long(1025, 1024, 'embed field')}",
        ),
        (
            "objectives: [Assign a variable]",
            f"objectives: [{_quoted(600)}, {_quoted(600)}]",
            f":7 objectives: {_too_long(1201, 1024, 'embed field')}",
        ),
        ("track: python", f"track: {_quoted(51)}", f":3 track: {_too_long(51, 50, 'track')}"),
        (
            "track: python",
            f"track: python\ntags: [{_quoted(51)}]",
            f":4 tag 1: {_too_long(51, 50, 'tag')}",
        ),
        (
            "career: Every job uses variables.",
            f"career: {_quoted(1025)}",
            f":8 why › career: {_too_long(1025, 1024, 'embed field')}",
        ),
        (
            "  - title: Store a number",
            f"  - title: {_quoted(225)}",
            f":10 step 1 › title: {_too_long(225, 224, 'step title')}",
        ),
        (
            "solution: x = 3",
            f"solution: x = 3\n    starter: {_quoted(4001)}",
            f":16 step 1 › starter: {_too_long(4001, 4000, 'code box')}",
        ),
        (
            "prompt: What does x = 3 do?",
            f"prompt: {_quoted(4097)}",
            f":18 question 1 › prompt: {_too_long(4097, 4096, 'embed description')}",
        ),
        (
            "explanation: [The = sign assigns.]",
            f"explanation: [The = sign assigns.]\n    hint: {_quoted(1025)}",
            f":24 question 1 › hint: {_too_long(1025, 1024, 'embed field')}",
        ),
        (
            "explanation: [The = sign assigns.]",
            f"explanation: [The = sign assigns.]\n    quick_check: {_quoted(1025)}",
            f":24 question 1 › quick_check: {_too_long(1025, 1024, 'embed field')}",
        ),
        (
            "explanation: [The = sign assigns.]",
            f"explanation: [The = sign assigns.]\n    mistakes: [{_quoted(1025)}]",
            f":24 question 1 › mistake 1: {_too_long(1025, 1024, 'embed field')}",
        ),
    ],
    ids=[
        "scenario",
        "goal",
        "objectives",
        "track",
        "tag",
        "career",
        "step-title",
        "starter",
        "prompt",
        "hint",
        "quick-check",
        "mistake",
    ],
)
def test_each_field_names_its_limit_and_where_it_is_shown(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert expected in _problems(_lesson(tmp_path, old, new))
