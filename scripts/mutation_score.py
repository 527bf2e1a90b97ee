"""Print mutmut's score per module from the results it keeps under mutants/.

Used by scripts/mutation. A mutant counts as killed when a test failed or timed out with
it; "no tests" (no selected test reaches the code) counts against the score, because a
line no fast test runs is a line the suite cannot guard.
"""

from __future__ import annotations

import fnmatch
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "mutants"

KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}  # failed, error, timeout, type check
SURVIVED = {0}
NO_TESTS = {5, 33}


def configured_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["mutmut"]["only_mutate"]


def is_configured(path: str) -> bool:
    return path.endswith(".py") and any(fnmatch.fnmatch(path, p) for p in configured_patterns())


def module_files(paths: list[str]) -> list[str]:
    """The configured module files under the given files or folders (all when none given)."""
    wanted = paths or ["bot"]
    found: list[str] = []
    for given in wanted:
        target = (ROOT / given.rstrip("/")).resolve()
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for file in files:
            relative = file.relative_to(ROOT).as_posix()
            if is_configured(relative) and relative not in found:
                found.append(relative)
    if paths and not found:
        sys.exit(f"mutation: no configured module under {' '.join(paths)}")
    return found


def mutant_glob(path: str) -> str:
    """bot/core/quiz/selection.py -> bot.core.quiz.selection.x* (mutmut's name pattern)."""
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__") + ".x*"  # functions x_..., methods xǁClassǁ...


@dataclass
class Score:
    module: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    @property
    def checked(self) -> int:
        return sum(self.counts[c] for c in ("killed", "survived", "no tests", "other"))

    @property
    def percent(self) -> float | None:
        return 100 * self.counts["killed"] / self.checked if self.checked else None


COLUMNS = ("killed", "survived", "no tests", "other", "not run")


def score(path: str) -> Score:
    result = Score(path)
    meta = RESULTS / (path + ".meta")
    if not meta.exists():
        return result
    for code in json.loads(meta.read_text())["exit_code_by_key"].values():
        if code is None:
            column = "not run"
        elif code in KILLED:
            column = "killed"
        elif code in SURVIVED:
            column = "survived"
        elif code in NO_TESTS:
            column = "no tests"
        else:
            column = "other"  # suspicious, skipped or interrupted: rerun these
        result.counts[column] += 1
    return result


def table(scores: list[Score]) -> str:
    width = max([len("module"), *(len(s.module) for s in scores)])
    head = f"{'module':<{width}}  " + "  ".join(f"{c:>8}" for c in COLUMNS) + "     score"
    lines = [head, "-" * len(head)]
    total = Score("total")
    for s in scores:
        for column in COLUMNS:
            total.counts[column] += s.counts[column]
        lines.append(row(s, width))
    lines += ["-" * len(head), row(total, width)]
    return "\n".join(lines)


def row(s: Score, width: int) -> str:
    percent = "      -" if s.percent is None else f"{s.percent:6.1f} %"
    cells = "  ".join(f"{s.counts[c]:>8}" for c in COLUMNS)
    return f"{s.module:<{width}}  {cells}  {percent}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--filter"]:  # stdin: changed paths; stdout: the configured ones left
        for line in sys.stdin:
            path = line.strip()
            if is_configured(path) and (ROOT / path).is_file():
                print(path)
        return 0
    if argv[:1] == ["--names"]:
        for path in module_files(argv[1:]):
            print(mutant_glob(path))
        return 0
    scores = [score(path) for path in module_files(argv)]
    scores = [s for s in scores if s.checked or argv]
    print(table(scores))
    survivors = [s for s in scores if s.counts["survived"] or s.counts["no tests"]]
    if survivors:
        print("\nsurvivors: `mutmut results`; one of them: `mutmut show NAME`")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
