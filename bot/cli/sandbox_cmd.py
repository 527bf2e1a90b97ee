"""`stepwise sandbox run`, `doctor` and `serve`: the sandbox from the terminal, or as a service.

`run` sends a snippet through the same executor the bot uses and prints its output, or the
whole verdict as JSON (`RunResult.to_dict()` names, documented in docs/sandbox.md).
`doctor` starts the sandbox in a mode that reports instead of refusing, prints every
isolation layer with ok/missing and, for each missing one, how to fix it.
`serve` runs the sandbox as an HTTP service for bots on other hosts (docs/sandbox.md).
Exit codes: 0 ok, 1 a failed run / a missing layer, 2 bad arguments or settings.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import sys
from typing import Any

from bot.cli.console import read_code
from bot.core.ports import ExecutorBusy, ExecutorUnavailable, Program, RunJob, RunStatus
from bot.logging_setup import configure_logging
from bot.settings import Settings, SettingsError, load_settings, token_in_environment

DOCKER_FIX = (
    "in Docker use the compose settings from deploy/: security_opt "
    '["seccomp=./deploy/seccomp.json", "no-new-privileges:true"], cap_drop: [ALL] '
    "(the default seccomp profile blocks unshare and namespace flags on clone)"
)

# layer -> (what it gives, how to get it back when missing)
LAYERS: dict[str, tuple[str, str]] = {
    "user_ns": (
        "user namespace: learner code runs as an unprivileged uid with no host privileges",
        "allow unprivileged user namespaces (sysctl user.max_user_namespaces=15000; on "
        "Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0); " + DOCKER_FIX,
    ),
    "mount_ns": (
        "mount namespace: the child's file tree is its own",
        "the seccomp profile must allow unshare, mount, umount2; " + DOCKER_FIX,
    ),
    "net_ns": (
        "network namespace: no interface but a down loopback",
        "the seccomp profile must allow unshare/clone with CLONE_NEWNET; " + DOCKER_FIX,
    ),
    "ipc_uts_ns": (
        "IPC and UTS namespaces: no shared memory or hostname with anyone",
        "the seccomp profile must allow sethostname, setdomainname, unshare; " + DOCKER_FIX,
    ),
    "tmpfs_root": (
        "tmpfs root: only the read-only stdlib and bot package, a 16 MB /tmp; "
        "no /proc, /etc, home or project files",
        "the seccomp profile must allow mount, pivot_root, chroot; " + DOCKER_FIX,
    ),
    "rlimits": (
        "rlimits: CPU 2 s/3 s, 256 MB memory, no new processes, 1 MB files, 16 fds",
        "raise the bot's hard limits (ulimit -H) so the sandbox can set its own",
    ),
    "cap_drop": (
        "capabilities: none, bounding set empty",
        "needs prctl(PR_CAPBSET_DROP) and capset; a Linux >= 4.3 kernel",
    ),
    "seccomp": (
        "seccomp filter: no sockets, exec, fork, signals to others, ptrace, mount, bpf, ...",
        "needs a kernel with CONFIG_SECCOMP_FILTER on x86_64 or aarch64",
    ),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="run a snippet in the sandbox, or check which sandbox layers work",
        description="The code sandbox learner programs run in.",
    )
    commands = parser.add_subparsers(dest="sandbox_command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="run a Python snippet in the sandbox (exit 0 when its status is ok)",
        description="Run FILE (or standard input with - or no FILE) in the sandbox.",
    )
    run.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    run.add_argument("--json", action="store_true", help="print the whole verdict as JSON")
    run.add_argument(
        "--timeout", type=_seconds, default=None, metavar="S", help="wall-time limit in seconds"
    )
    run.set_defaults(func=sandbox_run)
    doctor = commands.add_parser(
        "doctor",
        help="print every isolation layer with ok/missing and how to fix it (exit 1 if missing)",
    )
    doctor.add_argument("--json", action="store_true", help="print the layers as JSON")
    doctor.set_defaults(func=sandbox_doctor)
    serve = commands.add_parser(
        "serve",
        help="run the sandbox as an HTTP service (POST /run, GET /health) for remote bots",
        description="Serve the sandbox over HTTP. Clients must send STEPWISE_SANDBOX_SECRET "
        "as a bearer token; TCP refuses to start without one. Bots use it through "
        "STEPWISE_SANDBOX_URL. Stops on SIGTERM after answering the running jobs.",
    )
    serve.add_argument(
        "--listen",
        default="127.0.0.1:8080",
        metavar="HOST:PORT|unix:/PATH",
        help="TCP address or unix socket to listen on (default 127.0.0.1:8080)",
    )
    serve.add_argument(
        "--max-body",
        type=_byte_count,
        default=1 << 20,
        metavar="BYTES",
        help="largest request body accepted; larger ones get 413 (default 1048576)",
    )
    serve.set_defaults(func=sandbox_serve)
    parser.set_defaults(func=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0.1 <= value <= 60:
        raise argparse.ArgumentTypeError("the timeout must be between 0.1 and 60 seconds")
    return value


def _byte_count(text: str) -> int:
    if not text.isdigit() or not 1024 <= int(text) <= 64 << 20:
        raise argparse.ArgumentTypeError("the body limit must be 1024..67108864 bytes")
    return int(text)


def _settings() -> Settings | None:
    try:
        return load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"settings: {problem}", file=sys.stderr)
        return None


# --------------------------------------------------------------------------- run


def sandbox_run(args: argparse.Namespace) -> int:
    try:
        source = read_code(args.file)
    except OSError as exc:
        print(f"stepwise sandbox run: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    for note in source.notes:
        print(f"Note: {note}", file=sys.stderr)
    code = source.text
    settings = _settings()
    if settings is None:
        return 2
    job = RunJob((Program("your code", code),), timeout=args.timeout)
    try:
        result = asyncio.run(_run_one(settings, job))
    except (ExecutorUnavailable, ExecutorBusy) as exc:
        print(f"sandbox unavailable: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(result.stdout)
        if result.truncated:
            print("\n[output truncated]")
        if result.status is not RunStatus.OK:
            print(_describe(result.to_dict()), file=sys.stderr)
    return 0 if result.status is RunStatus.OK else 1


async def _run_one(settings: Settings, job: RunJob):
    from bot.app import open_executor

    executor = await open_executor(settings)
    try:
        return await executor.run(job)
    finally:
        await executor.aclose()


def _describe(result: dict[str, Any]) -> str:
    error = result.get("error")
    if error:
        where = f" (line {error['line']})" if error.get("line") else ""
        text = f"{result['status']}: {error['type']}{where}: {error['friendly']}"
        return text + (f"\n{error['traceback']}" if error.get("traceback") else "")
    return f"{result['status']}: {result.get('detail') or 'no detail'}"


# --------------------------------------------------------------------------- doctor


def sandbox_doctor(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    report = asyncio.run(_probe(settings))
    missing = [name for name, row in report["layers"].items() if not row["ok"]]
    report["ok"] = not missing
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(_doctor_text(report, missing))
    return 0 if not missing else 1


async def _probe(settings: Settings) -> dict[str, Any]:
    """Start the sandbox in report-don't-refuse mode and read its layer probe."""
    from bot.app import open_executor

    logging.getLogger("stepwise.sandbox").setLevel(logging.ERROR)  # no insecure-dev warning
    logging.getLogger("bot.app").setLevel(logging.ERROR)
    probing = dataclasses.replace(settings, sandbox_mode="insecure-dev")
    problem = ""
    layers: dict[str, str] = {}
    evidence: dict[str, Any] = {}
    try:
        executor = await open_executor(probing)
    except Exception as exc:  # the doctor reports every failure instead of raising
        executor, problem = None, f"{type(exc).__name__}: {exc}"
    if executor is not None:
        layers = dict(getattr(executor, "layers", {}) or {})
        evidence = dict(getattr(executor, "evidence", {}) or {})
        if not layers:
            problem = "the sandbox server could not start; only a plain subprocess is available"
        await executor.aclose()
    rows = {}
    for name, (what, fix) in LAYERS.items():
        error = layers.get(name, problem or "not probed")
        fix_text = fix if error else ""
        rows[name] = {"ok": not error, "what": what, "error": error, "fix": fix_text}
    return {"layers": rows, "evidence": evidence, "problem": problem, "mode": settings.sandbox_mode}


def _doctor_text(report: dict[str, Any], missing: list[str]) -> str:
    lines = ["Stepwise sandbox layers:"]
    for name, row in report["layers"].items():
        lines.append(f"  {'ok     ' if row['ok'] else 'MISSING'}  {name:<11} {row['what']}")
        if not row["ok"]:
            lines.append(f"           why: {row['error']}")
            lines.append(f"           fix: {row['fix']}")
    evidence = report["evidence"]
    if evidence:
        lines.append("Seen from inside a sandboxed child:")
        lines += [f"  {key}: {value}" for key, value in evidence.items()]
    if report["problem"]:
        lines.append(f"Problem: {report['problem']}")
    if missing:
        lines.append(
            f"{len(missing)} layer(s) missing: the bot refuses learner code "
            "(STEPWISE_SANDBOX=insecure-dev runs it anyway, for development only)."
        )
    else:
        lines.append("All layers work: learner code runs fully sandboxed.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- serve


def sandbox_serve(args: argparse.Namespace) -> int:
    if token_in_environment():
        print(
            "stepwise sandbox serve: DISCORD_TOKEN is set in this environment; the sandbox "
            "service must never hold the bot token (start it without that variable)",
            file=sys.stderr,
        )
        return 2
    settings = _settings()
    if settings is None:
        return 2
    settings = dataclasses.replace(settings, discord_token="")  # from .env: not needed here
    configure_logging(settings)
    from bot.app import serve_sandbox

    def ready(url: str, service: Any) -> None:
        layers = getattr(service.executor, "layers", {}) or {}
        missing = [name for name, error in layers.items() if error] if layers else ["all"]
        state = "all layers ok" if not missing else f"MISSING {', '.join(missing)}"
        print(f"stepwise sandbox service listening on {url} ({state})", flush=True)

    try:
        asyncio.run(serve_sandbox(settings, args.listen, args.max_body, ready))
    except SettingsError as exc:
        for problem in exc.problems:
            print(f"stepwise sandbox serve: {problem}", file=sys.stderr)
        return 2
    except ExecutorUnavailable as exc:
        print(f"stepwise sandbox serve: sandbox unavailable: {exc}", file=sys.stderr)
        return 1
    return 0
