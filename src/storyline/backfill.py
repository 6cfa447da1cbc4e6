"""Backfill: ingest and analyse a large archive with the per-article work spread out.

Reading, sentence embedding and spaCy parsing cost nearly all the time of an
analysis, and each depends on one article only. They run as *partitions* (a
few megabytes of input files each) on any executor: in this process, or on a
Dask cluster (a ``LocalCluster`` on this machine, or a scheduler address).
Each finished partition is committed by this process, the only writer: its
articles, sentence vectors and parse results. Nothing else is shared.

The cross-article stages then run once over the stored articles, in arrival
order, exactly as ``storyline analyze`` runs them: the online grouper (resumed
from its saved state) and lineage. They find every vector and parse already
cached, so they cost a small share of the whole. Running them once, in order,
is what makes a backfill's events equal a single-process run's: an online
grouper's choice for one article depends on every earlier article of its time
window, so events formed in separate time windows and merged afterwards would
differ at the windows' edges.

Partitions are committed in input order (a few run ahead on the workers), so
articles are stored in the order a single process would store them; grouping
breaks ties between same-day articles by that order.

Resuming: a partition's work is committed in one go, and workers skip vectors
and parses the store already holds, so a rerun after a crash re-reads the
input files but embeds and parses only what was never committed. Article ids
come from content, so nothing is stored twice.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import chain, ids
from .errors import StorylineError
from .extract import parse_payloads
from .extract.cache import VERSION as PARSE_VERSION
from .ingest.discover import walk_inputs
from .ingest.reader import read_inputs
from .models import Article, Skipped
from .nlp.embed import CachedEmbedder, Vectors, make_model_embedder
from .settings import Settings
from .store import Store, open_store

Progress = Callable[[str, int, int | None], None]

# About this much input per partition: large enough that a worker's per-task
# overhead (a store connection, a round trip) is small beside the embedding, small
# enough that a failed partition costs little to redo.
PARTITION_BYTES = 4 * 1024 * 1024
# A partition is retried this many times (on another worker, when one died) before
# it is reported as failed.
RETRIES = 2


def _quiet(stage: str, done: int, total: int | None) -> None:
    pass


@dataclass(frozen=True, slots=True)
class Partition:
    """Input files processed together by one worker task."""

    index: int
    paths: tuple[str, ...]
    size: int  # bytes


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition produced: everything the client commits for it."""

    index: int
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    vectors: dict[str, Vectors]  # new sentence vectors by sentence hash
    parses: dict[str, str]  # new parse payloads by article id
    seconds: float
    worker: str


@dataclass(frozen=True, slots=True)
class FailedPartition:
    index: int
    paths: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class BackfillReport:
    """What a backfill did, for the CLI (and tests) to show."""

    partitions: int
    stored: int  # articles new to the store
    unchanged: int  # articles it already held
    skipped: tuple[Skipped, ...]
    vectors_computed: int
    parsed: int
    failed: tuple[FailedPartition, ...]
    events: int
    stories: int
    seconds_per_article_stage: float  # wall time of the partitions
    seconds_cross_article: float
    workers: tuple[str, ...] = field(default_factory=tuple)

    @property
    def articles(self) -> int:
        return self.stored + self.unchanged


def plan_partitions(
    paths: Sequence[str | os.PathLike[str]],
    target_bytes: int = PARTITION_BYTES,
    at_least: int = 1,
) -> tuple[list[Partition], list[Skipped]]:
    """Input files in path order, cut into partitions of about ``target_bytes``.

    Partitions are made smaller when that would give fewer than ``at_least`` of
    them, so a small archive still keeps every worker busy. A file is never split
    (a WARC or JSON-lines file is one unit of reading); a missing path becomes a
    Skipped, as in ``ingest``.
    """
    missing: list[Skipped] = []
    files: list[tuple[str, int]] = []
    for item in walk_inputs(paths):
        if isinstance(item, Skipped):
            missing.append(item)
            continue
        try:
            files.append((str(item), item.stat().st_size))
        except OSError:
            files.append((str(item), 0))  # the reader reports it properly
    total = sum(size for _, size in files)
    target = max(1, min(target_bytes, -(-total // max(1, at_least))))
    partitions: list[Partition] = []
    batch: list[str] = []
    size = 0
    for path, file_size in files:
        if batch and size + file_size > target:
            partitions.append(Partition(len(partitions), tuple(batch), size))
            batch, size = [], 0
        batch.append(path)
        size += file_size
    if batch:
        partitions.append(Partition(len(partitions), tuple(batch), size))
    return partitions, missing


def process_partition(
    partition: Partition, store_location: str | Path, settings: Settings
) -> PartitionResult:
    """The per-article stages of one partition: read, split and embed, parse.

    Runs on a worker. It only reads the store (to skip cached work); the client
    writes what it returns.
    """
    began = time.perf_counter()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for result in read_inputs(list(partition.paths), settings):
        if isinstance(result, Article):
            articles.append(result)
        else:
            skipped.append(result)
    # The same article at two paths is embedded and parsed once; both are returned,
    # so the store records both paths as ingest does.
    distinct = list({a.id: a for a in reversed(articles)}.values())[::-1]
    fresh: dict[str, Vectors] = {}
    with open_store(store_location) as store:
        model = make_model_embedder(settings)
        embedder = CachedEmbedder(
            model,
            key=ids.sentence_hash,
            load=lambda keys: store.load_vectors(model.name, keys),
            save=fresh.update,
        )
        embedded = chain.embed_articles(distinct, embedder)
        chain.document_vectors(distinct, embedded, embedder)  # title-only items, too
        cached = store.load_extractions(PARSE_VERSION, [a.id for a in distinct])
    parses = parse_payloads([a for a in distinct if a.id not in cached])
    return PartitionResult(
        partition.index,
        tuple(articles),
        tuple(skipped),
        fresh,
        parses,
        time.perf_counter() - began,
        _worker_name(),
    )


def warm_up(settings: Settings) -> None:
    """Load the embedding model and the spaCy pipeline in this process now (a worker's
    first partition would otherwise pay for it); benchmarks call it before timing."""
    make_model_embedder(settings).embed(["Warm up."])
    parse_payloads([Article(id="warm-up", title="", text="Talks began on Monday.", path="")])


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "local"


class Executor(Protocol):
    """Runs partitions somewhere and yields each outcome as it finishes."""

    def parallelism(self) -> int:
        """How many partitions run at once."""
        ...

    def run(
        self, partitions: Sequence[Partition], store_location: str | Path, settings: Settings
    ) -> Iterator[tuple[Partition, PartitionResult | BaseException]]: ...


Work = Callable[[Partition, "str | Path", Settings], PartitionResult]


class LocalExecutor:
    """Every partition in this process, one after another (no Dask needed).

    ``work`` is what runs per partition (tests pass one that fails on purpose).
    """

    def __init__(self, work: Work = process_partition) -> None:
        self.work = work

    def parallelism(self) -> int:
        return 1

    def run(
        self, partitions: Sequence[Partition], store_location: str | Path, settings: Settings
    ) -> Iterator[tuple[Partition, PartitionResult | BaseException]]:
        for partition in partitions:
            outcome: PartitionResult | BaseException
            for attempt in range(RETRIES + 1):
                try:
                    outcome = self.work(partition, store_location, settings)
                    break
                except Exception as exc:
                    outcome = exc
                    if attempt == RETRIES:
                        break
            yield partition, outcome


class DaskExecutor(AbstractContextManager["DaskExecutor"]):
    """Partitions as tasks on a Dask cluster.

    ``scheduler`` is ``"local"`` (a ``LocalCluster`` of ``workers`` processes on
    this machine, one thread each) or a scheduler address such as
    ``tcp://10.0.0.5:8786`` (``dask scheduler`` and ``dask worker`` started by
    hand, or by a cluster manager; every worker needs Storyline installed and
    read access to the input files).
    """

    def __init__(self, scheduler: str = "local", workers: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster  # untyped: used through Any
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise StorylineError(
                "Dask is not installed; run `make setup` (it installs dask[distributed])"
            ) from exc
        self._cluster: Any = None
        try:
            if scheduler == "local":
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                    silence_logs=logging.ERROR,
                )
                self.client: Any = Client(self._cluster)  # type: ignore[no-untyped-call]
            else:
                self.client = Client(scheduler, timeout="20s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise StorylineError(
                f"cannot reach the Dask scheduler {scheduler}: {exc}. Check the address "
                "(tcp://HOST:8786) and that `dask scheduler` runs there, or use --scheduler local"
            ) from exc

    def run(
        self, partitions: Sequence[Partition], store_location: str | Path, settings: Settings
    ) -> Iterator[tuple[Partition, PartitionResult | BaseException]]:
        # Results come back in partition order (the order a single process reads the
        # inputs in), with a bounded number submitted ahead: memory stays flat however
        # long the archive, and workers stay busy while the next result is awaited.
        ahead = max(4, 4 * len(self.workers()))
        pending: deque[tuple[Partition, Any]] = deque()
        queue = iter(partitions)
        for partition in queue:
            pending.append((partition, self._submit(partition, store_location, settings)))
            if len(pending) >= ahead:
                break
        while pending:
            partition, future = pending.popleft()
            outcome: PartitionResult | BaseException
            try:
                outcome = future.result()
            except Exception as exc:
                outcome = exc
            future.release()
            following = next(queue, None)
            if following is not None:
                pending.append((following, self._submit(following, store_location, settings)))
            yield partition, outcome

    def _submit(self, partition: Partition, store_location: str | Path, settings: Settings) -> Any:
        return self.client.submit(
            process_partition,
            partition,
            store_location,
            settings,
            key=f"storyline-partition-{partition.index}-{time.time_ns()}",
            retries=RETRIES,
        )

    def parallelism(self) -> int:
        return max(1, len(self.workers()))

    def workers(self) -> tuple[str, ...]:
        return tuple(sorted(self.client.scheduler_info()["workers"]))

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def backfill(
    store: Store,
    store_location: str | Path,
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings,
    executor: Executor,
    progress: Progress = _quiet,
    target_bytes: int = PARTITION_BYTES,
) -> BackfillReport:
    """Ingest and analyse ``paths`` into ``store`` with the per-article stages on ``executor``."""
    # A few partitions per worker at least, so none idles while another finishes.
    partitions, missing = plan_partitions(paths, target_bytes, 4 * executor.parallelism())
    store.record_skipped(missing)
    skipped = list(missing)
    failed: list[FailedPartition] = []
    stored = unchanged = vectors = parsed = 0
    workers: set[str] = set()
    began = time.perf_counter()
    model_name = make_model_embedder(settings).name
    _prepare_model(settings)
    for done, (partition, outcome) in enumerate(
        executor.run(partitions, store_location, settings), start=1
    ):
        if isinstance(outcome, BaseException):
            reason = f"{type(outcome).__name__}: {outcome}"
            failed.append(FailedPartition(partition.index, partition.paths, reason))
        else:
            # Articles first (parses refer to them). A crash before the vectors and
            # parses are saved only means a rerun's workers compute them again.
            new = set(store.add_articles(outcome.articles))
            store.record_skipped(outcome.skipped)
            store.save_vectors(model_name, outcome.vectors)
            store.save_extractions(PARSE_VERSION, outcome.parses)
            stored += len(new)
            unchanged += len(outcome.articles) - len(new)
            vectors += len(outcome.vectors)
            parsed += len(outcome.parses)
            skipped += outcome.skipped
            workers.add(outcome.worker)
        progress("partitions", done, len(partitions))
    per_article = time.perf_counter() - began
    began = time.perf_counter()
    events, stories = group_and_trace(store, settings, progress)
    return BackfillReport(
        len(partitions),
        stored,
        unchanged,
        tuple(skipped),
        vectors,
        parsed,
        tuple(failed),
        events,
        stories,
        per_article,
        time.perf_counter() - began,
        tuple(sorted(workers)),
    )


def _prepare_model(settings: Settings) -> None:
    """Build the int8 ONNX model here, once, if it is chosen and missing: workers
    building it at the same time would race on one folder."""
    if settings.embedding_backend == "onnx-int8":
        from .nlp.embed_onnx import export_int8, model_ready

        if not model_ready(settings.onnx_model_dir):
            export_int8(settings.onnx_model_dir)


def group_and_trace(
    store: Store, settings: Settings, progress: Progress = _quiet
) -> tuple[int, int]:
    """The cross-article stages over every stored article: the same
    :meth:`~storyline.chain.Pipeline.update` ``analyze`` runs (minus the briefs,
    written on demand by ``brief``, the API and the web pages), so the events are
    the same."""
    pipeline = chain.Pipeline(settings)
    pipeline.update(store, progress)
    return store.count_events(), store.count_stories()
