"""Snapshots carry learner values across processes exactly, and refuse anything malformed."""

from __future__ import annotations

import json
import math

import pytest

from bot.core.checks import (
    FunctionValue,
    Opaque,
    SnapshotError,
    decode,
    encode,
    encode_namespace,
    encode_variable,
    is_cut,
)


def case_ids(cases: list) -> list[str]:
    """Short plain ids (number and type): `repr` ids hold a lone surrogate and a
    5,000-digit number, which mutmut 3.8 cannot hand back to pytest."""
    return [f"{number}-{type(case).__name__}" for number, case in enumerate(cases)]


ROUND_TRIPS = [
    None,
    True,
    False,
    0,
    -12,
    2**100,
    3.5,
    -0.0,
    "",
    "Data Preparation",
    "emoji ✓ and a lone surrogate \ud800",
    b"\x00\xffbytes",
    [],
    ["Data Preparation", "Model Training"],
    (1, "a", None),
    {1, 2, 3},
    frozenset({"x"}),
    {"k": [1, (2, 3)], 4: {"nested": {5}}},
    [[[[1]]]],
]


@pytest.mark.parametrize("value", ROUND_TRIPS, ids=case_ids(ROUND_TRIPS))
def test_round_trip_through_json_keeps_value_and_exact_type(value):
    node = json.loads(json.dumps(encode(value)))
    back = decode(node)
    assert back == value
    assert type(back) is type(value)


def test_special_floats_round_trip():
    assert math.isnan(decode(encode(float("nan"))))
    assert decode(encode(float("inf"))) == float("inf")


def test_bool_is_not_confused_with_int():
    assert decode(encode([True, 1])) == [True, 1]
    assert [type(x) for x in decode(encode([True, 1]))] == [bool, int]


def test_subclasses_become_opaque_without_trusting_their_methods():
    class Sneaky(list):
        def __iter__(self):
            raise AssertionError("the encoder must not iterate a learner subclass")

        def __len__(self):
            raise AssertionError("nor call its __len__")

    value = decode(encode(Sneaky([1, 2])))
    assert type(value) is Opaque
    assert value.type == "Sneaky"


def test_opaque_repr_that_raises_or_lies_is_contained():
    class Hostile:
        def __repr__(self):
            raise SystemExit("bye")

    class Liar:
        def __repr__(self):
            return 42  # not a string

    assert decode(encode(Hostile())) == Opaque("Hostile", "<Hostile object>")
    assert decode(encode(Liar())) == Opaque("Liar", "<Liar object>")


def test_functions_are_described_by_name_and_parameters():
    def greet(name, punctuation="!"):
        return name + punctuation

    assert decode(encode(greet)) == FunctionValue("greet", ("name", "punctuation"))


def test_recursive_and_deep_structures_are_cut_not_crashed():
    loop: list = []
    loop.append(loop)
    node = encode(loop, depth=5)
    assert is_cut(node)
    deep = decode(node)
    for _ in range(5):
        deep = deep[0]
    assert type(deep) is Opaque


def test_big_containers_and_strings_are_cut_with_their_real_length():
    node = encode(list(range(10_000)), budget=100)
    assert node["cut"] is True and node["len"] == 10_000
    assert len(decode(node)) < 100
    long = encode("x" * 100_000)
    assert long["cut"] is True and long["len"] == 100_000


def test_variable_carries_what_print_would_show():
    class Shown:
        def __str__(self):
            return "custom text"

    assert encode_variable(["a", 1])["str"] == "['a', 1]"
    assert encode_variable(Shown())["str"] == "custom text"


def test_namespace_skips_modules_dunders_and_builtins():
    namespace = {
        "__name__": "__main__",
        "__builtins__": __builtins__,
        "math": math,
        "sqrt": math.sqrt,
        "steps": ["a"],
        "_private": 1,
    }
    assert set(encode_namespace(namespace)) == {"steps", "_private"}


MALFORMED = [
    "not a node",
    {"t": "unknown"},
    {"t": "int", "v": 3},
    {"t": "int", "v": "12abc"},
    {"t": "int", "v": "--5"},
    {"t": "int", "v": "²"},
    {"t": "int", "v": "9" * 5000},
    {"t": "float", "v": "pi"},
    {"t": "bool", "v": 1},
    {"t": "bytes", "v": "zz"},
    {"t": "list", "items": "abc"},
    {"t": "dict", "items": [[{"t": "none"}]]},
    {"t": "set", "items": [{"t": "list", "items": []}]},
    {"t": "dict", "items": [[{"t": "list", "items": []}, {"t": "none"}]]},
    {"t": "function", "name": "f", "params": [1]},
    {"t": "other", "type": 5, "repr": "x"},
]


@pytest.mark.parametrize("node", MALFORMED, ids=case_ids(MALFORMED))
def test_malformed_snapshots_raise_snapshot_error(node):
    with pytest.raises(SnapshotError):
        decode(node)


def test_nesting_beyond_the_limit_is_refused():
    node: dict = {"t": "none"}
    for _ in range(200):
        node = {"t": "list", "items": [node]}
    with pytest.raises(SnapshotError):
        decode(node)


def test_namespace_snapshot_stays_small_whatever_the_learner_holds():
    namespace = {f"v{i}": ["é" * 8_000] * 50 for i in range(300)}
    values = encode_namespace(namespace)
    size = len(json.dumps(values))
    assert size < 4 * 1024 * 1024
    assert len(values) <= 200
    first = decode(values["v0"])
    assert first[0] == "é" * 8_000  # the first variable is complete where it fits


def test_one_huge_variable_does_not_starve_the_next():
    values = encode_namespace({"big": list(range(100_000)), "small": [1, 2, 3]})
    assert decode(values["small"]) == [1, 2, 3]
    assert is_cut(values["big"])


def test_a_member_that_resizes_its_container_while_shown_is_harmless():
    box: dict = {}

    class Grower:
        def __repr__(self):
            box[len(box) + 100] = 0
            return "grower"

    box["g"] = Grower()
    node = encode(box)
    assert decode(node)["g"] == Opaque("Grower", "grower")


def through_the_wire(value):
    node = json.loads(json.dumps(encode(value)))
    return node, decode(node)


def test_an_int_too_big_to_carry_arrives_as_its_size_and_one_bit_less_arrives_whole():
    node, back = through_the_wire(2**4096)  # 4,097 bits
    assert back == Opaque("int", "<int with 4097 bits>")
    assert not is_cut(node)  # described, not shortened
    assert through_the_wire(2**4095)[1] == 2**4095  # 4,096 bits: the limit itself


def test_a_long_string_or_bytes_arrives_shortened_with_its_real_length():
    node, back = through_the_wire("x" * 8197)
    assert back == "x" * 8192
    assert (is_cut(node), node["len"]) == (True, 8197)
    node, back = through_the_wire(b"\x01" * 8192)
    assert back == b"\x01" * 4096  # its hex form counts twice against the text budget
    assert (is_cut(node), node["len"]) == (True, 8192)


def test_a_cut_anywhere_inside_a_mapping_marks_the_whole_value_cut():
    assert is_cut(encode({"k": "x" * 8193}))
    assert is_cut(encode({"x" * 8193: 1}))
    assert not is_cut(encode({"k": "x"}))
    assert is_cut(encode([1, ["x" * 8193]]))


def test_a_malformed_snapshot_says_what_was_wrong():
    cases = {
        "expected a node object, got str": "not a node",
        "'int' node: 'v' should be a str": {"t": "int", "v": 3},
        "int node: not a decimal number": {"t": "int", "v": "12abc"},
        "dict node: items should be [key, value] pairs": {"t": "dict", "items": [[{"t": "none"}]]},
        "float node: not a number": {"t": "float", "v": "pi"},
        "bytes node: not hex": {"t": "bytes", "v": "zz"},
        "function node: params should be strings": {"t": "function", "name": "f", "params": [1]},
        "unknown node tag 'unknown'": {"t": "unknown"},
        "set node: unhashable member": {"t": "set", "items": [{"t": "list", "items": []}]},
    }
    for message, node in cases.items():
        with pytest.raises(SnapshotError) as caught:
            decode(node)
        assert str(caught.value) == message

    deep = {"t": "none"}
    for _ in range(20):
        deep = {"t": "list", "items": [deep]}
    with pytest.raises(SnapshotError) as caught:
        decode(deep)
    assert str(caught.value) == "snapshot nested too deeply"


def test_a_value_past_the_node_budget_arrives_as_an_ellipsis_of_its_type():
    _, back = through_the_wire({"a": 1})
    assert back == {"a": 1}
    small = json.loads(json.dumps(encode({"a": 1}, budget=2)))  # the dict and its key
    assert decode(small) == {"a": Opaque("int", "…")}
    assert is_cut(small)
    assert decode(encode([1, [2, 3]], budget=3)) == [1, []]


def test_a_function_is_described_with_every_parameter_it_names():
    def fit(rows, rate=0.1, *, seed):
        return rows

    assert decode(encode(fit)) == FunctionValue("fit", ("rows", "rate", "seed"))


def test_an_opaque_repr_is_kept_to_two_hundred_characters():
    class Exactly:
        def __repr__(self):
            return "s" * 200

    class Longer:
        def __repr__(self):
            return "r" * 201

    assert repr(decode(encode(Exactly()))) == "s" * 200
    assert repr(decode(encode(Longer()))) == "r" * 199 + "…"


def test_short_bytes_are_not_cut_and_only_dunder_names_are_left_out():
    assert not is_cut(encode(b"ab"))
    namespace = {"__x": 1, "x__": 2, "__doc__": "module text", "y": 4}
    assert sorted(encode_namespace(namespace)) == ["__x", "x__", "y"]


def test_each_namespace_variable_carries_what_print_would_show():
    snapshot = encode_namespace({"steps": ["a", "b"], "n": 3})
    assert (snapshot["steps"]["str"], snapshot["n"]["str"]) == ("['a', 'b']", "3")
