"""Code that does not parse is placed at its own line in the file, whatever YAML style
holds it: a block scalar's text starts on the line after its `|` or `>`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import ContentError, load_lesson_file

HERE = Path(__file__).parent
SNIPPET = "      code: |\n        x = 3\n        print(x + 1)\n"


@pytest.mark.parametrize("style", ["|", ">"])
def test_a_block_snippet_that_does_not_parse_is_placed_after_its_indicator(
    tmp_path: Path, style: str
):
    text = (HERE / "valid_modes.yaml").read_text()
    assert text.count(SNIPPET) == 1
    text = text.replace(SNIPPET, f"      code: {style}\n        x = (\n")
    file = tmp_path / "lesson.yaml"
    file.write_text(text)
    indicator = text[: text.index(f"code: {style}")].count("\n") + 1
    with pytest.raises(ContentError) as raised:
        load_lesson_file(file)
    (problem,) = [p for p in raised.value.problems if p.path.endswith("› code")]
    assert problem.message.startswith("`code` does not parse:")
    assert problem.line == indicator + 1  # the snippet's first line, not the `code:` line
