"""Polling feeds and folders against a real local server and real files."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.live import sources, worker
from storyline.live.fetch import FetchPolicy
from storyline.live.robots import Robots
from storyline.models import SourceKind
from storyline.settings import Settings
from storyline.store import open_store

from ..conftest import SEEDS, seed
from .conftest import LOCAL_ONLY, Site, rss


def subscribe(settings: Settings, url: str, interval: int = 60) -> str:
    source = sources.feed_source(url, interval)
    with open_store(settings.db) as store:
        store.save_source(source)
    return source.id


def cycle(settings: Settings, robots: Robots, **kwargs: bool) -> worker.Cycle:
    with open_store(settings.db) as store:
        return worker.run_cycle(store, settings, robots, LOCAL_ONLY, **kwargs)


def test_a_feed_is_polled_grouped_then_asked_only_whether_it_changed(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.pages["/feed.xml"] = ("application/rss+xml", rss("000", "001"), '"v1"')
    source_id = subscribe(settings, f"{base}/feed.xml")
    robots = Robots(LOCAL_ONLY)

    first = cycle(settings, robots)
    assert (first.stored, first.analysed) == (2, True)
    assert first.events >= 1
    with open_store(settings.db) as store:
        assert store.count_articles() == 2
        grouped = {a for e in store.events() for a in e.article_ids}
        assert len(grouped) == 2  # both new articles are in events already
        saved = store.source(source_id)
    assert saved.etag == '"v1"' and saved.last_modified and saved.failures == 0
    assert saved.articles == 2 and saved.last_status.startswith("2 new")

    time.sleep(1.05)  # the site's polite delay between two requests
    again = cycle(settings, robots, everything=True)
    assert (again.stored, again.analysed) == (0, False)
    conditional = answers.hits("/feed.xml")[-1]
    assert conditional.get("if-none-match") == '"v1"'
    assert "if-modified-since" in conditional
    with open_store(settings.db) as store:
        assert store.source(source_id).last_status == "not modified"

    # A new item appears: only it is stored.
    answers.pages["/feed.xml"] = ("application/rss+xml", rss("000", "001", "003"), '"v2"')
    time.sleep(1.05)  # the site's polite delay between two requests
    third = cycle(settings, robots, everything=True)
    assert third.stored == 1
    with open_store(settings.db) as store:
        assert store.count_articles() == 3
        assert store.source(source_id).articles == 3


def test_a_failing_feed_backs_off_doubling_and_recovers(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.status["/gone.xml"] = (500, {})
    gone = subscribe(settings, f"{base}/gone.xml", interval=60)
    robots = Robots(LOCAL_ONLY)
    gaps = []
    for _ in range(3):
        cycle(settings, robots, everything=True)
        with open_store(settings.db) as store:
            polled = store.source(gone)
        assert polled.last_polled is not None and "HTTP 500" in polled.last_status
        gaps.append((polled.failures, (polled.next_poll - polled.last_polled).total_seconds()))
        time.sleep(1.05)  # the site's polite pause between requests
    assert gaps == [(1, 120.0), (2, 240.0), (3, 480.0)]
    # Recovery resets the count and the interval.
    del answers.status["/gone.xml"]
    answers.pages["/gone.xml"] = ("application/rss+xml", rss("002"), None)
    cycle(settings, robots, everything=True)
    with open_store(settings.db) as store:
        recovered = store.source(gone)
    assert recovered.failures == 0 and recovered.last_polled is not None
    assert (recovered.next_poll - recovered.last_polled).total_seconds() == 60


def test_retry_after_from_an_overloaded_server_is_honoured(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.status["/busy.xml"] = (503, {"Retry-After": "7200"})
    busy = subscribe(settings, f"{base}/busy.xml", interval=60)
    cycle(settings, Robots(LOCAL_ONLY))
    with open_store(settings.db) as store:
        waited = store.source(busy)
    assert waited.last_polled is not None and waited.failures == 1
    assert (waited.next_poll - waited.last_polled).total_seconds() >= 7200


def test_robots_txt_that_disallows_the_feed_is_obeyed(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.pages["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /private/\n", None)
    answers.pages["/private/feed.xml"] = ("application/rss+xml", rss("000"), None)
    source_id = subscribe(settings, f"{base}/private/feed.xml")
    polled = cycle(settings, Robots(LOCAL_ONLY))
    assert polled.stored == 0
    assert answers.hits("/private/feed.xml") == []
    with open_store(settings.db) as store:
        assert "robots.txt disallows" in store.source(source_id).last_status


def test_a_site_is_not_asked_twice_within_its_crawl_delay(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.pages["/robots.txt"] = ("text/plain", b"User-agent: *\nCrawl-delay: 30\n", None)
    answers.pages["/a.xml"] = ("application/rss+xml", rss("000"), None)
    answers.pages["/b.xml"] = ("application/rss+xml", rss("001"), None)
    subscribe(settings, f"{base}/a.xml")
    b = subscribe(settings, f"{base}/b.xml")
    polled = cycle(settings, Robots(LOCAL_ONLY), analyse=False)
    assert [p.polled for p in polled.polls] == [True, False]
    assert answers.hits("/b.xml") == []
    with open_store(settings.db) as store:
        deferred = store.source(b)
    assert deferred.failures == 0
    assert deferred.next_poll > sources.now_utc() + timedelta(seconds=25)


def test_private_addresses_are_refused_without_an_explicit_allowance(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.pages["/feed.xml"] = ("application/rss+xml", rss("000"), None)
    source_id = subscribe(settings, f"{base}/feed.xml")
    with open_store(settings.db) as store:
        worker.run_cycle(store, settings, Robots(FetchPolicy()), FetchPolicy())
        status = store.source(source_id).last_status
    assert "loopback" in status or "private" in status
    assert answers.requests == []


def test_a_watched_folder_reads_each_new_or_changed_file_once(
    tmp_path: Path, settings: Settings
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = sources.folder_source(inbox, 60)
    with open_store(settings.db) as store:
        store.save_source(source)
    robots = Robots(LOCAL_ONLY)
    first_file = inbox / "a.txt"
    first_file.write_bytes(next(SEEDS.glob("000_*.txt")).read_bytes())
    os.utime(first_file, (time.time() - 5, time.time() - 5))
    assert cycle(settings, robots).stored == 1
    assert cycle(settings, robots, everything=True).polls[0].stored == 0
    with open_store(settings.db) as store:
        assert store.source(source.id).last_status == "no new files"
    # A file still being written (just modified) waits for the next scan.
    second = inbox / "b.txt"
    second.write_bytes(next(SEEDS.glob("001_*.txt")).read_bytes())
    assert cycle(settings, robots, everything=True).stored == 0
    os.utime(second, (time.time() - 5, time.time() - 5))
    assert cycle(settings, robots, everything=True).stored == 1
    with open_store(settings.db) as store:
        assert store.count_articles() == 2
        assert store.source(source.id).kind is SourceKind.FOLDER


def test_the_background_worker_polls_until_stopped(
    site: tuple[Site, str], settings: Settings
) -> None:
    answers, base = site
    answers.pages["/feed.xml"] = ("application/rss+xml", rss("000"), None)
    subscribe(settings, f"{base}/feed.xml", interval=1)
    cycles: list[worker.Cycle] = []
    background = worker.Worker(settings, LOCAL_ONLY, on_cycle=cycles.append)
    background.start()
    deadline = time.monotonic() + 120
    while not any(c.analysed for c in cycles) and time.monotonic() < deadline:
        time.sleep(0.1)
    background.stop()
    assert any(c.analysed for c in cycles)
    with open_store(settings.db) as store:
        assert store.count_articles() == 1 and store.events()


def test_a_server_places_what_ingest_stored_while_it_was_not_running(settings: Settings) -> None:
    """`storyline ingest` then `storyline serve`, and `ingest` beside a running server."""
    from storyline import service

    with open_store(settings.db) as store:
        service.ingest(store, [seed("000"), seed("001")], settings)
    background = worker.Worker(settings, LOCAL_ONLY)  # no feeds or folders at all
    background.start()
    try:
        assert _eventually(lambda: _placed(settings) == 2)
        with open_store(settings.db) as store:  # another process stores more
            service.ingest(store, [seed("004")], settings)
        background.wake()
        assert _eventually(lambda: _placed(settings) == 3)
        with open_store(settings.db) as store:
            event = store.event_of_article(store.articles()[0].id)
            assert event is not None and store.lineage([event.id]).groups  # traced too
    finally:
        background.stop()


def _placed(settings: Settings) -> int:
    with open_store(settings.db) as store:
        return sum(len(e.article_ids) for e in store.events())


def _eventually(check: Callable[[], bool], seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("url", ["ftp://x.example/feed", "not a url", "http://", "file:///etc"])
def test_only_http_feed_addresses_can_be_subscribed(url: str) -> None:
    with pytest.raises(InputError):
        sources.feed_source(url, 60)


def test_intervals_are_bounded(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        sources.feed_source("https://x.example/feed", 0)
    with pytest.raises(InputError):
        sources.folder_source(tmp_path, 10**9)
    with pytest.raises(InputError):
        sources.folder_source(tmp_path / "missing", 60)
