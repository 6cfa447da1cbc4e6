"""What every request handler shares: settings, the write key, locks and memoised results.

Each request opens its own store (SQLite in WAL mode lets readers run while a
writer commits); nothing holds one connection across threads. Writes that
change the grouping (analyze) run one at a time under ``write_lock``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request

from ..chain import Pipeline
from ..live.fetch import FetchPolicy
from ..live.robots import Robots
from ..live.worker import CHECKPOINT_SECONDS, Worker
from ..settings import Settings
from ..store import Store, open_store
from ..store.memo import Memo


@dataclass
class ApiContext:
    settings: Settings
    api_key: str | None
    fetch_policy: FetchPolicy
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    memo: Memo = field(default_factory=Memo)
    worker: Worker | None = None  # the background poller, when the server runs one
    _robots: Robots | None = None
    _pipeline: Pipeline | None = None

    @property
    def robots(self) -> Robots:
        """robots.txt rules and pacing shared by every poll this server makes."""
        if self.worker is not None:
            return self.worker.robots
        if self._robots is None:
            self._robots = Robots(self.fetch_policy)
        return self._robots

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline that places every new article, polled or uploaded (the worker's,
        when there is one: one grouper per server)."""
        if self.worker is not None:
            return self.worker.grouping
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings, checkpoint_seconds=CHECKPOINT_SECONDS)
        return self._pipeline

    @property
    def upload_dir(self) -> Path:
        """Uploaded and fetched inputs are kept beside the database, so stored paths stay real."""
        return self.settings.inputs_dir


def context_of(request: Request) -> ApiContext:
    ctx: ApiContext = request.app.state.storyline
    return ctx


def request_store(request: Request) -> Iterator[Store]:
    """A store opened for one request and closed after it (a FastAPI dependency)."""
    store = open_store(context_of(request).settings.store_location)
    try:
        yield store
    finally:
        store.close()
