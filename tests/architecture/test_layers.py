"""The dependency rules of /tmp/team.md and ARCHITECTURE.md, checked by reading the code.

Each rule walks every module of a layer with `ast` and lists every offending import with
file and line, so a failure says exactly what to move. Known, reasoned exceptions live in
`EXCEPTIONS` where a reviewer can see (and challenge) them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
STDLIB = frozenset(sys.stdlib_module_names)

# Standard-library modules that mean processes, sockets, OS-level or database work.
PROCESS_AND_OS = frozenset(
    {"os", "subprocess", "multiprocessing", "socket", "signal", "ctypes", "resource", "pty",
     "fcntl", "sqlite3", "shutil", "select", "selectors", "mmap"}
)  # fmt: skip

# (file relative to the repo, imported module prefix) -> why it is allowed anyway.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("bot/cli/bot_cmd.py", "bot.discord_app"): "`stepwise run` starts the Discord surface",
    ("bot/cli/db_cmd.py", "bot.storage"): "database maintenance works on the database itself",
    ("bot/executor/service_app.py", "aiohttp"): "the sandbox service speaks HTTP (aiohttp)",
    ("bot/executor/service_main.py", "aiohttp"): "the sandbox service listens with aiohttp",
    ("bot/executor/remote_replica.py", "aiohttp"): "the remote executor is an HTTP client",
    ("bot/executor/remote_replica.py", "yarl"): "aiohttp's URL type, parsed once per replica",
}

# Modules allowed to read os.environ (everything else is handed a Settings).
ENV_READERS = {
    "bot/settings.py": "reads the environment once into Settings",
    "bot/startup_checks.py": "reloads settings with bad values blanked to report every problem",
}


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def modules(package: str) -> list[Path]:
    return sorted((BOT / package).rglob("*.py")) if package else sorted(BOT.glob("*.py"))


def resolve(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    base = parts[: len(parts) - node.level]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = str(path.relative_to(REPO))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(rel, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(Import(rel, node.lineno, resolve(node, path)))
    return found


def top(module: str) -> str:
    return module.split(".")[0]


def within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def excused(item: Import) -> bool:
    return any(item.file == file and within(item.module, prefix) for file, prefix in EXCEPTIONS)


def violations(package: str, allowed) -> list[str]:
    return [
        str(item)
        for path in modules(package)
        for item in imports_of(path)
        if not allowed(item.module) and not excused(item)
    ]


def test_the_layers_exist():
    for package in ("core", "executor", "storage", "cli"):
        assert modules(package), f"bot/{package} has no modules"


def test_core_imports_only_stdlib_yaml_and_itself():
    def allowed(module: str) -> bool:
        if within(module, "bot.core") or module == "bot":
            return True
        if top(module) in {"yaml", "fsrs"}:  # fsrs: the review scheduler's pure maths
            return True
        return top(module) in STDLIB and top(module) not in PROCESS_AND_OS

    assert violations("core", allowed) == []


def test_executor_imports_only_core():
    def allowed(module: str) -> bool:
        if within(module, "bot.core", "bot.executor") or module == "bot":
            return True
        return top(module) in STDLIB

    assert violations("executor", allowed) == []


def test_storage_imports_only_core_and_database_drivers():
    def allowed(module: str) -> bool:
        if within(module, "bot.core", "bot.storage"):
            return True
        return top(module) in STDLIB or top(module) in {"aiosqlite", "asyncpg"}

    assert violations("storage", allowed) == []


def test_discord_layer_is_handed_an_engine():
    def allowed(module: str) -> bool:
        if within(module, "bot.core", "bot.discord_app", "bot.settings"):
            return True
        if top(module) == "bot":
            return False  # storage, executor, cli, app: concrete classes come from outside
        return top(module) in STDLIB or top(module) in {"discord", "aiohttp", "yarl"}

    assert violations("discord_app", allowed) == []


def test_cli_reaches_concrete_classes_only_through_the_composition_root():
    def allowed(module: str) -> bool:
        if within(module, "bot.storage", "bot.executor", "bot.discord_app"):
            return False
        return top(module) in STDLIB or top(module) == "bot"

    assert violations("cli", allowed) == []


def test_only_the_composition_root_names_concrete_executors_and_stores():
    concrete = ("bot.storage", "bot.executor")
    allowed_files = {"bot/app.py"}
    offenders = [
        str(item)
        for package in ("core", "cli", "discord_app")
        for path in modules(package)
        for item in imports_of(path)
        if within(item.module, *concrete) and item.file not in allowed_files and not excused(item)
    ]
    assert offenders == []


# --------------------------------------------------------------------------- import time

IO_AT_IMPORT = frozenset(
    {"open", "load_settings", "load_catalog", "connect", "run", "get_event_loop", "Client",
     "Bot", "TutorBot", "TutorEngine", "SubprocessExecutor", "SandboxExecutor",
     "SQLiteProgressStore", "MemoryProgressStore", "basicConfig", "mkdir", "write_text",
     "read_text", "getenv"}
)  # fmt: skip


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _module_level_calls(tree: ast.Module):
    """Calls that run when the module is imported (not inside a def, class body or lambda)."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(node, ast.If) and _is_main_guard(node):
            continue
        if isinstance(node, ast.Call):
            yield node
        pending.extend(ast.iter_child_nodes(node))


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
    )


def test_no_io_or_singletons_at_import_time():
    offenders = []
    for path in sorted(BOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _module_level_calls(tree):
            if _called_name(call) in IO_AT_IMPORT:
                offenders.append(
                    f"{path.relative_to(REPO)}:{call.lineno} calls {_called_name(call)}()"
                )
    assert offenders == []


def _environment_reads(tree: ast.Module):
    """`os.environ` / `os.getenv` uses, except `os.environ.clear()` (dropping, not reading)."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and node.attr in {"environ", "getenv"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Attribute) and parent.attr == "clear":
            continue
        yield node


def test_only_settings_reads_the_environment():
    offenders = []
    for path in sorted(BOT.rglob("*.py")):
        rel = str(path.relative_to(REPO))
        if rel in ENV_READERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [
            f"{rel}:{node.lineno} reads os.{node.attr}" for node in _environment_reads(tree)
        ]
    assert offenders == []


@pytest.mark.parametrize("package", ["bot.core", "bot.cli", "bot.app", "bot.storage"])
def test_importing_touches_no_files(tmp_path, package):
    """Import every module of a package in a fresh interpreter inside an empty folder."""
    script = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(getattr(pkg, '__path__', []), pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- import circles


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports, wherever the import stands (inside a
    function or under TYPE_CHECKING too: a circle hidden there is still a circle to a reader).
    `from package import name` points at the submodule when `name` is one."""
    paths = {module_name(path): path for path in BOT.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = resolve(node, path)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            graph[name].update(t for t in targets if t in paths and t != name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_in_a_circle():
    assert circles(import_graph()) == []


def test_the_circle_finder_sees_a_hidden_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]


def test_core_rooms_depend_one_way():
    """Rooms of bot/core (content, checks, lessons, quiz, daily, ports, reviews) form no circle
    either, counted by package: a room reaches another only through one-way arrows."""
    graph = import_graph()
    rooms: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if not module.startswith("bot.core."):
            continue
        room = module.split(".")[2]
        rooms.setdefault(room, set()).update(
            t.split(".")[2]
            for t in targets
            if t.startswith("bot.core.") and t.split(".")[2] != room
        )
    assert circles({room: deps & rooms.keys() for room, deps in rooms.items()}) == []


def test_core_root_holds_only_rooms():
    """bot/core's root is a list of rooms: every module lives in a subpackage."""
    assert sorted(p.name for p in (BOT / "core").glob("*.py")) == ["__init__.py"]
    rooms = sorted(p.parent.name for p in (BOT / "core").glob("*/__init__.py"))
    assert rooms == [
        "checks", "content", "daily", "lessons", "modes", "pictures", "ports", "quiz", "reviews"
    ]  # fmt: skip


def test_core_modules_fit_in_one_sitting():
    too_long = {
        str(path.relative_to(REPO)): n
        for path in (BOT / "core").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert too_long == {}


def test_checks_room_needs_only_the_standard_library():
    """The checker process imports `bot.core.checks`; it must not pull pyyaml or the rest of
    the core into every sandbox child."""
    graph = import_graph()
    reached, todo = set(), ["bot.core.checks"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += graph[module]
    assert {m for m in reached if not m.startswith("bot.core.checks")} <= {"bot", "bot.core"}
