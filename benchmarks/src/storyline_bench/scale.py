"""Cost against size: what a large backfill costs, measured in parts.

A backfill's cost has two halves that scale differently, so they are measured
apart and combined in a plan:

* **Per-article stages** (read, embed, parse): each article costs the same
  whatever the archive's size, so their speed is measured once on real
  articles, in one process and on a Dask cluster, from an empty cache.
* **Store and grouping** grow with the archive: articles are written to a
  fresh store and placed by the online grouper at each size (10k, 100k, 1M),
  using a synthetic stream built from real article text and real embeddings
  (see :mod:`storyline.bench.stream`).

The plan for a larger archive multiplies these: articles / (per-worker speed x
workers) for the first half, and the grouping's measured cost per article at
the largest size for the second, which stays on one process.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.backfill import BackfillReport, Executor, backfill
from storyline.models import Article, DateSource
from storyline.pipeline.grouping import OnlineGrouper
from storyline.settings import Settings
from storyline.store import Store, open_store

from .chart import line_chart_svg
from .stream import Template, synthetic_stream

# Measured in the library guide on this machine class (8 partitions x 5k documents of
# shingling): 7.3 s in sequence, 4.6 s on a 2-worker LocalCluster, a 1.6x gain.
PUBLISHED_DASK_SPEEDUP = 7.3 / 4.6
INSERT_BATCH = 1000


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux; 0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@dataclass(frozen=True, slots=True)
class StageRun:
    """The per-article stages over some real articles, one way of running them."""

    mode: str
    articles: int
    seconds: float
    peak_rss_mb: float  # summed over this process and its workers

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class SizePoint:
    """Writing and grouping ``articles`` synthetic articles."""

    articles: int
    insert_seconds: float
    store_bytes: int
    group_seconds: float
    memory_growth_mb: float  # this process's resident memory growth while grouping
    search_ms: float = 0.0  # median full-text search on the SQLite store
    postgres: StoreTiming | None = None  # the same writes and searches on PostgreSQL

    @property
    def insert_per_second(self) -> float:
        return self.articles / self.insert_seconds if self.insert_seconds else 0.0

    @property
    def group_ms_per_article(self) -> float:
        return 1000 * self.group_seconds / self.articles


@dataclass(frozen=True, slots=True)
class Plan:
    """What an archive of ``articles`` would take, from the measured figures."""

    articles: int
    workers: int
    per_article_hours: float
    grouping_hours: float
    store_gb: float
    grouping_memory_gb: float

    @property
    def hours(self) -> float:
        return self.per_article_hours + self.grouping_hours


def time_stages(
    paths: Sequence[Path],
    settings: Settings,
    executor: Executor,
    workdir: Path,
    mode: str,
    warm: Callable[[], None],
    extra_rss_mb: Callable[[], float] = lambda: 0.0,
) -> tuple[StageRun, BackfillReport]:
    """Backfill ``paths`` into a fresh store (so nothing is cached) and time the partitions."""
    location = workdir / f"stages-{mode.replace(' ', '-').replace(',', '')}.db"
    warm()  # model loading is a fixed cost per worker, not a cost per article
    with open_store(location) as store:
        report = backfill(store, location, paths, settings, executor)
    run = StageRun(
        mode, report.articles, report.seconds_per_article_stage, rss_mb() + extra_rss_mb()
    )
    return run, report


def store_and_group(
    templates: Sequence[Template],
    texts: Sequence[tuple[str, str]],
    size: int,
    location: Path,
    postgres: str | None = None,
) -> SizePoint:
    """Write ``size`` synthetic articles (real text) to a fresh store, then group them.

    ``texts[i]`` is the (title, text) of the article ``templates[i]`` was made from.
    With ``postgres`` (a server URL whose user may create databases), the same
    articles are also written to a fresh PostgreSQL database, dropped afterwards.
    """
    text_of = {id(t): texts[i] for i, t in enumerate(templates)}
    stream = list(synthetic_stream(templates, size))
    batches = [
        [
            _stored(s.article, s.label, *text_of[id(s.template)])
            for s in stream[i : i + INSERT_BATCH]
        ]
        for i in range(0, size, INSERT_BATCH)
    ]
    words = _search_words(texts)
    with open_store(location) as store:
        sqlite = _write_and_search(store, batches, words)
    store_bytes = sum(
        os.path.getsize(p) for p in (location, Path(f"{location}-wal")) if os.path.exists(p)
    )
    on_postgres = _on_postgres(postgres, size, batches, words) if postgres else None
    del batches
    before = current_rss_mb()
    grouper = OnlineGrouper()
    began = time.perf_counter()
    for s in stream:
        grouper.add(s.article, s.features, s.article.title)
    grouped = time.perf_counter() - began
    return SizePoint(
        size,
        sqlite.insert_seconds,
        store_bytes,
        grouped,
        max(0.0, current_rss_mb() - before),
        sqlite.search_ms,
        on_postgres,
    )


@dataclass(frozen=True, slots=True)
class StoreTiming:
    insert_seconds: float
    search_ms: float  # median of one-word-pair searches, 20 hits each
    store_bytes: int = 0


def _search_words(texts: Sequence[tuple[str, str]], count: int = 30) -> list[str]:
    """Two-word queries from real titles: what a reader would type."""
    queries = []
    for title, _ in texts:
        words = [w for w in title.split() if w.isalpha() and len(w) > 3]
        if len(words) >= 2:
            queries.append(f"{words[0]} {words[1]}")
    return queries[:: max(1, len(queries) // count)][:count] or ["talks"]


def _write_and_search(
    store: Store, batches: Sequence[Sequence[Article]], words: Sequence[str]
) -> StoreTiming:
    inserted = 0.0
    for batch in batches:
        began = time.perf_counter()
        store.add_articles(batch)
        inserted += time.perf_counter() - began
    timings = []
    for query in words:
        began = time.perf_counter()
        store.search(query, limit=20)
        timings.append(1000 * (time.perf_counter() - began))
    return StoreTiming(inserted, statistics.median(timings))


def _on_postgres(
    url: str, size: int, batches: Sequence[Sequence[Article]], words: Sequence[str]
) -> StoreTiming:
    import psycopg

    name = f"storyline_bench_{size}_{os.getpid()}"
    base, _, query = url.partition("?")
    target = f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with open_store(target) as store:
            timing = _write_and_search(store, batches, words)
        with psycopg.connect(target, autocommit=True) as db:
            row = db.execute("SELECT pg_database_size(current_database())").fetchone()
        return StoreTiming(timing.insert_seconds, timing.search_ms, int(row[0]) if row else 0)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stored(synthetic: Article, label: str, title: str, text: str) -> Article:
    # Real words, made unique per replay the way the stream makes its features unique.
    return Article(
        id=synthetic.id,
        title=f"{title} #{label}",
        text=f"{text}\n\nReplay {label}.",
        path=f"synthetic/{synthetic.id}.txt",
        outlet=f"outlet{int(label) % 50}.example",
        published=synthetic.published or date(2020, 1, 1),
        date_source=DateSource.METADATA,
    )


def plan(
    articles: int, workers: int, stage: StageRun, per_worker: float, largest: SizePoint
) -> Plan:
    """Hours and storage for ``articles`` on ``workers`` workers, from the measured figures.

    ``per_worker`` is one worker's articles per second in the per-article stages;
    grouping is charged at the largest measured size's cost per article (it rises
    slowly with size, so this is optimistic beyond it, and says so in the docs).
    """
    per_article_hours = articles / (per_worker * workers) / 3600
    grouping_hours = articles * largest.group_seconds / largest.articles / 3600
    store_gb = articles * largest.store_bytes / largest.articles / 1e9
    memory_gb = articles * largest.memory_growth_mb / largest.articles / 1e3
    return Plan(articles, workers, per_article_hours, grouping_hours, store_gb, memory_gb)


def cost_curve_svg(points: Sequence[SizePoint]) -> str:
    """Grouping and insert cost per article against store size (log x), as SVG."""
    return line_chart_svg(
        [p.articles for p in points],
        {
            "grouping, ms/article": [p.group_ms_per_article for p in points],
            "store insert, ms/article": [1000 * p.insert_seconds / p.articles for p in points],
        },
        "articles in the store (log scale)",
        log_x=True,
    )


def _own_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mb(client: object) -> float:
    """Peak memory of every worker of a Dask client's cluster, summed, in MB."""
    peaks = client.run(_own_peak_rss_mb)  # type: ignore[attr-defined]
    return float(sum(peaks.values()))
