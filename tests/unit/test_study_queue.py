"""The terminal shows the same queued line as Discord, and :retry resubmits refused code."""

from __future__ import annotations

import asyncio
import io

from bot.cli.console import Console
from bot.cli.study import study_session
from bot.core.ports import ExecutorBusy, QueueNotice, RunJob, RunResult, notify
from bot.executor.fake import verdict

from .helpers import PASSING, build_engine


class BusyThenQueued:
    """Refuses the first run (with a wait), then queues the next behind 3 runs."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, job: RunJob) -> RunResult:
        self.calls += 1
        if self.calls == 1:
            raise ExecutorBusy("every sandbox runner is busy", retry_after=11.2)
        notify(QueueNotice(ahead=3, wait=1.4))
        await asyncio.sleep(0)
        return verdict(job.submission.code.strip() == PASSING)


async def test_a_refusal_says_when_and_retry_submits_the_same_code_which_then_queues():
    executor = BusyThenQueued()
    engine, _, store, _ = build_engine(handler=executor)
    out = io.StringIO()
    console = Console(io.StringIO(f"{PASSING}\n\n:retry\n:retry\n"), out, interactive=False)
    assert await study_session(console, engine, "local:alice", "demo") == 0
    text = out.getvalue()
    assert (
        "Every code runner is busy right now: try again in about 12 s. "
        "Type :retry to submit the same code again." in text
    )
    assert "queued — 3 runs ahead of you (about 2 s)" in text
    assert text.index("queued —") < text.index("✓ Passed")
    assert "Nothing to retry" in text  # the second :retry: that code was already checked
    attempts = await store.attempts("local:alice", "demo")
    assert [(a.code.strip(), a.passed) for a in attempts] == [(PASSING, True)]
