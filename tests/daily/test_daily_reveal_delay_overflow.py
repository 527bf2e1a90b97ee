"""A reveal delay too large for Python's own durations is refused like any other delay
past the week, not with a crash."""

from __future__ import annotations

import pytest

from bot.core.daily import DailyRuleError, parse_duration


@pytest.mark.parametrize("text", ["999999999999h", "99999999999d", "9999999999999999m"])
def test_a_delay_past_what_a_duration_can_hold_is_refused_as_too_long(text):
    with pytest.raises(DailyRuleError) as caught:
        parse_duration(text)
    assert caught.value.message == "The reveal delay must be between 1 minute and 7 days."
