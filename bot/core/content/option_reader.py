"""Reading answer options: the buttons of questions, quick checks, predict items and cases.

One rule everywhere a learner picks: a known number of options, exactly one marked
correct, no two with the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.core.content import limits
from bot.core.content.fields import Reader
from bot.core.content.options import Option, option_letter
from bot.core.content.yaml_source import Path

OPTION_FIELDS = {"text": True, "correct": False, "pinned": False}


class Choice(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def correct(self) -> bool: ...


def read_options(
    reader: Reader, data: dict[str, Any], path: Path, minimum: int, maximum: int, owner: str
) -> tuple[Option, ...]:
    """`data["options"]`: `minimum` to `maximum` of {text, correct, pinned}, one correct."""
    raws = option_list(reader, data, path, minimum, maximum, owner)
    where = (*path, "options")
    options = []
    for index, raw in enumerate(raws):
        option_path = (*where, index)
        fields = reader.fields(raw, option_path, OPTION_FIELDS)
        if fields is None:
            continue
        text = reader.text(
            fields, option_path, "text", limit=limits.BUTTON_LABEL, where="button label"
        )
        options.append(
            Option(
                text=text,
                correct=reader.boolean(fields, option_path, "correct", default=False),
                pinned=reader.boolean(fields, option_path, "pinned", default=False),
            )
        )
    if len(options) == len(raws) and raws:
        one_correct(reader, where, options)
    return tuple(options)


def option_list(
    reader: Reader, data: dict[str, Any], path: Path, minimum: int, maximum: int, owner: str
) -> list[Any]:
    """The raw `options` list, its length reported when outside `minimum`..`maximum`."""
    raws = reader.items(data, path, "options")
    if "options" in data and not minimum <= len(raws) <= maximum:
        reader.problem(
            (*path, "options"),
            f"has {len(raws)} option(s); {owner} needs {minimum} to {maximum} "
            "(one row of Discord buttons)",
        )
    return raws


def label(index: int) -> str:
    return option_letter(index) if index < limits.MAX_OPTIONS else f"#{index + 1}"


def one_correct(reader: Reader, path: Path, options: Sequence[Choice]) -> None:
    """Exactly one option marked correct, and no two options with the same text."""
    correct = [label(i) for i, option in enumerate(options) if option.correct]
    if not correct:
        reader.problem(path, "no option is marked `correct: true`; exactly one must be")
    elif len(correct) > 1:
        marked = " and ".join(correct)
        both = "both" if len(correct) == 2 else "all"
        reader.problem(path, f"options {marked} are {both} marked correct; exactly one must be")
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        if option.text in seen:
            reader.problem((*path, index), f"same text as option {label(seen[option.text])}")
        seen.setdefault(option.text, index)
