"""How long the question bank's rules take: one form judged, and a 200-question import,
beside the lesson loader reading the same questions in a lesson file.

Usage: python benchmarks/bench_question_bank.py [--questions 200] [--runs 7] [--write FILE]
The baseline is `load_lesson_file` on the exported file (the same rules plus a lesson
around them); `import_yaml` should cost about the same, since it is the same reader. A
form is judged on every modal submit, so its row is per question. No target: the issue
asks for none; a Discord reply must start within 3 s, and these are milliseconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable without installing

from bot.core.content import load_lesson_file
from bot.core.quiz import Draft, check_draft, export_yaml, import_yaml

FORM = Draft(
    prompt="Which pandas method drops rows that hold missing values?",
    options="fillna\n* dropna\nisna\nreplace",
    explanation="dropna removes rows (or columns) holding NaN.\nfillna fills them in instead.",
    tags="pandas, cleaning",
    mistakes="fillna replaces values; it keeps the rows",
)


def questions(count: int) -> list:
    made = []
    for number in range(count):
        draft = Draft(**{**FORM.__dict__, "prompt": f"Question {number}: {FORM.prompt}"})
        made.append(replace(check_draft(draft).question, id=f"q{number + 1}"))
    return made


def median_ms(action, runs: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    text = export_yaml(questions(args.questions))
    data = text.encode()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        rows = [
            ("yaml CSafeLoader, no checks", lambda: yaml.load(text, Loader=loader)),
            ("load_lesson_file (lesson rules)", lambda: load_lesson_file(path)),
            ("import_yaml (same rules + member rules)", lambda: import_yaml(data, "bank.yaml")),
            ("check_draft, one form (rules + lint)", lambda: check_draft(FORM)),
        ]
        results = [(name, *median_ms(action, args.runs)) for name, action in rows]
    load = os.getloadavg()[0]
    lines = [
        f"# Question bank rules ({args.questions} questions, median of {args.runs} runs)",
        "",
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
        f"load average {load:.1f} at the end (other sessions share the 2 cores: noisy).",
        "",
        "| what | wall ms | CPU ms |",
        "|---|---:|---:|",
        *(f"| {name} | {wall:.2f} | {cpu:.2f} |" for name, wall, cpu in results),
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
