"""Problem 1 of issue 20: bytes that are not UTF-8 never crash a surface; each one says where."""

from __future__ import annotations

import json

from .runner import LESSON, lessons_json, stepwise

CAFE = b'definition = "caf\xe9 ML models"\n'
NOTE = "line 1, column 18: the byte 0xE9 is not UTF-8 text"


def test_study_reads_a_latin1_byte_and_says_where_it_was(tmp_path):
    done = stepwise(tmp_path, "study", LESSON, stdin=CAFE + b"\n")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert f"Note: {NOTE}" in done.stdout
    assert "✓ Passed" in done.stdout  # the rest of the sentence still counts
    assert lessons_json(tmp_path)[LESSON]["steps_solved"] == 1


def test_check_json_carries_the_same_note_and_a_nul_is_named_as_such(tmp_path):
    done = stepwise(tmp_path, "check", LESSON, "--step", "1", "--json", stdin=CAFE)
    verdict = json.loads(done.stdout)
    assert verdict["passed"] and verdict["notes"][0] == NOTE

    nul = stepwise(tmp_path, "check", LESSON, "--step", "1", "--json", stdin=b"x = 1\x00\n")
    verdict = json.loads(nul.stdout)
    assert verdict["notes"][0] == (
        "line 1, column 6: a NUL character (code 0), which Python code cannot contain"
    )
    assert "null character" not in json.dumps(verdict)  # not the old "too deeply nested" guess
    assert verdict["error"]["friendly"] == (
        "line 1 contains '\ufffd', which stands in for a byte that was not UTF-8 text"
        " (or a NUL): retype that character"
    )


def test_sandbox_run_names_the_byte_not_a_nesting_problem(tmp_path):
    done = stepwise(tmp_path, "sandbox", "run", stdin=b'print("caf\xe9")\n')
    assert done.returncode == 0, done.stderr
    assert "Note: line 1, column 11: the byte 0xE9 is not UTF-8 text" in done.stderr
    assert done.stdout == "caf\ufffd\n"
    assert "nested" not in done.stderr
