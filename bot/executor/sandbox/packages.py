"""A lesson's declared packages, resolved in the bot process into what the sandbox needs.

A lesson names packages the way learners install them (`numpy`, `pandas`,
`scikit-learn`) or the way they import them (`sklearn`, `yaml`). The sandbox's root hides
every installed package, so each one is bound back in with everything it needs to import:
the installed distribution and, recursively, the distributions it requires (pandas needs
numpy and dateutil; scikit-learn needs scipy, joblib and threadpoolctl), their vendored
shared libraries (`numpy.libs`) and metadata. `modules` names what the warm parent of this
package set imports before it forks learner children, so a learner's run does not pay for
the import (about a second for scikit-learn).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata as metadata
import importlib.util
import os
import re
from dataclasses import dataclass

# What the warm parent imports for a declared top-level module: the parts lessons use.
WARM_MODULES = {
    "sklearn": (
        "sklearn",
        "sklearn.linear_model",
        "sklearn.model_selection",
        "sklearn.metrics",
        "sklearn.preprocessing",
        "sklearn.pipeline",
        "sklearn.dummy",
    ),
}
_SKIP = {"__pycache__", "bin", "share", "include"}


@dataclass(frozen=True)
class PackageSet:
    """Host paths (directories or single-file modules) to show read-only in the sandbox,
    and the modules its warm parent imports."""

    paths: tuple[str, ...]
    modules: tuple[str, ...]

    @property
    def key(self) -> str:
        """One warm parent per distinct set."""
        return "\n".join((*self.paths, "|", *self.modules))


@functools.lru_cache(maxsize=64)
def resolve(packages: tuple[str, ...]) -> PackageSet:
    """Unknown names are skipped: the learner's import then fails with ModuleNotFoundError."""
    paths: set[str] = set()
    modules: list[str] = []
    seen: set[str] = set()
    for name in packages:
        dist = _distribution(name)
        if dist is None:
            top = name.split(".")[0]
            found = _module_paths(top)
            paths.update(found)
            if found:
                modules += WARM_MODULES.get(top, (top,))
            continue
        _closure(dist, paths, seen)
        for top in _import_names(dist):
            modules += WARM_MODULES.get(top, (top,))
    return PackageSet(tuple(sorted(paths)), tuple(dict.fromkeys(modules)))


def _distribution(name: str) -> metadata.Distribution | None:
    with contextlib.suppress(metadata.PackageNotFoundError, ValueError):
        return metadata.distribution(name)
    top = name.split(".")[0]
    for dist_name in _providers().get(top, ()):
        with contextlib.suppress(metadata.PackageNotFoundError):
            return metadata.distribution(dist_name)
    return None


@functools.cache
def _providers() -> dict[str, list[str]]:
    """Import name -> the installed distributions providing it (a scan of every one)."""
    return metadata.packages_distributions()


def _closure(dist: metadata.Distribution, paths: set[str], seen: set[str]) -> None:
    name = _normal(dist.metadata["Name"] or "")
    if name in seen:
        return
    seen.add(name)
    paths.update(_dist_paths(dist))
    for requirement in dist.requires or ():
        required = _required(requirement)
        if required is None:
            continue
        with contextlib.suppress(metadata.PackageNotFoundError):
            _closure(metadata.distribution(required), paths, seen)


def _required(requirement: str) -> str | None:
    """The distribution a requirement names, unless only an extra asks for it. Other
    markers are not evaluated: a requirement for another platform is bound only if it
    happens to be installed, which exposes nothing the lesson could not declare."""
    name, _, marker = requirement.partition(";")
    if "extra" in marker:
        return None
    return re.split(r"[\s<>=!~\[(]", name.strip(), maxsplit=1)[0] or None


def _dist_paths(dist: metadata.Distribution) -> set[str]:
    """The top-level entries the distribution installed (package, `.libs`, `.dist-info`)."""
    tops = {str(f).split("/")[0] for f in dist.files or () if not str(f).startswith("..")}
    found = set()
    for top in tops - _SKIP:
        path = os.path.realpath(str(dist.locate_file(top)))
        if os.path.exists(path):
            found.add(path)
    return found


def _import_names(dist: metadata.Distribution) -> list[str]:
    text = dist.read_text("top_level.txt")
    if text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    names = set()
    for f in dist.files or ():
        parts = str(f).split("/")
        if len(parts) == 2 and parts[1] == "__init__.py":
            names.add(parts[0])
        elif len(parts) == 1 and parts[0].endswith(".py"):
            names.add(parts[0][:-3])
    return sorted(names)


def _module_paths(top: str) -> set[str]:
    """An importable module with no distribution record: its own directory or file."""
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return set()
    if spec is None:
        return set()
    found = set()
    for location in spec.submodule_search_locations or ():
        for path in (location, location.rstrip("/") + ".libs"):
            if os.path.isdir(path):
                found.add(os.path.realpath(path))
    if not found and spec.origin and os.path.isfile(spec.origin):
        found.add(os.path.realpath(spec.origin))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
