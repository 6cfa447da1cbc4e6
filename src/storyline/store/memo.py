"""Costly read results kept while the store has not changed (shared by the API and the pages)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from .base import Store

V = TypeVar("V")
Snapshot = tuple[int, int]  # (articles stored, grouping version)


class Memo:
    """Results that are costly to compute, kept while the store has not changed.

    Each entry remembers the store snapshot it was computed from (article
    count and grouping version); a different snapshot recomputes it.
    Bounded, oldest entry out first.
    """

    def __init__(self, capacity: int = 256) -> None:
        self._entries: OrderedDict[str, tuple[Snapshot, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._capacity = capacity

    def get(self, key: str, snapshot: Snapshot, compute: Callable[[], V]) -> V:
        with self._lock:
            found = self._entries.get(key)
        if found is not None and found[0] == snapshot:
            return found[1]  # type: ignore[no-any-return]
        value = compute()  # outside the lock: two misses may compute twice, never block
        with self._lock:
            self._entries[key] = (snapshot, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)
        return value


def snapshot(store: Store) -> Snapshot:
    """A cheap fingerprint of what the analysis saw: two indexed reads, whatever the size."""
    return store.count_articles(), store.grouping_version()
