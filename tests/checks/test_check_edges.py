"""The edges of each check kind: where a verdict or the message a beginner reads would change.

Contexts are built the way the checker builds them (values through encoded snapshots,
`sizes` for values the snapshot cut), and every test asserts a check's result: passed or
not, and the sentence the learner gets.
"""

from __future__ import annotations

from checker_context import context

from bot.core.checks import (
    Check,
    CheckContext,
    evaluate,
    evaluate_all,
    mentions_word,
)


def verdict(check: Check, ctx: CheckContext) -> tuple[bool, str]:
    result = evaluate(check, ctx)
    assert result.kind == check.kind
    return result.passed, result.message


def equals(name: str, value) -> Check:
    return Check("equals", {"name": name, "value": value})


def output(*lines, mode: str = "exact") -> Check:
    return Check("output", {"lines": list(lines), "mode": mode})


# --------------------------------------------------------------------------- quoting values


def test_a_quoted_output_line_is_cut_at_sixty_characters_and_blank_lines_are_named():
    sixty, sixty_one = "x" * 60, "y" * 61
    assert verdict(output(sixty), context(stdout="z\n")) == (
        False,
        f"line 1 of your output should be {sixty} but is z",
    )
    assert verdict(output(sixty_one), context(stdout="z\n")) == (
        False,
        f"line 1 of your output should be {'y' * 59}… but is z",
    )
    assert verdict(output("a", "b"), context(stdout="a\n\n")) == (
        False,
        "your output has 1 line; expected 2",
    )
    assert verdict(output("a", "b"), context(stdout="a\n \nc\n")) == (
        False,
        "your output has 3 lines; expected 2; line 2 of your output should be b "
        "but is (an empty line)",
    )


# --------------------------------------------------------------------------- type, mentions


def test_a_passing_type_check_names_the_type():
    assert verdict(Check("type", {"name": "xs", "type": "list"}), context(xs=[1])) == (
        True,
        "xs is a list",
    )


def test_mentions_needs_a_string_and_an_empty_word_matches_nothing():
    check = Check("mentions", {"name": "why", "words": ["teams"]})
    assert verdict(check, context(why=3)) == (
        False,
        "why: expected a string, got a whole number (int)",
    )
    assert mentions_word("anything at all", "") is False
    assert mentions_word("anything at all", "   ") is False
    assert verdict(Check("mentions", {"name": "why", "words": [""]}), context(why="x")) == (
        False,
        "why should mention one of: ",
    )


# --------------------------------------------------------------------------- equals


def test_a_list_the_snapshot_cut_is_judged_by_its_real_length():
    ctx = context(xs=list(range(6000)))
    assert ctx.sizes == {"xs": 6000}  # too big to carry whole
    assert verdict(equals("xs", [1, 2, 3]), ctx) == (
        False,
        "xs should have 3 items; yours has 6000",
    )
    # A value of another kind still gets the type sentence, not a count.
    assert verdict(equals("xs", "abc"), ctx) == (False, "xs: expected a string, got a list")


# --------------------------------------------------------------------------- output


class Model:
    def __str__(self) -> str:
        return "Model(3 layers)"

    def __repr__(self) -> str:
        return "<Model object>"


def test_output_lines_from_a_variable_use_what_print_shows():
    ctx = context(stdout="Model(3 layers)\n", model=Model())
    assert verdict(output({"name": "model"}), ctx) == (True, "your output is right")
    multiline = context(stdout="a\nb\n", text="a\nb")
    assert verdict(output({"name": "text"}), multiline) == (True, "your output is right")


def test_indentation_at_the_start_of_a_line_matters_and_trailing_spaces_do_not():
    assert verdict(output("  indented   "), context(stdout="  indented\n"))[0] is True
    assert verdict(output("  indented"), context(stdout="indented\n")) == (
        False,
        "line 1 of your output should be   indented but is indented",
    )


def test_contains_accepts_adjacent_lines_and_names_the_line_out_of_order():
    ctx = context(stdout="x\na\nb\ny\n")
    assert verdict(output("a", "b", mode="contains"), ctx) == (
        True,
        "your output includes the expected lines",
    )
    assert verdict(output("b", "a", mode="contains"), ctx) == (
        False,
        "your output has the line a, but it should come after b",
    )
    assert verdict(output("a", "a", mode="contains"), ctx) == (
        False,
        "your output has the line a, but it should come after a",
    )


# --------------------------------------------------------------------------- uses, expr


def test_uses_finds_print_after_other_calls_and_the_named_function_after_others():
    print_call = Check("uses", {"construct": "print_call"})
    assert verdict(print_call, context(source="n = len('ab')\nprint(n)")) == (
        True,
        "uses print call",
    )
    named = Check("uses", {"construct": "function_def", "name": "main"})
    two = "def helper():\n    return 1\n\ndef main():\n    return helper()\n"
    assert verdict(named, context(source=two)) == (True, "uses function def")


def test_uses_on_code_that_does_not_parse_gives_the_advice():
    check = Check("uses", {"construct": "for_loop"})
    assert verdict(check, context(source="for x in\n")) == (False, "use a for loop")


# --------------------------------------------------------------------------- entry points


def test_an_unknown_or_misconfigured_check_fails_and_says_why():
    assert verdict(Check("smell", {}), context()) == (False, "unknown check kind 'smell'")
    assert verdict(Check("defined", {}), context()) == (
        False,
        "this check is misconfigured (KeyError: 'name')",
    )
    authored = Check("defined", {}, message="Define total first.")
    assert verdict(authored, context()) == (False, "Define total first.")


def test_a_repeated_failure_keeps_its_kind_and_points_at_the_first():
    checks = [Check("defined", {"name": "total"}), Check("type", {"name": "total", "type": "int"})]
    first, second = evaluate_all(checks, context())
    assert (first.kind, first.passed) == ("defined", False)
    assert (second.kind, second.passed, second.message) == (
        "type",
        False,
        "fix the problem above first",
    )


def test_a_value_without_its_printed_form_is_compared_as_str_of_the_value():
    ctx = CheckContext(values={"n": 5}, shown={}, stdout="5\n")
    assert verdict(output({"name": "n"}), ctx) == (True, "your output is right")


def test_a_quoted_value_is_cut_at_sixty_characters():
    fits = "a" * 58  # its repr, with quotes, is exactly 60 characters
    assert verdict(equals("s", fits), context(s="b")) == (
        False,
        f"s: expected {fits!r}, found 'b'",
    )
    long = "a" * 59
    assert verdict(equals("s", long), context(s="b")) == (
        False,
        f"s: expected {long!r}"[:-2] + "…, found 'b'",
    )
    assert verdict(equals("s", "b"), context(s=long)) == (
        False,
        f"s: expected 'b', found {long!r}"[:-2] + "…",
    )


def test_spaces_around_a_string_are_pointed_out():
    assert verdict(equals("name", "Ada"), context(name=" Ada ")) == (
        False,
        "name: expected 'Ada', found ' Ada ' (check the spaces at the start and end)",
    )


def test_true_is_not_accepted_for_one_inside_a_list():
    assert verdict(equals("xs", [1, 2]), context(xs=[True, 2])) == (
        False,
        "xs[0]: expected a whole number (int), got True or False (bool)",
    )
    assert verdict(equals("xs", [1, 2]), context(xs=[1.0, 2])) == (
        True,
        "xs has the expected value",
    )


def test_dicts_name_an_extra_key_and_pass_when_equal_all_the_way_down():
    expected = {"a": {"b": [1, 2]}, "c": "d"}
    assert verdict(equals("d", expected), context(d={"a": {"b": [1, 2]}, "c": "d"})) == (
        True,
        "d has the expected value",
    )
    assert verdict(equals("d", {"a": 1}), context(d={"a": 1, "z": 2})) == (
        False,
        "d: unexpected key 'z'",
    )
    assert verdict(equals("d", {"a": {"b": [1, 2]}}), context(d={"a": {"b": [1, 3]}})) == (
        False,
        "d['a']['b'][1]: expected 2, found 3",
    )


def test_expr_says_what_held_and_what_did_not():
    check = Check("expr", {"expr": "total > 3"})
    assert verdict(check, context(total=4)) == (True, "")  # a passing expr shows no sentence
    assert verdict(check, context(total=2)) == (False, "the check 'total > 3' did not hold")
    assert verdict(check, context()) == (
        False,
        "total is not defined — create it with total = ...",
    )
