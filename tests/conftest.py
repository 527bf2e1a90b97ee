"""Fixtures every test folder may use: a throwaway PostgreSQL cluster, one database per test.

Without PostgreSQL binaries the PostgreSQL cases are skipped with the reason, except on CI
(`CI` set), where they fail: there the store contract must really run on both engines.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from postgres_cluster import PostgresCluster, find_bin_dir

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        reason = (
            "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's `postgresql`"
            " package or set STEPWISE_PG_BIN"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so PostgreSQL tests must run)")
        pytest.skip(reason)
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
