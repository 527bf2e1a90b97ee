"""Run the real `stepwise` command in a subprocess with a private database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
LESSON = "what-is-mlops"

# A learner's own answers to the seed lesson, one blank-line-terminated block per step.
STEP_CODE = {
    1: 'definition = "MLOps is a way to manage machine learning projects from data to monitoring."',
    2: "mlops_steps = ['Data Preparation', 'Model Training', 'Model Deployment', 'Monitoring']",
    3: 'importance = "MLOps helps teams work together and ship reliable models faster."',
    4: "print(definition)\nprint(mlops_steps)\nprint(importance)",
}


def stepwise(
    tmp: Path,
    *args: str,
    stdin: str | bytes = "",
    env: dict[str, str | None] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`stepwise ARGS` with `stdin`; bytes are sent as they are (for undecodable input).
    An `env` value of None removes that variable."""
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": str(REPO),  # works whether or not the project is pip-installed
        "STEPWISE_DB": str(tmp / "stepwise.db"),
        "STEPWISE_CONTENT": str(CONTENT),
        "STEPWISE_USER": "tester",
        **(env or {}),
    }
    environment = {key: value for key, value in environment.items() if value is not None}
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin if isinstance(stdin, bytes) else stdin.encode(),
        capture_output=True,
        cwd=cwd or tmp,
        env=environment,
        timeout=180,  # a safety net against a hung session, not a performance assertion
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", errors="strict"),  # our output is always UTF-8
        done.stderr.decode("utf-8", errors="strict"),
    )


def block(code: str) -> str:
    return code + "\n\n"


def lessons_json(tmp: Path) -> dict[str, Any]:
    done = stepwise(tmp, "lessons", "--json")
    assert done.returncode == 0, done.stderr
    tracks = json.loads(done.stdout)["tracks"]
    return {row["id"]: row for track in tracks for row in track["lessons"]}
