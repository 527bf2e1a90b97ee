"""The code that runs inside the two children of a job (see `bot.executor.protocol`).

`run_learner` executes the learner's programs in one fresh namespace and writes a report
that only claims values; `run_checker` runs no learner code and writes the check results.
Both assume the caller already isolated the process, and both only import the standard
library and `bot.core` plus this package's pure helpers, so a fork server can preload them.

Also a script, for the plain-subprocess executor:
    python3 -I -S harness.py learner REPORT_FD     (request JSON on stdin)
    python3 -I -S harness.py checker               (request, report, stdout JSON on stdin;
                                                    verdict on stdout)
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # -I leaves the project off sys.path: put the repo root on it
    import os.path

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

import builtins
import contextlib
import json
import os
import random
from typing import TYPE_CHECKING, Any

from bot.core.checks import (
    SnapshotError,
    decode,
    encode_namespace,
    is_variable,
    plan,
    read_cases,
)
from bot.executor.call_cases import CapturedOutput, redirected, run_calls
from bot.executor.friendly import (
    InputNotAvailable,
    remember_source,
    runtime_error_info,
    syntax_error_info,
)
from bot.executor.protocol import MEMORY_LIMIT_MB, REPORT_LIMIT, parse_report

if TYPE_CHECKING:
    from bot.core.checks import CheckContext

RECURSION_LIMIT = 1_000
CALLS_ROOM = 300_000  # bytes of the report kept for what the calls returned


def _no_input(*args: Any, **kwargs: Any) -> str:
    raise InputNotAvailable()


def _exit(code: Any = None) -> None:
    """exit()/quit(), which `-S` leaves out of builtins: end the current program."""
    raise SystemExit(code)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _flush_output() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(BaseException):
            stream.flush()


# --------------------------------------------------------------------------- learner


def _execute(
    programs: list[tuple[str, str]], namespace: dict, *, quiet: bool = False
) -> dict[str, Any]:
    """Run the programs in `namespace`. Only the submission's printing reaches the output
    (earlier steps still run, for their variables); with `quiet`, nothing does."""
    names = [name for name, _ in programs]
    submission = names[-1] if names else ""
    for position, (name, code) in enumerate(programs):
        silent = quiet or position < len(programs) - 1
        remember_source(name, code)
        try:
            compiled = compile(code, name, "exec")
        except SyntaxError as error:
            info = syntax_error_info(error, name, code, submission)
            return {"status": "syntax_error", "error": info, "values": {}}
        except (ValueError, RecursionError, MemoryError) as error:
            info = {"type": type(error).__name__, "message": str(error)[:500], "program": name,
                    "friendly": f"Python could not read {name}: it is too deeply nested or "
                    "contains a null character"}  # fmt: skip
            return {"status": "syntax_error", "error": info, "values": {}}
        try:
            if silent:
                with redirected(CapturedOutput(0)):
                    exec(compiled, namespace)
            else:
                exec(compiled, namespace)
        except SystemExit:
            continue  # exit() ends that program, like running it on its own would
        except BaseException as error:
            return {"status": "runtime_error", "error": _describe(error, names, namespace)}
    return {"status": "ok", "error": None, "values": None}


def _describe(error: BaseException, programs: list[str], namespace: dict) -> dict[str, Any]:
    try:
        known = [*dict.keys(namespace), *dir(builtins)]
        return runtime_error_info(error, programs, programs[-1], known)
    except BaseException:  # the learner's exception may be hostile to describe
        return {"type": "Error", "message": "", "friendly": "your program stopped with an error"}


def _fit_values(report: dict[str, Any], namespace: dict, room: int) -> dict[str, Any]:
    """The namespace's snapshot within `room` bytes of JSON, shrinking the budget if needed."""
    if report["status"] != "ok":
        return {}
    for nodes, chars in ((20_000, 400_000), (2_000, 64_000), (200, 8_000)):
        values = encode_namespace(namespace, budget=nodes, chars=chars)
        if len(json.dumps(values)) <= room:
            return values
    return {}


def _call_cases(
    request: dict, programs: list[tuple[str, str]], namespace: dict
) -> list[list[dict[str, Any]]]:
    """Run the request's calls (each case from a fresh namespace, see `call_cases`)."""

    def rerun() -> dict[str, Any] | None:
        fresh: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        random.seed(request.get("seed", 0))
        outcome = _execute(programs, fresh, quiet=True)
        return fresh if outcome["status"] == "ok" else None

    return run_calls(list(request["calls"]), namespace, rerun)


def learner_report(request: dict) -> bytes:
    """Run the programs in one namespace, then the calls a `calls` check asks for; the
    report (JSON) once they ended and output is flushed."""
    programs = [(str(p["name"]), str(p["code"])) for p in request["programs"]]
    random.seed(request.get("seed", 0))
    builtins.input = _no_input
    builtins.exit = builtins.quit = _exit
    sys.setrecursionlimit(RECURSION_LIMIT)
    for stream in (sys.stdout, sys.stderr):  # so prints and tracebacks interleave in order
        with contextlib.suppress(AttributeError, ValueError):
            if not stream.line_buffering:  # a fork server may have done it once for all
                stream.reconfigure(line_buffering=True)
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    try:
        report = _execute(programs, namespace)
    except MemoryError:
        error = {"type": "MemoryError", "message": "", "friendly": "out of memory"}
        report = {"status": "runtime_error", "error": error, "values": {}}
    _flush_output()
    sys.setrecursionlimit(RECURSION_LIMIT + 200)  # headroom for encoding a deep failure
    calling = report["status"] == "ok" and bool(request.get("calls"))
    room = REPORT_LIMIT - (CALLS_ROOM if calling else 0) - 16_000
    try:  # the values as the programs left them, before any call can change them
        values = _fit_values(report, namespace, room)
    except Exception:  # values are a bonus (MemoryError included): keep the status
        values = {}
    claims: list[list[dict[str, Any]]] | None = None
    if calling:
        try:
            claims = _call_cases(request, programs, namespace)
        except Exception:  # no claims: every case then reads as "no result"
            claims = None
    data = json.dumps({**report, "values": values, "calls": claims}).encode()
    if len(data) > REPORT_LIMIT:
        data = json.dumps({**report, "values": values, "calls": None}).encode()
    return data


def run_learner(request: dict, report_fd: int) -> None:
    """Run the programs in one namespace and write the report to `report_fd`."""
    _write_all(report_fd, learner_report(request))
    os.close(report_fd)


# --------------------------------------------------------------------------- checker


def context_from_report(report: bytes, stdout: str, request: dict) -> CheckContext:
    """Decode what the learner claimed, dropping anything malformed."""
    from bot.core.checks import CheckContext

    parsed = parse_report(report) or {}
    values: dict[str, Any] = {}
    shown: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for name, node in (parsed.get("values") or {}).items():
        if not name.isidentifier() or not is_variable(name, None):
            continue
        try:
            values[name] = decode(node)
        except (SnapshotError, RecursionError, MemoryError):
            continue
        if type(node.get("str")) is str:
            shown[name] = node["str"]
        if node.get("cut") is True and type(node.get("len")) is int:
            sizes[name] = node["len"]
    sources = tuple((str(p["name"]), str(p["code"])) for p in request.get("programs") or ())
    claimed = parsed.get("calls") if type(parsed.get("calls")) is list else []
    calls = {
        entry["check"]: read_cases(
            claimed[index] if index < len(claimed) else None, len(entry["cases"])
        )
        for index, entry in enumerate(plan(list(request.get("checks") or ())))
    }
    return CheckContext(
        values=values, shown=shown, stdout=stdout, sources=sources, sizes=sizes, calls=calls
    )


def verdict(request: dict, report: bytes, stdout: str) -> bytes:
    """The request's checks evaluated over the claimed values: a JSON list of results."""
    from bot.core.checks import Check, evaluate_all

    checks = [Check.from_dict(c) for c in request.get("checks") or ()]
    context = context_from_report(report, stdout, request)
    results = evaluate_all(checks, context)
    entries = [
        {"kind": r.kind, "passed": r.passed, "message": r.message, "detail": r.detail}
        for r in results
    ]
    return json.dumps(entries).encode()


def run_checker(request: dict, report: bytes, stdout: str, verdict_fd: int) -> None:
    """Evaluate the request's checks and write the verdict (a JSON list) to `verdict_fd`."""
    _write_all(verdict_fd, verdict(request, report, stdout))


# --------------------------------------------------------------------------- script


def limit_self(cpu_seconds: int) -> None:
    """rlimits for a standalone child (the sandbox sets its own, stricter, before forking)."""
    import resource

    memory = MEMORY_LIMIT_MB * 1024 * 1024
    for limit, value in (
        (resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_FSIZE, (1 << 20, 1 << 20)),
        (resource.RLIMIT_NOFILE, (32, 32)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(limit, value)


def main(argv: list[str]) -> None:
    """`learner REPORT_FD [CPU_SECONDS]` or `checker [CPU_SECONDS]`; request on stdin."""
    role = argv[1] if len(argv) > 1 else ""
    if role not in ("learner", "checker"):
        sys.exit("usage: harness.py learner REPORT_FD [CPU_SECONDS] | checker [CPU_SECONDS]")
    cpu = argv[3 if role == "learner" else 2 :]
    limit_self(int(cpu[0]) if cpu else 10)
    payload = json.loads(sys.stdin.buffer.read())
    if role == "learner":
        run_learner(payload, int(argv[2]))
    elif role == "checker":
        import base64

        report = base64.b64decode(payload["report"])
        run_checker(payload["request"], report, payload["stdout"], sys.stdout.fileno())
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
