"""Options in a fresh order for each delivery, so the right letter cannot be learnt by heart.

The order is a pure function of a seed the engine can rebuild when the answer comes back
(a Discord button carries only the letter), and it is stored with the answer. Options an
author pins (`pinned: true`, e.g. "All of the above") keep their place. The explanation and
the common mistakes name options by letter ("Option A", "B, C and D", "(C)"); those letters
are rewritten to the shown ones so the teaching stays right.
"""

from __future__ import annotations

import dataclasses
import random
import re

from bot.core.content import Question, option_letter

Order = tuple[int, ...]  # shown position -> index of the option as written

# "Option A", "Options B and C", "(A)", or a run of two or more letters: "B, C and D".
_LETTER_RUN = re.compile(
    r"\b(?:Options?\s+)?[A-E](?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-E])+\b"
    r"|\b(?<=Option )[A-E]\b|\b(?<=Options )[A-E]\b|(?<=\()[A-E](?=\))"
)
_LETTER = re.compile(r"\b[A-E]\b")


def option_order(question: Question, seed: str) -> Order:
    """A shuffle of the options from `seed`; pinned options stay where they are written.
    Rarely the written order: up to four shuffles are tried to leave it, so with three or more
    free options it almost never comes back, and with two (true/false) about 1 time in 16;
    always swapping two would teach the answer's position instead."""
    count = len(question.options)
    free = [i for i, option in enumerate(question.options) if not option.pinned]
    rng = random.Random(f"{seed}:{question.id}")
    shuffled = free[:]
    for _ in range(4):  # the written order again would teach the position after all
        rng.shuffle(shuffled)
        if len(free) < 2 or shuffled != free:
            break
    order = list(range(count))
    for slot, index in zip(free, shuffled, strict=True):
        order[slot] = index
    return tuple(order)


def shown(question: Question, order: Order) -> Question:
    """`question` as delivered: options in `order`, letters in its teaching rewritten."""
    if not order or list(order) == list(range(len(question.options))):
        return question
    return dataclasses.replace(
        question,
        options=tuple(question.options[i] for i in order),
        explanation=tuple(relabel(text, order) for text in question.explanation),
        mistakes=tuple(relabel(text, order) for text in question.mistakes),
        hint=relabel(question.hint, order),
        quick_check=relabel(question.quick_check, order),
    )


def relabel(text: str, order: Order) -> str:
    """Option letters in `text` (as written) replaced by the letters shown in `order`."""
    position = {index: shown_at for shown_at, index in enumerate(order)}

    def letter(match: re.Match[str]) -> str:
        written = "ABCDE".index(match.group())
        return option_letter(position.get(written, written))

    def run(match: re.Match[str]) -> str:
        letters = _LETTER.findall(match.group())
        if len(letters) > 1:  # keep a list in alphabetical order: "B, C and D"
            swapped = sorted(letter(re.match(r"[A-E]", x)) for x in letters)  # type: ignore[arg-type]
            parts = iter(swapped)
            return _LETTER.sub(lambda _m: next(parts), match.group())
        return _LETTER.sub(letter, match.group())

    return _LETTER_RUN.sub(run, text)


def to_written(choice: int, order: Order) -> int:
    """The option (as written) the learner picked when they chose shown position `choice`."""
    return order[choice] if order else choice


def to_shown(written: int, order: Order) -> int:
    return order.index(written) if order else written
