"""What `read_yaml` gives an author back for values it cannot take, and what it keeps."""

from __future__ import annotations

from typing import Any

from bot.core.content.yaml_source import MAX_NODES, read_yaml


def _read(text: str) -> tuple[Any, list[tuple[int | None, tuple[str | int, ...], str]]]:
    problems: list[tuple[int | None, tuple[str | int, ...], str]] = []
    document = read_yaml(text, lambda line, path, message: problems.append((line, path, message)))
    return (document.data if document else None), problems


def test_a_tagged_list_is_named_on_its_line_and_field():
    assert _read("id: x\nitems: !custom [1]\n") == (
        {"id": "x", "items": None},
        [(2, ("items",), "unsupported YAML tag '!custom'")],
    )


def test_a_value_its_tag_refuses_is_named_with_the_reason():
    assert _read("id: x\nminutes: !!int abc\n") == (
        {"id": "x", "minutes": None},
        [(2, ("minutes",), "invalid value 'abc': invalid literal for int() with base 10: 'abc'")],
    )


def test_the_fields_after_a_bad_field_name_are_still_read():
    assert _read("? [a]\n: 1\nid: x\ntitle: T\n") == (
        {"id": "x", "title": "T"},
        [(1, (), "field names must be plain words, not '...'")],
    )


def test_a_document_below_the_value_limit_loads_whole():
    count = MAX_NODES * 3 // 4
    data, problems = _read("values: [" + ", ".join(["1"] * count) + "]\n")
    assert problems == []
    assert len(data["values"]) == count
