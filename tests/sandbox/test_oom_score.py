"""On memory pressure the kernel picks a learner's run, not the bot or the sandbox server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from bot.core.ports import Program, RunJob, RunStatus
from bot.executor import SandboxExecutor


def descends_from_us(proc: Path) -> bool:
    """Only this test's sandbox counts (other suites may run sandboxes on the machine)."""
    pid = proc.name
    for _ in range(16):
        if pid in ("0", "1"):
            return False
        if int(pid) == os.getpid():
            return True
        pid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
    return False


def learner_scores() -> list[int]:
    scores = []
    for proc in Path("/proc").iterdir():
        try:
            if (proc / "comm").read_text().strip() == "stepwise-learn" and descends_from_us(proc):
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
