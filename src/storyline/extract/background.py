"""Parsing new articles in worker processes while the caller embeds and groups them.

A cold ``analyze`` spends most of its time in two models: the sentence embedder
(which already uses every core through its own threads) and the spaCy parse
(one core per process). Run one after the other, each leaves a core idle part
of the time; run side by side, the parse of a batch costs little beyond the
embedding. :func:`start_parsing` hands the articles the cache lacks to worker
processes, which parse and extract them and send back only the small cache
payloads (sending whole spaCy docs back costs nearly as much as parsing them);
:meth:`BackgroundParse.finish` waits for them and writes them to the cache.

Small batches are parsed in the caller's process at ``finish``: starting a
worker costs a model load (about two seconds), which only a large batch repays.
A worker that dies (out of memory, killed) loses nothing: its share is parsed
in-process at ``finish``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from ..models import Article
from ..nlp.parse import load_pipeline
from . import CACHE_BATCH, ParseCache, ensure_parsed, parse_payloads
from .cache import VERSION

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]

# Two workers on this machine class (two cores): while the embedder runs they share
# the cores with it, and once it is done they have the cores to themselves.
WORKERS = min(2, os.cpu_count() or 1)
BACKGROUND_FROM = 64  # fewer new articles than this are parsed in-process
CHUNK = 16  # articles per task: small enough that the two workers finish together


def _context() -> multiprocessing.context.BaseContext:
    """Fork where there is fork and this process runs one thread: a forked worker needs
    nothing from the caller's main module (a user's script without an ``if __name__ ==
    "__main__"`` guard works) and shares the loaded model. A process with other threads
    (a server's poller beside its request handlers) spawns instead: a thread holding a
    lock at the fork would leave the lock held, forever, in the child."""
    methods = multiprocessing.get_all_start_methods()
    alone = threading.active_count() == 1
    return multiprocessing.get_context("fork" if "fork" in methods and alone else "spawn")


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


class BackgroundParse:
    """Articles being parsed elsewhere; :meth:`finish` collects them into the cache."""

    def __init__(self, todo: Sequence[Article], cache: ParseCache, workers: int) -> None:
        self._todo = list(todo)
        self._cache = cache
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: dict[Future[dict[str, str]], list[Article]] = {}
        if workers > 0 and self._todo:
            context = _context()
            if context.get_start_method() == "fork":
                # Loaded once here, the model is shared by the forked workers (copy on
                # write) instead of being loaded by each of them.
                load_pipeline()
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            for start in range(0, len(self._todo), CHUNK):
                chunk = self._todo[start : start + CHUNK]
                self._tasks[self._pool.submit(parse_payloads, chunk)] = chunk

    def finish(self, progress: Progress = _quiet) -> None:
        """Wait for every article to be parsed and write the results to the cache."""
        total, done = len(self._todo), 0
        pending: dict[str, str] = {}
        left: list[Article] = [] if self._pool else list(self._todo)
        try:
            for task in as_completed(self._tasks):
                try:
                    pending.update(task.result())
                except BrokenProcessPool:
                    left.extend(self._tasks[task])
                    continue
                done += len(self._tasks[task])
                if len(pending) >= CACHE_BATCH:
                    self._cache.save_extractions(VERSION, pending)
                    pending = {}
                progress("extract", done, total)
        finally:
            self.close()
        if pending:
            self._cache.save_extractions(VERSION, pending)
        if left and self._tasks:
            logger.warning("a parse worker stopped; parsing its %d articles here", len(left))
        if left:
            ensure_parsed(left, self._cache, progress)

    def close(self) -> None:
        """Stop the workers (unfinished work is dropped; nothing was written for it)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def start_parsing(
    articles: Sequence[Article],
    cache: ParseCache,
    workers: int = WORKERS,
    minimum: int = BACKGROUND_FROM,
) -> BackgroundParse:
    """Start parsing the ``articles`` that ``cache`` lacks; collect them with ``finish``.

    Fewer than ``minimum`` to parse, or no ``workers``: they are parsed at ``finish``,
    in this process.
    """
    cached = cache.load_extractions(VERSION, [a.id for a in articles])
    todo = [a for a in articles if a.id not in cached]
    return BackgroundParse(todo, cache, workers if len(todo) >= minimum else 0)
