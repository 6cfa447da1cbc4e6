"""What every request handler shares: settings, the write key, locks and memoised results.

Each request opens its own store (SQLite in WAL mode lets readers run while a
writer commits); nothing holds one connection across threads. Writes that
change the grouping (analyze) run one at a time under ``write_lock``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request

from ..live.fetch import FetchPolicy
from ..live.grouping import LiveGrouping
from ..live.robots import Robots
from ..live.worker import Worker
from ..settings import Settings
from ..store import Store, open_store

V = TypeVar("V")
Snapshot = tuple[int, int]


class Memo:
    """Results that are costly to compute, kept while the store has not changed.

    Each entry remembers the store snapshot it was computed from (article
    count and the set of event ids); a different snapshot recomputes it.
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
    """A cheap fingerprint of what the analysis saw: article count and event ids."""
    return store.count_articles(), hash(frozenset(e.id for e in store.events()))


@dataclass
class ApiContext:
    settings: Settings
    api_key: str | None
    fetch_policy: FetchPolicy
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    memo: Memo = field(default_factory=Memo)
    worker: Worker | None = None  # the background poller, when the server runs one
    _robots: Robots | None = None
    _grouping: LiveGrouping | None = None

    @property
    def robots(self) -> Robots:
        """robots.txt rules and pacing shared by every poll this server makes."""
        if self.worker is not None:
            return self.worker.robots
        if self._robots is None:
            self._robots = Robots(self.fetch_policy)
        return self._robots

    @property
    def grouping(self) -> LiveGrouping:
        """The in-memory grouper that places polled articles (the worker's, when there is one)."""
        if self.worker is not None:
            return self.worker.grouping
        if self._grouping is None:
            self._grouping = LiveGrouping(self.settings)
        return self._grouping

    @property
    def upload_dir(self) -> Path:
        """Uploaded and fetched inputs are kept beside the database, so stored paths stay real."""
        return self.settings.inputs_dir


def context_of(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.storyline
    return ctx


def request_store(request: Request) -> Iterator[Store]:
    """A store opened for one request and closed after it (a FastAPI dependency)."""
    store = open_store(context_of(request).settings.db)
    try:
        yield store
    finally:
        store.close()
