"""Any bytes pasted as a ```py block in a DM get a verdict, never a logged error (issue 20).

Discord delivers valid Unicode (its JSON is UTF-8, so no lone surrogates), but that text
can hold NULs, control characters, U+FFFD where a client met bytes that were not UTF-8,
and lines up to the message limit; the real bot on the fake Discord must answer each with
a readable verdict. The `error_log` fixture fails the test on any ERROR logged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .actions import start_lesson

pasted = st.one_of(
    st.binary(min_size=1, max_size=300).map(lambda b: b.decode("utf-8", "replace")),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.just("definition = 'caf\ufffd ML models'\x00"),
    st.just("x = '" + "\x00\ufffd" * 900 + "'"),  # a line near Discord's 2,000 limit
).filter(lambda text: "```" not in text and text.strip())


@settings(
    max_examples=12,
    deadline=None,  # each example is a real round trip through the sandbox; no timing claims
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(code=pasted)
async def test_any_pasted_block_gets_a_verdict(fake, runner, services, code):
    ben = fake.members[1]
    channel = fake.dm_channel_id(ben)
    if not fake.messages_in(channel):
        await start_lesson(fake, ben, dm=True)
    before = len(fake.messages_in(channel))
    await fake.send_dm(ben, f"```py\n{code}\n```")
    reply = await fake.wait_for_message(
        lambda m: m.channel_id == channel and fake.messages_in(channel).index(m) >= before
    )
    text = reply.text()
    assert "passed" in text or "Not yet" in text or "starter code" in text, text
    assert 'File "/' not in text  # only the learner's own frames, never Stepwise's


async def test_a_nul_in_a_pasted_block_is_named_in_the_verdict(fake, runner, services):
    ben = fake.members[1]
    channel = fake.dm_channel_id(ben)
    await start_lesson(fake, ben, dm=True)
    await fake.send_dm(ben, '```py\ndefinition = "MLOps runs ML models\x00"\n```')
    verdict = await fake.wait_for_message(
        lambda m: m.channel_id == channel and "passed" in m.text()
    )
    assert "line 1, column 35: a NUL character (code 0), which Python code cannot contain" in (
        verdict.text()
    )
