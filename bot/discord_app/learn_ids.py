"""The `custom_id` formats of /learn's card and mode messages (≤ 100 characters each).

    stepwise:v1:learn:<owner>:<lesson>                         the card's mode Select
    stepwise:v1:lgo:<owner>:<lesson>:<mode>[:<index>]          open a mode (at an item)
    stepwise:v1:lm:<owner>:<lesson>:<mode>:<index>:<act>       act on a mode's item
    stepwise:v1:lbox:<owner>:<lesson>:<mode>:<index>           the fix / fill code box

`<mode>` is a two-letter code (ids like "flashcards" would not leave room for a 50-char
lesson id and a 20-digit owner); `<index>` is the item's position among the mode's items
(ids may be too long). `<act>`: `a0`-`a4` an answer, `n` next, `s` skip, `f` flip, `ra|rh|rg|re` a
flashcard rating, `w` open the code box, `jump` (in `lgo`) concepts then practice.
Kept apart from the items that answer them, like `custom_ids.py`.
"""

from __future__ import annotations

from bot.discord_app.custom_ids import LESSON_ID, OWNER, PREFIX, checked

MODE_CODES = {
    "steps": "st",
    "concepts": "co",
    "flashcards": "fl",
    "practice": "pr",
    "test": "te",
    "predict": "pd",
    "fix": "fx",
    "fill": "fi",
    "cheatsheet": "cs",
    "scenario": "sc",
}
MODES_BY_CODE = {code: mode for mode, code in MODE_CODES.items()}
JUMP = "jump"  # "Jump into concepts and practice": concepts, then practice
CARD = "card"  # back to the lesson card
RATINGS = {"ra": "again", "rh": "hard", "rg": "good", "re": "easy"}
RATING_CODES = {rating: code for code, rating in RATINGS.items()}

_LESSON = rf"(?P<lesson>{LESSON_ID})"
_CODES = "|".join(MODE_CODES.values())
_MODE = rf"(?P<mode>{_CODES})"
_INDEX = r"(?P<index>\d{1,3})"
_ACT = r"(?P<act>a[0-4]|n|s|f|r[ahge]|w)"
_TARGET = rf"(?P<target>{_CODES}|{JUMP}|{CARD})"

CHOOSER = rf"^{PREFIX}:learn:{OWNER}:{_LESSON}$"
OPEN = rf"^{PREFIX}:lgo:{OWNER}:{_LESSON}:{_TARGET}(?::{_INDEX})?$"
ACT = rf"^{PREFIX}:lm:{OWNER}:{_LESSON}:{_MODE}:{_INDEX}:{_ACT}$"
BOX = rf"^{PREFIX}:lbox:{OWNER}:{_LESSON}:{_MODE}:{_INDEX}$"


def chooser_id(owner: int, lesson_id: str) -> str:
    return checked(f"{PREFIX}:learn:{owner}:{lesson_id}")


def open_id(owner: int, lesson_id: str, target: str, index: int | None = None) -> str:
    """`target`: a mode id, `JUMP` or `CARD`."""
    code = MODE_CODES.get(target, target)
    suffix = "" if index is None else f":{index}"
    return checked(f"{PREFIX}:lgo:{owner}:{lesson_id}:{code}{suffix}")


def act_id(owner: int, lesson_id: str, mode: str, index: int, act: str) -> str:
    return checked(f"{PREFIX}:lm:{owner}:{lesson_id}:{MODE_CODES[mode]}:{index}:{act}")


def box_id(owner: int, lesson_id: str, mode: str, index: int) -> str:
    return checked(f"{PREFIX}:lbox:{owner}:{lesson_id}:{MODE_CODES[mode]}:{index}")


def target_of(code: str) -> str:
    """A mode id, `JUMP` or `CARD` from its code in a custom_id."""
    return MODES_BY_CODE.get(code, code)
