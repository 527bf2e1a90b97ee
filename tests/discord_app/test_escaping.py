"""The escaping rule, checked on what every builder of untrusted text actually renders.

Problem 6: whatever a program prints, raises or a member is called, the rendered payload
has no fence it did not put there (inside a block no two backticks touch), no live
Markdown, masked link or mention outside blocks beyond the template's own, and no
bidirectional control. Checked by difference: the same builder rendered with a harmless
string of the same length must show exactly as many fences and live characters.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checks import CheckResult
from bot.core.content import load_catalog
from bot.core.daily import Streak
from bot.core.lessons import ProgressSummary, Submission
from bot.core.lessons import state as lesson_state
from bot.core.ports import ErrorInfo, RunResult, RunStatus
from bot.core.quiz import QuizStats
from bot.discord_app import render
from bot.discord_app.escape import BIDI_CONTROLS, authored, in_code, plain
from bot.discord_app.quiz_render import BoardRow, leaderboard_reply

REPO = Path(__file__).resolve().parents[2]
LESSON = load_catalog(REPO / "content").get("what-is-mlops")
SPECIAL = set("*_~|[]<>@`")  # live anywhere
LINE_START = set("#-")  # live where a line starts (after spaces)
PIECES = ["```", "`````", "``", "@everyone", "@here", "<@123>", "<@&9>", "<#5>", "<t:0:R>"]
PIECES += ["[Claim Nitro](https://evil.example)", "**BOLD**", "||x||", "# H", "> q", "- l"]
PIECES += ["\u202e", "\u2066", "\u200f", "\u200b", "\u200d", "\\", "\n", " ", "a", "é", "ש"]
untrusted = st.one_of(
    st.text(alphabet=st.sampled_from(list("`*_~|[]()<>@#\\-\n a") + PIECES[-11:]), min_size=1),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join),
).filter(lambda s: len(s) <= 120)


def texts(reply: render.Reply) -> list[str]:
    """Every separately rendered string of a message: content, titles, fields, footers."""
    out = [reply.content]
    for embed in reply.embeds:
        data = embed.to_dict()
        out += [data.get("title", ""), data.get("description", "")]
        for field in data.get("fields", []):
            out += [field["name"], field["value"]]
        out.append(data.get("footer", {}).get("text", ""))
    return [text for text in out if text]


def live(text: str) -> int:
    """Markdown-significant characters outside code blocks that no backslash escapes."""
    count, i, line_start = 0, 0, True
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and not text[i + 1].isalnum():
            i += 2
            line_start = False
            continue
        count += char in SPECIAL or (line_start and char in LINE_START)
        line_start = char == "\n" or (line_start and char in " \t")
        i += 1
    return count


def shape(reply: render.Reply) -> list[tuple[int, int]]:
    """Per rendered string: how many fences, and how many live characters outside blocks."""
    found = []
    for text in texts(reply):
        assert not BIDI_CONTROLS.search(text), text
        parts = text.split("```")
        for inside in parts[1::2]:
            assert "``" not in inside, f"a fence can form inside a code block: {inside!r}"
        found.append((len(parts) - 1, sum(live(outside) for outside in parts[0::2])))
    return found


def same_shape(build, s: str) -> None:
    assert shape(build(s)) == shape(build("a" * len(s)))


def verdict(s: str) -> render.Reply:
    error = ErrorInfo(type=s, message=s, friendly=s, line=1, traceback=s)
    result = RunResult(
        RunStatus.RUNTIME_ERROR,
        stdout=s,
        error=error,
        checks=(CheckResult("equals", False, f"item 1 should be 'x' but is {s!r}"),),
    )
    progress = lesson_state.fresh("discord:1", LESSON, datetime.now(UTC))
    view = lesson_state.step_view(LESSON, progress, last_passed=False)
    return render.verdict_reply(Submission(result=result, passed=False, step_number=1, view=view))


def run_output(s: str) -> render.Reply:
    return render.sandbox_reply(RunResult(RunStatus.OK, stdout=s * 3))


def board(s: str) -> render.Reply:
    rows = [BoardRow(rank=1, name=s, score="1 correct / 1", extra="🔥 1 day streak")]
    return leaderboard_reply("🏆 Daily quiz leaderboard", rows, 0, 1)


def progress(s: str) -> render.Reply:
    summary = ProgressSummary("discord:1", (), QuizStats(0, 0), Streak(0, 0, False, None))
    return render.progress_reply(summary, s)


@settings(max_examples=300, deadline=None)
@given(untrusted)
def test_program_output_errors_and_check_values_stay_inert(s):
    same_shape(verdict, s)
    same_shape(run_output, s)


def posted_run(s: str) -> render.Reply:
    return render.posted_run_reply(s, s, RunResult(RunStatus.OK, stdout=s))


def shared(s: str) -> render.Reply:
    return render.share_reply(s, "What is MLOps", 4)


@settings(max_examples=300, deadline=None)
@given(untrusted)
def test_member_names_stay_inert(s):
    same_shape(board, s)
    same_shape(progress, s)
    same_shape(shared, s)


@settings(max_examples=200, deadline=None)
@given(untrusted)
def test_posted_code_and_output_stay_in_their_blocks(s):
    same_shape(posted_run, s)


@given(untrusted)
def test_plain_text_reads_as_typed_once_discord_drops_the_escapes(s):
    shown = re.sub(r"\\(.)", r"\1", plain(s), flags=re.DOTALL)
    assert shown == BIDI_CONTROLS.sub("", s)
    assert in_code(s).replace("\u200b", "") == BIDI_CONTROLS.sub("", s).replace("\u200b", "")


def test_the_reported_escapes_are_closed():
    out = "`````" + " **BOLD** [x](https://evil.example)"
    field = next(f for f in run_output(out).embeds[0].fields if f.name == "Your output")
    assert field.value.count("```") == 2 and "``" not in field.value[3:-3]
    assert plain("[Claim Nitro](https://evil.example)") == r"\[Claim Nitro\](https://evil.example)"
    assert "@\u200beveryone" in authored("ping @everyone")
