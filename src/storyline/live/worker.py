"""Polling live sources: fetch due feeds, read new files in watched folders, then regroup.

:func:`poll_source` polls one source and returns it with its schedule moved
on; :func:`run_cycle` polls every due source and, when anything new was
stored, places the new articles into events at once
(:class:`~storyline.chain.Pipeline`: the cost of the new articles
only; lineage and briefs of the whole store are refreshed by ``analyze``).
:class:`Worker` repeats cycles in a background thread (``storyline serve``);
``storyline poll`` runs them in the foreground.

Nothing is lost or doubled by a crash: an article is acknowledged only once
its ingest batch commits, a folder's file is marked read only after that, and
ids come from content, so a re-read stores nothing twice.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import service
from ..chain import Pipeline, Update
from ..errors import StorylineError
from ..ingest.discover import walk_inputs
from ..models import Source, SourceKind
from ..settings import Settings
from ..store import SourceStore, Store, open_store
from . import sources, uploads
from .fetch import FetchFailed, FetchPolicy, FetchRefused, Validators, fetch_url
from .robots import Robots, RobotsUnavailable

# A file modified this recently may still be being written; it is read next time.
SETTLE_SECONDS = 1.0
# The worker never sleeps longer than this, so a source added meanwhile is seen soon.
MAX_SLEEP_SECONDS = 30.0
# A server saves its grouper at most this often (and when it stops): a restart
# replays what came after from the store, so the state need not be saved each time.
CHECKPOINT_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll of one source did."""

    source: Source  # as saved after the poll
    polled: bool  # False when it was deferred (the site asked for a pause)
    stored: int = 0
    unchanged: int = 0
    skipped: tuple[str, ...] = ()  # "path: reason" for inputs that could not be read


@dataclass(frozen=True, slots=True)
class Cycle:
    """One pass over the due sources, and the analysis it triggered."""

    polls: tuple[Poll, ...]
    analysed: bool
    events: int = 0
    stories: int = 0
    update: Update | None = None  # what placing the new articles did, and its time

    @property
    def stored(self) -> int:
        return sum(p.stored for p in self.polls)


def _counts(report: service.IngestReport) -> tuple[int, int, tuple[str, ...]]:
    skipped = tuple(f"{s.path}: {s.reason}" for s in report.skipped)
    return len(report.stored), len(report.unchanged), skipped


def poll_feed(
    store: Store,
    settings: Settings,
    source: Source,
    robots: Robots,
    policy: FetchPolicy,
    now: datetime,
) -> Poll:
    url = source.location
    try:
        if not robots.allowed(url):
            return Poll(sources.failed(source, now, "robots.txt disallows fetching it"), True)
        wait = robots.wait_seconds(url)
    except RobotsUnavailable as exc:
        return Poll(sources.failed(source, now, str(exc)), True)
    if wait > 0:
        return Poll(sources.deferred(source, now, wait), False)
    robots.record_request(url)
    validators = Validators(source.etag, source.last_modified)
    try:
        fetched = fetch_url(url, settings.max_input_bytes, policy, validators=validators)
    except FetchFailed as exc:
        return Poll(sources.failed(source, now, str(exc), exc.retry_after), True)
    except FetchRefused as exc:
        return Poll(sources.failed(source, now, str(exc)), True)
    if fetched.not_modified:
        done = sources.succeeded(source, now, "not modified")
        return Poll(_with_validators(done, fetched.etag, fetched.last_modified), True)
    name = uploads.name_for_url(fetched.url, fetched.suffix)
    path = uploads.save_upload(settings.inputs_dir / "feeds", name, fetched.body)
    stored, unchanged, skipped = _counts(service.ingest(store, [path], settings))
    status = f"{stored} new, {unchanged} already stored" + (
        f", {len(skipped)} skipped" if skipped else ""
    )
    done = sources.succeeded(source, now, status, stored)
    # A feed that stops sending validators must not keep being asked with stale ones.
    done = _with_validators(done, fetched.etag, fetched.last_modified, replace_all=True)
    return Poll(done, True, stored, unchanged, skipped)


def _with_validators(
    source: Source, etag: str | None, modified: str | None, replace_all: bool = False
) -> Source:
    if replace_all:
        return replace(source, etag=etag, last_modified=modified)
    return replace(source, etag=etag or source.etag, last_modified=modified or source.last_modified)


def scan_folder(store: Store, settings: Settings, source: Source, now: datetime) -> Poll:
    folder = Path(source.location)
    if not folder.is_dir():
        return Poll(sources.failed(source, now, f"{folder} is not a folder any more"), True)
    seen = store.seen_files(source.id)
    fresh: dict[str, tuple[int, int]] = {}
    settle_before = time.time_ns() - int(SETTLE_SECONDS * 1e9)
    for item in walk_inputs([folder]):
        if not isinstance(item, Path):
            continue
        try:
            info = os.stat(item)
        except OSError:
            continue  # removed while scanning
        mark = (info.st_size, info.st_mtime_ns)
        if seen.get(str(item)) != mark and info.st_mtime_ns < settle_before:
            fresh[str(item)] = mark
    if not fresh:
        return Poll(sources.succeeded(source, now, "no new files"), True)
    report = service.ingest(store, [Path(p) for p in sorted(fresh)], settings)
    store.mark_files_seen(source.id, fresh)  # only after the articles are committed
    stored, unchanged, skipped = _counts(report)
    status = f"{len(fresh)} new or changed files: {stored} new articles" + (
        f", {len(skipped)} skipped" if skipped else ""
    )
    return Poll(sources.succeeded(source, now, status, stored), True, stored, unchanged, skipped)


def poll_source(
    store: Store,
    settings: Settings,
    source: Source,
    robots: Robots,
    policy: FetchPolicy,
    now: datetime | None = None,
) -> Poll:
    """Poll one source now and save its new schedule."""
    moment = now or sources.now_utc()
    if source.kind is SourceKind.FEED:
        poll = poll_feed(store, settings, source, robots, policy, moment)
    else:
        poll = scan_folder(store, settings, source, moment)
    store.save_source(poll.source)
    return poll


def due(store: SourceStore, now: datetime) -> list[Source]:
    return [s for s in store.sources() if s.next_poll <= now]


def run_cycle(
    store: Store,
    settings: Settings,
    robots: Robots,
    policy: FetchPolicy,
    *,
    grouping: Pipeline | None = None,
    analyse: bool = True,
    everything: bool = False,
    on_poll: Callable[[Poll], None] | None = None,
) -> Cycle:
    """Poll every due source (every source with ``everything``), then place what is new:
    what the polls stored, and anything stored since by other means (``storyline
    ingest`` beside a running server, uploads).

    Pass the same ``grouping`` pipeline to every cycle of a long-running process:
    it keeps the grouper and the lineage caches in memory between cycles.
    """
    now = sources.now_utc()
    polls = []
    for source in store.sources() if everything else due(store, now):
        poll = poll_source(store, settings, source, robots, policy)
        polls.append(poll)
        if on_poll:
            on_poll(poll)
    if not analyse:
        return Cycle(tuple(polls), False)
    pipeline = grouping or Pipeline(settings)
    if not any(p.stored for p in polls) and not pipeline.pending(store):
        return Cycle(tuple(polls), False)
    update = pipeline.update(store)
    if not update.wrote:
        return Cycle(tuple(polls), False, update=update)
    return Cycle(tuple(polls), True, store.count_events(), store.count_stories(), update)


def seconds_until_due(store: SourceStore) -> float:
    """Seconds until the next source is due (bounded by :data:`MAX_SLEEP_SECONDS`)."""
    upcoming = [s.next_poll for s in store.sources()]
    if not upcoming:
        return MAX_SLEEP_SECONDS
    wait = (min(upcoming) - sources.now_utc()).total_seconds()
    return min(max(wait, 0.0), MAX_SLEEP_SECONDS)


class Worker:
    """Cycles in a background thread until stopped; :meth:`wake` polls at once."""

    def __init__(
        self,
        settings: Settings,
        policy: FetchPolicy,
        write_lock: threading.Lock | None = None,
        on_cycle: Callable[[Cycle], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.settings = settings
        self.policy = policy
        self.robots = Robots(policy)
        self.grouping = Pipeline(settings, checkpoint_seconds=CHECKPOINT_SECONDS)
        self._lock = write_lock
        self._on_cycle = on_cycle
        self._on_error = on_error
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="storyline-poller", daemon=True)
        self.cycles = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop polling and save the grouper, so the next start resumes where this one ended."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        with self._lock or nullcontext(), open_store(self.settings.store_location) as store:
            self.grouping.checkpoint(store)

    def wake(self) -> None:
        """Poll now (a source was just added)."""
        self._wake.set()

    def _run(self) -> None:
        prepared = False
        while not self._stop.is_set():
            wait = MAX_SLEEP_SECONDS
            try:
                with self._lock or nullcontext(), open_store(self.settings.store_location) as store:
                    if not prepared:
                        # Off the path of the first new article: loading the grouper
                        # and the model takes seconds on a large store, and articles
                        # stored while no server ran are placed now.
                        self.grouping.prepare(store)
                        prepared = True
                    cycle = run_cycle(
                        store, self.settings, self.robots, self.policy, grouping=self.grouping
                    )
                    wait = seconds_until_due(store)
                self.cycles += 1
                if self._on_cycle:
                    self._on_cycle(cycle)
            except StorylineError as exc:  # a full disk or a locked database: retry later
                if self._on_error:
                    self._on_error(exc)
            self._wake.wait(max(wait, 0.05))
            self._wake.clear()
