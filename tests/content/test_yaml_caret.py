"""The whole message an author reads for a YAML mistake: the line number, the column, the
advice, the parser's own words, then the offending line (tabs shown as →) under a caret.

`stepwise content check` prints these as they are; the subprocess test beside this file
samples one, these pin each form in-process."""

from __future__ import annotations

import pytest

from bot.core.content import ContentError, load_catalog

INDENTED = (
    "this line is indented differently from the fields around it: line it up with the field above"
)
ALIGN = "this list item is not in line with the others: align the '-' with the items above"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "id: x\ntitle: Step 1: setup\n",
            2,
            "column 14: a ':' inside a value: put the value in quotes, e.g. "
            'title: "Step 1: setup" (YAML said: mapping values are not allowed in this context)\n'
            "    title: Step 1: setup\n"
            "                 ^",
        ),
        (
            "id: x\ntitle:\t@x\n",
            2,
            "column 8: a value cannot start with '@': put it in quotes (YAML said: while "
            "scanning for the next token, found character that cannot start any token)\n"
            "    title:→@x\n"
            "           ^",
        ),
        (
            "id: x\nhints:\n  a: 1\n b: 2\n",
            4,
            f"column 2: {INDENTED} (YAML said: while parsing a block mapping started on "
            "line 1, did not find expected key)\n"
            "     b: 2\n"
            "     ^",
        ),
        (
            "id: x\n- a\n",
            2,
            f"column 1: {ALIGN} (YAML said: while parsing a block mapping started on line 1, "
            "did not find expected key)\n"
            "    - a\n"
            "    ^",
        ),
        (
            "id: x\ntitle: 'open\n",
            2,
            "column 8: a quote is opened but never closed (YAML said: while scanning a quoted "
            "scalar started on line 2, found unexpected end of stream)\n"
            "    title: 'open\n"
            "           ^",
        ),
        (
            "id: [x\n",
            2,
            "column 1: YAML syntax error: while parsing a flow sequence started on line 1, "
            "did not find expected ',' or ']'\n"
            "    id: [x\n"
            "    ^",
        ),
        (
            "id: x\ntitle: y\n\t",
            3,
            "column 1: a tab character: indent with spaces, not tabs (YAML said: while "
            "scanning a plain scalar started on line 2, found a tab character that violates "
            "indentation)\n"
            "    →\n"
            "    ^",
        ),
    ],
)
def test_a_yaml_mistake_shows_line_column_advice_and_a_caret(tmp_path, text, line, message):
    file = tmp_path / "lesson.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalog(file)
    (problem,) = caught.value.problems
    assert (problem.line, problem.message) == (line, message)
