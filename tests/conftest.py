"""Fixtures every test folder may use: a throwaway PostgreSQL cluster, one database per test.

Without PostgreSQL binaries the PostgreSQL cases are skipped with the reason, except on CI
(`CI` set), where they fail: there the store contract must really run on both engines.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings
from postgres_cluster import PostgresCluster, find_bin_dir, when_missing

_names = itertools.count(1)

if "mutmut" in sys.modules:
    # scripts/mutation runs pytest inside mutmut's process, once per mutant, on a loaded
    # machine: no "too slow" health check or deadline (speed is not what is tested there),
    # fewer examples, and no shrinking of a failure nobody will read.
    settings.register_profile(
        "mutation",
        deadline=None,
        suppress_health_check=list(HealthCheck),
        max_examples=30,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    settings.load_profile("mutation")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = find_bin_dir()
    missing = when_missing(bin_dir, dict(os.environ))
    if missing is not None:
        action, reason = missing
        (pytest.fail if action == "fail" else pytest.skip)(reason)
    assert bin_dir is not None
    cluster = PostgresCluster(bin_dir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database for one test (dropped afterwards)."""
    name = f"t{os.getpid()}_{next(_names)}"
    url = postgres_cluster.create_database(name)
    try:
        yield url
    finally:
        postgres_cluster.drop_database(name)
