"""Serving-time collector settings: start-up objects frozen, young ones collected rarely."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from bot.gc_tuning import THRESHOLDS, tune_for_serving


@pytest.fixture
def restored_gc() -> Iterator[None]:
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_tuning_freezes_start_up_objects_and_raises_thresholds(restored_gc: None) -> None:
    start_up_state = [{"catalog": i} for i in range(1000)]
    tune_for_serving()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() >= len(start_up_state)


def test_cyclic_garbage_is_still_collected_without_being_asked(restored_gc: None) -> None:
    tune_for_serving()

    class Node:
        pass

    collected: list[bool] = []
    node = Node()
    node.self = node  # a cycle only the collector can free
    weakref.finalize(node, collected.append, True)
    del node
    live = [{} for _ in range(THRESHOLDS[0] * 2)]  # enough allocations for a young collection
    assert len(live) == THRESHOLDS[0] * 2
    assert collected == [True]
