"""`content/schema.json` (for editors) says the same as the loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.core.checks import CHECK_KINDS, MESSAGE_REQUIRED
from bot.core.content import (
    ContentError,
    case_reader,
    lesson_files,
    limits,
    load_lesson_file,
    mode_reader,
)
from bot.core.content import lesson_reader as content_lesson

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "content" / "schema.json").read_text())
MALFORMED = Path(__file__).parent / "malformed"

# Problems only the loader can see: YAML-level, cross-item, whole-message sizes, parsing code.
LOADER_ONLY = {
    "syntax_error",
    "duplicate_field",
    "duplicate_question_id",
    "question_too_long",
    "expr_does_not_parse",
    "solution_does_not_parse",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


def _object(schema: dict[str, Any]) -> tuple[set[str], set[str]]:
    return set(schema["properties"]), set(schema.get("required", ()))


def _table(table: dict[str, bool]) -> tuple[set[str], set[str]]:
    return set(table), {name for name, required in table.items() if required}


def test_every_shipped_lesson_is_valid_under_the_schema(validator) -> None:
    files = lesson_files(REPO / "content")
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path


def test_lesson_files_point_editors_at_the_schema() -> None:
    for path in lesson_files(REPO / "content"):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path


def test_field_names_and_required_fields_match_the_loader() -> None:
    defs = SCHEMA["$defs"]
    assert _object(SCHEMA) == _table(content_lesson.LESSON_FIELDS)
    assert _object(SCHEMA["properties"]["why"]) == _table(content_lesson.WHY_FIELDS)
    assert _object(defs["step"]) == _table(content_lesson.STEP_FIELDS)
    assert _object(defs["question"]) == _table(content_lesson.QUESTION_FIELDS)
    assert _object(defs["option"]) == _table(content_lesson.OPTION_FIELDS)
    difficulty = defs["question"]["properties"]["difficulty"]["enum"]
    assert tuple(difficulty) == content_lesson.DIFFICULTIES


def test_mode_field_names_and_required_fields_match_the_loader() -> None:
    defs = SCHEMA["$defs"]
    concept, fill = defs["concept"]["properties"], defs["fill"]["properties"]
    decision = defs["case_study"]["properties"]["decisions"]["items"]
    sheet = defs["cheatsheet"]["properties"]
    pairs = [
        (defs["modes"], mode_reader.MODES_FIELDS),
        (defs["concept"], mode_reader.CONCEPT_FIELDS),
        (concept["check"], mode_reader.QUICK_CHECK_FIELDS),
        (defs["flashcard"], mode_reader.FLASHCARD_FIELDS),
        (defs["predict"], mode_reader.PREDICT_FIELDS),
        (defs["fix"], mode_reader.FIX_FIELDS),
        (defs["fill"], mode_reader.FILL_FIELDS),
        (fill["example"]["items"], mode_reader.EXAMPLE_LINE_FIELDS),
        (defs["case_study"], case_reader.CASE_FIELDS),
        (decision, case_reader.DECISION_FIELDS),
        (defs["case_option"], case_reader.CASE_OPTION_FIELDS),
        (defs["cheatsheet"], case_reader.CHEATSHEET_FIELDS),
        (sheet["terms"]["items"], case_reader.TERM_FIELDS),
        (sheet["patterns"]["items"], case_reader.PATTERN_FIELDS),
    ]
    for schema, table in pairs:
        assert _object(schema) == _table(table), table
        assert schema["additionalProperties"] is False
    counts = [
        (concept["check"]["properties"]["options"], mode_reader.QUICK_CHECK_OPTIONS),
        (defs["predict"]["properties"]["options"], mode_reader.PREDICT_OPTIONS),
        (decision["properties"]["options"], case_reader.DECISION_OPTIONS),
        (defs["case_study"]["properties"]["decisions"], case_reader.DECISIONS),
        (fill["answers"], mode_reader.BLANKS),
    ]
    for schema, (low, high) in counts:
        assert (schema["minItems"], schema["maxItems"]) == (low, high)
    assert fill["example"]["maxItems"] == mode_reader.EXAMPLE_LINES
    assert sheet["terms"]["minItems"] == case_reader.MIN_TERMS
    assert sheet["patterns"]["minItems"] == case_reader.MIN_PATTERNS
    assert sheet["mistakes"]["minItems"] == case_reader.MIN_MISTAKES
    assert defs["predict"]["properties"]["code"]["maxLength"] == case_reader.CODE_FIELD


def test_check_kinds_and_their_fields_match_the_vocabulary() -> None:
    check = SCHEMA["$defs"]["check"]
    assert check["properties"]["kind"]["enum"] == list(CHECK_KINDS)
    rules = {rule["if"]["properties"]["kind"]["const"]: rule["then"] for rule in check["allOf"]}
    assert set(rules) == set(CHECK_KINDS)
    for name, kind in CHECK_KINDS.items():
        then = rules[name]
        required = {"kind"} | {f.name for f in kind.fields if f.required}
        if name in MESSAGE_REQUIRED:
            required.add("message")
        assert set(then["properties"]) == {"kind", "message", "passed"} | {
            f.name for f in kind.fields
        }
        assert set(then["required"]) == required, name
        assert then["additionalProperties"] is False
        for field in kind.fields:
            if field.kind == "choice":
                assert then["properties"][field.name]["enum"] == list(field.choices), name


@pytest.mark.parametrize("path", sorted(MALFORMED.glob("*.yaml")), ids=lambda p: p.stem)
def test_structural_problems_are_also_rejected_by_the_schema(validator, path: Path) -> None:
    with pytest.raises(ContentError):
        load_lesson_file(path)
    if path.stem == "syntax_error":
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(path.read_text())
        return
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
    if path.stem in LOADER_ONLY:
        assert errors == [], "the schema caught it after all: move it out of LOADER_ONLY"
    else:
        assert errors, f"{path.stem} is rejected by the loader but not by the schema"


def test_the_valid_tiny_lesson_passes_both() -> None:
    tiny = Path(__file__).parent / "valid_tiny.yaml"
    assert load_lesson_file(tiny).id == "tiny"
    assert (
        list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(yaml.safe_load(tiny.read_text())))
        == []
    )


def test_limits_and_patterns_match_the_loader() -> None:
    defs = SCHEMA["$defs"]
    assert defs["id"]["pattern"] == limits.ID_PATTERN.pattern
    assert SCHEMA["properties"]["title"]["maxLength"] == limits.EMBED_TITLE
    assert defs["step"]["properties"]["title"]["maxLength"] == limits.STEP_TITLE
    assert defs["step"]["properties"]["instructions"]["maxLength"] == limits.EMBED_DESCRIPTION
    assert defs["step"]["properties"]["hints"]["items"]["maxLength"] == limits.EMBED_FIELD_VALUE
    assert defs["code"]["maxLength"] == limits.CODE
    options = defs["question"]["properties"]["options"]
    assert (options["minItems"], options["maxItems"]) == (limits.MIN_OPTIONS, limits.MAX_OPTIONS)
    assert defs["option"]["properties"]["text"]["maxLength"] == limits.BUTTON_LABEL
