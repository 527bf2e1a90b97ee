"""Cues that let a test-wise learner answer a question without knowing the subject.

Item writers avoid them: the right answer is the longest option, or always in the same
place, or the only one echoing a word of the question; "all of the above"; two options that
say the same thing. These rules are pure functions over `Question` values, so every
question source (lesson files now, questions written in Discord later) is judged the same
way. Running a question's code to prove its stated output belongs to whoever owns an
executor; `output_findings` only compares what the run printed with the options.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.core.content import Question, option_letter

LONGEST_RATE_LIMIT = 0.4  # share of a bank whose correct option is the strictly longest
LENGTH_RATIO_LIMIT = 1.5  # correct option vs the mean length of the others
POSITION_SHARE_LIMIT = 0.4  # share of a bank answered by one letter (with four letters)
POSITION_MIN_BANK = 8  # smaller banks are too small to judge position balance
NEAR_DUPLICATE_RATIO = 0.9  # difflib similarity of two normalised options


class Rule(StrEnum):
    LONGEST_CORRECT = "longest-correct"
    LONGEST_RATE = "longest-rate"
    POSITION_CROWDED = "position-crowded"
    POSITION_UNUSED = "position-unused"
    ALL_OR_NONE = "all-or-none-of-the-above"
    DUPLICATE = "duplicate-options"
    CASE_OR_PUNCTUATION = "case-or-punctuation-only"
    NEAR_DUPLICATE = "near-duplicate-options"
    STEM_CLANG = "stem-word-clang"
    OUTPUT_MISMATCH = "output-mismatch"
    OUTPUT_AMBIGUOUS = "output-ambiguous"


# A wrong answer key teaches something false: these fail a check even without --strict.
ERROR_RULES = frozenset({Rule.OUTPUT_MISMATCH, Rule.OUTPUT_AMBIGUOUS})


@dataclass(frozen=True)
class Finding:
    """One cue. `question_id` is "" when it concerns the whole bank; `options` are the
    0-based indexes of the options it is about (the first one locates it)."""

    rule: Rule
    message: str
    question_id: str = ""
    options: tuple[int, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.rule in ERROR_RULES


@dataclass(frozen=True)
class BankReport:
    """A question bank judged as a whole: the numbers of its summary line and every cue."""

    questions: int
    longest_correct: int
    positions: tuple[int, ...]  # correct answers at A, B, C, ...
    findings: tuple[Finding, ...]

    @property
    def longest_rate(self) -> float:
        return self.longest_correct / self.questions if self.questions else 0.0

    def summary(self) -> str:
        """ "10 questions: longest-correct 20 %, positions A3 B2 C3 D2, 0 cues"."""
        spread = " ".join(f"{option_letter(i)}{n}" for i, n in enumerate(self.positions))
        cues = len(self.findings)
        return (
            f"{_count(self.questions, 'question')}: longest-correct "
            f"{_percent(self.longest_correct, self.questions)} %, "
            f"positions {spread or '-'}, {_count(cues, 'cue')}"
        )


# --------------------------------------------------------------------------- a bank


def lint_bank(questions: Sequence[Question]) -> BankReport:
    """Every cue of every question, then the bank-wide ones (length habit, positions)."""
    findings = [finding for question in questions for finding in lint_question(question)]
    total = len(questions)
    longest = sum(is_longest_correct(question) for question in questions)
    if total and longest > LONGEST_RATE_LIMIT * total:
        share = _percent(longest, total)
        findings.append(
            Finding(
                Rule.LONGEST_RATE,
                f"the correct option is the longest in {longest} of {total} questions "
                f"({share} %, limit {_percent(LONGEST_RATE_LIMIT, 1)} %): a learner who "
                f"always picks the longest option scores {share} %",
            )
        )
    width = max((len(question.options) for question in questions), default=0)
    positions = [0] * width
    for question in questions:
        positions[question.correct_index] += 1
    findings += _position_findings(questions, positions)
    return BankReport(total, longest, tuple(positions), tuple(findings))


def is_longest_correct(question: Question) -> bool:
    """The correct option is strictly longer than every other one."""
    correct = len(question.correct_option.text)
    return all(
        len(option.text) < correct
        for index, option in enumerate(question.options)
        if index != question.correct_index
    )


def _position_findings(questions: Sequence[Question], positions: list[int]) -> list[Finding]:
    """Judged over the letters every question offers; the 40 % limit is for four letters,
    fewer letters get 1.6 times their fair share (80 % for true/false)."""
    total = len(questions)
    if total < POSITION_MIN_BANK:
        return []
    letters = min(len(question.options) for question in questions)
    share = max(POSITION_SHARE_LIMIT, 1.6 / letters)
    findings = []
    for index in range(letters):
        count, letter = positions[index], option_letter(index)
        if count > share * total:
            findings.append(
                Finding(
                    Rule.POSITION_CROWDED,
                    f"the correct option is {letter} in {count} of {total} questions "
                    f"({_percent(count, total)} %, limit {_percent(share, 1)} %); "
                    "move some answers to other letters",
                )
            )
        elif count == 0:
            last = option_letter(letters - 1)
            findings.append(
                Finding(
                    Rule.POSITION_UNUSED,
                    f"the correct option is never {letter}; spread the answers over A–{last}",
                )
            )
    return findings


# --------------------------------------------------------------------------- one question


def lint_question(question: Question) -> list[Finding]:
    """The cues inside one question, in option order."""
    return [
        *_length_findings(question),
        *_all_or_none(question),
        *_look_alikes(question),
        *_clang(question),
    ]


def _length_findings(question: Question) -> list[Finding]:
    correct = question.correct_index
    others = [len(o.text) for i, o in enumerate(question.options) if i != correct]
    mean = sum(others) / len(others) if others else 0.0
    length = len(question.correct_option.text)
    if not mean or length <= LENGTH_RATIO_LIMIT * mean:
        return []
    message = (
        f"the correct option ({option_letter(correct)}, {length} characters) is "
        f"{length / mean:.2f}x the mean length of the others ({mean:.0f}); the limit is "
        f"{LENGTH_RATIO_LIMIT}x: shorten it or give the others the same detail"
    )
    return [Finding(Rule.LONGEST_CORRECT, message, question.id, (correct,))]


_ALL_OR_NONE = re.compile(
    r"\b(?:all|none|both|neither)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:above|these|those|them|others|other\s+(?:options|answers))\b",
    re.IGNORECASE,
)


def _all_or_none(question: Question) -> list[Finding]:
    findings = []
    for index, option in enumerate(question.options):
        found = _ALL_OR_NONE.search(option.text)
        if found:
            message = (
                f'option {option_letter(index)} says "{found.group(0)}"; it is answered by '
                "spotting one true or false option: write an option that stands on its own"
            )
            findings.append(Finding(Rule.ALL_OR_NONE, message, question.id, (index,)))
    return findings


def _look_alikes(question: Question) -> list[Finding]:
    """Options that say the same thing. When the options are program outputs
    (`output_of_code`), a bracket, a capital or word order is the point, so only exact
    copies count there."""
    forms = [_Form.of(option.text) for option in question.options]
    findings = []
    for first in range(len(forms)):
        for second in range(first + 1, len(forms)):
            rule = _same(forms[first], forms[second], question.output_of_code)
            if rule is None:
                continue
            pair = f"options {option_letter(first)} and {option_letter(second)}"
            message = {
                Rule.DUPLICATE: f"{pair} have the same text",
                Rule.CASE_OR_PUNCTUATION: f"{pair} differ only in case or punctuation",
                Rule.NEAR_DUPLICATE: (
                    f"{pair} say nearly the same thing; make each wrong option a different mistake"
                ),
            }[rule]
            findings.append(Finding(rule, message, question.id, (first, second)))
    return findings


@dataclass(frozen=True)
class _Form:
    """An option's text at the levels of sameness the rules compare."""

    text: str  # stripped
    words: tuple[str, ...]  # case and punctuation gone
    stems: tuple[str, ...]  # articles gone, words stemmed

    @classmethod
    def of(cls, text: str) -> _Form:
        words = tuple(_words(text))
        return cls(text.strip(), words, tuple(_stem(w) for w in words if w not in _ARTICLES))


def _same(one: _Form, other: _Form, outputs: bool) -> Rule | None:
    if one.text == other.text:
        return Rule.DUPLICATE
    if outputs:
        return None
    if one.words == other.words:
        return Rule.CASE_OR_PUNCTUATION
    if sorted(one.stems) == sorted(other.stems):
        return Rule.NEAR_DUPLICATE
    matcher = difflib.SequenceMatcher(None, " ".join(one.stems), " ".join(other.stems))
    close = all(  # the cheap upper bounds rule out most pairs before the real ratio
        bound() >= NEAR_DUPLICATE_RATIO
        for bound in (matcher.real_quick_ratio, matcher.quick_ratio, matcher.ratio)
    )
    return Rule.NEAR_DUPLICATE if close else None


def _clang(question: Question) -> list[Finding]:
    """A word of the prompt that only the correct option repeats."""
    prompt = {}
    for word in _words(question.prompt):
        if word not in _STOPWORDS:
            prompt.setdefault(_stem(word), word)
    correct = question.correct_index
    in_correct = {_stem(w) for w in _words(question.correct_option.text)}
    in_others = {
        _stem(w) for i, o in enumerate(question.options) if i != correct for w in _words(o.text)
    }
    findings = []
    for stem, word in prompt.items():
        if stem in in_correct and stem not in in_others:
            message = (
                f'"{word}" from the prompt appears only in the correct option '
                f"({option_letter(correct)}); use it in a wrong option too, or drop it"
            )
            findings.append(Finding(Rule.STEM_CLANG, message, question.id, (correct,)))
    return findings


# --------------------------------------------------------------------------- stated output


@dataclass(frozen=True)
class Printed:
    """What a question's code did when it ran: its output, or the exception that stopped it."""

    stdout: str
    error: str = ""  # exception type, e.g. "ZeroDivisionError"

    @property
    def lines(self) -> tuple[str, ...]:
        text = self.stdout.strip("\n")
        return tuple(line.strip() for line in text.split("\n")) if text.strip() else ()

    def describe(self) -> str:
        if self.error:
            return f"stops with {self.error}"
        return f'prints "{" / ".join(self.lines)}"' if self.lines else "prints nothing"


LINE_SEPARATORS = (" / ", ", then ")  # how an option writes several printed lines
NOTHING_PRINTED = frozenset({"no output", "nothing", "nothing is printed", "nothing printed"})


def states(text: str, printed: Printed) -> bool:
    """Whether an option's text says what the code printed (see docs/content-format.md)."""
    text = text.strip()
    if printed.error:
        return re.match(rf"{re.escape(printed.error)}\b", text) is not None
    if not printed.lines:
        return " ".join(_words(text)) in NOTHING_PRINTED
    return any(text == separator.join(printed.lines) for separator in LINE_SEPARATORS)


def output_findings(question: Question, printed: Printed) -> list[Finding]:
    """The correct option must state what the code printed, and no other option may."""
    matching = [i for i, option in enumerate(question.options) if states(option.text, printed)]
    correct = question.correct_index
    letter = option_letter(correct)
    if correct not in matching:
        which = f", which is option {option_letter(matching[0])}," if matching else ""
        message = (
            f"the code {printed.describe()}{which} but the correct option ({letter}) says "
            f'"{question.correct_option.text}"'
        )
        return [Finding(Rule.OUTPUT_MISMATCH, message, question.id, (correct, *matching))]
    return [
        Finding(
            Rule.OUTPUT_AMBIGUOUS,
            f"option {option_letter(index)} also matches: the code {printed.describe()}; "
            "exactly one option may say so",
            question.id,
            (index,),
        )
        for index in matching
        if index != correct
    ]


# --------------------------------------------------------------------------- words


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_ARTICLES = frozenset({"a", "an", "the"})
_FUNCTION_WORDS = """
    about above after again all also am and any are as at be because been before being
    best both but by can could did do does doing done each every few for from had has have
    how i if in into is it its it's itself just may me might more most much must my no nor
    not of off on once only or other our out over own same should so some such than that
    the their them then there these they this those through to too under until up use used
    using very was we were what when where which while who whom why will with would you
    your following statement true false correct option options answer"""
_STOPWORDS = _ARTICLES | frozenset(_FUNCTION_WORDS.split())


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    """A crude English stem, enough to match "deploy", "deployed" and "deploys"."""
    for suffix in ("'s", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _percent(part: float, whole: float) -> int:
    """Half-up rounding, so 12.5 % reads 13 % everywhere."""
    return int(100 * part / whole + 0.5) if whole else 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
