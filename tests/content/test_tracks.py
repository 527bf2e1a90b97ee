"""Tracks, positions and prerequisites: order within a track, and the loader's cross-checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.content import ContentError, load_catalog, next_in_track, tracks

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / "content" / "lessons" / "what-is-mlops.yaml").read_text()


def lesson_file(folder: Path, lesson_id: str, track: str = "mlops", **fields: str) -> Path:
    """The seed lesson under another id, track and order fields (YAML snippets)."""
    text = SEED.replace("id: what-is-mlops\n", f"id: {lesson_id}\n", 1)
    text = text.replace("track: mlops\nposition: 1\n", f"track: {track}\n", 1)
    extra = "".join(f"{name}: {value}\n" for name, value in fields.items())
    text = text.replace(f"track: {track}\n", f"track: {track}\n{extra}", 1)
    path = folder / f"{lesson_id}.yaml"
    path.write_text(text)
    return path


def test_a_track_orders_its_lessons_by_position_then_file_order(tmp_path: Path) -> None:
    lesson_file(tmp_path, "a-unnumbered")
    lesson_file(tmp_path, "b-third", position="3")
    lesson_file(tmp_path, "c-first", position="1", prerequisites="[]")
    lesson_file(tmp_path, "d-other-track", track="python")
    lesson_file(tmp_path, "e-second", position="2", prerequisites="[c-first]")
    catalog = load_catalog(tmp_path)
    found = [(t.name, [lesson.id for lesson in t.lessons]) for t in tracks(catalog)]
    assert found == [
        ("mlops", ["c-first", "e-second", "b-third", "a-unnumbered"]),
        ("python", ["d-other-track"]),
    ]
    assert catalog.get("e-second").prerequisites == ("c-first",)
    assert next_in_track(catalog, "c-first").id == "e-second"
    assert next_in_track(catalog, "a-unnumbered") is None  # the last of its track
    assert next_in_track(catalog, "d-other-track") is None  # never crosses into another track


def test_the_shipped_seed_lesson_opens_the_mlops_track() -> None:
    catalog = load_catalog(REPO / "content")
    lesson = catalog.get("what-is-mlops")
    assert lesson.position == 1 and lesson.track == "mlops"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"a": {"prerequisites": "[no-such-lesson]"}},
            "a.yaml:5 prerequisite 1: no lesson has the id 'no-such-lesson'",
        ),
        (
            {"a": {"position": "2"}, "b": {"position": "2"}},
            "b.yaml:5 position: position 2 of track 'mlops' is already 'a'",
        ),
        (
            {"a": {"prerequisites": "[b]"}, "b": {"prerequisites": "[a]"}},
            "a.yaml:5 prerequisites: the prerequisites go round in a circle back to this lesson",
        ),
        (
            {"a": {"prerequisites": "[a]"}},
            "a.yaml:5 prerequisite 1: a lesson cannot be its own prerequisite",
        ),
        ({"a": {"position": "0"}}, "a.yaml:5 position: must be at least 1, got 0"),
    ],
)
def test_order_problems_name_file_line_and_field(
    tmp_path: Path, files: dict[str, dict[str, str]], expected: str
) -> None:
    for lesson_id, fields in files.items():
        lesson_file(tmp_path, lesson_id, **fields)
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    shown = [str(problem).replace(str(tmp_path) + "/", "") for problem in caught.value.problems]
    assert expected in shown, shown


def problems_of(tmp_path: Path, files: dict[str, dict[str, str]]) -> list[str]:
    for lesson_id, fields in files.items():
        lesson_file(tmp_path, lesson_id, **fields)
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    return [str(problem).replace(str(tmp_path) + "/", "") for problem in caught.value.problems]


def test_a_circle_further_along_is_named_on_its_own_lessons_only(tmp_path: Path) -> None:
    shown = problems_of(
        tmp_path,
        {
            "a": {"prerequisites": "[b]"},  # leads into the circle, is not part of it
            "b": {"prerequisites": "[c]"},
            "c": {"prerequisites": "[b]"},
        },
    )
    circle = "prerequisites: the prerequisites go round in a circle back to this lesson"
    assert shown == [f"b.yaml:5 {circle}", f"c.yaml:5 {circle}"]


def test_a_lesson_without_a_position_does_not_hide_a_clash_after_it(tmp_path: Path) -> None:
    shown = problems_of(tmp_path, {"a": {}, "b": {"position": "2"}, "c": {"position": "2"}})
    assert shown == ["c.yaml:5 position: position 2 of track 'mlops' is already 'b'"]
