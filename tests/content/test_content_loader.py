"""The shipped content loads, and the catalog answers what the surfaces ask of it."""

from __future__ import annotations

import dataclasses
import locale
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bot.core.checks import Check
from bot.core.content import (
    Catalog,
    ContentError,
    Difficulty,
    keep_live,
    load_catalog,
    load_lesson_file,
)
from bot.core.content.problems import Problem

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
TINY = Path(__file__).parent / "valid_tiny.yaml"


@pytest.fixture
def catalog() -> Catalog:
    """Loaded per test (0.3 s): mutmut picks the tests to run against a mutant by the calls
    each test makes, and a module-wide catalog would count only for the first test."""
    return load_catalog(CONTENT)


def test_shipped_content_loads(catalog: Catalog) -> None:
    ids = [lesson.id for lesson in catalog.lessons]
    assert {
        "what-is-mlops",
        "ml-lifecycle",
        "data-validation",
        "model-registry",
        "model-serving",
    } <= set(ids)
    for lesson in catalog.lessons:  # one lesson per file, named after its id
        assert lesson.source == str(CONTENT / "lessons" / f"{lesson.id}.yaml")


def test_seed_lesson_overview(catalog: Catalog) -> None:
    lesson = catalog.get("what-is-mlops")
    assert lesson is not None
    assert (lesson.title, lesson.track, lesson.tags, lesson.minutes) == (
        "What is MLOps",
        "mlops",
        ("devops", "mlops"),
        15,
    )
    assert lesson.solution_after_failures == 3
    assert lesson.packages == ()
    assert "machine learning" in lesson.scenario
    assert len(lesson.objectives) == 3
    assert "reliable AI products" in lesson.why_career


def test_seed_steps_carry_the_exact_required_names_and_values(catalog: Catalog) -> None:
    lesson = catalog.get("what-is-mlops")
    assert lesson is not None
    assert [step.index for step in lesson.steps] == [1, 2, 3, 4]
    assert [step.title for step in lesson.steps] == [
        "Define MLOps",
        "List MLOps Steps",
        "Explain Why MLOps is Important",
        "Display MLOps Summary",
    ]
    assert [c.kind for c in lesson.step(1).checks] == [
        "defined",
        "type",
        "nonempty_string",
        "mentions",
    ]
    assert {c.params["name"] for c in lesson.step(1).checks} == {"definition"}
    equals = lesson.step(2).checks[-1]
    assert equals == Check(
        "equals",
        {
            "name": "mlops_steps",
            "value": ["Data Preparation", "Model Training", "Model Deployment", "Monitoring"],
        },
    )
    assert {c.params["name"] for c in lesson.step(3).checks} == {"importance"}
    output, uses = lesson.step(4).checks
    assert output.params == {
        "mode": "equals",
        "lines": [{"name": "definition"}, {"name": "mlops_steps"}, {"name": "importance"}],
    }
    assert uses.params == {"construct": "print_call"}
    assert lesson.step(4).solution == "print(definition)\nprint(mlops_steps)\nprint(importance)"
    for step in lesson.steps:
        assert 2 <= len(step.hints) <= 3


def test_seed_questions_make_a_balanced_test(catalog: Catalog) -> None:
    questions = catalog.questions("what-is-mlops")
    assert len(questions) == 10
    assert len({q.id for q in questions}) == 10
    counts = Counter(q.difficulty for q in questions)
    assert min(counts[d] for d in Difficulty) >= 3
    assert {q.lesson_id for q in questions} == {"what-is-mlops"}
    assert len({q.correct_index for q in questions}) == 4  # the right answer moves around
    assert [q.difficulty.value for q in questions[:5]] == [
        "easy",
        "easy",
        "medium",
        "medium",
        "hard",
    ]
    for question in questions:
        assert question.explanation and question.hint and question.mistakes
        assert sum(option.correct for option in question.options) == 1


def test_seed_explanations_name_the_actually_wrong_options(catalog: Catalog) -> None:
    """The seed said "Options A, B, and C" were wrong where A is right; ours name the others."""
    for question in catalog.questions("what-is-mlops"):
        final = question.explanation[-1]
        letter = "ABCDE"[question.correct_index]
        assert final.endswith(f"Option {letter}"), question.id
        assert question.correct_option.text.split(":")[0] in final
    purpose = next(q for q in catalog.questions() if q.id == "mlops-purpose")
    assert "B, C and D" in purpose.explanation[1]


def test_questions_filter_by_difficulty(catalog: Catalog) -> None:
    hard = catalog.questions("what-is-mlops", Difficulty.HARD)
    assert hard and all(q.difficulty is Difficulty.HARD for q in hard)
    everywhere = catalog.questions(difficulty=Difficulty.HARD)  # every lesson's bank
    assert all(q.difficulty is Difficulty.HARD for q in everywhere)
    assert [q for q in everywhere if q.lesson_id == "what-is-mlops"] == hard
    per_lesson = [catalog.questions(x.id, Difficulty.HARD) for x in catalog.lessons]
    assert len(everywhere) == sum(map(len, per_lesson)) > len(hard)
    assert catalog.questions("no-such-lesson") == []


def _write(folder: Path, name: str, lesson_id: str, title: str = "Tiny lesson") -> Path:
    text = TINY.read_text().replace("id: tiny", f"id: {lesson_id}", 1)
    text = text.replace("title: Tiny lesson", f"title: {title}", 1)
    path = folder / name
    path.write_text(text)
    return path


def test_duplicate_lesson_ids_across_files_are_rejected(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", "same")
    second = _write(tmp_path, "b.yaml", "same")
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (str(second), 1, "id")
    assert problem.message == f"duplicate lesson id 'same' (already used by {first})"


def test_search_matches_id_or_title_prefix_first(tmp_path: Path) -> None:
    _write(tmp_path, "1.yaml", "docker-basics", "Containers with Docker")
    _write(tmp_path, "2.yaml", "intro-docker", "Docker for beginners")
    _write(tmp_path, "3.yaml", "k8s", "Kubernetes after docker")
    _write(tmp_path, "4.yaml", "python", "Python variables")
    catalog = load_catalog(tmp_path)
    assert [lesson.id for lesson in catalog.search("DOCK")] == [
        "docker-basics",
        "intro-docker",
        "k8s",
    ]
    assert [lesson.id for lesson in catalog.search("docker", limit=2)] == [
        "docker-basics",
        "intro-docker",
    ]
    assert [lesson.id for lesson in catalog.search("")] == [
        "docker-basics",
        "intro-docker",
        "k8s",
        "python",
    ]
    assert catalog.search("haskell") == []


def test_catalog_root_may_be_content_dir_lessons_dir_or_one_file(tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    one = _write(lessons, "one.yaml", "one")
    _write(lessons, "two.yml", "two")
    _write(lessons, ".#one.yaml", "editor-backup")
    (lessons / "notes.txt").write_text("not a lesson")
    assert [x.id for x in load_catalog(tmp_path)] == ["one", "two"]
    assert [x.id for x in load_catalog(lessons)] == ["one", "two"]
    assert [x.id for x in load_catalog(one)] == ["one"]
    assert load_lesson_file(one).source == str(one)


def test_missing_or_empty_root_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as empty:
        load_catalog(tmp_path)
    assert empty.value.problems == [
        Problem(
            str(tmp_path),
            None,
            "",
            "no lesson files (*.yaml) in this folder or its lessons/ folder",
        )
    ]
    with pytest.raises(ContentError) as missing:
        load_catalog(tmp_path / "nope")
    assert [str(problem) for problem in missing.value.problems] == [
        f"{tmp_path / 'nope'}: no such folder or file"
    ]
    with pytest.raises(ContentError, match="cannot read the file"):
        load_lesson_file(tmp_path / "nope.yaml")


def test_catalog_and_lessons_are_immutable(catalog: Catalog) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.lessons = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        catalog._by_id["x"] = catalog.lessons[0]  # type: ignore[index]


_LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 6)
)


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("id: &a [*a]\n", ":1 id: nested more than 50 levels deep (or an alias contains itself)"),
        ("id: !!python/object:os.system x\n", ":1 id: unsupported YAML tag"),
        ("base: &b {id: x}\n<<: *b\n", ":2: YAML merge keys (<<) are not supported"),
        ("id: x\n---\nid: y\n", ":2: column 1: a lesson file is one document: remove this"),
        ("just text\n", ":1: expected a mapping of fields"),
        (_LAUGHS, ":1: document too large (more than 100,000 values)"),
    ],
)
def test_yaml_features_a_lesson_cannot_use_are_reported(
    tmp_path: Path, yaml_text: str, expected: str
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    assert f"{path}{expected}" in str(caught.value)


def test_undecodable_file_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(ContentError, match="cannot read the file"):
        load_lesson_file(path)


def test_a_partial_load_keeps_every_valid_lesson_and_names_the_broken_file(tmp_path: Path) -> None:
    shutil.copy(Path(__file__).parent / "valid_tiny.yaml", tmp_path / "tiny.yaml")
    (tmp_path / "zz-broken.yaml").write_text("title: x: y\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_catalog(tmp_path)  # the strict load (content check) still fails
    catalog = load_catalog(tmp_path, partial=True)
    assert [lesson.id for lesson in catalog.lessons] == ["tiny"]
    assert catalog.broken_files == (str(tmp_path / "zz-broken.yaml"),)


def test_search_ranks_a_start_before_a_word_before_anywhere_whatever_the_file_order(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "1.yaml", "basics-of-ci", "Basics of integration")  # "ci" inside its id only
    _write(tmp_path, "2.yaml", "pipelines", "Build a CI pipeline")  # a title word
    _write(tmp_path, "3.yaml", "ci-cd", "Shipping models")  # its id starts with it
    _write(tmp_path, "4.yaml", "other", "Specific things")  # "ci" inside a title word
    catalog = load_catalog(tmp_path)
    assert [lesson.id for lesson in catalog.search("ci")] == [
        "ci-cd",
        "pipelines",
        "basics-of-ci",
        "other",
    ]
    assert [lesson.id for lesson in catalog.search("ci", limit=0)] == []
    assert [lesson.id for lesson in catalog.search("ci", limit=-3)] == []


def test_search_lists_at_most_twenty_five_lessons_for_autocomplete(tmp_path: Path) -> None:
    for number in range(26):
        _write(tmp_path, f"{number:02}.yaml", f"lesson-{number:02}")
    ids = [lesson.id for lesson in load_catalog(tmp_path).search("")]
    assert ids == [f"lesson-{number:02}" for number in range(25)]


def test_a_reload_keeps_the_old_lesson_of_a_file_that_is_broken_now(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "alpha")
    beta = _write(tmp_path, "b.yaml", "beta")
    old = load_catalog(tmp_path)
    beta.write_text("title: x: y\n", encoding="utf-8")  # an author mid-edit
    _write(tmp_path, "c.yaml", "gamma")
    new = load_catalog(tmp_path, partial=True)
    live = keep_live(old, new)
    assert [lesson.id for lesson in live.lessons] == ["alpha", "gamma", "beta"]
    assert live.lessons[2] is old.lessons[1]
    assert live.broken_files == (str(beta),)

    _write(tmp_path, "d.yaml", "beta")  # its lesson moved to another file meanwhile
    moved = load_catalog(tmp_path, partial=True)
    assert [lesson.id for lesson in keep_live(old, moved).lessons] == ["alpha", "gamma", "beta"]
    assert keep_live(old, moved).lessons[-1].source == str(tmp_path / "d.yaml")

    fixed = load_catalog(_write(tmp_path, "b.yaml", "beta-two"))
    assert keep_live(old, fixed) is fixed  # nothing broken: the new catalog as it is


def test_a_duplicate_id_is_named_on_its_own_line_and_the_files_after_it_still_load(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "a.yaml", "same")
    second = _write(tmp_path, "b.yaml", "same")
    second.write_text("# a copy of a.yaml\n" + second.read_text())
    _write(tmp_path, "c.yaml", "other")
    catalog = load_catalog(tmp_path, partial=True)
    assert [lesson.id for lesson in catalog.lessons] == ["same", "other"]
    assert [(p.file, p.line, p.path) for p in catalog.broken] == [(str(second), 2, "id")]


def test_a_duplicate_id_written_after_other_fields_is_named_on_the_id_line(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "same")
    second = _write(tmp_path, "b.yaml", "same")
    text = second.read_text()
    id_line, rest = text.split("\n", 1)
    second.write_text(rest.replace("track: python\n", f"track: python\n{id_line}\n", 1))
    with pytest.raises(ContentError) as caught:
        load_catalog(tmp_path)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (3, "id")


def test_an_undecodable_file_names_the_decoding_error(tmp_path: Path) -> None:
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"id: \xff\xfe\n")
    with pytest.raises(ContentError) as caught:
        load_lesson_file(path)
    [problem] = caught.value.problems
    assert problem.message == (
        "cannot read the file: 'utf-8' codec can't decode byte 0xff in position 4:"
        " invalid start byte"
    )


def test_a_lesson_file_is_read_as_utf8_whatever_the_hosts_locale(tmp_path: Path) -> None:
    path = tmp_path / "accents.yaml"
    path.write_text(
        TINY.read_text().replace("title: Tiny lesson", "title: Café — première leçon", 1),
        encoding="utf-8",
    )
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # an ASCII host: the lesson must not depend on it
    try:
        lesson = load_lesson_file(path)
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert lesson.title == "Café — première leçon"
