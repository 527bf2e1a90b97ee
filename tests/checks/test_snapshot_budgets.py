"""How a snapshot shares its node and character budgets between values and variables.

A learner's namespace can hold anything; what reaches the checker must stay small, and one
big value must not starve the ones after it. These tests pin the shares exactly, since a
check on a later variable depends on it arriving whole.
"""

from __future__ import annotations

from bot.core.checks import decode, encode, encode_namespace, encode_variable, is_cut


def items_of(node: dict) -> list:
    return [decode(item) for item in node["items"]]


# --------------------------------------------------------------------------- characters


def test_a_string_past_the_character_budget_arrives_empty_with_its_real_length():
    node = encode("abc", chars=0)
    assert node == {"t": "str", "v": "", "cut": True, "len": 3}


def test_the_character_budget_given_to_encode_is_the_one_used():
    assert encode("abcdef", chars=3) == {"t": "str", "v": "abc", "cut": True, "len": 6}


def test_short_strings_that_exactly_fill_the_budget_all_arrive_whole():
    node = encode(["ab", "cd"], chars=4)
    assert not is_cut(node)
    assert decode(node) == ["ab", "cd"]


def test_bytes_cost_two_characters_each_so_a_string_after_them_still_fits():
    node = encode([b"0123456789", "abcde"], chars=25)
    assert not is_cut(node)
    assert decode(node) == [b"0123456789", "abcde"]


def test_the_namespace_character_budget_given_is_the_one_used():
    values = encode_namespace({"word": "abcdefghij"}, chars=4)
    assert values["word"]["v"] == "abcd"
    assert values["word"]["cut"] is True


def test_what_print_shows_of_a_variable_past_the_character_budget_is_an_ellipsis():
    values = encode_namespace({"first": "x" * 10, "second": "hello"}, chars=10)
    assert values["first"]["v"] == "x" * 10
    assert values["first"]["str"] == "…"
    assert values["second"]["str"] == "…"
    assert values["second"]["v"] == ""


def test_several_short_variables_within_the_budget_all_arrive_whole():
    values = encode_namespace({"a": "abc", "b": "defgh", "c": "ij"}, chars=100)
    assert {name: node["v"] for name, node in values.items()} == {
        "a": "abc",
        "b": "defgh",
        "c": "ij",
    }
    assert {name: node["str"] for name, node in values.items()} == {
        "a": "abc",
        "b": "defgh",
        "c": "ij",
    }
    assert not any(is_cut(node) for node in values.values())


def test_a_repr_that_returns_a_str_subclass_is_not_trusted():
    class Sneaky(str):
        pass

    class Shifty:
        def __repr__(self):
            return Sneaky("[1, 2, 3]")

    node = encode(Shifty())
    assert node == {"t": "other", "type": "Shifty", "repr": "<Shifty object>"}


# --------------------------------------------------------------------------- depth


def test_a_tuple_used_as_a_key_arrives_whole():
    assert decode(encode({(1, 2): "a", ("x",): (3,)})) == {(1, 2): "a", ("x",): (3,)}


def test_a_dicts_keys_and_values_are_cut_at_the_depth_of_list_items():
    shallow = encode({(1,): [2]}, depth=1)
    ((key, value),) = shallow["items"]
    assert key == {"t": "other", "type": "tuple", "repr": "…"}
    assert value == {"t": "other", "type": "list", "repr": "…"}
    assert is_cut(shallow)

    deep_enough = encode({(1,): [2]}, depth=2)
    assert not is_cut(deep_enough)
    assert decode(deep_enough) == {(1,): [2]}


def test_is_cut_of_something_that_is_not_a_node_is_false():
    assert is_cut(None) is False
    assert is_cut([{"cut": True}]) is False
    assert is_cut({"t": "list", "items": [{"t": "int", "v": "1"}]}) is False


# --------------------------------------------------------------------------- nodes


def test_each_variable_may_use_a_quarter_of_the_nodes_left():
    values = encode_namespace({"big": list(range(1000)), "after": list(range(1000))}, budget=1001)
    # 1,001 nodes: `big` gets 250 (its list and 249 numbers); `after` a quarter of the 751 left.
    assert items_of(values["big"]) == list(range(249))
    assert values["big"]["len"] == 1000
    assert items_of(values["after"]) == list(range(186))


def test_a_variable_may_use_at_least_a_hundred_nodes():
    values = encode_namespace({"big": list(range(500))}, budget=150)
    assert items_of(values["big"]) == list(range(99))
    assert values["big"]["cut"] is True


def test_the_last_node_left_still_carries_a_variable():
    values = encode_namespace({"first": [1, 2, 3], "last": 7}, budget=5)
    assert decode(values["first"]) == [1, 2, 3]
    assert decode(values["last"]) == 7


def test_variables_after_the_node_budget_ran_out_are_left_out():
    values = encode_namespace({"first": list(range(10)), "then": 1}, budget=5)
    assert list(values) == ["first"]
    assert is_cut(values["first"])


def test_two_hundred_variables_of_a_hundred_nodes_fill_the_namespace_and_no_more():
    namespace = {f"v{index:03}": list(range(99)) for index in range(199)}
    namespace["v199"] = list(range(100))  # one node more than the 20,000
    values = encode_namespace(namespace)
    assert not any(is_cut(values[f"v{index:03}"]) for index in range(199))
    assert values["v199"]["cut"] is True
    assert items_of(values["v199"]) == list(range(99))


def test_big_variables_share_the_default_twenty_thousand_nodes_a_quarter_at_a_time():
    values = encode_namespace({f"big{index}": list(range(10_000)) for index in range(8)})
    left, expected = 20_000, []
    for _ in range(8):
        share = left // 4
        expected.append(share - 1)  # the list's own node, then its numbers
        left -= share
    assert [len(node["items"]) for node in values.values()] == expected


def test_a_variable_shows_what_print_would_even_when_short():
    assert encode_variable("hi")["str"] == "hi"
