"""Where and what each repaired character was: the note a learner reads to find it."""

from __future__ import annotations

from bot.core.lessons import clean_source, decode_source

KEEP = "Each was replaced with '\ufffd'; save your code as UTF-8 text to keep it."


def test_a_nul_is_named_with_its_line_and_column_counted_from_the_start():
    source = clean_source("\nab\ncd\x00\n")
    assert source.notes == (
        "line 3, column 3: a NUL character (code 0), which Python code cannot contain",
        KEEP,
    )
    assert source.text == "\nab\ncd\ufffd\n"


def test_a_nul_right_after_a_leading_newline_is_line_two_column_one():
    source = clean_source("\n\x00")
    assert source.notes[0] == (
        "line 2, column 1: a NUL character (code 0), which Python code cannot contain"
    )


def test_a_character_on_the_first_line_is_counted_from_the_first_column():
    source = clean_source("x\x00")
    assert source.notes[0].startswith("line 1, column 2: a NUL character")


def test_the_first_and_last_bytes_surrogateescape_stands_in_for_are_named_as_bytes():
    source = decode_source(b"\x80\xff")
    assert source.notes == (
        "line 1, column 1: the byte 0x80 is not UTF-8 text",
        "line 1, column 2: the byte 0xFF is not UTF-8 text",
        KEEP,
    )


def test_surrogates_outside_the_byte_range_are_named_as_lone_surrogates():
    source = clean_source("\udc7f\udd00")
    assert source.notes == (
        "line 1, column 1: a lone surrogate U+DC7F, which is not a character",
        "line 1, column 2: a lone surrogate U+DD00, which is not a character",
        KEEP,
    )


def test_exactly_three_repairs_are_all_listed_with_no_more_line():
    source = clean_source("\x00\x00\x00")
    assert len(source.notes) == 4 and source.notes[-1] == KEEP
    assert not any(note.startswith("...") for note in source.notes)
