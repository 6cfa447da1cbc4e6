"""Parsing in worker processes: the same cache payloads as parsing here, nothing lost."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

from storyline.extract import background, ensure_parsed
from storyline.extract.background import start_parsing
from storyline.extract.cache import VERSION
from storyline.models import Article
from storyline.settings import load_settings
from storyline.store import SqliteStore

from ..conftest import ECBPLUS, SEEDS


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from storyline.ingest import read_inputs

    paths = sorted(Path(SEEDS).glob("*.txt")) + sorted((ECBPLUS / "docs").rglob("*.txt"))[:11]
    found = [a for a in read_inputs(paths, load_settings()) if isinstance(a, Article)]
    assert len(found) == 16
    return found


def _stored(path: Path, articles: list[Article]) -> SqliteStore:
    store = SqliteStore(path)
    store.add_articles(articles)
    return store


def _payloads(store: SqliteStore, articles: list[Article]) -> dict[str, str]:
    return store.load_extractions(VERSION, [a.id for a in articles])


def test_workers_cache_what_parsing_here_caches(articles: list[Article], tmp_path: Path) -> None:
    with (
        _stored(tmp_path / "here.db", articles) as here,
        _stored(tmp_path / "b.db", articles) as there,
    ):
        ensure_parsed(articles, here)
        parsing = start_parsing(articles, there, workers=2, minimum=1)
        assert _payloads(there, articles) == {}, "nothing is written before finish"
        reports: list[tuple[str, int, int | None]] = []
        parsing.finish(lambda stage, done, total: reports.append((stage, done, total)))
        assert _payloads(there, articles) == _payloads(here, articles)
        assert len(_payloads(there, articles)) == len(articles)
        assert reports[-1] == ("extract", len(articles), len(articles))


def test_only_what_the_cache_lacks_is_parsed(articles: list[Article], tmp_path: Path) -> None:
    with _stored(tmp_path / "s.db", articles) as store:
        ensure_parsed(articles[:10], store)
        parsing = start_parsing(articles, store, workers=2, minimum=1)
        reports: list[int | None] = []
        parsing.finish(lambda stage, done, total: reports.append(total))
        assert set(reports) == {6}
        assert len(_payloads(store, articles)) == 16


def _dying_worker(chunk: list[Article]) -> dict[str, str]:
    os._exit(3)  # a worker killed mid-parse (out of memory, a signal)


def test_a_dead_worker_loses_nothing(
    articles: list[Article],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with (
        _stored(tmp_path / "here.db", articles) as here,
        _stored(tmp_path / "s.db", articles) as store,
    ):
        ensure_parsed(articles, here)
        monkeypatch.setattr(background, "parse_payloads", _dying_worker)
        with caplog.at_level(logging.WARNING, logger="storyline.extract.background"):
            start_parsing(articles, store, workers=2, minimum=1).finish()
        assert "parse worker stopped" in caplog.text
        assert _payloads(store, articles) == _payloads(here, articles)


def test_small_batches_are_parsed_in_process(articles: list[Article], tmp_path: Path) -> None:
    with _stored(tmp_path / "s.db", articles) as store:
        parsing = start_parsing(articles[:3], store)  # below the minimum: no workers
        assert parsing._pool is None
        parsing.finish()
        assert len(_payloads(store, articles[:3])) == 3


def test_workers_are_forked_only_from_a_single_thread(
    articles: list[Article], tmp_path: Path
) -> None:
    alone = threading.active_count() == 1
    assert background._context().get_start_method() == ("fork" if alone else "spawn")
    # From a second thread (as a server parses): spawned workers, the same payloads.
    seen: dict[str, object] = {}

    def parse_there() -> None:
        seen["method"] = background._context().get_start_method()
        with _stored(tmp_path / "t.db", articles) as store:
            start_parsing(articles, store, workers=2, minimum=1).finish()
            seen["payloads"] = _payloads(store, articles)

    other = threading.Thread(target=parse_there)
    other.start()
    other.join()
    assert seen["method"] == "spawn"
    with _stored(tmp_path / "here.db", articles) as here:
        ensure_parsed(articles, here)
        assert seen["payloads"] == _payloads(here, articles)
