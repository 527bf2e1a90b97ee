"""Nothing committed is lost when the writing process is killed with SIGKILL mid-write."""

from __future__ import annotations

import os
import signal
import sqlite3

from bot.storage import SQLiteProgressStore

ROUNDS = 3
KILL_AFTER = 300  # committed answers reported before the kill


def read_until(proc, at_least: int) -> int:
    """Highest committed count the writer reported once it reaches `at_least` (or exits)."""
    last = 0
    for line in proc.stdout:
        last = int(line)
        if last >= at_least:
            break
    return last


async def test_kill_9_mid_write_loses_no_committed_row(tmp_path, start_writer):
    path = tmp_path / "killed.db"
    total_reported = 0
    for round_number in range(ROUNDS):
        proc = start_writer(path, f"round{round_number}", 0, tasks=4)  # 0: write forever
        reported = read_until(proc, KILL_AFTER)
        assert reported >= KILL_AFTER, proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        for line in proc.stdout:  # lines already in the pipe were committed too
            reported = max(reported, int(line))
        total_reported += reported

        with sqlite3.connect(path) as conn:  # recovery happens on this first open
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            stored = conn.execute(
                "SELECT count(*) FROM answers WHERE learner_id LIKE ?", (f"round{round_number}-%",)
            ).fetchone()[0]
            assert stored >= reported
            # save_progress is one transaction: its steps are never half-written
            for learner, steps, top in conn.execute(
                "SELECT learner_id, count(*), max(step) FROM step_state GROUP BY learner_id"
            ):
                assert steps == top and 1 <= steps <= 7, learner
    async with SQLiteProgressStore.open(path) as store:  # and the store opens it again
        assert len(await store.answers("round0-0")) > 0
    assert total_reported >= ROUNDS * KILL_AFTER
