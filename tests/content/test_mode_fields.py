"""Each text of the `modes:` section against the Discord place it is shown in, the fields
an author may leave out, and the counts each list must keep: the located problem an author
reads (field path, the limit and where it applies) for every field of every mode."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.content import ContentError, load_lesson_file, mode_shortfalls

HERE = Path(__file__).parent
VALID = yaml.safe_load((HERE / "valid_modes.yaml").read_text())


def _problems(tmp_path: Path, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field path, message) of every problem of the lesson `data`, [] when it loads."""
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    try:
        load_lesson_file(file)
    except ContentError as error:
        return [(p.path, p.message) for p in error.problems]
    return []


def _set(data: dict[str, Any], keys: tuple, value: Any) -> None:
    for key in keys[:-1]:
        data = data[key]
    data[keys[-1]] = value


def _modes(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    for key, value in changes.items():
        data["modes"][key] = value
    return data


TITLE, FIELD, DESCRIPTION, BUTTON, CODE = 256, 1024, 4096, 80, 4000
CODE_FIELD = 1024 - len("```py\n\n```")

# (keys into the lesson, the path an author reads, limit, where Discord shows it)
LIMITS = [
    (("concepts", 0, "title"), "concept 1 › title", TITLE, "embed title"),
    (("concepts", 0, "idea"), "concept 1 › idea", FIELD, "embed field"),
    (("concepts", 0, "example"), "concept 1 › example", CODE_FIELD,
     "embed field with a code block"),
    (("concepts", 0, "check", "prompt"), "concept 1 › check › prompt", FIELD, "embed field"),
    (("concepts", 0, "check", "explanation"), "concept 1 › check › explanation", FIELD,
     "embed field"),
    (("concepts", 0, "check", "options", 1, "text"), "concept 1 › check › option 2 › text",
     BUTTON, "button label"),
    (("flashcards", 0, "term"), "flashcard 1 › term", TITLE, "embed title"),
    (("flashcards", 0, "meaning"), "flashcard 1 › meaning", FIELD, "embed field"),
    (("predict", 0, "code"), "predict item 1 › code", CODE_FIELD, "embed field with a code block"),
    (("predict", 0, "why"), "predict item 1 › why", FIELD, "embed field"),
    (("predict", 0, "output"), "predict item 1 › output", FIELD, "embed field"),
    (("predict", 0, "options", 2, "text"), "predict item 1 › option 3 › text", BUTTON,
     "button label"),
    (("fix", 0, "broken"), "fix item 1 › broken", CODE, "code box"),
    (("fix", 0, "fixed"), "fix item 1 › fixed", CODE, "code box"),
    (("fix", 0, "bug"), "fix item 1 › bug", FIELD, "embed field"),
    (("fix", 0, "hint"), "fix item 1 › hint", FIELD, "embed field"),
    (("fill", 0, "template"), "fill item 1 › template", CODE, "code box"),
    (("fill", 0, "answers", 1), "fill item 1 › answer 2", FIELD, "embed field"),
    (("fill", 0, "example", 0, "code"), "fill item 1 › example item 1 › code", CODE_FIELD,
     "embed field"),
    (("fill", 0, "example", 0, "why"), "fill item 1 › example item 1 › why", FIELD,
     "embed field"),
    (("cases", 0, "title"), "case 1 › title", TITLE, "embed title"),
    (("cases", 0, "situation"), "case 1 › situation", DESCRIPTION, "embed description"),
    (("cases", 0, "debrief"), "case 1 › debrief", DESCRIPTION, "embed description"),
    (("cases", 0, "decisions", 1, "prompt"), "case 1 › decision 2 › prompt", FIELD,
     "embed field"),
    (("cases", 0, "decisions", 1, "explanation"), "case 1 › decision 2 › explanation", FIELD,
     "embed field"),
    (("cases", 0, "decisions", 1, "options", 0, "text"),
     "case 1 › decision 2 › option 1 › text", BUTTON, "button label"),
    (("cases", 0, "decisions", 1, "options", 0, "consequence"),
     "case 1 › decision 2 › option 1 › consequence", FIELD, "embed field"),
    (("cheatsheet", "summary"), "cheatsheet › summary", DESCRIPTION, "embed description"),
    (("cheatsheet", "terms", 2, "term"), "cheatsheet › term 3 › term", TITLE, "field name"),
    (("cheatsheet", "terms", 2, "meaning"), "cheatsheet › term 3 › meaning", FIELD,
     "embed field"),
    (("cheatsheet", "patterns", 0, "title"), "cheatsheet › pattern 1 › title", TITLE,
     "field name"),
    (("cheatsheet", "patterns", 0, "code"), "cheatsheet › pattern 1 › code", CODE_FIELD,
     "embed field with a code block"),
    (("cheatsheet", "mistakes", 1), "cheatsheet › mistake 2", FIELD, "embed field"),
]  # fmt: skip
IDS = ["-".join(map(str, row[0])) for row in LIMITS]  # plain ids: mutmut reruns them by name


CODE_KEYS = ("code", "example", "broken", "fixed", "template")


def _sized(keys: tuple, size: int) -> str:
    """`size` characters: a comment for code (it still parses; a template keeps its two
    blanks), a word for prose."""
    if keys[-1] == "template":
        head = "pair = [___, ___]  "
        return head + "#" * (size - len(head))
    return ("#" if keys[-1] in CODE_KEYS else "w") * size


@pytest.mark.parametrize(("keys", "path", "limit", "where"), LIMITS, ids=IDS)
def test_each_mode_text_must_fit_where_discord_shows_it(
    tmp_path: Path, keys: tuple, path: str, limit: int, where: str
) -> None:
    data = copy.deepcopy(VALID)
    _set(data["modes"], keys, _sized(keys, limit + 1))
    expected = f"too long for Discord: {limit + 1:,} characters, limit {limit:,} ({where})"
    assert (f"modes › {path}", expected) in _problems(tmp_path, data)


@pytest.mark.parametrize(("keys", "path", "limit", "where"), LIMITS, ids=IDS)
def test_a_text_right_at_its_limit_fits(
    tmp_path: Path, keys: tuple, path: str, limit: int, where: str
) -> None:
    data = copy.deepcopy(VALID)
    _set(data["modes"], keys, _sized(keys, limit))
    assert not [p for p in _problems(tmp_path, data) if p[0] == f"modes › {path}"]


def _option(text: str, correct: bool = False) -> dict[str, Any]:
    return {"text": text, "correct": True} if correct else {"text": text}


def _case_option(text: str, correct: bool = False) -> dict[str, Any]:
    return {**_option(text, correct), "consequence": f"after {text}"}


def _decision(options: int = 2) -> dict[str, Any]:
    return {
        "prompt": "What now?",
        "options": [_case_option(f"move {n}", n == 0) for n in range(options)],
        "explanation": "Because.",
    }


# (keys into `modes`, a list of that many items, whether it loads, the path, the message)
def _counts() -> list[tuple[str, tuple, list, str, str]]:
    check = ("concepts", 0, "check", "options")
    predict = ("predict", 0, "options")
    decisions = ("cases", 0, "decisions")
    return [
        ("quick check 2", check, [_option("4", True), _option("5")], "", ""),
        ("quick check 4", check, [_option("4", True)] + [_option(f"{n}") for n in range(3)],
         "", ""),
        ("quick check 1", check, [_option("4", True)], "concept 1 › check › options",
         "has 1 option(s); a quick check needs 2 to 4 (one row of Discord buttons)"),
        ("predict 4", predict, [_option("4", True)] + [_option(f"{n}") for n in range(3)], "", ""),
        ("predict 5", predict, [_option("4", True)] + [_option(f"{n}") for n in range(4)],
         "predict item 1 › options", "has 5 option(s); a predict item needs 3 to 4"),
        ("decisions 5", decisions, [_decision() for _ in range(5)], "", ""),
        ("decisions 6", decisions, [_decision() for _ in range(6)], "case 1 › decisions",
         "has 6 decision(s); a case has 3 to 5"),
        ("decision options 4", (*decisions, 0, "options"),
         [_case_option("a", True), _case_option("b"), _case_option("c"), _case_option("d")],
         "", ""),
        ("decision options 1", (*decisions, 0, "options"), [_case_option("a", True)],
         "case 1 › decision 1 › options",
         "has 1 option(s); a decision needs 2 to 4 (one row of Discord buttons)"),
        ("decision options 5", (*decisions, 0, "options"),
         [_case_option(f"m{n}", n == 0) for n in range(5)], "case 1 › decision 1 › options",
         "has 5 option(s); a decision needs 2 to 4"),
        ("one pattern", ("cheatsheet", "patterns"), [{"title": "T", "code": "x = 1"}], "", ""),
        ("no pattern", ("cheatsheet", "patterns"), [], "cheatsheet › patterns",
         "needs at least 1 item"),
        ("one mistake", ("cheatsheet", "mistakes"), ["Only one."], "cheatsheet › mistakes",
         "needs at least 2 items"),
        ("24 example lines", ("fill", 0, "example"),
         [{"code": f"a{n} = {n}", "why": "w"} for n in range(24)], "", ""),
        ("25 example lines", ("fill", 0, "example"),
         [{"code": f"a{n} = {n}", "why": "w"} for n in range(25)], "fill item 1 › example",
         "has 25 lines; at most 24 fit"),
        ("no example line", ("fill", 0, "example"), [], "fill item 1 › example",
         "needs at least 1 item"),
    ]  # fmt: skip


COUNTS = _counts()


@pytest.mark.parametrize(
    ("keys", "value", "path", "message"), [c[1:] for c in COUNTS], ids=[c[0] for c in COUNTS]
)
def test_each_list_keeps_its_count(
    tmp_path: Path, keys: tuple, value: list, path: str, message: str
) -> None:
    data = copy.deepcopy(VALID)
    _set(data["modes"], keys, value)
    problems = _problems(tmp_path, data)
    if not path:
        assert problems == []
    else:
        assert [p for p in problems if p[0] == f"modes › {path}" and message in p[1]], problems


@pytest.mark.parametrize("lines", [8, 9])
def test_a_predict_snippet_has_at_most_eight_lines(tmp_path: Path, lines: int) -> None:
    code = "x = 3\n" * (lines - 1) + "print(x + 1)\n"
    problems = _problems(tmp_path, _modes(predict=[{**VALID["modes"]["predict"][0], "code": code}]))
    if lines == 8:
        assert problems == []
    else:
        assert problems == [
            ("modes › predict item 1 › code", "has 9 lines; a predict snippet has at most 8")
        ]


@pytest.mark.parametrize("blanks", [1, 3])
def test_a_fill_item_has_one_to_three_blanks(tmp_path: Path, blanks: int) -> None:
    item = dict(VALID["modes"]["fill"][0])
    names = ["x", "4", "5"][:blanks]
    item.update(
        template="pair = [" + ", ".join(["___"] * blanks) + "]",
        answers=names,
        wrong=[list(reversed(names)) if blanks > 1 else ["9"]],
    )
    assert _problems(tmp_path, _modes(fill=[item])) == []


def test_a_lesson_may_offer_a_few_modes_and_leave_out_optional_fields(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"] = {"flashcards": VALID["modes"]["flashcards"]}
    del data["questions"][0]["topic"]  # no concept cards to name
    assert _problems(tmp_path, data) == []
    data = copy.deepcopy(VALID)
    del data["modes"]["concepts"][0]["steps"]
    data["modes"]["concepts"][1]["check"]["options"][0]["pinned"] = True
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    cards = load_lesson_file(file).modes.concepts
    assert cards[0].steps == ()
    assert [(o.text, o.correct, o.pinned) for o in cards[1].check.options] == [
        ("3", False, True),
        ("4", True, False),
    ]


@pytest.mark.parametrize(
    ("key", "what", "label"),
    [
        ("concepts", "concept card", "concept"),
        ("flashcards", "flashcard", "flashcard"),
        ("predict", "predict item", "predict item"),
        ("fix", "fix item", "fix item"),
        ("fill", "fill item", "fill item"),
        ("cases", "case", "case"),
    ],
)
def test_a_second_item_with_the_same_id_is_refused(
    tmp_path: Path, key: str, what: str, label: str
) -> None:
    first = VALID["modes"][key][0]
    problems = _problems(tmp_path, _modes(**{key: [first, first]}))
    assert problems == [
        (
            f"modes › {label} 2 › id",
            f"duplicate {what} id {first['id']!r} (first used by modes › {label} 1)",
        )
    ]


@pytest.mark.parametrize(
    ("steps", "path", "message"),
    [
        ([True], "concept 1 › step 1", "expected a step number (1, 2, ...), got True"),
        (["2"], "concept 1 › step 1", "expected a step number (1, 2, ...), got '2'"),
        ([0], "concept 1 › step 1", "expected a step number (1, 2, ...), got 0"),
        ([1, 2], "", ""),
        ([3], "concept 1 › step 1", "no coding step 3: the lesson has 2"),
    ],
)
def test_a_concept_names_steps_by_number(
    tmp_path: Path, steps: list, path: str, message: str
) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"][0]["steps"] = steps
    expected = [(f"modes › {path}", message)] if path else []
    assert _problems(tmp_path, data) == expected


def test_a_fix_or_fill_names_a_step_from_one(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fix"][0]["step"] = 0
    data["modes"]["fill"][0]["step"] = 2  # the last step is fine
    assert _problems(tmp_path, data) == [("modes › fix item 1 › step", "must be at least 1, got 0")]


def test_a_lesson_without_steps_has_no_step_for_modes_to_name(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["steps"] = "none"
    assert ("modes › fix item 1 › step", "no coding step 1: the lesson has 0") in _problems(
        tmp_path, data
    )


def test_a_fixed_version_that_does_not_parse_is_located(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fix"][0]["fixed"] = "x = 3\nif x\n    print(x)\n"
    [(path, message)] = _problems(tmp_path, data)
    assert path == "modes › fix item 1 › fixed"
    assert message.startswith("`fixed` does not parse: ") and message.endswith("(its line 2)")


def test_a_wrong_set_of_fill_answers_must_be_texts(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["wrong"] = [["4", 5]]
    assert _problems(tmp_path, data) == [
        (
            "modes › fill item 1 › wrong item 1 item 2",
            "expected text, got a number (5) (put it in quotes)",
        )
    ]


def test_a_decision_too_big_for_one_message_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    decision = data["modes"]["cases"][0]["decisions"][0]
    decision["options"] = [
        {"text": f"move {n}", "consequence": "c" * 1000, **({"correct": True} if n == 0 else {})}
        for n in range(4)
    ]
    decision["prompt"] = "p" * 1000
    decision["explanation"] = "e" * 1000
    size = 1000 + 1000 + 4 * (6 + 1000)
    assert _problems(tmp_path, data) == [
        (
            "modes › case 1 › decision 1",
            f"too long for Discord: {size:,} characters, limit 6,000 (one message: the decision)",
        )
    ]


def test_a_cheat_sheet_too_big_for_one_message_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    sheet = data["modes"]["cheatsheet"]
    sheet["summary"] = "s" * 4000
    sheet["mistakes"] = ["m" * 1000, "n" * 1000]
    terms = sum(len(t["term"]) + len(t["meaning"]) for t in sheet["terms"])
    patterns = sum(len(p["title"]) + len(p["code"]) for p in sheet["patterns"])
    size = 4000 + terms + patterns + 2000
    assert _problems(tmp_path, data) == [
        (
            "modes › cheatsheet",
            f"too long for Discord: {size:,} characters, limit 6,000 "
            "(one message: the cheat sheet)",
        )
    ]
    sheet["summary"] = "s" * (4000 - (size - 6000))  # exactly 6,000: fits
    assert _problems(tmp_path, data) == []


def test_a_worked_example_too_big_for_one_message_is_refused(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["example"] = [{"code": "#" * 1000, "why": "w" * 1000}] * 3
    assert _problems(tmp_path, data) == []  # exactly 6,000 characters: fits
    data["modes"]["fill"][0]["example"] = [{"code": "#" * 1000, "why": "w" * 1001}] * 3
    assert _problems(tmp_path, data) == [
        (
            "modes › fill item 1 › example",
            "too long for Discord: 6,003 characters, limit 6,000 (one message)",
        )
    ]


def test_an_option_that_is_not_a_mapping_is_the_only_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"][0]["check"]["options"][1] = "31"
    assert _problems(tmp_path, data) == [
        (
            "modes › concept 1 › check › option 2",
            "expected a mapping of fields (text, correct, pinned), got text",
        )
    ]


def test_options_name_each_other_by_letter(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["predict"][0]["options"] = [
        {"text": "4", "correct": True},
        {"text": "31", "correct": True},
        {"text": "x + 1", "correct": True},
        {"text": "31"},
    ]
    problems = _problems(tmp_path, data)
    assert problems == [
        (
            "modes › predict item 1 › options",
            "options A and B and C are all marked correct; exactly one must be",
        ),
        ("modes › predict item 1 › option 4", "same text as option B"),
    ]


def test_past_five_options_they_are_named_by_number(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    options = [{"text": f"o{n}"} for n in range(7)]
    options[5]["correct"] = options[6]["correct"] = True
    options[6]["text"] = "o5"
    data["modes"]["concepts"][0]["check"]["options"] = options
    problems = [p for p in _problems(tmp_path, data) if "option" in p[0]]
    assert problems == [
        (
            "modes › concept 1 › check › options",
            "has 7 option(s); a quick check needs 2 to 4 (one row of Discord buttons)",
        ),
        (
            "modes › concept 1 › check › options",
            "options #6 and #7 are both marked correct; exactly one must be",
        ),
        ("modes › concept 1 › check › option 7", "same text as option #6"),
    ]


@pytest.mark.parametrize(
    ("keys", "path"),
    [
        (("cases", 0, "decisions"), "case 1"),
        (("concepts", 0, "check", "options"), "concept 1 › check"),
        (("cases", 0, "decisions", 0, "options"), "case 1 › decision 1"),
        (("fill", 0, "wrong"), "fill item 1"),
        (("fill", 0, "answers"), "fill item 1"),
    ],
)
def test_a_missing_list_is_named_once(tmp_path: Path, keys: tuple, path: str) -> None:
    data = copy.deepcopy(VALID)
    owner = data["modes"]
    for key in keys[:-1]:
        owner = owner[key]
    del owner[keys[-1]]
    assert _problems(tmp_path, data) == [(f"modes › {path}", f"missing field {keys[-1]!r}")]


@pytest.mark.parametrize("key", ["wrong", "answers"])
def test_an_empty_list_of_fill_answers_is_refused(tmp_path: Path, key: str) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0][key] = []
    problems = _problems(tmp_path, data)
    assert (f"modes › fill item 1 › {key}", "needs at least 1 item") in problems


def test_a_check_that_is_not_a_mapping_is_one_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"][0]["check"] = "is it 4?"
    assert _problems(tmp_path, data) == [
        (
            "modes › concept 1 › check",
            "expected a mapping of fields (prompt, options, explanation), got text",
        )
    ]


def test_a_cheat_sheet_that_is_not_a_mapping_is_one_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["cheatsheet"] = ["terms"]
    [(path, message)] = _problems(tmp_path, data)
    assert path == "modes › cheatsheet"
    assert message.startswith("expected a mapping of fields (summary, terms, patterns, mistakes)")


def _load(tmp_path: Path, data: dict[str, Any]):
    file = tmp_path / "lesson.yaml"
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return load_lesson_file(file)


def test_a_broken_case_does_not_hide_the_problems_of_the_next(tmp_path: Path) -> None:
    case = VALID["modes"]["cases"][0]
    other = {**case, "id": "other"}
    problems = _problems(tmp_path, _modes(cases=["not a case", case, case, other, other]))
    assert [path for path, _ in problems] == [
        "modes › case 1",
        "modes › case 3 › id",
        "modes › case 5 › id",
    ]


def test_a_broken_option_does_not_hide_the_problems_of_the_next(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["predict"][0]["options"] = ["4", {"text": "3", "correct": "yes"}, {"text": 5}]
    assert _problems(tmp_path, data) == [
        (
            "modes › predict item 1 › option 1",
            "expected a mapping of fields (text, correct, pinned), got text",
        ),
        ("modes › predict item 1 › option 2 › correct", "expected true or false, got text"),
        (
            "modes › predict item 1 › option 3 › text",
            "expected text, got a number (5) (put it in quotes)",
        ),
    ]


def test_a_flag_that_is_not_true_or_false_is_located(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"][0]["check"]["options"][1]["pinned"] = "yes"
    data["modes"]["cases"][0]["decisions"][0]["options"][1]["correct"] = "no"
    assert _problems(tmp_path, data) == [
        ("modes › concept 1 › check › option 2 › pinned", "expected true or false, got text"),
        ("modes › case 1 › decision 1 › option 2 › correct", "expected true or false, got text"),
    ]


def test_cheat_sheet_terms_and_patterns_that_are_not_mappings_are_located(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["cheatsheet"]["terms"][0] = "Variable"
    data["modes"]["cheatsheet"]["patterns"][0] = "pair = [x, 4]"
    assert _problems(tmp_path, data) == [
        ("modes › cheatsheet › term 1", "expected a mapping of fields (term, meaning), got text"),
        ("modes › cheatsheet › pattern 1", "expected a mapping of fields (title, code), got text"),
    ]


def test_a_quick_check_with_no_right_answer_says_exactly_that(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    del data["modes"]["concepts"][0]["check"]["options"][0]["correct"]
    assert _problems(tmp_path, data) == [
        (
            "modes › concept 1 › check › options",
            "no option is marked `correct: true`; exactly one must be",
        )
    ]


def test_a_decision_of_exactly_one_message_fits(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    decision = data["modes"]["cases"][0]["decisions"][0]
    decision["options"] = [
        {"text": f"move {n}", "consequence": "c" * 1000, **({"correct": True} if n == 0 else {})}
        for n in range(4)
    ]
    decision["prompt"] = "p" * 1000
    decision["explanation"] = "e" * (6000 - 1000 - 4 * 1006)
    assert _problems(tmp_path, data) == []


def test_what_the_loader_keeps_of_patterns_and_case_options(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["cheatsheet"]["patterns"] = [{"title": "Return it", "code": "    return x\n"}]
    lesson = _load(tmp_path, data)
    sheet = lesson.modes.cheatsheet
    assert sheet is not None
    assert [(p.title, p.code) for p in sheet.patterns] == [("Return it", "    return x")]
    options = lesson.modes.cases[0].decisions[0].options
    assert [o.correct for o in options] == [True, False]
    assert options[1].correct is False  # left out means not the right move
    assert lesson.modes.concept("nope") is None


def test_the_shortfall_names_every_step_without_a_fill_item(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"] = []
    assert ("modes › fill", "no fill item for step 1, 2; each coding step needs one") in (
        mode_shortfalls(_load(tmp_path, data))
    )


def test_a_concept_card_too_big_for_one_message_is_named_as_a_whole(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    card = data["modes"]["concepts"][0]
    card["idea"] = "i" * 6000
    check = card["check"]
    size = (
        len(card["title"])
        + 6000
        + len(card["example"].strip("\n").rstrip())
        + len(check["prompt"])
        + sum(len(o["text"]) for o in check["options"])
        + len(check["explanation"])
    )
    assert _problems(tmp_path, data) == [  # in the order of their lines
        (
            "modes › concept 1",
            f"too long for Discord: {size:,} characters, limit 6,000 (one message: card and check)",
        ),
        (
            "modes › concept 1 › idea",
            "too long for Discord: 6,000 characters, limit 1,024 (embed field)",
        ),
    ]
    card["idea"] = "i" * (6000 - (size - 6000))  # the card alone is exactly 6,000
    assert [p[0] for p in _problems(tmp_path, data)] == ["modes › concept 1 › idea"]


def test_a_concept_without_its_check_is_one_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    del data["modes"]["concepts"][0]["check"]
    assert _problems(tmp_path, data) == [("modes › concept 1", "missing field 'check'")]


def test_a_broken_flashcard_does_not_hide_the_problems_of_the_next(tmp_path: Path) -> None:
    card, other = VALID["modes"]["flashcards"]
    problems = _problems(tmp_path, _modes(flashcards=["Variable", card, card, other, other]))
    assert [path for path, _ in problems] == [
        "modes › flashcard 1",
        "modes › flashcard 3 › id",
        "modes › flashcard 5 › id",
    ]


def test_a_concept_example_keeps_its_indentation(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"][0]["example"] = "    return x + 1\n"
    assert _load(tmp_path, data).modes.concepts[0].example == "    return x + 1"


def test_code_keeps_its_leading_spaces(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fix"][0]["broken"] = "  x = 3\n"
    data["modes"]["predict"][0]["code"] = "x = 3\nprint(x + 1)\n"
    lesson = _load(tmp_path, data)
    assert lesson.modes.fix[0].broken == "  x = 3"
    assert lesson.modes.predict[0].code == "x = 3\nprint(x + 1)"


def test_leading_spaces_of_an_output_are_printed_text(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["predict"][0]["output"] = "  4"
    assert _problems(tmp_path, data) == [
        (
            "modes › predict item 1 › option 1 › text",
            "the correct option must say exactly what the code prints, `output` '  4'; it says '4'",
        )
    ]


def test_an_indented_template_does_not_parse(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["template"] = "  pair = [___, ___]\n"
    [(path, message)] = _problems(tmp_path, data)
    assert path == "modes › fill item 1 › template"
    assert message.startswith("the template with its answers does not parse: unexpected indent")


def test_a_fix_that_changes_nothing_says_so(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fix"][0]["fixed"] = "X = 3"
    assert _problems(tmp_path, data) == [
        ("modes › fix item 1 › fixed", "is the same code as `broken`; the fix must change it")
    ]


@pytest.mark.parametrize(("key", "label"), [("fix", "fix item"), ("predict", "predict item")])
def test_an_item_that_is_not_a_mapping_is_located(tmp_path: Path, key: str, label: str) -> None:
    [(path, message)] = _problems(tmp_path, _modes(**{key: ["x = 3"]}))
    assert path == f"modes › {label} 1"
    assert message.startswith("expected a mapping of fields (id, ")


def test_a_wrong_answer_too_long_names_its_limit_and_place(tmp_path: Path) -> None:
    # was "limit 1,024 ()": the place was missing from the sentence
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["wrong"] = [["4", "w" * 1025]]
    assert _problems(tmp_path, data) == [
        (
            "modes › fill item 1 › wrong item 1 item 2",
            "too long for Discord: 1,025 characters, limit 1,024 (embed field)",
        )
    ]


def test_wrong_sets_are_each_checked_with_exact_sentences(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["wrong"] = ["4", ["x", "4"], ["4", "x"], ["4"]]
    assert _problems(tmp_path, data) == [
        ("modes › fill item 1 › wrong item 1", "expected a list of answers, one per blank"),
        ("modes › fill item 1 › wrong item 2", "is the same as `answers`; a wrong set must differ"),
        ("modes › fill item 1 › wrong item 4", "1 answer(s) for 2 blank(s)"),
    ]


def test_a_fixed_version_keeps_its_leading_spaces_and_must_parse(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fix"][0]["fixed"] = "  x = 3\n"
    [(path, message)] = _problems(tmp_path, data)
    assert path == "modes › fix item 1 › fixed"
    assert message.startswith("`fixed` does not parse: unexpected indent")


def test_a_worked_example_line_keeps_its_indentation_and_must_be_a_mapping(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["fill"][0]["example"] = [
        {"code": "    return total\n", "why": "inside a function"},
        "total = 1",
    ]
    assert _problems(tmp_path, data) == [
        (
            "modes › fill item 1 › example item 2",
            "expected a mapping of fields (code, why), got text",
        )
    ]
    data["modes"]["fill"][0]["example"] = data["modes"]["fill"][0]["example"][:1]
    assert _load(tmp_path, data).modes.fill[0].example[0].code == "    return total"


def test_broken_cards_and_questions_do_not_stop_the_topic_check(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["modes"]["concepts"].append("a card as text")
    data["questions"][0]["topic"] = "Not An Id"
    data["questions"][1]["topic"] = "listz"
    problems = _problems(tmp_path, data)
    assert ("modes › concept 3", "expected a mapping of fields") in [
        (path, message[:28]) for path, message in problems
    ]
    assert [m for p, m in problems if p == "question 2 › topic"] == [
        "no concept card 'listz' in `modes: concepts:` (cards: assignment, lists); "
        "did you mean 'lists'?"
    ]


def test_questions_that_are_not_a_list_are_one_problem(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["questions"] = None
    problems = _problems(tmp_path, data)
    assert [p for p, _ in problems] == ["questions"]


def test_an_output_keeps_every_printed_character(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    predict = data["modes"]["predict"][0]
    predict["code"] = "print('MAX')"
    predict["output"] = "MAX  \n\n"
    predict["options"][0]["text"] = "MAX"
    assert _load(tmp_path, data).modes.predict[0].output == "MAX"


def test_a_question_written_as_text_does_not_stop_the_topic_check(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["questions"].insert(0, "What is x?")
    problems = _problems(tmp_path, data)
    assert [p for p, _ in problems] == ["question 1"]
