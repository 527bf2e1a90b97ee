"""How an `equals` check compares a learner's value with the expected one, and the sentence
a beginner reads when they differ: special floats, `tolerance` (only for decimals, inclusive,
also when matching list items), True/False, where a long string is shown from, and sets."""

from __future__ import annotations

from bot.core.checks import Check, CheckContext, decode, encode, evaluate
from bot.core.checks.compare import difference


def equals(name: str, value, learner, tolerance=None) -> tuple[bool, str]:
    """An `equals` check as a lesson loads it, over the learner's value as the checker
    decodes it from the snapshot."""
    params = {"name": name, "value": value}
    if tolerance is not None:
        params["tolerance"] = tolerance
    ctx = CheckContext(values={name: decode(encode(learner))})
    result = evaluate(Check("equals", params), ctx)
    return result.passed, result.message


# --------------------------------------------------------------------------- numbers


def test_nan_expected_and_nan_computed_is_right():
    nan = float("nan")
    assert equals("loss", nan, nan) == (True, "loss has the expected value")
    assert equals("loss", nan, 0.5) == (False, "loss: expected nan, found 0.5")


def test_infinity_matches_infinity_without_a_tolerance():
    inf = float("inf")
    assert equals("best", inf, inf) == (True, "best has the expected value")


def test_without_tolerance_decimals_must_be_exactly_equal():
    assert equals("x", 0.3, 0.1 + 0.2) == (False, "x: expected 0.3, found 0.30000000000000004")
    assert equals("x", 0.5, 0.9) == (False, "x: expected 0.5, found 0.9")


def test_a_tolerance_forgives_small_float_errors():
    assert equals("x", 0.3, 0.1 + 0.2, tolerance=1e-9) == (True, "x has the expected value")


def test_a_whole_number_answer_is_within_tolerance_of_a_decimal_expected_value():
    assert equals("x", 2.05, 2, tolerance=0.1) == (True, "x has the expected value")


def test_tolerance_is_never_applied_between_two_whole_numbers():
    assert equals("epochs", 10, 11, tolerance=1) == (False, "epochs: expected 10, found 11")


def test_a_difference_of_exactly_the_tolerance_is_accepted():
    assert equals("x", 0.5, 0.75, tolerance=0.25) == (True, "x has the expected value")


def test_true_and_false_are_named_when_they_differ():
    assert equals("done", True, False) == (False, "done: expected True, found False")
    assert equals("done", False, False) == (True, "done has the expected value")


# --------------------------------------------------------------------------- lists


def test_a_missing_item_is_found_with_the_tolerance():
    # 1.001 stands for 1.0 within the tolerance, so 2.0 is the one that is missing
    assert equals("xs", [1.0, 2.0], [1.001], tolerance=0.01) == (
        False,
        "xs should have 2 items; yours has 1: 2.0 is missing",
    )


def test_an_extra_item_is_found_with_the_tolerance():
    assert equals("xs", [1.0], [1.001, 5.0], tolerance=0.01) == (
        False,
        "xs should have 1 item; yours has 2: 5.0 should not be there",
    )


# --------------------------------------------------------------------------- strings


def test_a_string_that_only_adds_characters_shows_both_strings():
    assert equals("s", "abc", "abcd") == (False, "s: expected 'abc', found 'abcd'")


def test_a_long_string_that_only_adds_characters_is_shown_from_where_it_goes_on():
    text = "a" * 70
    assert equals("s", text, text + "b") == (
        False,
        "s: from character 71 on, expected …aaaaaaaaaa', found …aaaaaaaaaab'",
    )


def test_a_string_of_58_characters_is_shown_whole():
    text = "x" * 40 + "e" + "y" * 17
    shown = equals("s", text, text.replace("e", "E"))[1]
    assert (
        shown
        == f"s: expected {text!r}, found {text.replace('e', 'E')!r} (check upper and lower case)"
    )


def test_a_string_of_61_characters_differing_late_is_shown_from_the_difference():
    text = "x" * 40 + "e" + "y" * 20
    assert equals("s", text, text.replace("e", "E")) == (
        False,
        "s: from character 41 on, expected …xxxxxxxxxxeyyyyyyyyyyyyyyyyyyyy', "
        "found …xxxxxxxxxxEyyyyyyyyyyyyyyyyyyyy' (check upper and lower case)",
    )


def test_a_long_string_differing_at_character_31_is_shown_from_the_difference():
    text = "x" * 30 + "e" + "y" * 69
    message = equals("s", text, text.replace("e", "E"))[1]
    assert message.startswith("s: from character 31 on, expected …xxxxxxxxxxeyyy")


def test_a_long_string_differing_in_its_first_30_characters_is_shown_from_its_start():
    text = "x" * 25 + "e" + "y" * 74
    message = equals("s", text, text.replace("e", "E"))[1]
    assert message.startswith("s: expected 'xxxxxxxxxxxxxxxxxxxxxxxxxeyyy")
    assert message.endswith("… (check upper and lower case)")


# --------------------------------------------------------------------------- sets
# A lesson's YAML cannot write a set, so these go through `difference` itself.


def test_equal_sets_have_no_difference():
    assert difference("tags", frozenset({"a"}), frozenset({"a"})) == ""
    assert difference("tags", {"a", "b"}, {"b", "a"}) == ""


def test_a_missing_set_member_is_named():
    assert difference("tags", {"a", "c", "b"}, {"a"}) == "tags: missing 'b'"
    assert difference("tags", {"a", "b"}, {"a"}) == "tags: missing 'b'"


def test_an_unexpected_set_member_is_named():
    assert difference("tags", {"a"}, {"a", "d", "c"}) == "tags: unexpected 'c'"
    assert difference("tags", frozenset({"a"}), frozenset({"a", "b"})) == "tags: unexpected 'b'"


def test_a_whole_number_too_large_to_carry_is_named_not_contradicted():
    passed, message = equals("total", 120, 2**5000)
    assert (passed, message) == (
        False,
        "total: expected 120, found a whole number (int) too large to compare",
    )


def test_a_list_nested_past_the_snapshot_depth_is_named_not_contradicted():
    deep = [[[[[[[[[[[[[[1]]]]]]]]]]]]]]
    passed, message = equals("grid", deep, deep)
    assert passed is False
    assert "too large to compare" in message
    assert "expected a list, got a list" not in message


def test_one_expected_item_is_counted_in_the_singular():
    ctx = CheckContext(values={"xs": [1]}, sizes={"xs": 9000})
    result = evaluate(Check("equals", {"name": "xs", "value": [1]}), ctx)
    assert (result.passed, result.message) == (False, "xs should have 1 item; yours has 9000")
