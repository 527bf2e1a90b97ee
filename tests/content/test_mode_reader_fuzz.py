"""Whatever an author writes under `modes:`, the loader answers with a lesson or with located
problems: never a traceback, never a problem without its file, line and field."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.content import ContentError, load_lesson_file
from bot.core.content.mode_reader import printed_text, same_output

VALID = Path(__file__).parent / "valid_modes.yaml"
LESSON = yaml.safe_load(VALID.read_text())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["___", "x = ___", "assignment", "lists", "4", "", "   "]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "text", "correct", "step", "x"]), children, max_size=4
        ),
    ),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """Every place under `value` a value can be swapped in."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*path, index))
    return found


PLACES = [
    *_paths(LESSON["modes"], ("modes",)),
    ("questions", 0, "topic"),
    ("questions", 1, "topic"),
]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(PLACES), values), min_size=1, max_size=3))
def test_any_value_anywhere_in_modes_loads_or_is_located(tmp_path: Path, swaps) -> None:
    lesson = copy.deepcopy(LESSON)
    for path, value in swaps:
        try:
            _set(lesson, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier swap replaced the parent
    file = tmp_path / "fuzzed.yaml"
    file.write_text(yaml.safe_dump(lesson, sort_keys=False, allow_unicode=True))
    lines = len(file.read_text().splitlines())
    try:
        load_lesson_file(file)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file == str(file)
            assert problem.line is not None and 1 <= problem.line <= lines, str(problem)
            assert problem.path.startswith(("modes", "question")), str(problem)
            assert problem.message


trailing = st.text(alphabet=" \t", max_size=3)


@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Zl", "Zp", "Cc"])),
        min_size=1,
        max_size=5,
    ),
    trailing,
)
def test_printed_text_ignores_only_trailing_whitespace(lines: list[str], tail: str) -> None:
    text = "\n".join(lines)
    padded = "\n".join(line + tail for line in lines) + "\n"
    assert same_output(padded, text)
    assert printed_text(printed_text(text)) == printed_text(text)
    stripped = printed_text(text)
    assert not stripped.endswith((" ", "\t", "\n"))
    if stripped and not stripped[0].isspace():
        assert not same_output(" " + stripped, stripped)
