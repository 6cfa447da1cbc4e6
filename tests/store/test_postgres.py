"""PostgreSQL-only behaviour: opening, migrating, concurrent writers, and the whole
pipeline giving the same answer as on SQLite."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from storyline.errors import SchemaTooNewError, StoreError
from storyline.models import Event, Story
from storyline.store import PostgresStore, open_store
from storyline.store.postgres import redact
from storyline.store.schema import SCHEMA_VERSION

from ..conftest import SEEDS
from ..helpers import storyline, storyline_json
from .test_contract import make


def test_open_store_takes_a_url_and_migrates_once(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore)
        assert store.schema_version == SCHEMA_VERSION
        store.add_articles([make(1)])
    with open_store(pg_url) as again:  # reopening keeps the data and the schema
        assert again.count_articles() == 1


def test_newer_schema_is_refused_with_advice(pg_url: str) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE storyline_schema SET version = version + 1")
    with pytest.raises(SchemaTooNewError, match="upgrade Storyline"):
        open_store(pg_url)


def test_an_unreachable_server_names_the_url_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://reader:s3cret@/nowhere?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="createdb") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value)
    assert (
        redact("postgresql://u:pw@db.example:5432/news")
        == "postgresql://u:***@db.example:5432/news"
    )
    assert redact("postgresql:///news?host=/tmp") == "postgresql:///news?host=/tmp"


def _add_range(url: str, start: int, stop: int) -> list[str]:
    new: list[str] = []
    with open_store(url) as store:
        for i in range(start, stop):  # one transaction per article: many interleavings
            new += store.add_articles([make(i)])
    return new


def _regroup(url: str, label: str, rounds: int) -> None:
    with open_store(url) as store:
        for _ in range(rounds):
            events = [Event(f"e{i}", (f"a{i}",), label) for i in range(20)]
            store.replace_grouping(events, [Story("s", tuple(e.id for e in events), label)])


def test_concurrent_writers_store_each_article_once(pg_url: str) -> None:
    open_store(pg_url).close()  # migrate first, as a server's first start does
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        results = pool.starmap(_add_range, [(pg_url, 0, 60), (pg_url, 30, 90), (pg_url, 0, 90)])
    claimed = [i for result in results for i in result]
    assert sorted(claimed) == sorted(f"a{i}" for i in range(90))  # each new exactly once
    with open_store(pg_url) as store:
        assert store.count_articles() == 90
        assert len(set(store.article_ids())) == 90


def test_concurrent_regroupings_never_interleave(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.add_articles([make(i) for i in range(20)])
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(2) as pool:
        pool.starmap(_regroup, [(pg_url, "left", 15), (pg_url, "right", 15)])
    with open_store(pg_url) as store:
        events = store.events()
        assert len(events) == 20  # one whole grouping, not a mix of two
        assert len({e.label for e in events}) == 1
        assert store.stories()[0].label == events[0].label
        assert store.grouping_version() == 30


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in {"db", "elapsed_seconds", "timings"}}


def test_the_seeds_come_out_the_same_on_both_stores(pg_url: str, tmp_path: Path) -> None:
    on_sqlite = storyline_json("analyze", SEEDS, "--db", tmp_path / "seeds.db")
    on_postgres = storyline_json("analyze", SEEDS, "--db", pg_url)
    assert _comparable(on_postgres) == _comparable(on_sqlite)
    again = storyline_json("ingest", SEEDS, "--db", pg_url)  # a rerun is an upsert
    assert again["db"].startswith("postgresql://") and again["stored"] == []
    # And the read commands work on the shared store too.
    stories = storyline_json("stories", "--db", pg_url)
    assert stories == storyline_json("stories", "--db", tmp_path / "seeds.db")
    found = storyline("search", "Istanbul", "--db", pg_url).stdout
    assert "Istanbul" in found or "istanbul" in found.lower()


def test_commands_never_print_a_database_password(tmp_path: Path) -> None:
    url = f"postgresql://reader:s3cret@/nowhere?host={tmp_path}&port=1"
    for command in (["stories"], ["ingest", str(SEEDS)], ["stories", "--json"]):
        done = storyline(*command, "--db", url, check=False)
        assert done.returncode != 0
        assert "s3cret" not in done.stdout + done.stderr
        assert "reader:***@" in done.stderr
