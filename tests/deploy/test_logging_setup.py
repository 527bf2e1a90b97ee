"""Every log line is one line with level, logger and context, and never shows a secret."""

from __future__ import annotations

import io
import logging
import warnings

import pytest

from bot.logging_setup import REDACTED, configure_logging
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def captured():
    """The real root-logger setup, writing into a buffer; removed afterwards."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(Settings(discord_token=TOKEN, log_level="DEBUG"), stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)


def lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


def test_token_in_message_and_args_is_redacted(captured) -> None:
    log = logging.getLogger("bot.test")
    log.info("token is " + TOKEN)
    log.warning("login with %s failed (%d)", TOKEN, 401)
    log.error("dict args %(tok)s", {"tok": TOKEN})
    output = captured.getvalue()
    assert TOKEN not in output
    assert output.count(REDACTED) == 3
    assert "failed (401)" in output


def test_token_in_exception_text_and_context_is_redacted(captured) -> None:
    log = logging.getLogger("discord.client")
    try:
        raise RuntimeError(f"401 Unauthorized for Bot {TOKEN}")
    except RuntimeError:
        log.exception("login failed", extra={"header": f"Authorization: Bot {TOKEN}"})
    output = captured.getvalue()
    assert TOKEN not in output
    assert "RuntimeError: 401 Unauthorized for Bot [REDACTED]" in output
    assert 'header="Authorization: Bot [REDACTED]"' in output


def test_a_fragment_of_the_token_is_redacted_too(captured) -> None:
    signature = TOKEN.rsplit(".", 1)[1]
    logging.getLogger("bot.test").info("signature %s", signature)
    assert signature not in captured.getvalue()


def test_warnings_go_through_the_same_redaction(captured) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"deprecated call with {TOKEN}", DeprecationWarning, stacklevel=1)
    output = captured.getvalue()
    assert "deprecated call with [REDACTED]" in output
    assert TOKEN not in output


def test_one_line_per_event_with_level_logger_and_context(captured) -> None:
    log = logging.getLogger("bot.engine")
    log.info("step passed\nsecond line", extra={"learner": "discord:42", "lesson": "what is"})
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError:
        log.exception("evaluation crashed")
    first, second = lines(captured)
    assert first.split()[1:3] == ["INFO", "bot.engine:"]
    assert "step passed\\nsecond line" in first
    assert "learner=discord:42" in first and 'lesson="what is"' in first
    assert second.split()[1:3] == ["ERROR", "bot.engine:"]
    assert "ZeroDivisionError" in second and "Traceback" in second


def test_log_level_setting_filters_records() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(Settings(log_level="WARNING"), stream)
    try:
        logging.getLogger("bot.test").info("hidden")
        logging.getLogger("bot.test").warning("shown")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        logging.captureWarnings(False)
    assert lines(stream)[0].endswith("bot.test: shown")
    assert len(lines(stream)) == 1


def test_configuring_twice_keeps_one_handler(captured) -> None:
    root = logging.getLogger()
    before = len(root.handlers)
    handler = configure_logging(Settings(discord_token=TOKEN), io.StringIO())
    assert len(root.handlers) == before
    root.removeHandler(handler)
