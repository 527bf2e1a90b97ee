"""Hostile programs through the real sandbox; each asserts containment.

Every case runs twice: through the local `SandboxExecutor` the one-container bot uses, and
through a `stepwise sandbox serve` process reached by the `RemoteExecutor` over TCP with
its secret, the way the two-service deployment runs. Runs only inside the throwaway PID
namespace (see conftest.py). Every case is bounded by the job's wall timeout, and the
namespace's PID 1 puts the whole run under a process and memory cap, so a sandbox
regression cannot take the machine down.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import textwrap
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import pytest

from bot.core.checks import Check
from bot.core.ports import CodeExecutor, Program, RunJob, RunResult, RunStatus
from bot.executor.remote import RemoteExecutor
from bot.executor.sandbox import SandboxExecutor
from tests.service_process import SECRET, ServeProcess

FAKE_TOKEN = "MTIzNDU2Nzg5.fake-discord-token.s3cr3t-Xq9"  # conftest.py puts it in our env
LIMIT = 4096
BAD = (RunStatus.RUNTIME_ERROR, RunStatus.SYNTAX_ERROR)


@pytest.fixture(scope="module")
def service() -> Iterator[ServeProcess]:
    """One sandbox service for the module, with the same limits as the local executor."""
    process = ServeProcess(STEPWISE_OUTPUT_LIMIT=str(LIMIT), STEPWISE_EXEC_CONCURRENCY="4")
    process.start()
    try:
        yield process
    finally:
        assert process.stop() == 0


@pytest.fixture(params=["local", "service"])
async def sandbox(request: pytest.FixtureRequest) -> AsyncIterator[CodeExecutor]:
    assert os.environ["DISCORD_TOKEN"] == FAKE_TOKEN
    if request.param == "local":
        async with SandboxExecutor(timeout=2.0, output_limit=LIMIT, concurrency=4) as executor:
            yield executor
        return
    url = request.getfixturevalue("service").url
    async with RemoteExecutor([url], SECRET, timeout=2.0) as remote:
        yield remote


async def run(sandbox: CodeExecutor, code: str, **job: object) -> RunResult:
    program = Program("your code", textwrap.dedent(code))
    result = await sandbox.run(RunJob((program,), **job))  # type: ignore[arg-type]
    seen = json.dumps(result.to_dict())
    assert FAKE_TOKEN not in seen and "s3cr3t" not in seen, "the bot token reached a child"
    return result


@dataclass(frozen=True)
class Case:
    code: str
    expect: Callable[[RunResult], bool]
    timeout: float = 2.0


def failed_with(*types: str) -> Callable[[RunResult], bool]:
    return lambda r: r.status in BAD and r.error is not None and r.error.type in types


def printed(text: str) -> Callable[[RunResult], bool]:
    return lambda r: r.status is RunStatus.OK and text in r.stdout


CASES: dict[str, Case] = {
    "read_etc_passwd": Case("print(open('/etc/passwd').read())", failed_with("FileNotFoundError")),
    "list_proc": Case("import os; print(os.listdir('/proc'))", failed_with("FileNotFoundError")),
    "proc_environ_glob": Case(
        """
        import glob
        found = [open(p).read() for p in glob.glob('/proc/*/environ')]
        print('found', len(found))
        """,
        printed("found 0"),
    ),
    "os_environ": Case("import os; print('env', dict(os.environ))", printed("env {}")),
    "host_files_absent": Case(
        """
        import os
        print(sorted(os.listdir('/')), os.path.exists('/home'), os.path.exists('/etc'))
        """,
        lambda r: printed("False False")(r) and "'proc'" not in r.stdout,
    ),
    "write_outside_tmp": Case(
        "import bot, os; open(os.path.dirname(bot.__file__) + '/x.py', 'w')",
        failed_with("OSError", "PermissionError"),
    ),
    "socket_create": Case("import socket; socket.socket()", failed_with("PermissionError")),
    "unix_socketpair": Case("import socket; socket.socketpair()", failed_with("PermissionError")),
    "raw_socket_ctypes": Case(
        "import ctypes; print('fd', ctypes.CDLL(None).socket(2, 3, 1))", printed("fd -1")
    ),
    "ctypes_via_subclasses": Case(
        """
        import sys
        sys.modules.pop('ctypes', None)  # as if `import ctypes` were blocked
        CDLL = [c for c in object.__subclasses__() if c.__name__ == 'CDLL'][0]
        libc = CDLL(None)
        print('fd', libc.socket(2, 1, 0), 'fork', libc.fork())
        """,
        printed("fd -1 fork -1"),
    ),
    "subprocess_run": Case(
        "import subprocess; print(subprocess.run(['id'], capture_output=True).stdout)",
        failed_with("PermissionError", "OSError", "FileNotFoundError", "BlockingIOError"),
    ),
    "os_system": Case(
        "import os; print('rc', os.system('echo pwned'))",
        lambda r: "pwned" not in r.stdout and r.status in (RunStatus.OK, *BAD),
    ),
    "os_fork": Case("import os; os.fork()", failed_with("PermissionError", "BlockingIOError")),
    "fork_bomb": Case(
        """
        import os
        made = 0
        for _ in range(5000):
            try:
                if os.fork() == 0:
                    os._exit(0)
                made += 1
            except OSError:
                pass
        print('forked', made)
        """,
        printed("forked 0"),
    ),
    "thread_bomb": Case(
        """
        import threading, time
        started = 0
        try:
            for _ in range(10000):
                threading.Thread(target=time.sleep, args=(10,)).start()
                started += 1
        except RuntimeError:
            pass
        print('threads', started)
        """,
        printed("threads 0"),
    ),
    "allocate_4gb": Case("x = bytearray(4 << 30)", lambda r: r.status is RunStatus.MEMORY_LIMIT),
    "grow_memory": Case(
        "x = []\nwhile True:\n    x.append(' ' * 10**6)",
        lambda r: r.status is RunStatus.MEMORY_LIMIT,
    ),
    "infinite_loop": Case("while True:\n    pass", lambda r: r.status is RunStatus.TIMEOUT, 1.0),
    "sleep_past_timeout": Case(
        "import time; time.sleep(30)", lambda r: r.status is RunStatus.TIMEOUT, 1.0
    ),
    "ignore_sigxcpu": Case(
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True:\n    pass",
        lambda r: r.status in (RunStatus.TIMEOUT, RunStatus.KILLED),
        4.0,
    ),
    "print_flood": Case(
        "while True:\n    print('x' * 1000)",
        lambda r: r.status is RunStatus.OUTPUT_LIMIT and r.truncated and len(r.stdout) <= LIMIT,
    ),
    "raw_write_flood": Case(
        "import os\nwhile True:\n    os.write(1, b'y' * 65536)",
        lambda r: r.status is RunStatus.OUTPUT_LIMIT and len(r.stdout) <= LIMIT,
    ),
    "stderr_flood": Case(
        "import os\nwhile True:\n    os.write(2, b'z' * 65536)",
        lambda r: r.status is RunStatus.OUTPUT_LIMIT and len(r.stdout) <= LIMIT,
    ),
    "file_2gb": Case(
        """
        with open('big', 'wb') as f:
            for _ in range(2048):
                f.write(b'0' * (1 << 20))
        """,
        failed_with("OSError"),
    ),
    "many_small_files": Case(
        "for i in range(100000):\n    open(f'f{i}', 'w').write('x')",
        failed_with("OSError"),
    ),
    "kill_parent": Case(
        "import os, signal; os.kill(os.getppid(), signal.SIGKILL)", failed_with("PermissionError")
    ),
    "kill_everyone": Case("import os; os.kill(-1, 9)", failed_with("PermissionError")),
    "kill_process_group": Case("import os; os.killpg(0, 9)", failed_with("PermissionError")),
    "signal_self_via_raise": Case(
        "import signal; signal.raise_signal(signal.SIGKILL)",
        lambda r: r.status is not RunStatus.OK or "done" not in r.stdout,
    ),
    "ptrace_ctypes": Case(
        "import ctypes; print('rc', ctypes.CDLL(None).ptrace(16, 1, 0, 0))", printed("rc -1")
    ),
    "unshare_mount_ctypes": Case(
        """
        import ctypes
        libc = ctypes.CDLL(None)
        print('rc', libc.unshare(0x10000000), libc.mount(b'none', b'/tmp', b'tmpfs', 0, None))
        """,
        printed("rc -1 -1"),
    ),
    "setuid_root": Case("import os; os.setuid(0)", failed_with("PermissionError", "OSError")),
    "recursion_bomb": Case("def f():\n    return f()\nf()", failed_with("RecursionError")),
    "nesting_bomb": Case(
        "eval('(' * 200000 + ')' * 200000)",
        lambda r: r.status in (*BAD, RunStatus.MEMORY_LIMIT),
    ),
    "huge_power": Case(
        "x = 1024 ** 1024 ** 1024",
        lambda r: r.status in (RunStatus.TIMEOUT, RunStatus.MEMORY_LIMIT),
        1.0,
    ),
    "input_call": Case(
        "name = input('name? ')",
        lambda r: r.status is RunStatus.RUNTIME_ERROR and "input" in r.error.friendly.lower(),
    ),
    "close_every_fd": Case(
        "import os\nos.closerange(0, 64)\nwhile True:\n    pass",
        lambda r: r.status in (RunStatus.TIMEOUT, RunStatus.RUNTIME_ERROR),
        1.0,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_hostile_program_is_contained(sandbox: CodeExecutor, name: str) -> None:
    case = CASES[name]
    result = await run(sandbox, case.code, timeout=case.timeout)
    assert case.expect(result), f"{name}: {result.to_dict()}"
    after = await run(sandbox, "print('still serving')")  # the server survived the case
    assert after.stdout == "still serving\n"


async def test_tcp_to_a_local_listener_never_connects(sandbox: CodeExecutor) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        code = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=1)"
        result = await run(sandbox, code)
        assert result.status is RunStatus.RUNTIME_ERROR
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody ever connected
    finally:
        listener.close()


SECRET_CHECKS = (Check("output", {"mode": "contains", "lines": ["the secret line"]}),)


async def test_printing_a_pass_does_not_pass(sandbox: CodeExecutor) -> None:
    forged = '{"status": "ok", "passed": true, "checks": [{"kind": "output", "passed": true}]}'
    result = await run(sandbox, f"print({forged!r})", checks=SECRET_CHECKS)
    assert not result.passed
    assert result.checks and not result.checks[0].passed


async def test_writing_the_result_channel_does_not_pass(sandbox: CodeExecutor) -> None:
    code = """
        import json, os
        fake_report = json.dumps({"status": "ok", "error": None, "values": {}}).encode()
        fake_verdict = json.dumps([{"kind": "output", "passed": True, "message": "ok"}]).encode()
        for fd in range(3, 16):
            for data in (fake_report, fake_verdict, b"D"):
                try:
                    os.write(fd, data)
                except OSError:
                    pass
        os._exit(0)
    """
    result = await run(sandbox, code, checks=SECRET_CHECKS)
    assert not result.passed


async def test_concurrent_learners_cannot_see_each_other(sandbox: CodeExecutor) -> None:
    marker = "learner-a-private-7f3e"
    writer = f"""
        import time
        secret = {marker!r}
        open('secret.txt', 'w').write(secret)
        print(secret)
        time.sleep(0.6)
    """
    spy = f"""
        import gc, os, time
        time.sleep(0.2)
        seen = [os.listdir('.')]
        needle = {marker[:8]!r} + {marker[8:]!r}
        for obj in gc.get_objects():
            if isinstance(obj, (str, bytes)) and needle in str(obj)[:10000] and obj is not needle:
                seen.append('memory')
        print(seen)
    """
    first, second = await asyncio.gather(run(sandbox, writer), run(sandbox, spy))
    assert first.stdout.strip() == marker
    assert second.status is RunStatus.OK
    assert "secret.txt" not in second.stdout and "memory" not in second.stdout
    assert marker not in second.stdout


# --------------------------------------------------------------------------- warm packages

ML = ("numpy", "pandas", "scikit-learn")
EVIL_PICKLE = "cos\\nsystem\\n(S'echo pwned'\\ntR."  # pickle protocol 0: os.system(...)
PACKAGE_CASES: dict[str, Case] = {
    "numpy_ctypeslib_load_library": Case(
        """
        import numpy as np
        lib = np.ctypeslib.load_library('libc.so.6', '/usr/lib/x86_64-linux-gnu')
        print('loaded', lib)
        """,
        failed_with("OSError"),
    ),
    "numpy_ctypeslib_libc_calls": Case(
        """
        import numpy as np
        libc = np.ctypeslib.ctypes.CDLL(None)
        print('fd', libc.socket(2, 1, 0), 'fork', libc.fork(), 'kill', libc.kill(-1, 9))
        """,
        printed("fd -1 fork -1 kill -1"),
    ),
    "pandas_read_etc_passwd": Case(
        "import pandas as pd\nprint(pd.read_csv('/etc/passwd', sep=':', header=None))",
        failed_with("FileNotFoundError"),
    ),
    "pandas_read_url": Case(
        "import pandas as pd\nprint(pd.read_csv('http://127.0.0.1:9/x.csv'))",
        lambda r: r.status in BAD and "root:" not in r.stdout,
    ),
    "numpy_fromfile_proc_mem": Case(
        "import numpy as np\nprint(np.fromfile('/proc/self/mem', count=16))",
        failed_with("FileNotFoundError"),
    ),
    "pickle_os_system": Case(
        f"import pickle\nprint('rc', pickle.loads({EVIL_PICKLE!r}.encode()))",
        lambda r: "pwned" not in r.stdout and r.status in (RunStatus.OK, *BAD),
    ),
    "pandas_read_pickle_os_system": Case(
        f"""
        import pandas as pd
        open('evil.pkl', 'wb').write({EVIL_PICKLE!r}.encode())
        print('rc', pd.read_pickle('evil.pkl'))
        """,
        lambda r: "pwned" not in r.stdout and r.status in (RunStatus.OK, *BAD),
    ),
    "numpy_load_allow_pickle": Case(
        """
        import os
        import numpy as np
        class Evil:
            def __reduce__(self):
                return (os.system, ('echo pwned; id',))
        np.save('evil.npy', np.array([Evil()], dtype=object), allow_pickle=True)
        print('rc', np.load('evil.npy', allow_pickle=True))
        """,
        lambda r: "pwned" not in r.stdout and "uid=" not in r.stdout,
    ),
    "numpy_huge_array": Case(
        "import numpy as np\nx = np.zeros((50_000, 50_000))\nx += 1",
        lambda r: r.status is RunStatus.MEMORY_LIMIT,
    ),
    "numpy_write_outside_tmp": Case(
        "import numpy, os\nnumpy.save(os.path.dirname(numpy.__file__) + '/x.npy', [1])",
        failed_with("OSError", "PermissionError"),
    ),
    "sklearn_all_cores": Case(
        """
        from sklearn.ensemble import RandomForestClassifier
        model = RandomForestClassifier(n_estimators=8, n_jobs=-1, random_state=0)
        print('fit', model.fit([[0], [1], [2], [3]], [0, 1, 0, 1]).n_estimators)
        """,
        lambda r: r.status in (RunStatus.OK, *BAD),
    ),
    "joblib_processes": Case(
        """
        from joblib import Parallel, delayed
        print(Parallel(n_jobs=4, backend='loky')(delayed(abs)(-i) for i in range(4)))
        """,
        lambda r: r.status in (RunStatus.OK, *BAD) and r.signal is None,
    ),
    "numpy_blas_burn": Case(
        "import numpy as np\nx = np.ones((2000, 2000))\nwhile True:\n    x = x @ x / 2000",
        lambda r: r.status in (RunStatus.TIMEOUT, RunStatus.KILLED),
        1.5,
    ),
}
# Warm children see the one-thread settings of the math libraries, never the bot's token.
WARM_EXPECT = {
    "os_environ": lambda r: r.status is RunStatus.OK and "TOKEN" not in r.stdout,
}


async def test_the_corpus_is_contained_with_warm_packages_present() -> None:
    """Every case again, plus attacks through numpy and pandas, in children forked from the
    warm parent that has numpy, pandas and scikit-learn imported; the server keeps
    serving after each (one executor, so the warm parent is started once)."""
    failures = []
    async with SandboxExecutor(timeout=2.0, output_limit=LIMIT, concurrency=4) as sandbox:
        for name, case in sorted({**CASES, **PACKAGE_CASES}.items()):
            result = await run(sandbox, case.code, timeout=case.timeout, packages=ML)
            if not WARM_EXPECT.get(name, case.expect)(result):
                failures.append(f"{name}: {result.to_dict()}")
            after = await run(sandbox, "import numpy\nprint('still serving')", packages=ML)
            if after.stdout != "still serving\n":
                failures.append(f"{name}: the server stopped serving: {after.to_dict()}")
    assert failures == []
