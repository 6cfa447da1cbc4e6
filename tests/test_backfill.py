"""Backfill: per-article stages on a real Dask cluster (or in process), the same events
as a single-process analysis, retries, and a rerun after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline import service
from storyline.backfill import (
    DaskExecutor,
    LocalExecutor,
    Partition,
    PartitionResult,
    backfill,
    plan_partitions,
    process_partition,
)
from storyline.models import Event, EventChange, Lineage, Story
from storyline.settings import Settings, load_settings
from storyline.store import open_store

from .conftest import ECBPLUS, SEEDS
from .helpers import storyline_json

# Real Dask clusters and killed workers: deselect with -m "not slow" (make test-fast); CI runs it.
pytestmark = pytest.mark.slow

# The seeds and 20 articles of one ECB+ topic (two events of one kind, both among them):
# 25 articles, 36 kB. Each run embeds and parses them all, several runs a test.
INPUTS = [SEEDS, *sorted((ECBPLUS / "docs").glob("1_*.txt"))[:20]]
SMALL = 4_000  # bytes per partition: about ten partitions


@dataclass(frozen=True)
class Outcome:
    article_ids: list[str]
    events: list[Event]
    stories: list[Story]
    changes: list[EventChange]
    lineage: Lineage


def outcome_of(location: Path) -> Outcome:
    with open_store(location) as store:
        return Outcome(
            store.article_ids(),
            store.events(),
            store.stories(),
            store.event_changes(),
            store.lineage(),
        )


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings({})


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Outcome:
    """The reference: `ingest` then `analyze`, all in one process."""
    location = tmp_path_factory.mktemp("single") / "single.db"
    with open_store(location) as store:
        service.ingest(store, INPUTS, settings)
        service.analyze(store, settings)
    return outcome_of(location)


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    """One real two-worker LocalCluster for the module: each worker loads the models once.
    The test that kills a worker runs last; the nanny has replaced it by the next use."""
    with DaskExecutor("local", workers=2) as executor:
        yield executor


def test_partitions_cover_every_file_once_in_path_order() -> None:
    partitions, missing = plan_partitions([*INPUTS, "/no/such/file.txt"], SMALL)
    files = [p for part in partitions for p in part.paths]
    assert len(files) == len(set(files)) == 5 + len(INPUTS) - 1
    assert [p.index for p in partitions] == list(range(len(partitions)))
    assert all(p.size <= SMALL or len(p.paths) == 1 for p in partitions)
    assert [m.path for m in missing] == ["/no/such/file.txt"]
    many, _ = plan_partitions(INPUTS, 10**9, at_least=6)  # a big target, split for 6 workers
    assert len(many) >= 6
    assert [p for part in many for p in part.paths] == files


def test_backfill_on_a_real_local_cluster_equals_a_single_process_run(
    tmp_path: Path, settings: Settings, single_process: Outcome, cluster: DaskExecutor
) -> None:
    location = tmp_path / "backfill.db"
    with open_store(location) as store:
        assert len(cluster.workers()) == 2
        report = backfill(store, location, INPUTS, settings, cluster, target_bytes=SMALL)
    assert report.failed == ()
    assert report.partitions >= 8
    assert report.stored == len(single_process.article_ids)
    assert all(w.startswith("tcp://127.0.0.1") for w in report.workers)
    assert outcome_of(location) == single_process


def test_a_worker_killed_mid_partition_loses_nothing_and_changes_nothing(
    tmp_path: Path, settings: Settings, single_process: Outcome, cluster: DaskExecutor
) -> None:
    location = tmp_path / "worker-death.db"
    killed: list[str] = []
    executor = cluster
    with open_store(location) as store:
        pids: dict[str, int] = executor.client.run(os.getpid)

        def kill_a_busy_worker() -> None:
            # Once the first results are in, SIGKILL a worker while it holds a partition:
            # its nanny starts a fresh worker and the scheduler hands the partition on.
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                busy = [w for w, keys in executor.client.processing().items() if keys]
                if busy and _count(location) > 0:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(busy[0])
                    return
                time.sleep(0.02)

        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        report = backfill(store, location, INPUTS, settings, executor, target_bytes=SMALL)
        killer.join()
    assert killed, "no worker was busy after the first commit"
    assert report.failed == ()
    assert report.stored == len(single_process.article_ids)
    assert outcome_of(location) == single_process


def test_a_rerun_stores_and_computes_nothing_again(tmp_path: Path, settings: Settings) -> None:
    location = tmp_path / "rerun.db"
    with open_store(location) as store:
        first = backfill(store, location, [SEEDS], settings, LocalExecutor(), target_bytes=SMALL)
        again = backfill(store, location, [SEEDS], settings, LocalExecutor(), target_bytes=SMALL)
        assert store.count_articles() == 5
    assert (first.stored, first.parsed) == (5, 5) and first.vectors_computed > 0
    assert (again.stored, again.unchanged, again.vectors_computed, again.parsed) == (0, 5, 0, 0)
    assert (again.events, again.stories) == (first.events, first.stories)


def test_a_failing_partition_is_retried_then_reported_and_the_rest_is_kept(
    tmp_path: Path, settings: Settings
) -> None:
    attempts: dict[int, int] = {}

    def flaky(partition: Partition, location: str | Path, s: Settings) -> PartitionResult:
        attempts[partition.index] = attempts.get(partition.index, 0) + 1
        if partition.index == 0 and attempts[0] == 1:
            raise ConnectionError("worker lost")  # once: the retry succeeds
        if partition.index == 1:
            raise RuntimeError("disk on fire")  # always
        return process_partition(partition, location, s)

    location = tmp_path / "flaky.db"
    with open_store(location) as store:
        report = backfill(store, location, [SEEDS], settings, LocalExecutor(flaky), target_bytes=1)
        stored = store.count_articles()
    assert attempts[0] == 2 and attempts[1] == 3  # one retry; two retries then given up
    assert [(f.index, f.reason) for f in report.failed] == [(1, "RuntimeError: disk on fire")]
    assert stored == report.stored == 4  # every other seed is kept


def _count(location: Path) -> int:
    if not location.exists():
        return 0
    try:
        with open_store(location) as store:
            return store.count_articles()
    except Exception:
        return 0


def test_kill_9_mid_backfill_then_rerun_equals_the_single_process_run(
    tmp_path: Path, single_process: Outcome
) -> None:
    location = tmp_path / "killed.db"
    options = ["--db", str(location), "--scheduler", "none", "--partition-mb", "0.01", "--json"]
    command = [sys.executable, "-m", "storyline", "backfill", *map(str, INPUTS), *options]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _count(location) < 6 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert child.poll() is None, "the backfill ended before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    partial = _count(location)
    assert 6 <= partial < len(single_process.article_ids)
    document = storyline_json(*command[3:-1])  # the same command again
    assert document["stored"] == len(single_process.article_ids) - partial
    assert document["unchanged"] == partial and document["failed"] == []
    assert outcome_of(location) == single_process


def test_a_backfill_into_postgresql_groups_as_one_into_sqlite(
    tmp_path: Path, settings: Settings, pg_url: str
) -> None:
    location = tmp_path / "seeds.db"
    with open_store(location) as store:
        backfill(store, location, [SEEDS], settings, LocalExecutor(), target_bytes=SMALL)
    with open_store(pg_url) as shared:
        report = backfill(shared, pg_url, [SEEDS], settings, LocalExecutor(), target_bytes=SMALL)
        assert report.stored == 5 and report.failed == ()
        assert (shared.events(), shared.stories()) == (
            outcome_of(location).events,
            outcome_of(location).stories,
        )
