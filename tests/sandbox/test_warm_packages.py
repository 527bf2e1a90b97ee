"""Lessons that declare numpy, pandas and scikit-learn run in warm children, sandboxed.

Real sandbox, real packages: the fork server keeps one warm parent per distinct package
set (bot/executor/sandbox/warm.py) with the packages imported, and forks learner
children from it. No test here measures time (benchmarks/bench_packages.py does).
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.checks import Check
from bot.core.content.limits import PACKAGE_PATTERN
from bot.core.ports import Program, RunJob, RunStatus
from bot.executor.sandbox import SandboxExecutor
from bot.executor.sandbox.packages import resolve

ML = ("numpy", "pandas", "scikit-learn")
FIT = """\
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(42)
X = rng.normal(size=(200, 2))
y = (X[:, 0] + X[:, 1] > 0).astype(int)
model = LogisticRegression().fit(X, y)
accuracy = float(model.score(X, y))
print(f"accuracy: {accuracy:.2f}")
"""


def job(code: str, packages: tuple[str, ...] = ML, **extra: object) -> RunJob:
    return RunJob((Program("step", code),), packages=packages, **extra)  # type: ignore[arg-type]


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxExecutor]:
    async with SandboxExecutor(timeout=10.0) as executor:
        yield executor


def warm_parents(server: int | None) -> list[int]:
    """Warm parents of the sandbox server: processes named stepwise-warm whose parent is
    its zygote (a child just forked from a warm parent still carries the name)."""
    assert server is not None
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _comm(entry) == "stepwise-warm":
            zygote = _parent(entry)
            if _comm(zygote) == "stepwise-zygote" and _parent(zygote) == str(server):
                found.append(int(entry))
    return found


def _comm(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return ""


def _parent(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[1]
    except (OSError, IndexError):
        return ""


def test_a_distribution_name_resolves_to_everything_its_import_needs() -> None:
    found = resolve(("scikit-learn",))
    names = {os.path.basename(path) for path in found.paths}
    assert {"sklearn", "scipy", "numpy", "joblib", "threadpoolctl.py"} <= names
    assert any(name.endswith(".libs") for name in names)  # vendored OpenBLAS, OpenMP
    assert "pandas" not in names  # only what scikit-learn requires
    assert "sklearn.linear_model" in found.modules


def test_unknown_packages_resolve_to_nothing() -> None:
    assert resolve(("no-such-package-xyz",)).paths == ()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.from_regex(PACKAGE_PATTERN, fullmatch=True).filter(lambda n: len(n) <= 40),
            st.sampled_from(["numpy", "pandas", "scikit-learn", "sklearn", "PyYAML", "six"]),
        ),
        max_size=4,
    )
)
def test_any_declared_names_resolve_to_existing_paths_only(names: list[str]) -> None:
    """Whatever an author declares, resolving never raises and binds only real paths."""
    found = resolve(tuple(names))
    assert all(os.path.exists(path) and os.path.isabs(path) for path in found.paths)
    assert len(set(found.modules)) == len(found.modules)


async def test_a_step_fits_a_scikit_learn_model_and_is_checked(sandbox: SandboxExecutor) -> None:
    checks = (
        Check("type", {"name": "accuracy", "type": "float"}),
        Check("output", {"mode": "contains", "lines": ["accuracy: 0.98"]}),
    )
    result = await sandbox.run(job(FIT, checks=checks))
    assert result.status is RunStatus.OK, result.to_dict()
    assert result.passed and [c.passed for c in result.checks] == [True, True]


async def test_the_packages_are_imported_before_the_learner_runs(sandbox: SandboxExecutor) -> None:
    code = (
        "import sys\n"
        "print([m in sys.modules for m in ('numpy', 'pandas', 'sklearn.linear_model')])\n"
    )
    result = await sandbox.run(job(code))
    assert result.stdout == "[True, True, True]\n"
    plain = await sandbox.run(job(code, packages=()))
    assert plain.stdout == "[False, False, False]\n"  # lessons without packages stay lean


async def test_pandas_works_inside_the_sandbox(sandbox: SandboxExecutor) -> None:
    code = (
        "import pandas as pd\n"
        "df = pd.DataFrame({'age': [21, 35, None], 'city': ['Oslo', 'Lima', 'Oslo']})\n"
        "print(int(df['age'].isna().sum()), df.groupby('city').size().to_dict())\n"
        "df.to_csv('clean.csv', index=False)\n"
        "print(len(pd.read_csv('clean.csv')))\n"
    )
    result = await sandbox.run(job(code))
    assert result.stdout == "1 {'Lima': 1, 'Oslo': 2}\n3\n", result.to_dict()


async def test_warm_children_stay_single_threaded_and_limited(sandbox: SandboxExecutor) -> None:
    code = (
        "import ctypes, glob, os, threading\n"
        "import numpy\n"
        "libs = os.path.dirname(numpy.__path__[0]) + '/numpy.libs/libscipy_openblas*.so'\n"
        "blas = ctypes.CDLL(glob.glob(libs)[0])  # already loaded: the same handle\n"
        "print('pools', blas.scipy_openblas_get_num_threads64_())\n"
        "try:\n"
        "    threading.Thread(target=print).start()\n"
        "    print('thread started')\n"
        "except RuntimeError:\n"
        "    print('no threads')\n"
    )
    result = await sandbox.run(job(code))
    assert result.stdout.splitlines() == ["pools 1", "no threads"], result.to_dict()
    bomb = await sandbox.run(job("import numpy as np\na = np.ones(80_000_000)"))
    assert bomb.status is RunStatus.MEMORY_LIMIT  # 640 MB: past the learner's 256 MB


async def test_one_warm_parent_per_distinct_package_set(sandbox: SandboxExecutor) -> None:
    for packages in (ML, ("numpy",), ML, ("numpy",)):
        assert (await sandbox.run(job("print('ok')", packages=packages))).stdout == "ok\n"
    assert len(warm_parents(sandbox.server_pid)) == 2


async def test_a_killed_warm_parent_is_replaced_and_loses_no_job(sandbox: SandboxExecutor) -> None:
    code = "import numpy as np\nprint(int(np.arange(4).sum()))"
    assert (await sandbox.run(job(code, packages=("numpy",)))).stdout == "6\n"
    (parent,) = warm_parents(sandbox.server_pid)
    os.kill(parent, signal.SIGKILL)
    after = await sandbox.run(job(code, packages=("numpy",)))
    assert after.status is RunStatus.OK and after.stdout == "6\n"
    for _ in range(600):  # the replacement starts once the death is noticed (not a timing check)
        if warm_parents(sandbox.server_pid) not in ([], [parent]):
            break
        await asyncio.sleep(0.1)
        await sandbox.run(job(code, packages=("numpy",)))  # jobs keep being served meanwhile
    assert warm_parents(sandbox.server_pid) not in ([], [parent])


async def test_warm_starts_a_catalogs_sets_before_any_job() -> None:
    async with SandboxExecutor() as executor:
        await executor.warm([("numpy",)])
        for _ in range(600):  # wait for the import, at most a minute (not a timing check)
            if warm_parents(executor.server_pid):
                break
            await asyncio.sleep(0.1)
        assert len(warm_parents(executor.server_pid)) == 1
        result = await executor.run(job("import numpy\nprint(numpy.__name__)", ("numpy",)))
        assert result.stdout == "numpy\n"
        assert len(warm_parents(executor.server_pid)) == 1  # the job used the same parent


async def test_a_single_file_module_of_a_dependency_is_importable(
    sandbox: SandboxExecutor,
) -> None:
    # threadpoolctl is one file (threadpoolctl.py) that scikit-learn requires (six, the old
    # example, is no longer required by python-dateutil 4)
    code = "import threadpoolctl\nprint(threadpoolctl.__file__.endswith('threadpoolctl.py'))"
    result = await sandbox.run(job(code, ("scikit-learn",)))
    assert result.stdout == "True\n", result.to_dict()


async def test_the_bot_warms_each_distinct_package_set_of_its_catalog() -> None:
    from bot.app import warm_package_sets
    from bot.core.content import Catalog
    from bot.core.content.models import Lesson

    class Recorder:
        def __init__(self) -> None:
            self.asked: list[list[tuple[str, ...]]] = []

        async def warm(self, sets: list[tuple[str, ...]]) -> None:
            self.asked.append(sets)

    import dataclasses
    from pathlib import Path

    from bot.core.content import load_catalog

    seed = load_catalog(Path(__file__).resolve().parents[2] / "content").lessons[0]

    def lesson(lesson_id: str, packages: tuple[str, ...]) -> Lesson:
        return dataclasses.replace(seed, id=lesson_id, packages=packages)

    catalog = Catalog((lesson("a", ML), lesson("b", ()), lesson("c", ML), lesson("d", ("numpy",))))
    recorder = Recorder()
    await warm_package_sets(recorder, catalog)  # type: ignore[arg-type]
    assert recorder.asked == [[("numpy",), ML]]  # each set once, in order
