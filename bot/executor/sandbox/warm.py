"""Warm parents: one zygote per distinct package set, with those packages already imported.

Importing scikit-learn costs about a second; a learner's step that fits a small model costs
a few milliseconds. So the zygote forks, once per package set, a *warm parent*: it binds
the set into the template root (before the fork, so the zygote's later children see it
too), imports the set's modules with every math library held to one thread, rehearses a
little of what lessons do, then serves spawn commands exactly like the zygote on a socket
of its own. Its children are isolated the same way; only their address-space limit grows
by what the warm parent already maps, so a learner still gets the same 256 MB to allocate.

The warm parent imports on the host's file tree, as the zygote: it runs only our code and
the installed packages' own, never a job. It refuses to serve if an import left a thread
running (a fork copies only the calling thread); the server then runs that set's jobs in
cold children, as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import importlib
import json
import os
import socket
import sys

from bot.executor.sandbox.isolation import INSIDE_ID, NAMES, Sandbox
from bot.executor.sandbox.libc import PR_SET_PDEATHSIG
from bot.executor.sandbox.plan import build_plan
from bot.executor.sandbox.rootfs import Bind

# Read (getenv) by OpenBLAS, OpenMP and friends when they load: no thread pools. Learner children
# may not start threads at all (RLIMIT_NPROC 0); a pool started here would not survive
# the fork either.
ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "JOBLIB_MULTIPROCESSING": "0",
    "PYTHONHASHSEED": "0",
}

# The root has no /usr/lib: an extension module that links a system library can load in a
# child only if that library is already mapped (the dynamic linker then finds it by its
# soname). numpy, pandas, scipy and scikit-learn link these; their other libraries
# (OpenBLAS, gfortran, OpenMP) come in their own `.libs` directories, which are bound.
NATIVE = ("libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0", "libdl.so.2", "libz.so.1")

# First calls pay lazy imports and caches (scipy.optimize for the solver, pandas' parsers):
# paid once here, on made-up data, they stay shared and clean in every child.
REHEARSALS = {
    "numpy": (
        "import numpy as np\n"
        "rng = np.random.default_rng(0)\n"
        "x = rng.normal(size=(200, 3))\n"
        "(x @ x.T).sum(); x.mean(axis=0); np.round(x, 2)\n"
    ),
    "pandas": (
        "import io\nimport pandas as pd\n"
        "df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, None, 2.0], 'c': ['x', 'y', 'x']})\n"
        "df.describe(); df.isna().sum(); df.groupby('c')['a'].mean(); df[df['a'] > 1]\n"
        "pd.read_csv(io.StringIO('a,b\\n1,2\\n')); df.to_dict('records')\n"
    ),
    "sklearn": (
        "import numpy as np\n"
        "from sklearn.linear_model import LogisticRegression, LinearRegression\n"
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.metrics import accuracy_score\n"
        "rng = np.random.default_rng(0)\n"
        "x = rng.normal(size=(200, 4)); y = (x[:, 0] + x[:, 1] > 0).astype(int)\n"
        "a, b, c, d = train_test_split(x, y, test_size=0.25, random_state=0)\n"
        "m = LogisticRegression().fit(a, c); accuracy_score(d, m.predict(b))\n"
        "LinearRegression().fit(a, a[:, 0])\n"
    ),
}


def threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def address_space() -> int:
    """Bytes this process maps now (VmSize): what a child inherits before its own run."""
    with contextlib.suppress(OSError, ValueError, IndexError), open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def rehearse(top: str) -> None:
    """Run the package's rehearsal, then snapshot its variables as the harness would (the
    first repr of an array or a model builds printers and caches)."""
    from bot.core.checks.snapshot import encode_namespace

    namespace: dict = {}
    exec(compile(REHEARSALS[top], f"<warm-up {top}>", "exec"), namespace)
    namespace.pop("__builtins__", None)
    for _ in range(3):
        encode_namespace(namespace)


def warm_imports(modules: list[str], paths: list[str]) -> None:
    """Import the set (what fails to import is left to the learner's own import) and
    rehearse; runs gc while importing, then freezes what it made."""
    for name, value in ONE_THREAD.items():  # the C environment, which the libraries read
        os.putenv(name, value)
    import ctypes

    for library in NATIVE:
        with contextlib.suppress(OSError):
            ctypes.CDLL(library)
    for path in paths:  # what run_learner would add for each bind
        parent = os.path.dirname(path)
        if parent not in sys.path:
            sys.path.append(parent)
    gc.enable()
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    for top in dict.fromkeys(m.split(".")[0] for m in modules):
        if top in REHEARSALS and top in sys.modules:
            with contextlib.suppress(Exception):
                rehearse(top)
    gc.collect()
    gc.freeze()
    gc.disable()


def start_warm_parent(
    sandbox: Sandbox, extra: tuple[Bind, ...], data: dict, inherited: list[int], serve
) -> tuple[int, socket.socket]:
    """In the zygote: fork the warm parent of one package set; returns its pid and the
    server's end of its socket. `serve(sock, sandbox)` is the zygote's own loop."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid != 0:
        theirs.close()
        return pid, ours
    try:
        ours.close()
        for fd in inherited:  # the zygote's socket, epoll and its children's pidfds
            with contextlib.suppress(OSError):
                os.close(fd)
        sandbox.libc.prctl(PR_SET_PDEATHSIG, 9)
        sandbox.libc.set_name(b"stepwise-warm")
        warm_imports(list(data.get("modules") or ()), [b.source for b in extra])
        if threads() != 1:
            os.write(2, b"sandbox: a package import left a thread running; not serving\n")
            os._exit(1)
        limits = sandbox.limits
        grown = dataclasses.replace(limits, address_space=limits.address_space + address_space())
        sandbox.limits = grown
        if "learner" in sandbox.plans:
            fd_base = int(data.get("fd_base") or 0)
            sandbox.plans = {
                "learner": build_plan(sandbox, True, INSIDE_ID, fd_base, NAMES["learner"])
            }
        else:
            sandbox.plans = {}
        serve(theirs, sandbox)
    finally:
        os._exit(0)


def encode_warm(paths: list[list], modules: list[str]) -> bytes:
    return json.dumps({"binds": paths, "modules": modules}).encode()
