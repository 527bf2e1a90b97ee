"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb + pg_ctl in a temp folder.

The real server (Debian's `postgresql` package, version 15 on CI), not a fake: the tests
prove what PostgreSQL itself guarantees. PostgreSQL refuses to run as root, so under root
the cluster runs as `nobody` in a folder owned by it. TCP connections need the password
(scram), so URLs in tests carry one, like production ones do.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "s3cret-test-pw"  # the tests check it never shows in a message
USER = "stepwise"


def find_bin_dir() -> Path | None:
    """Where `initdb` and `pg_ctl` are: `STEPWISE_PG_BIN`, Debian's layout, or PATH."""
    configured = os.environ.get("STEPWISE_PG_BIN")
    candidates = [configured] if configured else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).parent))
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


MISSING = (
    "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's `postgresql` package"
    " or set STEPWISE_PG_BIN"
)


def when_missing(bin_dir: Path | None, environ: dict[str, str]) -> tuple[str, str] | None:
    """None when PostgreSQL can run; else ("skip" | "fail", reason). On CI it must run."""
    if bin_dir is not None:
        return None
    if environ.get("CI", "").lower() not in ("", "0", "false"):
        return "fail", f"{MISSING} (CI is set, so the PostgreSQL tests must run)"
    return "skip", MISSING


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    """`start()` it, hand `url(db)` to the code under test, `stop()` it (removes everything)."""

    def __init__(self, bin_dir: Path, *, fsync: bool = False) -> None:
        self.bin_dir = bin_dir
        self.fsync = fsync  # off for tests (fast); benchmarks turn it on to measure honestly
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="stepwise-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._user = "nobody" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            user=self._user,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=120,
        )
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {result.stderr.strip()} {log}")

    def start(self) -> PostgresCluster:
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._user:
            os.chmod(self.root, 0o700)
            shutil.chown(self.root, self._user)
            shutil.chown(pwfile, self._user)
        self._run(
            "initdb", "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            f" -c fsync={'on' if self.fsync else 'off'} -c max_connections=200"
            " -c shared_buffers=64MB"
        )
        if not self.fsync:
            options += " -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        return self

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database in the cluster; returns its URL."""
        self._run("createdb", "-h", str(self.root), "-p", str(self.port), "-U", USER, name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self._run("dropdb", "-h", str(self.root), "-p", str(self.port), "-U", USER, "--force", name)

    def kill_server(self) -> None:
        """Stop the server at once (tests of an unreachable database)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.kill_server()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
