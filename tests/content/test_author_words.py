"""How the loader names a place and a value to an author: fields counted from 1 the way
`stepwise check --step` counts, values by what they look like in YAML."""

from __future__ import annotations

import datetime

from bot.core.content.fields import describe, suggest
from bot.core.content.yaml_source import format_path


def test_a_path_counts_items_from_one_under_the_singular_of_their_list():
    assert format_path(("steps", 1, "checks", 0, "name")) == "step 2 › check 1 › name"
    assert format_path(("questions", 0, "options", 3)) == "question 1 › option 4"
    assert format_path(("data", 2)) == "data item 3"  # not a plural: "item"
    assert format_path(("s", 0)) == "s item 1"  # a one-letter name is not a plural
    assert format_path((0,)) == "item 1"
    assert format_path(()) == ""


def test_a_value_is_described_by_what_it_looks_like_in_yaml():
    assert describe(None) == "nothing"
    assert describe(True) == "true (true/false)"
    assert describe(2.5) == "a number (2.5)"
    assert describe("x") == "text"
    assert describe([]) == "a list"
    assert describe({}) == "a mapping"
    assert describe(datetime.date(2025, 1, 1)) == "date"


def test_a_suggestion_names_the_single_closest_choice_or_nothing():
    assert suggest("retruns", ["args", "returns", "return"]) == "; did you mean 'returns'?"
    assert suggest("zzz", ["args", "returns"]) == ""
