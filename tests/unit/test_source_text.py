"""Learner code made storable: any bytes in, UTF-8 text without NULs out, every repair noted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.lessons import clean_source, decode_source


@given(st.binary(max_size=2000))
def test_any_bytes_become_text_a_store_and_a_compiler_accept(data):
    source = decode_source(data)
    source.text.encode("utf-8")  # no lone surrogate left: SQLite's UTF-8 would refuse it
    assert "\x00" not in source.text
    assert bool(source.notes) == (b"\x00" in data or not _is_utf8(data))
    if not source.notes:
        assert source.text == data.decode("utf-8")


@given(st.text(max_size=2000))
def test_clean_text_passes_through_untouched(text):
    source = clean_source(text)
    assert (source.text, source.notes) == (text, ()) or "\x00" in text


def test_notes_name_line_and_column_and_stop_after_three():
    source = decode_source(b"ok\nx = '\xe9\xe9\xe9\xe9'\n")
    assert source.notes == (
        "line 2, column 6: the byte 0xE9 is not UTF-8 text",
        "line 2, column 7: the byte 0xE9 is not UTF-8 text",
        "line 2, column 8: the byte 0xE9 is not UTF-8 text",
        "... and 1 more such characters",
        "Each was replaced with '\ufffd'; save your code as UTF-8 text to keep it.",
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
