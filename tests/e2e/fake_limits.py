"""Discord's payload limits, enforced by the fake the way Discord does (400, code 50035).

A bot that sends an over-long embed or a custom_id over 100 characters works against a
lenient fake and fails in production; this makes every e2e journey check the limits.
"""

from __future__ import annotations

from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000
TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
ROWS, PER_ROW, LABEL, CUSTOM_ID = 5, 5, 80, 100
MODAL_TITLE, INPUT_LABEL, INPUT_VALUE = 45, 45, 4000
SELECT_OPTIONS, PLACEHOLDER, OPTION_TEXT = 25, 150, 100


def _too_long(problems: list[str], where: str, text: Any, limit: int) -> int:
    size = len(text or "")
    if size > limit:
        problems.append(f"{where}: {size} > {limit}")
    return size


def _embed_problems(embeds: list[dict[str, Any]], problems: list[str]) -> None:
    if len(embeds) > EMBEDS:
        problems.append(f"embeds: {len(embeds)} > {EMBEDS}")
    total = 0
    for i, embed in enumerate(embeds):
        total += _too_long(problems, f"embeds[{i}].title", embed.get("title"), TITLE)
        total += _too_long(
            problems, f"embeds[{i}].description", embed.get("description"), DESCRIPTION
        )
        footer = (embed.get("footer") or {}).get("text")
        total += _too_long(problems, f"embeds[{i}].footer", footer, FOOTER)
        fields = embed.get("fields") or []
        if len(fields) > FIELDS:
            problems.append(f"embeds[{i}].fields: {len(fields)} > {FIELDS}")
        for j, f in enumerate(fields):
            total += _too_long(problems, f"embeds[{i}].fields[{j}].name", f.get("name"), FIELD_NAME)
            total += _too_long(
                problems, f"embeds[{i}].fields[{j}].value", f.get("value"), FIELD_VALUE
            )
    if total > EMBED_TOTAL:
        problems.append(f"embeds: {total} characters in total > {EMBED_TOTAL}")


def _select_problems(select: dict[str, Any], where: str, problems: list[str]) -> None:
    options = select.get("options") or []
    if not 1 <= len(options) <= SELECT_OPTIONS:
        problems.append(f"{where}.options: {len(options)} not in 1..{SELECT_OPTIONS}")
    _too_long(problems, f"{where}.placeholder", select.get("placeholder"), PLACEHOLDER)
    for k, option in enumerate(options):
        for key in ("label", "value", "description"):
            _too_long(problems, f"{where}.options[{k}].{key}", option.get(key), OPTION_TEXT)


def _component_problems(rows: list[dict[str, Any]], problems: list[str], modal: bool) -> None:
    if len(rows) > ROWS:
        problems.append(f"components: {len(rows)} rows > {ROWS}")
    for i, row in enumerate(rows):
        children = row.get("components") or ([row["component"]] if "component" in row else [])
        if len(children) > PER_ROW:
            problems.append(f"components[{i}]: {len(children)} items > {PER_ROW}")
        for j, child in enumerate(children):
            where = f"components[{i}][{j}]"
            _too_long(problems, f"{where}.custom_id", child.get("custom_id"), CUSTOM_ID)
            if child.get("type") == 2:
                _too_long(problems, f"{where}.label", child.get("label"), LABEL)
            if child.get("type") == 3:
                _select_problems(child, where, problems)
            if child.get("type") == 4:
                _too_long(
                    problems, f"{where}.label", child.get("label") or row.get("label"), INPUT_LABEL
                )
                _too_long(problems, f"{where}.value", child.get("value"), INPUT_VALUE)
                _too_long(problems, f"{where}.placeholder", child.get("placeholder"), OPTION_TEXT)
    if modal and not rows:
        problems.append("modal without components")


def payload_problems(body: Any, *, modal: bool = False) -> list[str]:
    """Every limit a message (or modal) body breaks, one line each."""
    if not isinstance(body, dict):
        return []
    problems: list[str] = []
    if modal:
        _too_long(problems, "title", body.get("title"), MODAL_TITLE)
        _too_long(problems, "custom_id", body.get("custom_id"), CUSTOM_ID)
    else:
        _too_long(problems, "content", body.get("content"), CONTENT)
        _embed_problems(body.get("embeds") or [], problems)
    _component_problems(body.get("components") or [], problems, modal)
    return problems
