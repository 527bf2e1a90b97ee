"""custom_ids are versioned, parseable after a restart, and always within 100 characters."""

from __future__ import annotations

import re

from bot.discord_app import components
from bot.discord_app.components import Action, StepButton

MAX_SNOWFLAKE = 2**64 - 1
LONGEST_LESSON = "l" * 50  # the content loader's maximum


def test_step_custom_id_round_trips_through_the_template():
    custom_id = components.step_custom_id(Action.HINT, "what-is-mlops", 1234)
    assert custom_id == "stepwise:v1:hint:what-is-mlops:1234"
    match = re.match(StepButton.__discord_ui_compiled_template__, custom_id)
    assert match and match["action"] == "hint" and match["owner"] == "1234"


def test_longest_ids_fit_discords_limit():
    for action in Action:
        assert len(components.step_custom_id(action, LONGEST_LESSON, MAX_SNOWFLAKE)) <= 100
    assert len(components.code_modal_id(LONGEST_LESSON, MAX_SNOWFLAKE)) <= 100


def test_other_versions_and_shapes_do_not_match():
    template = StepButton.__discord_ui_compiled_template__
    assert not template.match("stepwise:v2:hint:what-is-mlops:1")
    assert not template.match("stepwise:v1:delete:what-is-mlops:1")
    assert not template.match("stepwise:v1:hint:what:is:1")
    assert not template.match(f"stepwise:v1:hint:{'l' * 51}:1")
    assert components.CODE_MODAL.match("stepwise:v1:code:what-is-mlops:42")
    assert components.RUN_MODAL.match("stepwise:v1:run:42")


def test_modal_value_reads_action_rows_and_labels():
    rows = {"components": [{"type": 1, "components": [{"custom_id": "code", "value": "x = 1"}]}]}
    labels = {"components": [{"type": 18, "component": {"custom_id": "code", "value": "y"}}]}
    assert components.modal_value(rows) == "x = 1"
    assert components.modal_value(labels) == "y"
    assert components.modal_value({"components": []}) == ""


def test_ids_that_carry_the_lesson_state_still_fit():
    state = "999.fffff"
    submit = f"{components.step_custom_id(Action.SUBMIT, LONGEST_LESSON, MAX_SNOWFLAKE)}:{state}"
    assert len(submit) <= 100
    assert re.match(StepButton.__discord_ui_compiled_template__, submit)["version"] == state
    box = components.code_modal_id(LONGEST_LESSON, MAX_SNOWFLAKE, state)
    assert len(box) <= 100 and components.CODE_MODAL.match(box)["version"] == state
