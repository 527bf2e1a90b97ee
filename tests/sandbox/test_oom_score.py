"""On memory pressure the kernel picks a learner's run, not the bot or the sandbox server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bot.core.ports import Program, RunJob, RunStatus
from bot.executor import SandboxExecutor


def learner_scores() -> list[int]:
    scores = []
    for proc in Path("/proc").iterdir():
        try:
            if (proc / "comm").read_text().strip() == "stepwise-learn":
                scores.append(int((proc / "oom_score_adj").read_text()))
        except (OSError, ValueError):
            continue  # not a process, or gone meanwhile
    return scores


async def test_learner_children_are_first_in_line_for_the_oom_killer() -> None:
    async with SandboxExecutor() as executor:
        job = RunJob((Program("your code", "import time\ntime.sleep(1)"),))
        running = asyncio.create_task(executor.run(job))
        await asyncio.sleep(0.4)
        scores = learner_scores()
        result = await running
    assert result.status is RunStatus.OK
    assert scores and set(scores) == {1000}
    assert int(Path(f"/proc/{os.getpid()}/oom_score_adj").read_text()) < 1000
