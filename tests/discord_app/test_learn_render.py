"""/learn's messages: custom_ids that fit and round-trip, and every card, item, verdict and
score card within Discord's limits whatever the lesson's text, with mentions made inert."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.content import Difficulty, load_catalog
from bot.core.modes import (
    MODES,
    LessonCard,
    ModeLine,
    ModeView,
    cheatsheet_markdown,
    item_ids,
    mode,
    score_test,
)
from bot.core.modes.items import item_at as desk_item_at
from bot.core.ports import RunResult, RunStatus
from bot.discord_app import learn_components as lc
from bot.discord_app import learn_ids as ids
from bot.discord_app import learn_render, mode_play
from bot.discord_app import mode_render as mr
from bot.discord_app.cogs.learn import mode_options
from bot.discord_app.render import Reply
from tests.e2e.fake_limits import payload_problems
from tests.e2e.learn_support import LESSON, REPO, fixture_catalog

MAX_OWNER = 2**64 - 1
LONGEST = "l" * 50
FIXTURE = fixture_catalog().get(LESSON)


def problems(reply: Reply, view=None) -> list[str]:
    body = {
        "content": reply.content,
        "embeds": [embed.to_dict() for embed in reply.embeds],
        "components": view.to_components() if view is not None else [],
    }
    return payload_problems(body)


# --------------------------------------------------------------------------- custom ids


def test_the_longest_custom_ids_fit_and_round_trip():
    chooser = ids.chooser_id(MAX_OWNER, LONGEST)
    assert re.match(ids.CHOOSER, chooser)["lesson"] == LONGEST
    for info in MODES:
        opened = ids.open_id(MAX_OWNER, LONGEST, info.id, 999)
        match = re.match(ids.OPEN, opened)
        assert match and ids.target_of(match["target"]) == info.id and match["index"] == "999"
        for act in ("a4", "n", "s", "f", "ra", "re", "w"):
            acted = ids.act_id(MAX_OWNER, LONGEST, info.id, 999, act)
            assert len(acted) <= 100
            found = re.match(ids.ACT, acted)
            assert found and ids.MODES_BY_CODE[found["mode"]] == info.id and found["act"] == act
        assert re.match(ids.BOX, ids.box_id(MAX_OWNER, LONGEST, info.id, 999))
    for target in (ids.JUMP, ids.CARD):
        assert re.match(ids.OPEN, ids.open_id(MAX_OWNER, LONGEST, target))["target"] == target


def test_other_versions_and_acts_do_not_match():
    assert not re.match(ids.ACT, "stepwise:v2:lm:1:what-is-mlops:co:0:n")
    assert not re.match(ids.ACT, "stepwise:v1:lm:1:what-is-mlops:co:0:delete")
    assert not re.match(ids.ACT, "stepwise:v1:lm:1:what-is-mlops:xx:0:n")
    assert not re.match(ids.OPEN, "stepwise:v1:lgo:1:what-is-mlops:flashcards")


def test_the_chooser_offers_ten_modes_with_short_descriptions():
    view = lc.card_view(MAX_OWNER, LONGEST, mode_options(("fix",)))
    select = view.to_components()[0]["components"][0]
    assert select["placeholder"] == "Choose your learning style — 10 modes available"
    assert [o["value"] for o in select["options"]] == [m.id for m in MODES]
    assert select["options"][6]["description"] == "Not written for this lesson yet"
    assert problems(Reply(), view) == []


# --------------------------------------------------------------------------- limits


def line(mode_id: str, done: int = 1) -> ModeLine:
    info = mode(mode_id)
    return ModeLine(info, done, 10, 1, 0, datetime(2026, 12, 4, tzinfo=UTC))


long_text = st.text(min_size=1, max_size=6000)


def stretched(text: str):
    """The fixture lesson with `text` in every field an author writes."""
    modes = FIXTURE.modes
    concepts = tuple(
        dataclasses.replace(c, title=text, idea=text, example=text) for c in modes.concepts
    )
    cases = tuple(
        dataclasses.replace(case, title=text, situation=text, debrief=text) for case in modes.cases
    )
    sheet = dataclasses.replace(modes.cheatsheet, summary=text, mistakes=(text, text))
    new = dataclasses.replace(
        modes,
        concepts=concepts,
        flashcards=tuple(dataclasses.replace(f, term=text, meaning=text) for f in modes.flashcards),
        predict=tuple(
            dataclasses.replace(p, code=text, why=text, output=text) for p in modes.predict
        ),
        fix=tuple(dataclasses.replace(f, broken=text) for f in modes.fix),
        cases=cases,
        cheatsheet=sheet,
    )
    return dataclasses.replace(
        FIXTURE, title=text[:200], scenario=text, goal=text, why_real_world=text, modes=new
    )


@settings(max_examples=25, deadline=None)
@given(long_text)
def test_every_message_fits_discords_limits(text):
    lesson = stretched(text)
    card = LessonCard(lesson, 1, 4, tuple(line(m.id) for m in MODES))
    assert problems(learn_render.card_reply(card)) == []
    m = lesson.modes
    replies = [
        mr.concept_reply(lesson, m.concepts[0], 0, 3),
        mr.concept_answered(lesson, m.concepts[0], 0, 3, 1),
        mr.flashcard_reply(lesson, m.flashcards[0], 0, 3, flipped=True),
        mr.predict_answered(lesson, m.predict[0], 0, 2, 1),
        mr.fix_reply(lesson, m.fix[0], 0, 2),
        mr.fill_reply(lesson, m.fill[0], 0, 2),
        mr.decision_answered(lesson, m.cases[0], m.cases[0].decisions[1], 2, 1, 2, 0),
        mr.cheatsheet_reply(lesson, m.cheatsheet, text),
        mr.finished_reply(lesson, "Flashcards", 3, 2, 1),
        mr.step_practice_reply(lesson, 2),
    ]
    for reply in replies:
        assert problems(reply) == [], reply
    run = RunResult(status=RunStatus.OK, stdout=text, duration_ms=3.0)
    assert problems(mr.code_verdict(run, False, 2, lesson, "Fixed", text)) == []


def test_scorecard_fits_and_names_the_missed_topics():
    lesson = FIXTURE
    answers = [(q, q.difficulty is not Difficulty.HARD) for q in lesson.questions]
    card = score_test(lesson, answers)
    embed = learn_render.score_embed(card)
    text = str(embed.to_dict())
    assert "getting there" in text and "Missed: A live model needs watching" in text
    assert problems(Reply(embeds=(embed,))) == []


def test_author_mentions_are_made_inert():
    card = dataclasses.replace(FIXTURE.modes.flashcards[0], term="@everyone <@123456789012345678>")
    reply = mr.flashcard_reply(FIXTURE, card, 0, 3, flipped=False)
    assert "@everyone" not in reply.embeds[0].description
    assert "<@123456789012345678>" not in reply.embeds[0].description


def test_the_fill_box_has_one_field_per_blank_labelled_by_its_line():
    item = FIXTURE.modes.fill[0]
    modal = mode_play.fill_modal("Fill the blanks — step 2", "x", item)
    fields = [row["components"][0] for row in modal.to_dict()["components"]]
    assert [f["custom_id"] for f in fields] == ["b1", "b2"]
    assert (
        fields[0]["placeholder"] == "mlops_steps = [[1], 'Model Training', 'Model Deployment', [2]]"
    )


CATALOG = load_catalog(REPO / "content", partial=True)


@pytest.mark.parametrize("lesson", [x for x in CATALOG if x.modes.concepts], ids=lambda x: x.id)
def test_every_item_of_the_shipped_lessons_fits(lesson):
    """Each mode item of each lesson, as shown and as answered, with its buttons."""
    owner, m = MAX_OWNER, lesson.modes
    shown = []
    for info in MODES:
        for index, item_id in enumerate(item_ids(lesson, info.id)):
            if info.id in ("steps", "practice", "test", "cheatsheet"):
                continue
            _, item = desk_item_at(lesson, info.id, index)
            view = ModeView(
                info, lesson, index, len(item_ids(lesson, info.id)), item, False, item_id
            )
            shown.append(mode_play.present(owner, view))
            if info.id in ("concepts", "predict", "scenario"):
                shown.append(mode_play.answered(owner, lesson, info.id, index, view.total, 0, 1))
    shown.append((mr.cheatsheet_reply(lesson, m.cheatsheet, cheatsheet_markdown(lesson)), None))
    for reply, view in shown:
        assert problems(reply, view) == [], reply.embeds[0].title
    for item in m.fill:
        modal = mode_play.fill_modal("Fill the blanks — step 1", "x" * 100, item)
        assert payload_problems(modal.to_dict(), modal=True) == []
